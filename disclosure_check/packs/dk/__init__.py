"""Rule pack dk."""
