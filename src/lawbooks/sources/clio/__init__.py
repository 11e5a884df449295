"""Clio Manage API v4: client, declarative streams, and the pure Clio JSON -> domain mapping."""
