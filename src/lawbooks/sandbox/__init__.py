"""Faithful local emulators of the Clio and QBO HTTP APIs. Production code never imports them."""
