"""Everything that crosses the wire: protocol, client and the central server."""
