"""Rule pack no."""
