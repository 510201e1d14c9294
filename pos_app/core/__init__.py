"""Pure loyalty domain: money, card codes, program rules, ledger math.

No Qt, no SQL, no I/O and no clock reads: callers pass ``now`` in. The server
imports this package too, so both ends compute points identically.
"""
