"""Status bar: online or offline, ops waiting to sync, last sync, cashier, store and terminal."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from pos_app.ui import fmt
from pos_app.ui.widgets import repolish

CASHIER_WIDTH = 230


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.online = QLabel()
        self.online.setObjectName("online")
        self.pending = QLabel()
        self.last_sync = QLabel()
        self.cashier = QLabel()
        self.place = QLabel()
        self.place.setObjectName("place")
        for widget in (self.online, self.pending, self.last_sync):
            self.addWidget(widget)
        self.addPermanentWidget(self.cashier)
        self.addPermanentWidget(self.place)
        self.status: dict[str, Any] = {}
        self.show_status({})
        self.show_cashier(None)

    def show_status(self, status: dict[str, Any]) -> None:
        self.status = status
        online = bool(status.get("online"))
        # A terminal never registered to a server is its own authority: not "offline", just alone.
        standalone = "server_url" in status and not status["server_url"]
        if standalone:
            self.online.setText("● " + self.tr("Standalone"))
        else:
            self.online.setText("● " + (self.tr("Online") if online else self.tr("Offline")))
        self.online.setProperty("state", "online" if online or standalone else "offline")
        repolish(self.online)
        pending = int(status.get("pending_ops") or 0)
        self.pending.setText(self.tr("To sync: %1").replace("%1", fmt.points(pending)))
        last = fmt.iso_date_time(status.get("last_sync_at"))
        self.last_sync.setText(self.tr("Last sync: %1").replace("%1", last or self.tr("never")))
        store, terminal = status.get("store_id") or "–", str(status.get("terminal_id") or "")
        self.place.setText(self.tr("Store %1 · Terminal %2").replace("%1", str(store))
                           .replace("%2", terminal[-6:] if terminal else "–"))
        self.place.setToolTip(terminal)

    def show_cashier(self, name: str | None) -> None:
        text = self.tr("Cashier: %1").replace("%1", name) if name else self.tr("Signed out")
        self.cashier.setToolTip(text)
        elided = self.cashier.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, CASHIER_WIDTH)
        self.cashier.setText(elided)
