"""Rule pack es."""
