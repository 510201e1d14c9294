"""Plumbing shared by the terminal and the server: files, clocks, SQL types, command lines.

It imports nothing else of the project, so ``pos_app.core``'s neighbours on
both ends (the terminal's store and CLI, the server) may all use it.
"""
