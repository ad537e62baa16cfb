"""New keys get the stricter defaults of ``limits.new_keys`` (the checklists' advice)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ferryman.identity.model import Identity, Role
from ferryman.limits.policy import Policy
from ferryman.settings.limits import LimitSettings


def _key(age_days: float, rpm: int | None = None) -> Identity:
    return Identity(
        kind="key",
        id="k1",
        name="n",
        role=Role.SERVICE,
        environment="dev",
        created_at=datetime.now(UTC) - timedelta(days=age_days),
        rpm=rpm,
    )


def test_new_key_gets_lower_limits_old_key_the_default_own_rpm_wins() -> None:
    policy = Policy(LimitSettings(), b"p" * 32)
    new = policy.scopes(_key(1), None)[0][2]
    old = policy.scopes(_key(30), None)[0][2]
    own = policy.scopes(_key(1, rpm=500), None)[0][2]
    assert (new.rpm, new.tpm) == (20, 40_000)
    assert (old.rpm, old.tpm) == (60, 100_000)
    assert own.rpm == 500


def test_new_keys_off() -> None:
    policy = Policy(LimitSettings(new_keys=None), b"p" * 32)
    assert policy.scopes(_key(1), None)[0][2].rpm == 60
