"""Command line: `lawbooks demo | sync | status | db` (sandboxes: `clio-sandbox serve` etc.)."""
