"""Rule pack se."""
