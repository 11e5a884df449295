"""QuickBooks Online API v3: client, errors, and the pure domain -> QBO JSON mapping."""
