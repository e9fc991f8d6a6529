"""Rule pack in."""
