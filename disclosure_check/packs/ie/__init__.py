"""Rule pack ie."""
