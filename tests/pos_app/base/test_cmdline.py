"""The command-line plumbing both CLIs share."""

from __future__ import annotations

import argparse
import json

import pytest

from pos_app.base import cmdline


def _parser() -> cmdline.Parser:
    parser = cmdline.Parser(prog="tool")
    sub = parser.add_subparsers(dest="command", parser_class=cmdline.Parser)
    cmdline.json_flag(sub.add_parser("go"))
    sub.choices["go"].add_argument("--count", type=int, required=True)
    return parser


def test_a_usage_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        _parser().parse_command_line(["go"])
    assert stopped.value.code == cmdline.EXIT_USAGE
    assert capsys.readouterr().err == "tool go: error: the following arguments are required: --count\n"


def test_with_json_a_usage_error_is_raised_for_the_caller_to_report(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(cmdline.UsageError, match="invalid int value: 'x'"):
        _parser().parse_command_line(["go", "--count", "x", "--json"])
    assert capsys.readouterr().err == ""
    assert _parser().parse_command_line(["go", "--count", "3"]).count == 3  # the next parse prints again


def test_fail_prints_a_line_or_a_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmdline.fail("tool", 1, "no member has card *3", code="unknown_card", params={"card": "*3"}) == 1
    assert capsys.readouterr().err == "tool: no member has card *3\n"
    assert cmdline.fail("tool", 2, "bad", code="amount_format", params={"text": "1,2"}, as_json=True) == 2
    assert json.loads(capsys.readouterr().err) == {"code": "amount_format", "message": "bad",
                                                    "params": {"text": "1,2"}}


def test_emit_prints_json_or_lines(capsys: pytest.CaptureFixture[str]) -> None:
    cmdline.emit(argparse.Namespace(json=True), {"card": "ü", "points": 5})
    cmdline.emit(argparse.Namespace(json=False), {"card": "ü", "points": 5})
    assert capsys.readouterr().out == '{"card": "ü", "points": 5}\ncard: ü\npoints: 5\n'
