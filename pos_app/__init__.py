"""Tessera loyalty terminal.

Imports nothing on purpose: the server imports ``pos_app.core`` and must not pull
in Qt, OpenCV or the terminal database through this package.
"""
