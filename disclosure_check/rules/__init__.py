"""Rules: the base class, the standard per-jurisdiction kinds, mismatch and declarative kinds."""
