# ruff: noqa: S105  (entity names, not secrets)
"""The entity catalogue: every type a recognizer may emit, its group and its default class.

Types are the stable vocabulary of policies, audit events, metrics and ``ferryman redact --json``.
A policy's ``classes`` may name a type (``EMAIL``) or a group (``SECRET``, ``NATIONAL_ID``,
``API_KEY`` ...): the most specific entry wins. Classes order the data by harm if it leaks:
``public`` < ``internal`` < ``sensitive`` < ``restricted``.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["GROUPS", "TYPES", "DataClass", "EntityType", "default_class", "group_of", "members"]


class DataClass(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    SENSITIVE = "sensitive"
    RESTRICTED = "restricted"


class EntityType(StrEnum):
    # contact and identity
    PERSON = "PERSON"
    STREET_ADDRESS = "STREET_ADDRESS"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    IP_ADDRESS = "IP_ADDRESS"
    # financial
    CREDIT_CARD = "CREDIT_CARD"
    IBAN = "IBAN"
    # national identifiers (validated with python-stdnum)
    US_SSN = "US_SSN"
    UK_NINO = "UK_NINO"
    FR_NIR = "FR_NIR"
    DE_TAX_ID = "DE_TAX_ID"
    ES_NIF = "ES_NIF"
    ES_NIE = "ES_NIE"
    IT_FISCAL_CODE = "IT_FISCAL_CODE"
    NL_BSN = "NL_BSN"
    BE_NATIONAL_NUMBER = "BE_NATIONAL_NUMBER"
    PT_NIF = "PT_NIF"
    PL_PESEL = "PL_PESEL"
    SE_PERSONNUMMER = "SE_PERSONNUMMER"
    DK_CPR = "DK_CPR"
    FI_HETU = "FI_HETU"
    CH_AHV = "CH_AHV"
    AT_SVNR = "AT_SVNR"
    IE_PPS = "IE_PPS"
    CA_SIN = "CA_SIN"
    AU_TFN = "AU_TFN"
    IN_AADHAAR = "IN_AADHAAR"
    BR_CPF = "BR_CPF"
    # secrets: AI providers
    OPENAI_API_KEY = "OPENAI_API_KEY"
    ANTHROPIC_API_KEY = "ANTHROPIC_API_KEY"
    GOOGLE_API_KEY = "GOOGLE_API_KEY"
    AZURE_KEY = "AZURE_KEY"
    MISTRAL_API_KEY = "MISTRAL_API_KEY"
    COHERE_API_KEY = "COHERE_API_KEY"
    GROQ_API_KEY = "GROQ_API_KEY"
    HUGGINGFACE_TOKEN = "HUGGINGFACE_TOKEN"
    REPLICATE_TOKEN = "REPLICATE_TOKEN"
    FERRYMAN_KEY = "FERRYMAN_KEY"
    # secrets: cloud and developer platforms
    AWS_ACCESS_KEY = "AWS_ACCESS_KEY"
    AWS_SECRET_KEY = "AWS_SECRET_KEY"
    GCP_SERVICE_ACCOUNT = "GCP_SERVICE_ACCOUNT"
    GITHUB_TOKEN = "GITHUB_TOKEN"
    GITLAB_TOKEN = "GITLAB_TOKEN"
    SLACK_TOKEN = "SLACK_TOKEN"
    STRIPE_KEY = "STRIPE_KEY"
    SENDGRID_KEY = "SENDGRID_KEY"
    TWILIO_KEY = "TWILIO_KEY"
    NPM_TOKEN = "NPM_TOKEN"
    JWT = "JWT"
    PRIVATE_KEY = "PRIVATE_KEY"
    PASSWORD = "PASSWORD"
    URL_WITH_CREDENTIALS = "URL_WITH_CREDENTIALS"
    GENERIC_API_KEY = "GENERIC_API_KEY"


TYPES: frozenset[str] = frozenset(t.value for t in EntityType)

_AI_KEYS = (
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "AZURE_KEY", "MISTRAL_API_KEY",
    "COHERE_API_KEY", "GROQ_API_KEY", "HUGGINGFACE_TOKEN", "REPLICATE_TOKEN", "FERRYMAN_KEY",
)  # fmt: skip
_PLATFORM_KEYS = (
    "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "GCP_SERVICE_ACCOUNT", "GITHUB_TOKEN", "GITLAB_TOKEN",
    "SLACK_TOKEN", "STRIPE_KEY", "SENDGRID_KEY", "TWILIO_KEY", "NPM_TOKEN", "GENERIC_API_KEY",
)  # fmt: skip
_NATIONAL_IDS = (
    "US_SSN", "UK_NINO", "FR_NIR", "DE_TAX_ID", "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "NL_BSN",
    "BE_NATIONAL_NUMBER", "PT_NIF", "PL_PESEL", "SE_PERSONNUMMER", "DK_CPR", "FI_HETU", "CH_AHV",
    "AT_SVNR", "IE_PPS", "CA_SIN", "AU_TFN", "IN_AADHAAR", "BR_CPF",
)  # fmt: skip

#: named groups of types, usable in a policy's ``classes`` and ``actions``
GROUPS: dict[str, frozenset[str]] = {
    "AI_API_KEY": frozenset(_AI_KEYS),
    "API_KEY": frozenset(_AI_KEYS + _PLATFORM_KEYS),
    "SECRET": frozenset(
        _AI_KEYS + _PLATFORM_KEYS + ("JWT", "PRIVATE_KEY", "PASSWORD", "URL_WITH_CREDENTIALS")
    ),
    "NATIONAL_ID": frozenset(_NATIONAL_IDS),
    "FINANCIAL": frozenset({"CREDIT_CARD", "IBAN"}),
    "CONTACT": frozenset({"EMAIL", "PHONE", "STREET_ADDRESS"}),
    "IDENTITY": frozenset({"PERSON", "DATE_OF_BIRTH"}),
    "NETWORK": frozenset({"IP_ADDRESS"}),
}

_DEFAULT_CLASS: dict[str, DataClass] = {
    **{t: DataClass.RESTRICTED for t in GROUPS["SECRET"]},
    **{t: DataClass.RESTRICTED for t in GROUPS["NATIONAL_ID"]},
    "CREDIT_CARD": DataClass.RESTRICTED,
    "IBAN": DataClass.RESTRICTED,
    "PERSON": DataClass.SENSITIVE,
    "STREET_ADDRESS": DataClass.SENSITIVE,
    "EMAIL": DataClass.SENSITIVE,
    "PHONE": DataClass.SENSITIVE,
    "DATE_OF_BIRTH": DataClass.SENSITIVE,
    "IP_ADDRESS": DataClass.INTERNAL,
}


def default_class(entity: str) -> DataClass:
    """The built-in class of a type (types a plugin adds default to ``sensitive``)."""
    return _DEFAULT_CLASS.get(entity, DataClass.SENSITIVE)


def group_of(entity: str) -> str | None:
    """The most specific group a type belongs to (for reports), or ``None``."""
    for name in ("AI_API_KEY", "API_KEY", "SECRET", "NATIONAL_ID", "FINANCIAL", "CONTACT"):
        if entity in GROUPS[name]:
            return name
    return None


def members(name: str) -> frozenset[str]:
    """The types a policy key names: a group's members, or the single type itself."""
    return GROUPS.get(name, frozenset({name}))
