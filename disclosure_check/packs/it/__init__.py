"""Rule pack it."""
