"""Clio Manage API v4 sandbox: a faithful local emulator plus a generator of realistic firms.

Layout (moto-style): ``models`` modules hold state and rules with no HTTP (``sandbox``, ``firm``,
``records``, ``money``, ``oauth``, ``listing``, ``clock``, ``firm_format``); ``routes_*`` are thin;
``serializers`` owns envelopes, ``fields=`` projection and error shapes; ``exceptions`` gives each
error its status and type. Start it with :func:`clio_sandbox.app.create_app`.
Nothing here imports lawbooks code outside this package.
"""
