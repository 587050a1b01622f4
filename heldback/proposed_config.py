"""``scan URL --write-config site.toml``: the config a scan proposes for the site it saw.

Every vendor seen on any page, in any phase, goes in: the config's own (as they were), and each
catalog vendor the scan recognized by its hosts, in its default category (categories added as
needed). Each unknown third party becomes a commented stub with the hosts it was reached at and the
cookies set on its domain, so the owner only fills in a name, a category and a purpose. Cookies and
storage keys that no vendor explains are listed in a comment. The file holds categories and vendors
only: merge it into the site's config for texts, mode and the rest.
"""

import json
import re
from urllib.parse import urlsplit

from heldback.configuration.catalog import CATALOG, CATEGORIES

HEADER = """# Proposed by python -m heldback scan {url} on {date}.
# Every vendor the scan saw, in its category. Build with it (python -m heldback build --config FILE),
# then scan again with --config FILE: a vendor it names waits for consent. Unknown third parties are
# commented out below: give each a name and a category, and uncomment it.
"""


def proposed(result, config):
    """The TOML text of the proposed config for a scan ``result`` made with ``config``."""
    from heldback.scan import registrable

    seen, strangers, loose = {}, {}, set()  # vendor key -> a URL; registrable domain -> {hosts, url, cookies}
    for page in result["pages"]:
        for observed in observations(page):
            for request in observed.get("requests", []):
                party, _, key = request["party"].partition(":")
                if party in ("vendor", "necessary", "catalog"):
                    seen.setdefault(key, request["url"])
                elif request["party"] == "third party (unknown)":
                    host = urlsplit(request["url"]).hostname or ""
                    stranger = strangers.setdefault(registrable(host), {"hosts": [], "url": request["url"],
                                                                        "page": page["url"], "cookies": []})
                    if host not in stranger["hosts"]:
                        stranger["hosts"].append(host)
            for cookie in observed.get("cookies", []):
                if cookie["party"] == "first party or unknown":
                    domain = registrable(cookie["domain"].lstrip("."))
                    if domain in strangers and cookie["name"] not in strangers[domain]["cookies"]:
                        strangers[domain]["cookies"].append(cookie["name"])
                    elif domain not in strangers:
                        loose.add(f"cookie {cookie['name']}")
            for item in observed.get("storage", []):
                if item["party"] == "first party or unknown":
                    loose.add(f"{item['area']} {item['name']}")
    own = {vendor["key"]: vendor for vendor in config.vendors + config.necessary_vendors}
    vendors = [own[key] if key in own else catalog_entry(key) for key in seen]
    categories = [name for name in config.category_names if name != "necessary"]
    categories += [name for name in CATEGORIES if name != "necessary" and name not in categories
                   and any(vendor["category"] == name for vendor in vendors)]
    out = [HEADER.format(url=result["url"], date=result["scanned_at"][:10])]
    for name in categories:
        out.append(f"[categories.{name}]\n")
    for vendor in vendors:
        out.append("\n" + vendor_table(vendor))
    used = set(CATALOG) | set(own) | set(config.category_names)
    for domain, stranger in strangers.items():
        out.append("\n" + stub(stub_key(domain, used), domain, stranger))
    if loose:
        out.append("\n# Seen, and no vendor above explains them (the site's own, or an unknown vendor's):\n")
        out += [f"#   {item}\n" for item in sorted(loose)]
    return "".join(out)


def observations(page):
    for phase in page["phases"].values():
        for moment in ("before_choice", "after_choice"):
            if moment in phase:
                yield phase[moment]


def catalog_entry(key):
    vendor = CATALOG[key]
    return {"key": key, "name": vendor.name, "category": vendor.category, "catalog": True}


def vendor_table(vendor):
    key = vendor["key"]
    if key in CATALOG:  # its facts come from the catalog; only a moved category is the site's
        known = CATALOG[key]
        lines = [f"[vendors.{key}]  # {known.name}, {known.category} by default (heldback/configuration/catalog.toml)"]
        if vendor["category"] != known.category:
            lines.append(f"category = {quoted(vendor['category'])}")
        extra = [host for host in vendor.get("hosts", []) if host not in known.hosts]
        if extra:
            lines.append(f"hosts = {quoted_list(extra)}")
        return "\n".join(lines) + "\n"
    lines = [f"[vendors.{key}]", f"name = {quoted(vendor['name'])}", f"category = {quoted(vendor['category'])}"]
    if vendor.get("purpose"):
        lines.append(f"purpose = {quoted(vendor['purpose'])}")
    lines.append(f"hosts = {quoted_list(vendor['hosts'])}")
    for field, kinds in (("cookies", ("cookie",)), ("storage", ("local", "session"))):
        items = [stored_entry(item) for item in vendor["stored"] if item["kind"] in kinds]
        if items:
            lines.append(f"{field} = [{', '.join(items)}]")
    return "\n".join(lines) + "\n"


def stored_entry(item):
    """A custom vendor's cookie or storage key as its config wrote it: a name, or a table that keeps
    its lifetime and purpose (the declaration lists them)."""
    fields = [f"lifetime_days = {item['lifetime_days']}"] if item.get("lifetime_days") is not None else []
    fields += [f"purpose = {quoted(item['purpose'])}"] if item.get("purpose") else []
    return "{ " + ", ".join([f"name = {quoted(item['name'])}", *fields]) + " }" if fields else quoted(item["name"])


def stub(key, domain, stranger):
    lines = [f"# An unknown third party, contacted before consent ({stranger['url']} on {stranger['page']}):",
             f"# [vendors.{key}]", f"# name = {quoted(domain)}", '# category = "marketing"',
             '# purpose = "What it does, in a sentence."', f"# hosts = {quoted_list([domain])}"
             f"  # seen: {', '.join(stranger['hosts'])}"]
    if stranger["cookies"]:
        lines.append(f"# cookies = {quoted_list(stranger['cookies'])}")
    return "\n".join(lines) + "\n"


def stub_key(domain, used):
    """A config name for a domain (cdn.tracker-x.example: tracker_x_example), unique among ``used``."""
    key = re.sub(r"[^a-z0-9]+", "_", domain.lower()).strip("_") or "vendor"
    key = ("v_" + key if not key[0].isalpha() else key)[:28]
    candidate, n = key, 2
    while candidate in used:
        candidate, n = f"{key}_{n}", n + 1
    used.add(candidate)
    return candidate


def quoted(text):
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def quoted_list(items):
    return "[" + ", ".join(quoted(item) for item in items) + "]"
