"""The consent manager in the page (Brython only): banner, decisions, storage, the window.cmp API."""
