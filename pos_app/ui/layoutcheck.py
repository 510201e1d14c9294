"""Finds text that does not fit its widget: used by the layout test and docs/screenshots/render.py."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget


def clipped(root: QWidget) -> list[str]:
    """Visible widgets whose text is cut off or squeezed, as readable descriptions."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or not widget.isVisible():
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QAbstractButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                problems.append(f"button {name} {widget.text()!r}: needs {widget.sizeHint().width()} "
                                f"has {widget.width()}")
        elif isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            if widget.wordWrap():
                need = widget.heightForWidth(widget.contentsRect().width() + widget.contentsMargins().left()
                                             + widget.contentsMargins().right())
                if need > widget.height() + 1:
                    problems.append(f"label {name} {widget.text()!r}: needs height {need} "
                                    f"has {widget.height()}")
            elif widget.sizeHint().width() > widget.width() + 1:
                problems.append(f"label {name} {widget.text()!r}: needs {widget.sizeHint().width()} "
                                f"has {widget.width()}")
        elif isinstance(widget, QLineEdit) and widget.placeholderText() and not widget.text():
            room = widget.width() - 28  # border, padding, clear button margin
            if widget.fontMetrics().horizontalAdvance(widget.placeholderText()) > room:
                problems.append(f"placeholder {name} {widget.placeholderText()!r} does not fit {room}")
    return problems
