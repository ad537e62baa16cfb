#!/usr/bin/env python3
"""Throughput of the detection engine, in CPU time, on dense corpora and on 4 KB prompts.

    .venv/bin/python bench/pii/throughput.py            # the three corpora
    .venv/bin/python bench/pii/throughput.py --ablate   # and each recognizer's marginal cost

Why CPU time (``time.process_time``) and not wall time: on a shared machine another process on
the same core stretches wall time; the CPU time this process spends is what a gateway core pays.
The process pins itself to one core. Three inputs:

- ``dev``: ``bench/pii/dev.jsonl`` records (~410 bytes, one sensitive value or hard negative
  per ~60 bytes), the densest case;
- ``challenge``: ``bench/pii/challenge.jsonl`` records (structured payloads, CSV, tables);
- ``prompts``: the texts of ``bench/injection/corpus.jsonl`` (e-mails, tickets, web pages, code,
  articles in six languages, with their names, numbers and addresses) cut into 4 KB prompts:
  ordinary prompt text, where most characters are not personal data.

Each figure is the best of ``--repeat`` passes of ``Engine.detect`` (folding, every default
recognizer, overlap resolution) with the inspection cache off.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from ferryman.detection.engine import Engine  # noqa: E402
from ferryman.detection.registry import default_engine  # noqa: E402

PROMPT_BYTES = 4096


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]


def _prompts() -> list[str]:
    joined = "\n\n".join(_texts(ROOT / "bench/injection/corpus.jsonl"))
    return [joined[i : i + PROMPT_BYTES] for i in range(0, len(joined), PROMPT_BYTES)]


def _best(engine: Engine, texts: list[str], repeat: int) -> tuple[float, list[float]]:
    """Best total CPU seconds over ``repeat`` passes, and per-text seconds of the best pass."""
    best, per = float("inf"), [0.0] * len(texts)
    for _ in range(repeat):
        times = []
        start = time.process_time()
        for text in texts:
            t = time.process_time()
            engine.detect(text)
            times.append(time.process_time() - t)
        total = time.process_time() - start
        if total < best:
            best, per = total, times
    return best, per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--ablate", action="store_true", help="marginal cost of each recognizer")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    engine = default_engine()
    engine.warm_up()
    corpora = {
        "dev": _texts(ROOT / "bench/pii/dev.jsonl"),
        "challenge": _texts(ROOT / "bench/pii/challenge.jsonl"),
        "prompts": _prompts(),
    }
    print(f"{'corpus':10s} {'texts':>6s} {'MB/s':>6s} {'us/text':>8s} {'p50':>7s} {'p95':>7s}")
    for name, texts in corpora.items():
        for text in texts[:20]:
            engine.detect(text)
        total, per = _best(engine, texts, args.repeat)
        size = sum(len(t.encode()) for t in texts)
        per.sort()
        print(
            f"{name:10s} {len(texts):6d} {size / total / 1e6:6.2f} {total / len(texts) * 1e6:8.0f}"
            f" {per[len(per) // 2] * 1e6:7.0f} {per[int(len(per) * 0.95)] * 1e6:7.0f}"
        )
        if args.ablate:
            for recognizer in engine.recognizers:
                rest = Engine([r for r in engine.recognizers if r is not recognizer])
                without, _ = _best(rest, texts, args.repeat)
                print(
                    f"    {recognizer.name:22s} {(total - without) / len(texts) * 1e6:7.0f} us/text"
                )


if __name__ == "__main__":
    main()
