"""The core pack: vocabularies per language, link data, and the rules every check runs."""
