"""Which hosts a vendor's host entry covers, as the browser connects to them. Stage 1 has the same rule
(heldback/loader/stage1/hosts.py category_of; tests/e2e/test_url_agreement.py keeps the two equal);
heldback/urls.py applies it to URLs, the catalog and the schema check entries with it."""


def host_matches(pattern, hostname, port):
    """Whether a host ``pattern`` covers the host a browser connects to: ``hostname`` as the URL parser
    gives it (lower case, the form DNS sees), ``port`` the port it implies. Trailing dots are not part
    of the name (``cdp.customer.io.`` is cdp.customer.io)."""
    name = hostname.rstrip(".")
    if ":" in pattern:
        return pattern == f"{name}:{port}"
    return name == pattern or name.endswith("." + pattern)


def hosts_overlap(one, other):
    """Whether some host and port a browser connects to is covered by both host entries (the same
    host, one under the other, or a host:port under a host)."""
    (name, _, port), (other_name, _, other_port) = one.partition(":"), other.partition(":")
    if port and other_port:
        return one == other
    if port or other_port:
        return host_matches(other, name, port) if port else host_matches(one, other_name, other_port)
    return host_matches(one, other_name, "") or host_matches(other, name, "")
