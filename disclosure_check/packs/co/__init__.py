"""Rule pack co."""
