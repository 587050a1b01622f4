"""A site's configuration as its owner writes it, read and checked in CPython (schema.py), with the
vendor catalog (catalog.py, catalog.toml) and the built-in texts it draws on. Build-only: none of it
ships to the browser; what does is heldback/core (config.Config, and the rules the build bakes)."""
