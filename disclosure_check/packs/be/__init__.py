"""Rule pack be."""
