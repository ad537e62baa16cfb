"""Policy compilation and combination (transform/policy.py)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ferryman.settings.policies import PolicySettings
from ferryman.transform.policy import DEFAULT_POLICY, compile_policy, strictest


def test_text_budget_is_compiled_and_the_smaller_one_wins() -> None:
    small = compile_policy("small", PolicySettings(max_text_chars=5000))
    large = compile_policy("large", PolicySettings(max_text_chars=4_000_000))
    assert small.max_text_chars == 5000
    assert DEFAULT_POLICY.max_text_chars == 1_000_000
    assert strictest(large, small).max_text_chars == 5000
    assert strictest(small, large).max_text_chars == 5000


def test_text_budget_has_sane_bounds() -> None:
    with pytest.raises(ValidationError):
        PolicySettings(max_text_chars=10)
