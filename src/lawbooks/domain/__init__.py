"""The pure domain: what a law firm's billing and trust records mean, with no I/O.

Imports nothing but the standard library (an import-linter contract enforces it).
"""
