from __future__ import annotations

import pytest

from tests.detection.secrets.synthetic import ALNUM, HEX, UPPER_DIGITS, chars, find, spans_of

B64URL = ALNUM + "-_"

KEYS = [
    ("OPENAI_API_KEY", "sk-proj-" + chars(120, B64URL, "p")),
    ("OPENAI_API_KEY", "sk-svcacct-" + chars(100, B64URL, "s")),
    ("OPENAI_API_KEY", "sk-admin-" + chars(60, B64URL, "a")),
    ("OPENAI_API_KEY", "sk-" + chars(20, seed="l1") + "T3BlbkFJ" + chars(20, seed="l2")),
    ("ANTHROPIC_API_KEY", "sk-ant-api03-" + chars(93, B64URL, "an") + "AA"),
    ("ANTHROPIC_API_KEY", "sk-ant-admin01-" + chars(93, B64URL, "ad") + "AA"),
    ("GOOGLE_API_KEY", "AIza" + chars(35, B64URL, "g")),
    ("GROQ_API_KEY", "gsk_" + chars(52, seed="gq")),
    ("HUGGINGFACE_TOKEN", "hf_" + chars(34, seed="hf")),
    ("REPLICATE_TOKEN", "r8_" + chars(37, seed="r8")),
    ("FERRYMAN_KEY", "fm_prod_" + chars(43, B64URL, "fm")),
    ("FERRYMAN_KEY", "fmt_" + chars(43, B64URL, "fmt")),
    ("AWS_ACCESS_KEY", "AKIA" + chars(16, UPPER_DIGITS, "ak")),
    ("AWS_ACCESS_KEY", "ASIA" + chars(16, UPPER_DIGITS, "as")),
    ("GITHUB_TOKEN", "ghp_" + chars(36, seed="gh")),
    ("GITHUB_TOKEN", "ghs_" + chars(36, seed="ghs")),
    ("GITHUB_TOKEN", "github_pat_" + chars(22, seed="p1") + "_" + chars(59, seed="p2")),
    ("GITLAB_TOKEN", "glpat-" + chars(20, B64URL, "gl")),
    ("SLACK_TOKEN", "xoxb-" + chars(11, HEX[:10]) + "-" + chars(13, HEX[:10]) + "-" + chars(24)),
    (
        "SLACK_TOKEN",
        "https://hooks.slack.com/services/T"
        + chars(8, UPPER_DIGITS)
        + "/B"
        + chars(8, UPPER_DIGITS)
        + "/"
        + chars(24),
    ),
    ("STRIPE_KEY", "sk_live_" + chars(24, seed="st")),
    ("STRIPE_KEY", "rk_live_" + chars(24, seed="rk")),
    ("SENDGRID_KEY", "SG." + chars(22, B64URL, "sg1") + "." + chars(43, B64URL, "sg2")),
    ("TWILIO_KEY", "SK" + chars(32, HEX, "tw")),
    ("NPM_TOKEN", "npm_" + chars(36, seed="npm")),
    ("JWT", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0." + chars(43, B64URL, "j")),
]


@pytest.mark.parametrize(("kind", "key"), KEYS)
@pytest.mark.parametrize(
    "template", ["{k}", "export X={k}\n", 'client = Client(api_key="{k}")', "key: {k} ok"]
)
def test_prefixed_key_found_whole(kind: str, key: str, template: str) -> None:
    text = template.format(k=key)
    assert find(text) == spans_of(text, key, kind)


@pytest.mark.parametrize(
    "text",
    [
        "use sk-... from the dashboard",
        "pip install scikit-learn; sk-learn is not a key",
        "the AKIA prefix marks an access key",
        "SKU-1396-BLK-XL and SK12 are products",
        "header eyJhbGciOi.not.a.jwt",
        "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "pk_live_" + chars(24, seed="pk") + " is a publishable key",
    ],
)
def test_lookalikes_are_not_keys(text: str) -> None:
    assert find(text) == []


def test_jwt_needs_a_json_header_with_alg() -> None:
    fake = "eyJub3RhbGciOjF9." + chars(20, B64URL) + "." + chars(20, B64URL)  # {"notalg":1}
    assert find(fake) == []


def test_key_split_by_a_line_break_is_covered_whole() -> None:
    key = "ghp_" + chars(36, seed="split")
    text = f"token: {key[:19]}\n{key[19:]}\ndatabase:\n"
    start = text.index("ghp_")
    assert find(text) == [(start, start + len(key) + 1, "GITHUB_TOKEN")]


def test_short_aws_half_joins_the_next_line() -> None:
    key = "AKIA" + chars(16, UPPER_DIGITS, "half")
    text = f'aws_access_key_id="{key[:11]}\n{key[11:]}",\n'
    start = text.index("AKIA")
    assert find(text) == [(start, start + len(key) + 1, "AWS_ACCESS_KEY")]


def test_zero_width_characters_do_not_hide_a_key() -> None:
    key = "sk-ant-api03-" + chars(60, B64URL, "zw")
    text = "key " + key[:20] + "\u200b" + key[20:] + " end"
    assert find(text) == [(4, 4 + len(key) + 1, "ANTHROPIC_API_KEY")]


def test_url_encoded_context_does_not_hide_a_key() -> None:
    key = "ghp_" + chars(36, seed="url")
    text = "q=token%3D" + key + "&x=1"
    assert find(text) == spans_of(text, key, "GITHUB_TOKEN")
