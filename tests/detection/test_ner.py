"""The optional spaCy NER recognizer, against a real pipeline saved to disk at test time.

The pipeline is a blank English model with an ``entity_ruler``: deterministic, tiny, and loaded
through the same ``spacy.load`` path as a trained model package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import spacy  # a dev dependency: the optional backend is always tested in CI

from ferryman.core.finding import Finding
from ferryman.detection.engine import Engine
from ferryman.detection.ner import (
    DEFAULT_LABELS,
    NER_TYPES,
    SpacyRecognizer,
    _chunks,
    load_ner,
)
from ferryman.errors import ConfigError

PATTERNS = [
    {"label": "PERSON", "pattern": [{"LOWER": "ada"}, {"LOWER": "lovelace"}]},
    {"label": "PERSON", "pattern": [{"LOWER": "grace"}, {"LOWER": "hopper"}]},
    {"label": "PER", "pattern": [{"LOWER": "jean"}, {"LOWER": "dupont"}]},
    {"label": "FAC", "pattern": [{"LOWER": "12"}, {"LOWER": "baker"}, {"LOWER": "street"}]},
    {"label": "GPE", "pattern": "Paris"},
    {"label": "ORG", "pattern": "Acme"},
]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    path = tmp_path_factory.mktemp("ner_model")
    nlp.to_disk(path)
    return str(path)


@pytest.fixture(scope="module")
def engine(model_dir: str) -> Engine:
    return Engine([load_ner("spacy", model_dir, None)])


def spans(engine: Engine, text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.type) for f in engine.detect(text)]


def test_finds_person_spans_from_a_model_on_disk(engine: Engine) -> None:
    text = "Please email Ada Lovelace and Grace Hopper about Acme in Paris."
    assert engine.detect(text) == [
        Finding(13, 25, "PERSON", 0.85, "ner.spacy"),
        Finding(30, 42, "PERSON", 0.85, "ner.spacy"),
    ]


def test_default_labels_cover_ontonotes_and_conll_person_names(engine: Engine) -> None:
    assert dict(DEFAULT_LABELS) == {"PERSON": "PERSON", "PER": "PERSON"}
    assert spans(engine, "Jean Dupont lives at 12 Baker Street, Paris.") == [
        ("Jean Dupont", "PERSON")
    ]


def test_label_map_replaces_the_defaults(model_dir: str) -> None:
    recognizer = load_ner("spacy", model_dir, {"FAC": "STREET_ADDRESS", "PERSON": "PERSON"})
    text = "Jean Dupont and Ada Lovelace live at 12 Baker Street, Paris."
    assert spans(Engine([recognizer]), text) == [
        ("Ada Lovelace", "PERSON"),
        ("12 Baker Street", "STREET_ADDRESS"),
    ]


def test_findings_map_back_through_folding(engine: Engine) -> None:
    # a zero-width space before the name, and one hiding inside it
    text = "Hi \u200bthere, \u200bAda Love\u200blace wrote."
    found = engine.detect(text)
    assert [(text[f.start : f.end], f.type) for f in found] == [("Ada Love\u200blace", "PERSON")]


def test_full_width_and_homoglyph_names_are_found_in_original_offsets(engine: Engine) -> None:
    text = "From: Ｇrace Hоpper"  # full-width G, Cyrillic o  # noqa: RUF001
    assert spans(engine, text) == [("Ｇrace Hоpper", "PERSON")]  # noqa: RUF001


def test_short_and_blank_texts_find_nothing(engine: Engine) -> None:
    assert engine.detect("") == []
    assert engine.detect("A") == []
    assert engine.detect(" \n\t ") == []


def test_long_text_is_chunked_without_losing_offsets(model_dir: str) -> None:
    recognizer = SpacyRecognizer.load(model_dir)
    small = SpacyRecognizer(recognizer._nlp, chunk_chars=64)
    filler = "lorem ipsum dolor sit amet " * 10
    text = f"{filler}Ada Lovelace {filler}Grace Hopper {filler}"
    found = [(text[f.start : f.end], f.type) for f in small.find(text)]
    assert found == [("Ada Lovelace", "PERSON"), ("Grace Hopper", "PERSON")]


def test_a_name_on_a_chunk_cut_is_found_whole(model_dir: str) -> None:
    small = SpacyRecognizer(SpacyRecognizer.load(model_dir)._nlp, chunk_chars=64)
    for shift in range(80):  # moves the name across every cut position
        text = "x " * (shift // 2) + "y" * (shift % 2) + " Ada Lovelace " + "lorem ipsum " * 8
        start = text.index("Ada")
        assert [(f.start, f.end) for f in small.find(text)] == [(start, start + 12)], shift


@pytest.mark.parametrize("size", [2, 3, 7, 16, 100])
def test_chunks_cover_the_text_in_order(size: int) -> None:
    text = "Ada Lovelace met Grace Hopper\nin a\tvery-long-unbroken-word-here and left."
    pieces = list(_chunks(text, size))
    assert all(text[at : at + len(piece)] == piece for at, piece in pieces)
    assert all(0 < len(piece) <= size for _, piece in pieces)
    starts = [at for at, _ in pieces]
    assert starts[0] == 0 and starts == sorted(set(starts))
    ends = [at + len(piece) for at, piece in pieces]
    assert ends[-1] == len(text)
    assert all(nxt <= end for nxt, end in zip(starts[1:], ends, strict=False))  # no gaps


def test_chunks_of_a_short_text_is_the_text() -> None:
    assert list(_chunks("Ada Lovelace", 100)) == [(0, "Ada Lovelace")]


def test_recognizer_declares_its_types() -> None:
    assert SpacyRecognizer.types == NER_TYPES == {"PERSON", "STREET_ADDRESS"}


def test_unknown_backend_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"unknown NER backend 'flair'; choose one of spacy"):
        load_ner("flair", "whatever", None)


def test_missing_model_directory_is_a_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(ConfigError, match=r"is not a spaCy pipeline directory") as info:
        load_ner("spacy", str(missing), None)
    assert str(missing) in info.value.message
    assert info.value.param == "model"


def test_directory_that_is_not_a_pipeline_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no config\.cfg"):
        load_ner("spacy", str(tmp_path), None)


def test_missing_model_package_is_a_config_error_and_nothing_is_downloaded() -> None:
    with pytest.raises(ConfigError, match=r"package 'xx_ferryman_absent_sm' is not installed"):
        load_ner("spacy", "xx_ferryman_absent_sm", None)


def test_damaged_pipeline_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "config.cfg").write_text("[nlp]\nlang = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"spaCy could not load"):
        load_ner("spacy", str(tmp_path), None)


def test_missing_spacy_package_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # makes `import spacy` raise ImportError
    with pytest.raises(ConfigError, match=r"needs the 'spacy' package"):
        load_ner("spacy", "en_core_web_sm", None)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({}, r"map at least one model label"),
        ({"ORG": "ORGANIZATION"}, r"ORGANIZATION cannot come from NER"),
        ({"GPE": "EMAIL"}, r"EMAIL cannot come from NER"),
    ],
)
def test_invalid_label_maps_are_config_errors(
    model_dir: str, labels: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_ner("spacy", model_dir, labels)


def test_label_map_the_model_cannot_produce_is_a_config_error(model_dir: str) -> None:
    with pytest.raises(ConfigError, match=r"emits none of \['PERS'\]"):
        load_ner("spacy", model_dir, {"PERS": "PERSON"})
