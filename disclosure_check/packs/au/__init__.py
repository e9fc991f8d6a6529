"""Rule pack au."""
