"""Domain refusals in the cashier's language.

The use cases raise errors whose ``message`` is an English sentence a cashier can
repeat. The window shows them translated: each known sentence shape is matched
here and rebuilt with ``translate()``; anything unknown is shown as it came.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication as QCA

from pos_app.core.errors import DomainError, InvalidInput


def _rules() -> list[tuple[str, Callable[[re.Match[str]], str]]]:
    return [
        (r"wrong PIN", lambda m: QCA.translate("Messages", "Wrong PIN.")),
        (r"too many wrong PINs: try again in (\d+) s",
         lambda m: QCA.translate("Messages", "Too many wrong PINs: try again in %1 s.").replace("%1", m[1])),
        (r"too many wrong PINs: the PIN pad is locked for a minute",
         lambda m: QCA.translate("Messages", "Too many wrong PINs: the PIN pad is locked for a minute.")),
        (r"a PIN is 4 to 6 digits", lambda m: QCA.translate("Messages", "A PIN is 4 to 6 digits.")),
        (r"another cashier already uses this PIN",
         lambda m: QCA.translate("Messages", "Another cashier already uses this PIN: choose another.")),
        (r"role is cashier or manager", lambda m: QCA.translate("Messages", "The role is cashier or manager.")),
        (r"an adjustment needs a reason",
         lambda m: QCA.translate("Messages", "Type the reason for the correction.")),
        (r"an adjustment changes the balance by a non-zero number of points",
         lambda m: QCA.translate("Messages", "A correction changes the balance by a number of points other than zero.")),
        (r"no member has card (\S+)",
         lambda m: QCA.translate("Messages", "No member has card %1.").replace("%1", m[1])),
        (r"no member has that phone number",
         lambda m: QCA.translate("Messages", "No member has that phone number.")),
        (r"that card number is mistyped: its check digit does not match",
         lambda m: QCA.translate("Messages", "That card number is mistyped: please check the digits.")),
        (r"'.*' is neither a card number nor a phone number",
         lambda m: QCA.translate("Messages", "That is neither a card number nor a phone number.")),
        (r"a card number is \d+ digits, got .*",
         lambda m: QCA.translate("Messages", "A card number has 13 digits.")),
        (r"this member is blocked: ask a manager",
         lambda m: QCA.translate("Messages", "This member is blocked: please ask a manager.")),
        (r"receipt (.+) was already used for another sale",
         lambda m: QCA.translate("Messages", "Receipt %1 was already used for another sale.").replace("%1", m[1])),
        (r"no sale has receipt '(.*)'",
         lambda m: QCA.translate("Messages", "No sale has receipt %1.").replace("%1", m[1])),
        (r"receipt (.+) is already fully refunded",
         lambda m: QCA.translate("Messages", "Receipt %1 is already fully refunded.").replace("%1", m[1])),
        (r"refund larger than what is left on receipt (.+)",
         lambda m: QCA.translate("Messages", "The refund is larger than what is left on receipt %1.")
         .replace("%1", m[1])),
        (r"a refund amount must be more than zero",
         lambda m: QCA.translate("Messages", "A refund amount must be more than zero.")),
        (r"a sale amount must be more than zero|invalid amount .*: must be more than zero",
         lambda m: QCA.translate("Messages", "The amount must be more than zero.")),
        (r"invalid amount .*: \w+ has no decimals",
         lambda m: QCA.translate("Messages", "This currency has no decimals.")),
        (r"invalid amount .*: \w+ has at most (\d+) decimals",
         lambda m: QCA.translate("Messages", "At most %1 decimals.").replace("%1", m[1])),
        (r"invalid amount .*: too large", lambda m: QCA.translate("Messages", "That amount is too large.")),
        (r"invalid amount .*", lambda m: QCA.translate("Messages", "Type the amount as digits, e.g. 12.50.")),
        (r"a receipt number is 1 to 64 characters",
         lambda m: QCA.translate("Messages", "A receipt number is 1 to 64 characters.")),
        (r"(.+) is already a member with this phone or e-mail \(card (\d+)\)",
         lambda m: QCA.translate("Messages", "%1 is already a member with this phone or e-mail (card %2).")
         .replace("%1", m[1]).replace("%2", m[2])),
        (r"card (\S+) already belongs to a member",
         lambda m: QCA.translate("Messages", "Card %1 already belongs to a member.").replace("%1", m[1])),
        (r"a member needs a name", lambda m: QCA.translate("Messages", "A member needs a name.")),
        (r"name is longer than 200 characters",
         lambda m: QCA.translate("Messages", "The name is longer than 200 characters.")),
        (r"phone number is empty|invalid phone number .*",
         lambda m: QCA.translate("Messages", "That phone number is not valid.")),
        (r"invalid e-mail address .*", lambda m: QCA.translate("Messages", "That e-mail address is not valid.")),
        (r"(.+) is not available at this time",
         lambda m: QCA.translate("Messages", "%1 is not available at this time.").replace("%1", m[1])),
        (r"(.+) needs (.+) tier or higher",
         lambda m: QCA.translate("Messages", "%1 needs %2 tier or higher.").replace("%1", m[1]).replace("%2", m[2])),
        (r"(.+) can be taken (\d+) time\(s\) per member",
         lambda m: QCA.translate("Messages", "%1: limit per member reached (%2).")
         .replace("%1", m[1]).replace("%2", m[2])),
        (r"(.+) needs (\d+) points, (-?\d+) available",
         lambda m: QCA.translate("Messages", "%1 needs %2 points; %3 available.")
         .replace("%1", m[1]).replace("%2", m[2]).replace("%3", m[3])),
        (r"not enough points: (-?\d+) available, (\d+) needed",
         lambda m: QCA.translate("Messages", "Not enough points: %1 available, %2 needed.")
         .replace("%1", m[1]).replace("%2", m[2])),
        (r"there is no reward .* in the catalog",
         lambda m: QCA.translate("Messages", "That reward is not in the catalog.")),
        (r"offline redemption limit reached: (\d+) of (\d+) points left today until the terminal syncs",
         lambda m: QCA.translate("Messages", "Offline limit reached: %1 of %2 points left today until the "
                                             "terminal syncs.").replace("%1", m[1]).replace("%2", m[2])),
        (r"this QR code is not a valid member code|this QR code holds an invalid card number",
         lambda m: QCA.translate("Messages", "This QR code is not a valid member code.")),
        (r"this member code is not genuine", lambda m: QCA.translate("Messages", "This member code is not genuine.")),
        (r"this member code has expired; ask the member to refresh it",
         lambda m: QCA.translate("Messages", "This member code has expired: ask the member to refresh it.")),
        (r"this member code is dated in the future; check the terminal clock",
         lambda m: QCA.translate("Messages", "This member code is dated in the future: check the terminal clock.")),
        (r"this member code was already used; ask the member to refresh it",
         lambda m: QCA.translate("Messages", "This member code was already used: ask the member to refresh it.")),
        (r"this member code was signed with a key this terminal does not know; sync and retry",
         lambda m: QCA.translate("Messages", "This terminal does not know this member code yet: sync and retry.")),
    ]


_COMPILED: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(pattern + r"\.?", re.DOTALL), build) for pattern, build in _rules()
]


def translate(message: str) -> str:
    """One English domain sentence -> the same sentence in the UI language."""
    for pattern, build in _COMPILED:
        match = pattern.fullmatch(message.strip())
        if match is not None:
            return build(match)
    return message


def explain(error: BaseException) -> str:
    """What to show the cashier for a failed job."""
    if isinstance(error, DomainError):
        return translate(error.message)
    if isinstance(error, InvalidInput):
        return translate(str(error))
    return QCA.translate("Messages", "Something went wrong: %1").replace("%1", str(error) or type(error).__name__)
