"""Rule pack pl."""
