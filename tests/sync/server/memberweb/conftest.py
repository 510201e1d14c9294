"""The member page's tests take the browser fixtures of tests/sync/server/browser.py."""

from tests.sync.server.browser import browser, desk, phone

__all__ = ["browser", "desk", "phone"]
