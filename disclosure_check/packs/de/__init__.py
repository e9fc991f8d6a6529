"""Rule pack de."""
