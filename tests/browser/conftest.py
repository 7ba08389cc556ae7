"""Browser tests: Playwright drives Debian's Chromium (`apt-get install chromium fonts-noto-cjk`)
against pytest-django's live server. No browser is downloaded: Playwright's own builds cannot be
fetched here, so the system Chromium is launched by path."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk"
        # CI must run the journeys; a developer's machine without Chromium reports them skipped.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A person in a Chinese office: the browser asks for Chinese and runs on Beijing time.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def csp_errors(page):
    """Console errors the browser reports for Content Security Policy violations."""
    errors: list[str] = []

    def _collect(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(message.text)

    page.on("console", _collect)
    return errors
