"""The console in a real headless Chromium against a real gateway process.

Sign in, create a key and copy its secret, call the gateway with it through the OpenAI SDK (a
prompt with an email, so a redaction happens), find the request on the overview, in the audit
explorer and on the protection page, revoke the key and see the next request refused; an auditor
sees no write controls and the server refuses its writes; a CSRF-less POST is refused.

Chromium comes from Debian (``/usr/bin/chromium``; ``.ci/run`` installs it). Missing, the test
fails: it never skips. Screenshots of each page go to the test's temporary folder; with
``FERRYMAN_UPDATE_SCREENSHOTS=1`` they also replace ``docs/console/*.png``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import ADMIN_KEY, ANT_KEY, Gateway, gateway_config, start_gateway
from tests.fakes.upstream import FakeUpstream

CHROMIUM = "/usr/bin/chromium"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "console"
EMAIL = "jane.doe@example.com"


@pytest.fixture(scope="module")
def console_gateway(
    upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("console")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    gw = start_gateway(tmp, gateway_config(upstream, key_file))
    yield gw
    gw.stop()
    log = gw.log()
    for needle in (ADMIN_KEY, EMAIL, "Traceback"):
        assert needle not in log, f"log contains {needle!r}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("console-screenshots")
    yield folder
    if os.environ.get("FERRYMAN_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for png in folder.glob("*.png"):
            shutil.copy(png, DOCS / png.name)


def open_page(browser: Browser, gw: Gateway, errors: list[str]) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=gw.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    return page


def sign_in(page: Page, gw: Gateway, credential: str) -> None:
    page.goto(gw.url + "/console/login")
    page.get_by_label("Key").fill(credential)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(gw.url + "/console/")
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def chat(gw: Gateway, secret: str) -> Any:
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key=secret, max_retries=0, timeout=10)
    try:
        return client.chat.completions.create(
            model="gpt",
            messages=[{"role": "user", "content": f"Please write to {EMAIL} about the refund."}],
        )
    finally:
        client.close()


def reload_until(page: Page, selector: str, text: str, tries: int = 20) -> None:
    """Reload until ``selector`` shows ``text`` (the audit writer flushes in batches)."""
    for _ in range(tries):
        locator = page.locator(selector)
        try:
            expect(locator).to_contain_text(text, timeout=500)
            return
        except AssertionError:
            page.reload()
    expect(page.locator(selector)).to_contain_text(text)


def csrf_less_post(page: Page, with_token: bool) -> Any:
    return page.evaluate(
        """async (withToken) => {
            const token = document.querySelector('meta[name="csrf-token"]').content;
            const headers = {"content-type": "application/json"};
            if (withToken) headers["x-csrf-token"] = token;
            const r = await fetch("/admin/keys", {method: "POST", headers,
                body: JSON.stringify({name: "from-script", role: "service"})});
            return {status: r.status, body: await r.json()};
        }""",
        with_token,
    )


def test_admin_journey(
    browser: Browser, console_gateway: Gateway, fake: FakeUpstream, shots: Path
) -> None:
    gw = console_gateway
    errors: list[str] = []
    page = open_page(browser, gw, errors)
    sign_in(page, gw, ADMIN_KEY)

    # keys: create one, read the secret shown once, copy it
    page.get_by_role("link", name="Keys").click()
    page.get_by_text("Create a key").click()
    page.get_by_label("Name", exact=True).fill("browser-app")
    page.get_by_label("Role", exact=True).select_option("service")
    page.get_by_role("button", name="Create").click()
    expect(page.locator("#new-secret")).to_have_text(re.compile(r"^fm_\S+$"))
    secret = page.locator("#new-secret").inner_text()
    assert secret.startswith("fm_")
    page.get_by_role("button", name="Copy").click()
    expect(page.locator("#copy-state")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    expect(page.locator("#keys")).to_contain_text("browser-app")
    page.screenshot(path=shots / "keys.png", full_page=True)

    # a request with it: the email is redacted before it leaves
    answer = chat(gw, secret)
    assert answer.choices[0].message.content
    assert EMAIL not in fake.requests[-1].body["messages"][0]["content"]

    # the overview counts it
    page.get_by_role("link", name="Overview").click()
    reload_until(page, "#totals", "Requests1")
    expect(page.locator("#chart-requests svg")).to_be_visible()
    page.screenshot(path=shots / "overview.png", full_page=True)

    # the audit explorer lists it, with its metadata (never content)
    page.get_by_role("link", name="Audit").click()
    reload_until(page, "#events", "browser-app")
    page.locator("#events tbody button").first.click()
    expect(page.locator("#event-facts")).to_contain_text("EMAIL")
    expect(page.locator("body")).not_to_contain_text(EMAIL)
    page.screenshot(path=shots / "audit.png", full_page=True)

    # the protection page counts the redaction
    page.get_by_role("link", name="Protection").click()
    expect(page.locator("#by-type")).to_contain_text("EMAIL")
    expect(page.locator("#top-keys")).to_contain_text("browser-app")
    page.screenshot(path=shots / "protection.png", full_page=True)

    # data flows and the kill switch: engage one, see it, lift it
    page.get_by_role("link", name="Data flows").click()
    expect(page.locator("#observed")).to_contain_text("browser-app")
    page.screenshot(path=shots / "flows.png", full_page=True)
    page.get_by_role("link", name="Kill switch & alerts").click()
    expect(page.locator("#switches")).to_contain_text("No kill switch is engaged")
    page.get_by_label("Scope").select_option("team")
    page.get_by_label("Target").fill("nobody")
    page.get_by_label("Reason").fill("console drill")
    page.get_by_role("button", name="Engage").click()
    expect(page.locator("#switches")).to_contain_text("console drill")
    page.screenshot(path=shots / "controls.png", full_page=True)
    page.get_by_role("button", name="Lift").click()
    expect(page.locator("#switches")).to_contain_text("No kill switch is engaged")

    # a POST without the CSRF token is refused; with it, it passes
    refused = csrf_less_post(page, with_token=False)
    assert refused["status"] == 403 and refused["body"]["error"]["code"] == "csrf_failed"

    # revoke from the key's page; the next request is refused
    page.get_by_role("link", name="Keys").click()
    page.get_by_role("link", name="browser-app").click()
    expect(page.locator("#key-requests")).to_contain_text("gpt")
    page.screenshot(path=shots / "key.png", full_page=True)
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator("#key-facts")).to_contain_text("revoked")
    with pytest.raises(openai.AuthenticationError):
        chat(gw, secret)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(gw.url + "/console/login")
    page.screenshot(path=shots / "login.png")
    # no script error, no CSP violation, no failed load: only the refused CSRF-less POST
    unexpected = [e for e in errors if "403" not in e]
    assert unexpected == [] and len(errors) == 2, errors
    page.context.close()


def test_auditor_reads_but_cannot_write(browser: Browser, console_gateway: Gateway) -> None:
    gw = console_gateway
    _, secret = gw.create_key(name="browser-auditor", role="auditor")
    errors: list[str] = []
    page = open_page(browser, gw, errors)
    sign_in(page, gw, secret)
    expect(page.locator("#role")).to_have_text("auditor")
    page.get_by_role("link", name="Keys").click()
    expect(page.locator("#keys")).to_contain_text("browser-auditor")
    expect(page.get_by_text("Create a key")).to_have_count(0)
    expect(page.get_by_role("button", name="Revoke")).to_have_count(0)
    denied = csrf_less_post(page, with_token=True)  # even with the CSRF token: the role decides
    assert denied["status"] == 403 and denied["body"]["error"]["code"] == "role_not_allowed"
    page.get_by_role("link", name="Kill switch & alerts").click()
    expect(page.get_by_role("button", name="Engage")).to_have_count(0)
    assert [e for e in errors if "403" not in e] == [], errors
    page.context.close()
