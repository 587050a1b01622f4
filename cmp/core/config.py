"""The resolved site config, as the build bakes it into both stages (see config_schema.py for the file)."""

NECESSARY = "necessary"


class Config:
    """A validated, resolved config. ``data`` is plain data (dicts, lists, strings, numbers)."""

    def __init__(self, data):
        self.data = data
        self.revision = data["revision"]
        self.lifetime_days = data["lifetime_days"]
        self.language = data["language"]
        self.categories = data["categories"]  # [{name, label, description, required}]
        self.vendors = data["vendors"]  # [{key, name, category, purpose, hosts, cookies, storage, queues}]
        self.texts = data["texts"]

    @property
    def category_names(self):
        return [category["name"] for category in self.categories]

    def vendors_in(self, category):
        return [vendor for vendor in self.vendors if vendor["category"] == category]

