"""Build the person-name and common-word lexicons under src/ferryman/detection/people/data/.

Run once when the sources change, not at install or run time (the outputs are committed):

    apt-get install wamerican wbritish wfrench wngerman wspanish witalian wdutch wportuguese
    .venv/bin/pip install names-dataset wordfreq      # build-time only, never a runtime dependency
    .venv/bin/python scripts/build_lexicon.py

Why these sources: ``names-dataset`` (Remy, 2021: first and last names from a public leak of
Facebook profiles, ranked per country) is the one open, package-shipped lexicon that covers the
international staff names real texts carry; it is ~55 MB and takes ~2 GB of RAM to load, so we
keep only frequency-ranked slices of it. Faker's provider data is deliberately NOT used (test
corpora are generated with Faker; a lexicon from it would only measure the generator).

The common-word list decides which capitalized tokens are ordinary words ("Will", "Street",
"Invoice"). A word counts when it is spelled lower-case in a Debian spelling dictionary (German:
any entry, nouns are capitalized there) and ``wordfreq`` rates it frequent enough; the dictionary
keeps names out (they are capitalized in it), the frequency keeps rare dictionary words out.

Outputs (gzip text, ``#`` header lines, one ``token<TAB>number`` entry a line, most frequent first):
- ``first_names.txt.gz``  given names, number = best rank over the selected countries
- ``surnames.txt.gz``     family names, number = best rank
- ``words.txt.gz``        common lower-case words, number = 10 x the highest Zipf frequency
"""

from __future__ import annotations

import gzip
import importlib.metadata
import pickle
import re
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src" / "ferryman" / "detection" / "people" / "data"

# (countries, first-name rank limit, surname rank limit). The core European markets and the US
# get deep lists; the countries most staff names in those markets come from get the head.
TIERS: list[tuple[tuple[str, ...], int, int]] = [
    (("US", "GB", "FR", "DE", "ES", "IT", "NL", "BE"), 6000, 12000),
    (("PT", "CH", "AT", "IE", "PL", "SE", "DK", "NO", "FI", "CA"), 2500, 5000),
    (("TR", "MA", "DZ", "TN", "IN", "CN", "RO", "BR", "MX", "AR", "CO", "RU", "GR", "HR",
      "CZ", "HU", "NG", "PK", "EG", "PH", "JP", "KR", "IR", "UA", "VN", "SA", "ZA", "BG",
      "RS", "LT", "SK", "SI", "EE", "LV", "IL"), 800, 1500),
]  # fmt: skip

# Spelling dictionaries (Debian w* packages) and the wordfreq language of each.
DICTIONARIES = {
    "american-english": "en", "british-english": "en", "french": "fr", "ngerman": "de",
    "spanish": "es", "italian": "it", "dutch": "nl", "portuguese": "pt",
}  # fmt: skip
CASED_NOUN_LANGUAGES = frozenset({"de"})
MIN_ZIPF = 2.8

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f'\u2019-]+")


def _is_latin_token(name: str) -> bool:
    return len(name) >= 2 and _TOKEN.fullmatch(name) is not None and bool(_LATIN.fullmatch(name))


def _slice(table: dict[str, Any], column: int) -> dict[str, int]:
    """Best rank of every name that is within its tier's limit in at least one country."""
    out: dict[str, int] = {}
    for name, info in table.items():
        if not _is_latin_token(name):
            continue
        ranks: dict[str, int] = info.get("rank") or {}
        best = None
        for countries, *limits in TIERS:
            limit = limits[column]
            for cc in countries:
                r = ranks.get(cc)
                if r is not None and r <= limit and (best is None or r < best):
                    best = r
        if best is not None:
            out[name] = best
    return out


def _load_pickle(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rb") as fh:
        data: dict[str, Any] = pickle.load(fh)  # noqa: S301  (the package's own shipped data)
    return data


def _words() -> dict[str, float]:
    from wordfreq import zipf_frequency

    out: dict[str, float] = {}
    for filename, lang in DICTIONARIES.items():
        for line in Path("/usr/share/dict", filename).read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if not word or "'" in word or not word.isalpha():
                continue
            if word[0].isupper() and lang not in CASED_NOUN_LANGUAGES:
                continue  # a proper noun in a lower-case language: a name, not a word
            low = word.lower()
            z = zipf_frequency(low, lang)
            if z >= MIN_ZIPF and z > out.get(low, 0.0):
                out[low] = z
    return out


def _write(path: Path, header: list[str], rows: list[tuple[str, int]]) -> None:
    body = "".join(f"# {h}\n" for h in header) + "".join(f"{k}\t{v}\n" for k, v in rows)
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(body.encode("utf-8"))


def main() -> None:
    import names_dataset

    nd_version = importlib.metadata.version("names-dataset")
    wf_version = importlib.metadata.version("wordfreq")
    base = Path(names_dataset.__file__).parent / "v3"
    OUT.mkdir(parents=True, exist_ok=True)
    header = [
        f"source: names-dataset {nd_version} (ranked slices per country), built by "
        "scripts/build_lexicon.py",
        "tiers: " + "; ".join(f"{'/'.join(c)} first<={f} last<={s}" for c, f, s in TIERS),
    ]
    for column, (src, dest) in enumerate(
        (("first_names.pkl.gz", "first_names.txt.gz"), ("last_names.pkl.gz", "surnames.txt.gz"))
    ):
        table = _load_pickle(base / src)
        ranked = _slice(table, column)
        del table
        rows = sorted(ranked.items(), key=lambda kv: (kv[1], kv[0]))
        _write(OUT / dest, header, rows)
        print(f"{dest}: {len(rows)} names")  # noqa: T201
    words = _words()
    rows = sorted(((w, round(z * 10)) for w, z in words.items()), key=lambda kv: (-kv[1], kv[0]))
    _write(
        OUT / "words.txt.gz",
        [
            f"source: Debian spelling dictionaries ({', '.join(DICTIONARIES)}) x wordfreq "
            f"{wf_version} (zipf >= {MIN_ZIPF}); built by scripts/build_lexicon.py",
            "number: 10 x highest Zipf frequency over the languages",
        ],
        rows,
    )
    print(f"words.txt.gz: {len(rows)} words")  # noqa: T201


if __name__ == "__main__":
    main()
