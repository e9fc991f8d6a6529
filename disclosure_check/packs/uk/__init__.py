"""Rule pack uk."""
