"""Usage as providers report it, and a request's worst case before the call."""

from __future__ import annotations

from ferryman.budgets.cost import from_nano, to_nano, tokens_of, upper_bound_tokens


def test_openai_and_anthropic_usage() -> None:
    assert tokens_of({"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}) == (11, 7)
    assert tokens_of({"input_tokens": 11, "output_tokens": 7}) == (11, 7)
    # Anthropic's input_tokens excludes the cache: writes and reads are added
    usage = {
        "input_tokens": 5,
        "cache_creation_input_tokens": 100,
        "cache_read_input_tokens": 20,
        "output_tokens": 3,
    }
    assert tokens_of(usage) == (125, 3)
    assert tokens_of(None) is None and tokens_of({}) is None
    assert tokens_of({"total_tokens": 3}) is None
    assert tokens_of({"prompt_tokens": "x", "completion_tokens": -1}) == (0, 0)


def test_upper_bound_uses_max_tokens_or_the_default() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hello"}], "max_tokens": 50}
    input_tokens, output = upper_bound_tokens(body, embeddings=False, default_output=4096)
    assert output == 50 and input_tokens >= len("hello")
    del body["max_tokens"]
    assert upper_bound_tokens(body, embeddings=False, default_output=4096)[1] == 4096
    body["max_completion_tokens"] = 9
    assert upper_bound_tokens(body, embeddings=False, default_output=4096)[1] == 9
    assert upper_bound_tokens(body, embeddings=False, default_output=4096, cap=5)[1] == 5
    assert upper_bound_tokens({"input": "x"}, embeddings=True, default_output=4096)[1] == 0


def test_nano_dollars() -> None:
    assert to_nano(0.000018) == 18_000
    assert to_nano(1e-10, up=True) == 1 and to_nano(1e-10) == 0
    assert from_nano(18_000) == 0.000018 and from_nano(None) == 0.0
