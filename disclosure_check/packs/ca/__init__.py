"""Rule pack ca."""
