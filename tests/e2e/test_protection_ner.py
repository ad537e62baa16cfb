"""The optional NER backend, configured in ``detection.ner``, through the gateway."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import spacy

from tests.conftest import ANT_KEY, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream

# a name no lexicon or cue would catch: only the model knows it
NAME = "Zorblax Quuxley"


def _model(tmp: Path) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "PERSON", "pattern": [{"LOWER": "zorblax"}, {"LOWER": "quuxley"}]}]
    )
    path = tmp / "model"
    nlp.to_disk(path)
    return path


def test_configured_model_redacts_what_it_recognizes(
    upstream: FakeUpstream, tmp_path: Path
) -> None:
    key_file = tmp_path / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    extra = f"detection:\n  ner: {{backend: spacy, model: {_model(tmp_path)}}}\n"
    gw = start_gateway(tmp_path, gateway_config(upstream, key_file, extra))
    try:
        upstream.clear()
        resp = oai(gw).chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": f"ping {NAME} today"}]
        )
        sent = json.dumps(upstream.requests[0].body)
        assert "Zorblax" not in sent and "<PERSON_1>" in sent
        assert NAME in (resp.choices[0].message.content or "")  # restored on the way back
        assert "ner.spacy" in gw.log()  # the active recognizers are announced at startup
    finally:
        gw.stop()


def test_a_missing_model_is_a_clear_startup_error(tmp_path: Path) -> None:
    cfg = tmp_path / "ferryman.yaml"
    cfg.write_text(f"detection:\n  ner: {{model: {tmp_path / 'nope'}}}\n")
    done = subprocess.run(
        [sys.executable, "-m", "ferryman", "serve", "--config", str(cfg), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "detection.ner" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr + done.stdout
