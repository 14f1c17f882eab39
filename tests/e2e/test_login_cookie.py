"""The contract Samling relies on from streamlit-authenticator, through the one adapter that uses
it (pages/_ui/login_cookie.py): the library version we pin, and in real Chromium a login cookie
that is written, read back by the next visit with its user and time, and deleted for good."""

from __future__ import annotations

import importlib.metadata
import re
import time

import jwt
import pytest
from playwright.sync_api import expect, sync_playwright

from pages._ui import login_cookie
from tests.e2e.conftest import CHROMIUM_ARGS, ROOT, AppServer

TIMEOUT_MS = 30_000
KEY = "login-cookie-contract-key-not-secret"


def test_the_pinned_library_version_is_the_one_installed_and_required():
    assert importlib.metadata.version("streamlit-authenticator") == login_cookie.LIBRARY_VERSION
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert f"streamlit-authenticator=={login_cookie.LIBRARY_VERSION}" in requirements


@pytest.fixture
def contract_app(tmp_path):
    server = AppServer(
        f"sqlite:///{tmp_path / 'unused.db'}",
        tmp_path,
        script="tests/e2e/apps/login_cookie_contract.py",
        CONTRACT_COOKIE_KEY=KEY,
    )
    server.start()
    yield server.url
    server.stop()
    print(server.log()[-3000:])


def _cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == login_cookie.COOKIE_NAME), None)


def _wait_for(condition, what: str, timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_the_login_cookie_is_written_read_and_deleted(contract_app, chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(contract_app)
        expect(page.get_by_text("read: none")).to_be_visible(timeout=TIMEOUT_MS)

        written_at = time.time()
        page.get_by_role("button", name="write").click()
        _wait_for(lambda: _cookie(page) is not None, "the cookie was never written")
        token = jwt.decode(_cookie(page)["value"], KEY, algorithms=["HS256"])
        assert token["username"] == "kari"
        assert abs(token["exp_date"] - (written_at + login_cookie.COOKIE_DAYS * 86_400)) < 30

        page.reload()  # a new session: it reads the login from the cookie the browser sends
        found = page.get_by_text(re.compile(r"^read: kari \d+$"))
        expect(found).to_be_visible(timeout=TIMEOUT_MS)
        issued_at = float(found.inner_text().split()[-1])
        assert abs(issued_at - written_at) < 30
        expect(page.get_by_text("reported: kari")).to_be_visible(timeout=TIMEOUT_MS)

        page.get_by_role("button", name="delete").click()
        _wait_for(lambda: _cookie(page) is None, "the cookie was never deleted")
        # This session started with the cookie; it must not read it again after the delete.
        expect(page.get_by_text("read: none")).to_be_visible(timeout=TIMEOUT_MS)
        page.reload()
        expect(page.get_by_text("read: none")).to_be_visible(timeout=TIMEOUT_MS)
        browser.close()
