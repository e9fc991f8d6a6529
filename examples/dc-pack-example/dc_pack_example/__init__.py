"""An agency's house rules, published as a disclosure-check rule pack."""
