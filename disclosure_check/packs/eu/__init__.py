"""Rule pack eu."""
