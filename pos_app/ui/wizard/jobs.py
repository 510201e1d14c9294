"""The wizard's slow work, run on a :class:`pos_app.ui.worker.Worker` thread (never the GUI thread).

Registering talks to the server, a test print may wait seconds on a printer that is off, and
finishing creates the database and hashes the manager's PIN: each is one job here.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pos_app.config import Options, ensure_data_dir
from pos_app.ui.wizard.steps import PENDING, Setup, manager_id

log = logging.getLogger("tessera.ui.wizard")

AgentFactory = Callable[[Path], Any]  # data dir -> a SyncAgent (tests may pass a configured one)
# The wire client's codes of a server that could not be asked (sync.client.Unreachable): the wizard then
# offers to go on standalone. Read from the error's ``code``: the window imports no HTTP client.
UNREACHABLE = frozenset({"unreachable", "timeout", "server_error"})
TEST_VOUCHER = "TEST000001"


def default_agent(data_dir: Path) -> Any:
    """The sync agent, through the window's one door to it (pos_app.ui.syncer)."""
    from pos_app.ui import syncer

    return syncer._default_agent(data_dir)


def _begin(data_dir: Path) -> None:
    ensure_data_dir(data_dir)
    (data_dir / PENDING).touch()


@dataclass(frozen=True)
class Registered:
    terminal_name: str
    store_id: str
    region: str


def register(data_dir: Path, url: str, code: str, region: str,
             agent_factory: AgentFactory = default_agent) -> Registered:
    """Create the database (the agent needs one), then bind it to the server's terminal of ``code``."""
    from pos_app.terminal import initialize

    _begin(data_dir)
    initialize(data_dir, region=region)
    agent = agent_factory(data_dir)
    try:
        answer = agent.register(url.strip(), code.strip(), region)
    finally:
        agent.close()
    return Registered(str(answer.get("terminal_name", "")), str(answer.get("store_id", "")),
                      str(answer.get("region") or region))


def is_unreachable(error: BaseException) -> bool:
    from pos_app.core.errors import TesseraError

    return not isinstance(error, TesseraError) and getattr(error, "code", None) in UNREACHABLE


def test_print(kind: str, target: str, program: str = "Tessera", width: int = 42) -> int:
    """A test voucher slip on the chosen printer; the number of bytes sent. PrinterError if it fails."""
    from pos_app.printer import device, slips

    place = slips.Place(program=program, store="setup", terminal="setup", at=datetime.now())
    slip = slips.voucher_slip(place, reward="Test print", points_spent=0, balance=0, voucher=TEST_VOUCHER,
                              card="2900000000025", width=width)
    data = slips.to_bytes(slip)
    device.send(device.parse(kind, target), data)
    return len(data)


def finish(data_dir: Path, setup: Setup, base: Options | None = None) -> Options:
    """Write config.toml, create (or migrate) the database, add the first manager; the saved Options."""
    from pos_app.terminal import Terminal, initialize

    _begin(data_dir)
    if not setup.registered:
        initialize(data_dir, region=setup.region)
    terminal = Terminal(data_dir)
    try:
        added = manager_id(setup.manager_name) if setup.manager_name else ""
        if added:
            # The first manager needs no approval: nobody could give it (as `tessera-pos cashier add`).
            terminal.add_cashier(added, setup.manager_name.strip(), setup.manager_pin, "manager", None)
        options = setup.options(base)
        # config.toml written as the settings tab writes it, the run in the audit trail (by nobody yet)
        terminal.save_settings(options, None, kind="setup.run",
                               detail={"first_run": True, "manager_added": added})
    finally:
        terminal.close()
    (data_dir / PENDING).unlink(missing_ok=True)
    log.info("first-run setup done in %s", data_dir)
    return options


def save_again(data_dir: Path, setup: Setup, base: Options, terminal: Any, manager: str | None) -> Options:
    """Run again from the settings: new options; a manager named is added, approved by ``manager``."""
    cashier_id = manager_id(setup.manager_name, secrets.token_hex(3)) if setup.manager_name else ""
    if cashier_id:
        terminal.add_cashier(cashier_id, setup.manager_name.strip(), setup.manager_pin, "manager", manager)
    options = setup.options(base)
    # config.toml of the terminal's data dir (``data_dir``), the run audited with the manager signed in
    saved: Options = terminal.save_settings(options, manager, kind="setup.run",
                                            detail={"first_run": False, "manager_added": cashier_id})
    terminal.reload_identity()  # registered again on the way: the new terminal, store and zone from now on
    return saved
