"""ESC/POS receipt printers: slips composed as data and bytes (slips), sent to a printer (device).

Below the window: no Qt, no database. The window composes a slip from a use case's
result after it committed, and sends it on a worker thread (pos_app.ui.receipts).
"""
