"""Where a cookie a page sees may have been set: every Path that matches the page's path and every
Domain the page's host may have set it for. Expiring a cookie means expiring it on each of them.
Stage 2 (heldback/web/storage.py) uses these; the first layer (heldback/loader/first_layer.py) has
the same rule in its own dialect, and tests/e2e/test_rule_agreement.py keeps the two equal."""


def cookie_paths(pathname):
    """Every cookie Path that matches ``pathname`` (RFC 6265 5.1.4): "/", "/a", "/a/", "/a/b", ..."""
    paths = ["/"]
    at = pathname.find("/", 1)
    while at > 0:
        paths += [pathname[:at], pathname[:at + 1]]
        at = pathname.find("/", at + 1)
    if pathname not in paths:
        paths.append(pathname)
    return paths


def parent_domains(hostname):
    """The domains a cookie visible on ``hostname`` may have been set for: itself and its parents."""
    labels = hostname.split(".")
    return ["." + ".".join(labels[i:]) for i in range(len(labels))]
