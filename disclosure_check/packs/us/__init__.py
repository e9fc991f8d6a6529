"""Rule pack us."""
