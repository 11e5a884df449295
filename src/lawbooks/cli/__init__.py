"""Command line: `lawbooks demo | sync | status | sandbox | db`."""
