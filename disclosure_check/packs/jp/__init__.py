"""Rule pack jp."""
