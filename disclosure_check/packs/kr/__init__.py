"""Rule pack kr."""
