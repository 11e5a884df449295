"""Sources: the practice-management systems lawbooks reads (Clio Manage first)."""
