"""The field a value sits in: its JSON/YAML/keyword key, or its CSV/markdown-table column header.

Structured text carries its labels away from the value: ``"taxId": "077123943"``, a CSV row
whose ``national_id`` header is lines above, a markdown table under ``| Mobile |``. A recognizer
that found a candidate asks :func:`field_label` for that label (lower-case) and treats it like a
context word. Only candidates reach here, so the cost is per candidate, never per text: a look
back over at most a few dozen characters for a key, and over at most :data:`MAX_ROWS` lines for a
table header (each line is tested with ``str.count``).
"""

from __future__ import annotations

import re

__all__ = [
    "KEY",
    "MAX_ROWS",
    "column_cells",
    "field_label",
    "header_column",
    "key_before",
    "row_cells",
    "table_header",
]

MAX_ROWS = 200
# ``"key": "``, ``key: ``, ``key=``, ``'key': '`` right before the value (a quote may open it).
KEY = re.compile(r"""([A-Za-z_][\w\-.]{0,39})["']?[ \t]*[:=][ \t]*["']?$""")
KEY_SPAN = 48
_DELIMS = ("|", "\t", ";", ",")
_RULE = re.compile(r"[|\s:\-+]*")


MAX_ROW = 4096  # a longer line is no table row: not read (a 1 MB line of numbers, per value)


def _line(text: str, pos: int) -> tuple[int, int]:
    """The line around ``pos``; when it is longer than :data:`MAX_ROW` only the part within
    that distance is returned (callers treat such a line as no table row)."""
    lo = max(0, pos - MAX_ROW)
    start = text.rfind("\n", lo, pos) + 1 or lo
    end = text.find("\n", pos, pos + MAX_ROW)
    if end == -1:
        end = min(len(text), pos + MAX_ROW)
    return start, end


def row_cells(line: str, delim: str) -> list[tuple[int, int]]:
    """Cell spans of one row (double quotes protect a delimiter inside a cell)."""
    cells: list[tuple[int, int]] = []
    if '"' not in line:  # the common case, without a loop over characters
        start = 0
        for part in line.split(delim):
            cells.append((start, start + len(part)))
            start += len(part) + 1
        return cells
    start = 0
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            cells.append((start, i))
            start = i + 1
    cells.append((start, len(line)))
    return cells


def _delimiter(line: str) -> str | None:
    if line.lstrip().startswith("|") and line.count("|") >= 3:
        return "|"
    for delim in _DELIMS[1:]:
        if line.count(delim) >= 2:
            return delim
    return None


def _header_line(text: str, ls: int, delim: str, width: int) -> int | None:
    """Start of the header line of the table whose row starts at ``ls``, or ``None``."""
    header = pos = ls
    for _ in range(MAX_ROWS):
        if pos == 0:
            break
        prev = text.rfind("\n", 0, pos - 1) + 1
        row = text[prev : pos - 1]
        if row.count(delim) < width or (delim == "|" and not row.lstrip().startswith("|")):
            break
        header = pos = prev
    if header == ls:
        return None
    he = text.find("\n", header)
    line = text[header:he]
    if "@" in line or _RULE.fullmatch(line) is not None:
        return None
    if len(row_cells(line, delim)) != width + 1:
        return None
    if delim == "|":  # a markdown table: the header is followed by its rule line
        re_ = text.find("\n", he + 1)
        if _RULE.fullmatch(text, he + 1, len(text) if re_ == -1 else re_) is None:
            return None
    return header


def table_header(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """``(header cell, row start, column)`` of a value inside a table or CSV row, else ``None``."""
    ls, le = _line(text, start)
    if end > le or le - ls >= MAX_ROW:
        return None
    line = text[ls:le]
    delim = _delimiter(line)
    if delim is None:
        return None
    cells = row_cells(line, delim)
    col = next((i for i, (a, b) in enumerate(cells) if a <= start - ls and end - ls <= b), -1)
    if col < 0:
        return None
    header_start = _header_line(text, ls, delim, len(cells) - 1)
    if header_start is None:
        return None
    he = text.find("\n", header_start)
    header = text[header_start:he]
    a, b = row_cells(header, delim)[col]
    name = header[a:b].strip().strip("\"'").lower()
    return (name, ls, col) if len(name) <= 40 else None


def column_cells(text: str, header_start: int, col: int) -> list[tuple[int, int]]:
    """Spans (in ``text``) of column ``col`` in the rows below the header line at
    ``header_start``, up to the end of the table."""
    he = text.find("\n", header_start)
    if he == -1:
        return []
    header = text[header_start:he]
    delim = _delimiter(header)
    if delim is None:
        return []
    width = header.count(delim)
    out: list[tuple[int, int]] = []
    pos = he + 1
    for _ in range(MAX_ROWS):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        row = text[pos:end]
        if not row.strip() or abs(row.count(delim) - width) > 2:
            break
        cells = row_cells(row, delim)
        if col < len(cells) and _RULE.fullmatch(row) is None:
            a, b = cells[col]
            out.append((pos + a, pos + b))
        if end >= len(text):
            break
        pos = end + 1
    return out


def header_column(text: str, pos: int) -> tuple[int, int] | None:
    """``(header line start, column)`` when ``pos`` lies in the header line of a table or CSV."""
    ls, le = _line(text, pos)
    line = text[ls:le]
    delim = _delimiter(line)
    if delim is None or "@" in line or le >= len(text):
        return None
    nxt = text.find("\n", le + 1)
    row = text[le + 1 : len(text) if nxt == -1 else nxt]
    if row.count(delim) < line.count(delim):
        return None
    cells = row_cells(line, delim)
    col = next((i for i, (a, b) in enumerate(cells) if a <= pos - ls < b), -1)
    return None if col < 0 else (ls, col)


def key_before(text: str, start: int) -> re.Match[str] | None:
    """``KEY`` searched in the ``KEY_SPAN`` characters before ``start``.

    The pattern ends in ``["']?[ \t]*[:=][ \t]*["']?$``, so the characters right before
    ``start`` tell first, in a few steps, whether it can match: searching it costs ~10 µs (each
    of the 48 start positions runs up to 40 name characters), paid by every unlabeled value.
    """
    i = start
    if i > 0 and text[i - 1] == "\n":  # ``$`` also matches before a last line break
        i -= 1
    if i > 0 and text[i - 1] in "\"'":
        i -= 1
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] not in ":=":
        return None
    return KEY.search(text, max(0, start - KEY_SPAN), start)


def field_label(text: str, start: int, end: int) -> str | None:
    """The lower-case key or column header that labels the value at ``[start, end)``, if any."""
    m = key_before(text, start)
    if m is not None:
        return m.group(1).lower()
    found = table_header(text, start, end)
    return None if found is None else found[0]
