"""HTTP plumbing shared by the connectors: Decimal-safe JSON and OAuth2 bearer auth."""
