"""Rule pack fr."""
