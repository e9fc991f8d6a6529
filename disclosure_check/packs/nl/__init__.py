"""Rule pack nl."""
