"""The service layer: what the web pages and the CLI ask of lawbooks, over the composition root.

Entry points (`web`, `cli`) call these functions; these call `bootstrap`, the store and the
connectors. Nothing here knows about HTTP requests, templates or terminals.
"""
