"""Rule pack cn."""
