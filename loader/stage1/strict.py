# Sites with a strict Content-Security-Policy or Trusted Types.
#
# Nonces: our scripts, and the vendor scripts we release, carry the nonce of our own tag.
# Trusted Types (require-trusted-types-for 'script'): the values we hand to the browser's sinks go
# through one policy named "cmp", which such a site allows in its trusted-types directive. It wraps
# only our own script URLs, the page's declarative markup and the page's own (already trusted) HTML
# minus the vendor tags the guard took out; it is private to stage 1.

POLICY = "cmp"
strict = {"nonce": "", "policy": None}


def start_strict(tag):
    strict.nonce = tag.nonce if tag else ""
    try:
        identity = lambda value: value
        strict.policy = trustedTypes.createPolicy(POLICY, {"createHTML": identity, "createScript": identity,
                                                           "createScriptURL": identity})
    except Exception:  # no Trusted Types here, or the site does not allow "cmp": plain strings
        pass


def trusted(kind, value):
    """`value` as a Trusted Types object of `kind` ("HTML", "Script", "ScriptURL") where there is a policy."""
    return strict.policy["create" + kind](value) if strict.policy else value


def as_loaded(value):
    """What the browser gets for a URL: a TrustedScriptURL as it is (immutable), else its string,
    converted once (what the guard checks is what loads)."""
    return value if window.trustedTypes and trustedTypes.isScriptURL(value) else str(value)
