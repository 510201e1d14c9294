"""How a sign-in code reaches the member: a pluggable sender (an SMS or e-mail gateway's).

The operator names one with ``tessera-server serve --code-sender module:attribute`` (a callable taking
the :class:`~sync.server.memberweb.login.IssuedCode`, or a class made with no arguments whose instances
are). The default records only that a code went out, never the code itself; small shops hand codes out
with ``tessera-server member login-code CARD``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from pos_app.core import cards
from pos_app.core.errors import Code, InvalidInput
from sync.server.memberweb.login import IssuedCode

log = logging.getLogger("tessera.server.memberweb")


CodeSender = Callable[[IssuedCode], None]


def record_only(issued: IssuedCode) -> None:
    """The default: a line in the log that a code was asked for (the card masked, no code)."""
    where = "phone" if issued.phone else "e-mail" if issued.email else "no contact"
    log.info("sign-in code for member %s issued (%s on file; no sender configured)",
             cards.masked(issued.card), where)


def load(spec: str | None) -> CodeSender:
    """The sender ``module:attribute`` names (None or "": the default)."""
    if not spec:
        return record_only
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise InvalidInput(Code.CODE_SENDER, spec=spec, reason="no colon")
    try:
        target = getattr(importlib.import_module(module_name), attribute)
        sender: CodeSender = target() if isinstance(target, type) else target
    except Exception as exc:  # any failure of the operator's code: said in one line, the server not started
        raise InvalidInput(Code.CODE_SENDER, spec=spec, reason=type(exc).__name__) from None
    if not callable(sender):
        raise InvalidInput(Code.CODE_SENDER, spec=spec, reason="not callable")
    return sender
