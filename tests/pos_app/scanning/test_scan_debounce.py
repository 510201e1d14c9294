from __future__ import annotations

from pos_app.scanning.debounce import Debouncer


class Frames:
    """Feeds a debouncer at 10 fps on a fake clock."""

    def __init__(self, debouncer: Debouncer) -> None:
        self.d = debouncer
        self.t = 0.0

    def __call__(self, *codes: str) -> list[str]:
        self.t += 0.1
        return self.d.feed(codes, self.t)


def test_held_card_is_accepted_once_within_cooldown() -> None:
    f = Frames(Debouncer(cooldown=3.0, gone_frames=5, gone_seconds=1.0))
    assert f("A") == ["A"]
    assert [f("A") for _ in range(20)] == [[]] * 20  # two seconds in view


def test_held_card_is_accepted_again_after_cooldown() -> None:
    f = Frames(Debouncer(cooldown=3.0, gone_frames=5, gone_seconds=1.0))
    results = [f("A") for _ in range(31)]
    accepted_at = [i for i, r in enumerate(results) if r == ["A"]]
    assert accepted_at == [0, 30]


def test_card_that_left_the_view_is_a_new_scan() -> None:
    f = Frames(Debouncer(cooldown=3.0, gone_frames=5, gone_seconds=10.0))
    assert f("A") == ["A"]
    for _ in range(6):
        assert f() == []
    assert f("A") == ["A"]


def test_short_dropout_is_not_leaving_the_view() -> None:
    f = Frames(Debouncer(cooldown=3.0, gone_frames=5, gone_seconds=10.0))
    assert f("A") == ["A"]
    assert f() == [] and f() == []  # the decoder missed two frames
    assert f("A") == []


def test_two_codes_are_independent() -> None:
    f = Frames(Debouncer())
    assert f("A") == ["A"]
    assert f("A", "B") == ["B"]
    assert f("B", "A", "B") == []


def test_confirm_mode_needs_two_consecutive_frames() -> None:
    f = Frames(Debouncer(confirm_frames=2))
    assert f("X") == []
    assert f() == []  # streak broken: a one-frame misread never gets through
    assert f("A") == []
    assert f("A") == ["A"]
    assert f("A") == []


def test_reset_forgets_everything() -> None:
    f = Frames(Debouncer())
    assert f("A") == ["A"]
    f.d.reset()
    assert f("A") == ["A"]
