"""Rule pack br."""
