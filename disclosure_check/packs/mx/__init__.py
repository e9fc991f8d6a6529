"""Rule pack mx."""
