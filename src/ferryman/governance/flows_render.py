"""The data-flow inventory as CSV (the checklist's spreadsheet), Markdown, HTML and JSON.

Every format carries the same three parts: declared flows, observed traffic, mismatches. The HTML
page is one self-contained file (inline style, no script, no external asset); every value in it
is escaped, since flow names and key names come from configuration and callers.
"""

from __future__ import annotations

import csv
import html
import io
from collections import Counter

import orjson

from ferryman.governance.flows import KINDS, UNMAPPED, FlowInventory, Observed

__all__ = [
    "declared_rows",
    "flow_rows",
    "observed_rows",
    "summary_line",
    "to_csv",
    "to_html",
    "to_json",
    "to_md",
]

_DECLARED = (
    "flow",
    "owner",
    "purpose",
    "data",
    "boundary",
    "endpoints",
    "regions",
    "retention_days",
    "legal_basis",
    "risk",
    "keys",
    "teams",
    "routes",
)
_OBSERVED = (
    "flow",
    "caller",
    "route",
    "provider",
    "region",
    "environment",
    "requests",
    "left",
    "redacted",
    "last",
)
_SPREADSHEET = (
    *_DECLARED,
    "requests",
    "observed_providers",
    "types_left",
    "types_redacted",
    "mismatches",
)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k}={n}" for k, n in sorted(counter.items()))


def declared_rows(inv: FlowInventory) -> list[dict[str, str]]:
    rows = []
    for d in inv.declared:
        rows.append(
            {
                "flow": d["name"],
                "owner": d["owner"] or "",
                "purpose": d["purpose"] or "",
                "data": ", ".join(d["data"]),
                "boundary": "; ".join(f"{h['hop']}: {h['responsible']}" for h in d["boundary"]),
                "endpoints": ", ".join(
                    f"{e['provider']} ({e['region'] or 'region?'})" for e in d["endpoints"]
                ),
                "regions": ", ".join(d["regions"]) or "any",
                "retention_days": "" if d["retention_days"] is None else str(d["retention_days"]),
                "legal_basis": d["legal_basis"] or "",
                "risk": d["risk"] or "",
                "keys": ", ".join(d["keys"]),
                "teams": ", ".join(d["teams"]),
                "routes": ", ".join(d["routes"]),
            }
        )
    return rows


def observed_rows(inv: FlowInventory) -> list[dict[str, str]]:
    return [
        {
            "flow": o.flow or UNMAPPED,
            "caller": o.caller,
            "route": o.alias or "-",
            "provider": o.provider or "(nothing left)",
            "region": o.region or "-",
            "environment": o.environment or "-",
            "requests": str(o.requests),
            "left": _counts(o.left),
            "redacted": _counts(o.redacted),
            "last": o.last.isoformat(timespec="seconds") if o.last else "",
        }
        for o in inv.observed
    ]


def flow_rows(inv: FlowInventory) -> list[dict[str, str]]:
    """One spreadsheet row per flow (declared and observed side by side), plus the unmapped."""
    by_flow: dict[str, list[Observed]] = {}
    for o in inv.observed:
        by_flow.setdefault(o.flow or UNMAPPED, []).append(o)
    rows = declared_rows(inv)
    names = [r["flow"] for r in rows]
    blank = dict.fromkeys(_DECLARED, "")
    rows.append({**blank, "flow": UNMAPPED})
    for row, name in zip(rows, [*names, UNMAPPED], strict=True):
        seen = by_flow.get(name, [])
        left: Counter[str] = sum((o.left for o in seen), Counter())
        redacted: Counter[str] = sum((o.redacted for o in seen), Counter())
        mine = [m for m in inv.mismatches if (m.flow or UNMAPPED) == name]
        row.update(
            {
                "requests": str(sum(o.requests for o in seen)),
                "observed_providers": ", ".join(sorted({o.provider for o in seen if o.provider})),
                "types_left": _counts(left),
                "types_redacted": _counts(redacted),
                "mismatches": "; ".join(f"{m.kind}: {m.subject} ({m.detail})" for m in mine),
            }
        )
    return rows


def to_json(inv: FlowInventory) -> bytes:
    return orjson.dumps(inv.public(), option=orjson.OPT_INDENT_2)


def to_csv(inv: FlowInventory) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_SPREADSHEET, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flow_rows(inv))
    return out.getvalue()


