"""A reward's optional stock: how many exist, in the whole chain (default) or in each store."""

from __future__ import annotations

import pytest

from pos_app.core.errors import Code, InvalidInput
from pos_app.core.program import parse_program
from pos_app.demo_data import program_text

MUG = '\n[[rewards]]\nid = "mug"\nname = "Mug"\ncost = 100\nkind = "free_item"\n'


def with_reward(lines: str) -> str:
    return program_text() + MUG + lines


def test_no_stock_by_default() -> None:
    mug = parse_program(with_reward("")).reward("mug")
    assert mug is not None and mug.stock is None and mug.stock_scope == "chain"


def test_stock_per_store() -> None:
    mug = parse_program(with_reward('stock = 20\nstock_scope = "store"\n')).reward("mug")
    assert mug is not None and (mug.stock, mug.stock_scope) == (20, "store")


@pytest.mark.parametrize(("lines", "code"), [
    ("stock = -1\n", Code.PROGRAM_MINIMUM),
    ('stock = "ten"\n', Code.PROGRAM_INTEGER),
    ('stock = 5\nstock_scope = "shelf"\n', Code.PROGRAM_STOCK_SCOPE),
])
def test_bad_stock_is_refused(lines: str, code: Code) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_program(with_reward(lines))
    assert refused.value.code is code
