"""SDK clients for the e2e tests: one per gateway URL, closed at the end of the session.

An unclosed client leaks sockets, which warnings-as-errors would turn into failures."""

from __future__ import annotations

import anthropic
import openai

from tests.conftest import Gateway

_openai: dict[str, openai.OpenAI] = {}
_anthropic: dict[str, anthropic.Anthropic] = {}


def oai(gw: Gateway) -> openai.OpenAI:
    if gw.url not in _openai:
        _openai[gw.url] = openai.OpenAI(base_url=gw.url + "/v1", api_key=gw.key, max_retries=0)
    return _openai[gw.url]


def ant(gw: Gateway) -> anthropic.Anthropic:
    if gw.url not in _anthropic:
        _anthropic[gw.url] = anthropic.Anthropic(base_url=gw.url, api_key=gw.key, max_retries=0)
    return _anthropic[gw.url]


def close_all() -> None:
    for client in [*_openai.values(), *_anthropic.values()]:
        client.close()
    _openai.clear()
    _anthropic.clear()
