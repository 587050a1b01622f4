"""The cookie declaration: per category and vendor, each cookie and storage key with its purpose and
lifetime, in the visitor's language, ready for the site's cookie policy page.

``rows`` gives the facts as plain data (the same for every output); ``view`` makes them a node of
heldback/core/views.py (the HTML the ``declaration`` command writes); ``markdown`` a Markdown text.
Our own cookie is listed first, under necessary, with the lifetime the config gives it.
"""

from heldback.core import consent_record
from heldback.core.config import NECESSARY
from heldback.core.views import escape, lifetime, text, to_html

KINDS = {"cookie": "kind_cookie", "local": "kind_local", "session": "kind_session"}


def rows(config, language):
    """[{category, label, vendors: [{key, name, purpose, privacy_policy, hosts, stored: [{name, kind,
    lifetime, purpose}]}]}] in ``language``, every category of the config in its order."""
    texts = config.texts[language]
    own = {"key": "", "name": texts["declaration_own"], "purpose": texts["storage_own_record"], "privacy_policy":
           config.privacy_policy_url or "", "hosts": [],
           "stored": [{"name": consent_record.COOKIE, "kind": texts["kind_cookie"],
                       "lifetime": lifetime(texts, config.lifetime_days), "purpose": texts["storage_own_record"]}]}
    categories = []
    for category in config.category_names:
        vendors = [own] if category == NECESSARY else []
        for vendor in config.necessary_vendors + config.vendors:
            if vendor["category"] != category:
                continue
            vendors.append({"key": vendor["key"], "name": vendor["name"], "purpose": text(texts, vendor["purpose"]),
                            "privacy_policy": vendor.get("privacy_policy", ""), "hosts": list(vendor["hosts"]),
                            "stored": [{"name": item["name"], "kind": texts[KINDS[item["kind"]]],
                                        "lifetime": lifetime(texts, item["lifetime_days"]),
                                        "purpose": text(texts, item["purpose"])} for item in vendor["stored"]]})
        categories.append({"category": category, "label": texts[f"{category}_label"],
                           "description": texts[f"{category}_description"], "vendors": vendors})
    return categories


def view(config, language):
    """The declaration as a node: a section per category, a table per vendor."""
    texts = config.texts[language]
    heading = ("tr", {}, [("th", {"scope": "col"}, [texts[key]]) for key in
                          ("declaration_name", "declaration_kind", "declaration_lifetime", "declaration_purpose")])
    sections = []
    for category in rows(config, language):
        vendors = []
        for vendor in category["vendors"]:
            about = [vendor["purpose"]]
            if vendor["privacy_policy"]:
                about += [" ", ("a", {"href": vendor["privacy_policy"], "rel": "noopener"}, [texts["privacy_policy"]])]
            table = [("table", {}, [("thead", {}, [heading]), ("tbody", {}, [
                ("tr", {}, [("td", {}, [("code", {}, [item["name"]])]), ("td", {}, [item["kind"]]),
                            ("td", {}, [item["lifetime"]]), ("td", {}, [item["purpose"]])])
                for item in vendor["stored"]])])] if vendor["stored"] else []
            vendors.append(("section", {"data-cmp-vendor": vendor["key"]} if vendor["key"] else {},
                            [("h3", {}, [vendor["name"]]), ("p", {}, about), *table]))
        sections.append(("section", {"data-cmp-category": category["category"]},
                         [("h2", {}, [category["label"]]), ("p", {}, [category["description"]]), *vendors]))
    return ("div", {"class": "cmp-declaration", "lang": language}, sections)


def html(config, language):
    return to_html(view(config, language))


def markdown(config, language):
    texts = config.texts[language]
    lines = []
    for category in rows(config, language):
        lines += [f"## {cell(category['label'])}", "", cell(category["description"]), ""]
        for vendor in category["vendors"]:
            url = vendor["privacy_policy"].replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            policy = f" [{cell(texts['privacy_policy'])}]({url})" if url else ""
            lines += [f"### {cell(vendor['name'])}", "", cell(vendor["purpose"]) + policy, ""]
            if vendor["stored"]:
                lines += ["| " + " | ".join(texts[key] for key in ("declaration_name", "declaration_kind",
                                                                   "declaration_lifetime", "declaration_purpose")) + " |",
                          "|---|---|---|---|"]
                lines += [f"| `{item['name']}` | {cell(item['kind'])} | {cell(item['lifetime'])} | {cell(item['purpose'])} |"
                          for item in vendor["stored"]]
                lines.append("")
    return "\n".join(lines)


def cell(value):
    """A table cell's text: a `|` would end the cell, markup would be markup."""
    return escape(value).replace("|", "\\|")
