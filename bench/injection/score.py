#!/usr/bin/env python3
"""Score a prompt-injection scanner on bench/injection/corpus.jsonl.

    python bench/injection/score.py                               # default scanner
    python bench/injection/score.py --split dev                   # tune on dev ...
    python bench/injection/score.py --split test --json out.json  # ... report test
    python bench/injection/score.py --scanner /tmp/stub.py:scan --errors 10

The scanner is given as module:function; the module part is a dotted module name
(src/ is put on sys.path) or a path to a .py file. It is called as fn(text, source)
with source in user|system|tool|document (--no-source: fn(text)). It may return an
object or dict with `score` (float in [0, 1]), `injection` (bool, the decision at the
scanner's default threshold) and `categories` (sequence of str), or a bare float
(score; decision = score >= --threshold) or a bare bool. Stdlib only.

Metrics
  recall        flagged injections / injections (at the scanner's default decision)
  FPR           flagged benign records / benign records
  per style / language / source / encoding tables: n, flagged, rate (recall for
                injection rows, false-positive rate for benign rows)
  sweep         recall and FPR when flagging score >= t for t = 0.3 ... 0.9
  throughput    ms per KB (1 KB = 1024 bytes of UTF-8) over the whole split: sum of the
                per-record minimum call time over --repeat timed passes, after a warm-up
                pass, with the process pinned to one CPU core; plus per-call p50/p99.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SCANNER = "ferryman.detection.injection:scan"
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TARGET_RECALL, TARGET_FPR, TARGET_MS_PER_KB = 0.90, 0.03, 0.2


def load_callable(spec: str):
    mod, _, fn = spec.rpartition(":")
    if not mod or not fn:
        raise SystemExit(f"expected module:function, got {spec!r}")
    if mod.endswith(".py") or os.sep in mod:
        path = os.path.abspath(mod)
        sys.path.insert(0, os.path.dirname(path))
        name = os.path.splitext(os.path.basename(path))[0]
        s = importlib.util.spec_from_file_location(name, path)
        if s is None or s.loader is None:
            raise SystemExit(f"cannot load {path}")
        m = importlib.util.module_from_spec(s)
        sys.modules[name] = m
        s.loader.exec_module(m)
    else:
        for p in (HERE.parent.parent / "src", Path.cwd() / "src", Path.cwd()):
            if p.is_dir() and str(p) not in sys.path:
                sys.path.insert(0, str(p))
        m = importlib.import_module(mod)
    return getattr(m, fn)


def read_verdict(v, threshold: float) -> tuple[float, bool, tuple[str, ...]]:
    """(score, decision, categories) from whatever the scanner returned."""
    if isinstance(v, bool):
        return float(v), v, ()
    if isinstance(v, int | float):
        return float(v), float(v) >= threshold, ()
    get = v.get if isinstance(v, dict) else (lambda k, d=None: getattr(v, k, d))
    score = float(get("score", 0.0))
    dec = get("injection", None)
    dec = score >= threshold if dec is None else bool(dec)
    cats = tuple(str(c) for c in (get("categories", ()) or ()))
    return score, dec, cats


def ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def pct(x: float | None) -> str:
    return "    -  " if x is None else f"{100 * x:6.1f}%"


def pin_one_core() -> int | None:
    if hasattr(os, "sched_setaffinity"):
        try:
            cpu = sorted(os.sched_getaffinity(0))[0]
            os.sched_setaffinity(0, {cpu})
            return cpu
        except OSError:
            return None
    return None


def percentile(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    s = sorted(xs)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def evaluate(records, fn, *, use_source: bool, threshold: float, warmup: int, repeat: int):
    def call(r):
        return fn(r["text"], r["source"]) if use_source else fn(r["text"])

    for r in records[:warmup] if warmup >= 0 else records:
        call(r)
    results = []
    best = [float("inf")] * len(records)
    for p in range(max(1, repeat)):
        for i, r in enumerate(records):
            t0 = time.perf_counter()
            v = call(r)
            dt = time.perf_counter() - t0
            best[i] = min(best[i], dt)
            if p == 0:
                results.append(read_verdict(v, threshold))

    rows = []
    invalid = 0
    for r, (score, dec, cats), dt in zip(records, results, best, strict=True):
        if not 0.0 <= score <= 1.0:
            invalid += 1
        rows.append({**r, "score": score, "flagged": dec, "categories": cats, "seconds": dt})
    return rows, invalid


def group_table(rows, key) -> dict[str, dict]:
    g: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in rows:
        k = key(r)
        if k is None:
            continue
        c = g[(r["label"], k)]
        c["n"] += 1
        c["flagged"] += r["flagged"]
    out = {}
    for (label, k), c in sorted(g.items()):
        out[f"{label}:{k}"] = {
            "label": label,
            "key": k,
            "n": c["n"],
            "flagged": c["flagged"],
            "rate": ratio(c["flagged"], c["n"]),
        }
    return out


def both_table(rows, key) -> dict[str, dict]:
    """Recall and FPR side by side for keys shared by both labels (language, source)."""
    g: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        c = g[key(r)]
        lab = "inj" if r["label"] == "injection" else "ben"
        c[lab] += 1
        c[lab + "_flagged"] += r["flagged"]
    return {
        k: {
            "injections": c["inj"],
            "recall": ratio(c["inj_flagged"], c["inj"]),
            "benign": c["ben"],
            "fpr": ratio(c["ben_flagged"], c["ben"]),
        }
        for k, c in sorted(g.items())
    }


def summarize(rows, invalid: int) -> dict:
    inj = [r for r in rows if r["label"] == "injection"]
    ben = [r for r in rows if r["label"] == "benign"]
    tp = sum(r["flagged"] for r in inj)
    fp = sum(r["flagged"] for r in ben)
    fn_, tn = len(inj) - tp, len(ben) - fp
    prec = ratio(tp, tp + fp)
    rec = ratio(tp, len(inj))
    f1 = 2 * prec * rec / (prec + rec) if prec and rec else None
    sweep = []
    for t in SWEEP:
        sweep.append(
            {
                "threshold": t,
                "recall": ratio(sum(r["score"] >= t for r in inj), len(inj)),
                "fpr": ratio(sum(r["score"] >= t for r in ben), len(ben)),
            }
        )
    nbytes = sum(len(r["text"].encode("utf-8")) for r in rows)
    secs = sum(r["seconds"] for r in rows)
    lat = [r["seconds"] * 1000 for r in rows]
    cats_tp, cats_fp = Counter(), Counter()
    for r in rows:
        if r["flagged"]:
            (cats_tp if r["label"] == "injection" else cats_fp).update(
                r["categories"] or ("(none)",)
            )
    return {
        "records": len(rows),
        "injections": len(inj),
        "benign": len(ben),
        "recall": rec,
        "fpr": ratio(fp, len(ben)),
        "precision": prec,
        "f1": f1,
        "confusion": {"tp": tp, "fn": fn_, "fp": fp, "tn": tn},
        "scores_out_of_range": invalid,
        "per_style": group_table(rows, lambda r: r["style"]),
        "per_encoding": group_table(rows, lambda r: r.get("encoding")),
        "per_language": both_table(rows, lambda r: r["lang"]),
        "per_source": both_table(rows, lambda r: r["source"]),
        "sweep": sweep,
        "categories_on_flagged_injections": dict(cats_tp.most_common()),
        "categories_on_false_positives": dict(cats_fp.most_common()),
        "throughput": {
            "bytes": nbytes,
            "seconds": secs,
            "ms_per_kb": secs * 1000 / (nbytes / 1024) if nbytes else None,
            "p50_ms": percentile(lat, 0.5),
            "p99_ms": percentile(lat, 0.99),
            "max_ms": max(lat, default=0.0),
        },
    }


def render(s: dict, title: str) -> str:
    c = s["confusion"]
    th = s["throughput"]

    def ok(flag: bool) -> str:
        return "ok" if flag else "MISS"

    rec, fpr, mpk = s["recall"], s["fpr"], th["ms_per_kb"]
    lines = [
        f"== {title}: {s['records']} records ({s['injections']} injections, {s['benign']} benign)",
        f"recall {pct(rec)}   FPR {pct(fpr)}   precision {pct(s['precision'])}   F1 {pct(s['f1'])}",
        f"throughput {mpk:.4f} ms/KB (1 core)   p50 {th['p50_ms']:.3f} ms"
        f"   p99 {th['p99_ms']:.3f} ms   max {th['max_ms']:.3f} ms",
        f"targets: recall >= 90% [{ok(rec is not None and rec >= TARGET_RECALL)}]   "
        f"FPR <= 3% [{ok(fpr is not None and fpr <= TARGET_FPR)}]   "
        f"<= 0.2 ms/KB [{ok(mpk is not None and mpk <= TARGET_MS_PER_KB)}]",
        "",
        "confusion at the default threshold",
        f"{'':>20}{'flagged':>10}{'passed':>10}",
        f"{'injection':>20}{c['tp']:>10}{c['fn']:>10}",
        f"{'benign':>20}{c['fp']:>10}{c['tn']:>10}",
    ]
    if s["scores_out_of_range"]:
        lines.append(f"WARNING: {s['scores_out_of_range']} scores outside [0, 1]")

    def styles(title: str, table: dict) -> None:
        if not table:
            return
        lines.append("")
        lines.append(f"{title:<36}{'n':>5}{'flagged':>9}{'rate':>9}")
        for label in ("injection", "benign"):
            rows = [v for v in table.values() if v["label"] == label]
            if not rows:
                continue
            what = "recall" if label == "injection" else "false-positive rate"
            lines.append(f"  [{label}: rate = {what}]")
            for v in rows:
                lines.append(f"  {v['key']:<34}{v['n']:>5}{v['flagged']:>9}{pct(v['rate']):>9}")

    def both(title: str, table: dict) -> None:
        lines.append("")
        lines.append(f"{title:<12}{'inj':>6}{'recall':>9}{'benign':>8}{'FPR':>9}")
        for k, v in table.items():
            lines.append(
                f"{k:<12}{v['injections']:>6}{pct(v['recall']):>9}{v['benign']:>8}{pct(v['fpr']):>9}"
            )

    styles("style", s["per_style"])
    styles("encoding (style=encoded)", s["per_encoding"])
    both("language", s["per_language"])
    both("source", s["per_source"])
    lines.append("")
    lines.append(f"{'threshold':<12}{'recall':>9}{'FPR':>9}")
    for r in s["sweep"]:
        lines.append(f"score >= {r['threshold']:.1f}{pct(r['recall']):>9}{pct(r['fpr']):>9}")
    for key, name in (
        ("categories_on_flagged_injections", "categories on flagged injections"),
        ("categories_on_false_positives", "categories on false positives"),
    ):
        if s[key]:
            lines.append("")
            lines.append(name + ": " + ", ".join(f"{k} {v}" for k, v in s[key].items()))
    return "\n".join(lines)


def show_errors(rows, n: int) -> str:
    def snip(t: str) -> str:
        t = t.replace("\n", " \\n ")
        return (t[:140] + "...") if len(t) > 140 else t

    misses = sorted(
        (r for r in rows if r["label"] == "injection" and not r["flagged"]),
        key=lambda r: r["score"],
    )
    fps = sorted(
        (r for r in rows if r["label"] == "benign" and r["flagged"]), key=lambda r: -r["score"]
    )
    lines = ["", f"missed injections ({len(misses)}), lowest scores first:"]
    lines += [f"  {r['score']:.3f} {r['id']:<40} {snip(r['text'])!r}" for r in misses[:n]]
    lines += ["", f"false positives ({len(fps)}), highest scores first:"]
    lines += [
        f"  {r['score']:.3f} {r['id']:<40} {','.join(r['categories'])} {snip(r['text'])!r}"
        for r in fps[:n]
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("corpus", nargs="?", default=str(HERE / "corpus.jsonl"))
    ap.add_argument(
        "--scanner", default=DEFAULT_SCANNER, help=f"module:function (default {DEFAULT_SCANNER})"
    )
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--lang", help="only this language (en, fr, de, es, it, nl, mixed)")
    ap.add_argument("--json", help="write the JSON summary here")
    ap.add_argument(
        "--per-record", help="write one JSON line per record (id, label, score, flagged) here"
    )
    ap.add_argument(
        "--threshold", type=float, default=0.5, help="decision threshold for bare-float scanners"
    )
    ap.add_argument(
        "--no-source", action="store_true", help="call fn(text) instead of fn(text, source)"
    )
    ap.add_argument("--warmup", type=int, default=-1, help="warm-up calls (default: one full pass)")
    ap.add_argument(
        "--repeat", type=int, default=3, help="timed passes; the minimum per record is kept"
    )
    ap.add_argument(
        "--errors", type=int, default=0, help="list the N worst misses and false positives"
    )
    ap.add_argument("--no-pin", action="store_true", help="do not pin to one CPU core")
    ap.add_argument("--name", help="label for the report")
    a = ap.parse_args()

    cpu = None if a.no_pin else pin_one_core()
    with open(a.corpus, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    if a.split != "all":
        records = [r for r in records if r.get("split", "dev") == a.split]
    if a.lang:
        records = [r for r in records if r["lang"] == a.lang]
    if not records:
        raise SystemExit("no records selected")
    fn = load_callable(a.scanner)
    rows, invalid = evaluate(
        records,
        fn,
        use_source=not a.no_source,
        threshold=a.threshold,
        warmup=a.warmup,
        repeat=a.repeat,
    )
    s = summarize(rows, invalid)
    name = a.name or a.scanner
    s.update(
        {
            "name": name,
            "scanner": a.scanner,
            "corpus": os.path.basename(a.corpus),
            "split": a.split,
            "lang": a.lang,
            "pinned_cpu": cpu,
            "repeat": a.repeat,
        }
    )
    print(render(s, f"{name} on {os.path.basename(a.corpus)} [split={a.split}]"))
    if a.errors:
        print(show_errors(rows, a.errors))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(s, fh, indent=2, ensure_ascii=False)
    if a.per_record:
        with open(a.per_record, "w", encoding="utf-8") as fh:
            for r in rows:
                rec = {
                    k: r[k] for k in ("id", "label", "style", "lang", "source", "score", "flagged")
                }
                rec["categories"] = list(r["categories"])
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
