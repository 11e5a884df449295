"""Targets: the ledgers lawbooks writes to (QuickBooks Online first)."""
