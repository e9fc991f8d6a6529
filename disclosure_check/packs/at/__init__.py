"""Rule pack at."""