def _md_table(columns: tuple[str, ...], rows: list[dict[str, str]]) -> list[str]:
    def cell(v: str) -> str:
        return v.replace("|", "\\|").replace("\n", " ") or " "

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r[c]) for c in columns) + " |" for r in rows]
    return lines


def _mismatch_rows(inv: FlowInventory) -> list[dict[str, str]]:
    return [
        {"kind": m.kind, "flow": m.flow or UNMAPPED, "subject": m.subject, "detail": m.detail}
        for m in inv.mismatches
    ]


def _period(inv: FlowInventory) -> str:
    return f"{inv.since.isoformat(timespec='seconds')} to {inv.until.isoformat(timespec='seconds')}"


def to_md(inv: FlowInventory) -> str:
    lines = ["# Data-flow inventory", "", f"Observed period: {_period(inv)}", ""]
    lines += ["## Declared flows", "", *_md_table(_DECLARED, declared_rows(inv)), ""]
    lines += ["## Observed traffic", "", *_md_table(_OBSERVED, observed_rows(inv)), ""]
    lines += [f"## Mismatches ({len(inv.mismatches)})", ""]
    if inv.mismatches:
        cols = ("kind", "flow", "subject", "detail")
        lines += [*_md_table(cols, _mismatch_rows(inv)), ""]
    else:
        lines += ["None: the declared map matches the observed traffic.", ""]
    return "\n".join(lines)


_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1b1b1b}
table{border-collapse:collapse;margin:0 0 2em;width:100%}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2} tr.bad td{background:#fde2e1} td.bad{background:#fde2e1;font-weight:600}
.ok{color:#1a7f37} .kind{font-family:monospace}
"""


def _html_table(
    columns: tuple[str, ...],
    rows: list[dict[str, str]],
    bad: set[tuple[int, str]] | None = None,
    bad_rows: bool = False,
) -> str:
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    body = []
    for i, r in enumerate(rows):
        cells = "".join(
            f'<td class="bad">{e(r[c])}</td>' if bad and (i, c) in bad else f"<td>{e(r[c])}</td>"
            for c in columns
        )
        body.append(f'<tr class="bad">{cells}</tr>' if bad_rows else f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _bad_cells(inv: FlowInventory) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """Which declared and observed cells a mismatch points at (for highlighting)."""
    names = [d["name"] for d in inv.declared]
    declared: set[tuple[int, str]] = set()
    column = {
        "no_owner": "owner",
        "no_retention": "retention_days",
        "cross_border": "endpoints",
        "undeclared_provider": "endpoints",
    }
    for m in inv.mismatches:
        if m.flow in names and m.kind in column:
            declared.add((names.index(m.flow), column[m.kind]))
    observed: set[tuple[int, str]] = set()
    for i, o in enumerate(inv.observed):
        for m in inv.mismatches:
            if m.flow != o.flow:
                continue
            if m.kind in ("restricted_left", "undeclared_type") and m.subject in o.left:
                observed.add((i, "left"))
            elif m.kind in ("cross_border", "undeclared_provider") and m.subject == o.provider:
                observed.add((i, "region" if m.kind == "cross_border" else "provider"))
        if o.flow is None:
            observed.add((i, "flow"))
    return declared, observed


def to_html(inv: FlowInventory) -> str:
    e = html.escape
    declared_bad, observed_bad = _bad_cells(inv)
    summary = Counter(m.kind for m in inv.mismatches)
    legend = "".join(
        f"<li><span class='kind'>{e(k)}</span> ({summary[k]}): {e(why)}</li>"
        for k, why in KINDS.items()
        if summary[k]
    )
    mismatches = (
        _html_table(("kind", "flow", "subject", "detail"), _mismatch_rows(inv), bad_rows=True)
        if inv.mismatches
        else "<p class='ok'>None: the declared map matches the observed traffic.</p>"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>ferryman data-flow inventory</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>Data-flow inventory</h1><p>Observed period: {e(_period(inv))}</p>"
        f"<h2>Mismatches ({len(inv.mismatches)})</h2><ul>{legend}</ul>{mismatches}"
        f"<h2>Declared flows</h2>{_html_table(_DECLARED, declared_rows(inv), declared_bad)}"
        f"<h2>Observed traffic</h2>{_html_table(_OBSERVED, observed_rows(inv), observed_bad)}"
        "</body></html>\n"
    )


def summary_line(inv: FlowInventory) -> str:
    counts = Counter(m.kind for m in inv.mismatches)
    return ", ".join(f"{k}: {counts[k]}" for k in KINDS if counts[k]) or "no mismatches"
