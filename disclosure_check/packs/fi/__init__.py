"""Rule pack fi."""
