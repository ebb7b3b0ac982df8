"""One module per group of routes (interfaces.md's HTTP API)."""
