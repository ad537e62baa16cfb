"""A cheap necessary condition for ``phonenumbers`` validity, so most regions are never parsed.

``phonenumbers.parse`` + ``is_valid_number`` cost ~20 µs per region, and a national number that
is valid nowhere used to be tried in some twenty regions. A number parsed in region R is valid
only if its national significant number (NSN) matches one of the number-type patterns of a
region sharing R's country code; and unless R's international prefix starts the digits (then
``phonenumbers`` reads another country code) or R has a prefix transform rule, that NSN is a
suffix of the digits typed. So one ``fullmatch`` of ``\\d*(?:type patterns)`` rules a region out
exactly when ``phonenumbers`` would; only the survivors are parsed.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneMetadata

__all__ = ["REGIONS", "may_be_valid"]

_DESCS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)


def _type_patterns(country_code: int) -> list[str]:
    out: list[str] = []
    for region in phonenumbers.region_codes_for_country_code(country_code):
        meta = PhoneMetadata.metadata_for_region(region)
        if meta is None:
            continue
        for name in _DESCS:
            desc = getattr(meta, name, None)
            pattern = None if desc is None else desc.national_number_pattern
            if pattern:
                out.append(f"(?:{pattern})")
    return out


def _sources(region: str) -> tuple[str | None, str | None]:
    """(international prefix, suffix test) of ``region``; no suffix test when it can't be gated."""
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None or meta.country_code is None or meta.national_prefix_transform_rule:
        return None, None
    patterns = _type_patterns(meta.country_code)
    if not patterns:
        return None, None
    return meta.international_prefix or None, r"[0-9]*(?:" + "|".join(patterns) + ")"


#: Regions a national number is tried in after the label's hints, most likely first.
REGIONS = (
    "US", "GB", "FR", "DE", "ES", "IT", "NL", "BE", "CH", "AT", "PT", "IE", "PL", "SE", "DK",
    "FI", "NO", "CA", "AU", "IN", "BR", "MX",
)  # fmt: skip
_GATES: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str]]] = {
    region: (None if intl is None else re.compile(intl), re.compile(suffix))
    for region in REGIONS
    for intl, suffix in (_sources(region),)
    if suffix is not None
}


def may_be_valid(digits: str, region: str) -> bool:
    """False only when ``phonenumbers`` cannot find ``digits`` (national) valid in ``region``."""
    gate = _GATES.get(region)
    if gate is None or not digits.isascii():
        return True
    intl, suffix = gate
    if intl is not None and intl.match(digits) is not None:
        return True
    return suffix.fullmatch(digits) is not None
