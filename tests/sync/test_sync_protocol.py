"""The wire models of ``sync.protocol``: what both ends agree on, whatever the other end's version."""

from __future__ import annotations

from sync.protocol import PullPage


def test_models_ignore_fields_they_do_not_know() -> None:
    page = PullPage.model_validate({"cursor": "1:a", "more": False, "server_time": "2026-11-23T10:00:00Z",
                                    "a_field_from_the_future": {"x": 1}, "members": []})
    assert page.cursor == "1:a" and not hasattr(page, "a_field_from_the_future")
