"""Built-in rule packs: `core` (signals, generic labels, global rules) and one per jurisdiction.

Each pack is a folder of data files (`pack.toml`, optional `lang/*.toml`, `links.toml`) and is
registered in the `disclosure_check.packs` entry-point group like a third-party pack.
"""
