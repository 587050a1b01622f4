# Sites with a strict Content-Security-Policy or Trusted Types.
#
# Nonces: our own scripts (the first layer, stage 2) carry the nonce of our own tag, and nothing else
# does: a vendor script keeps the nonce the page gave it, declarative markup runs only if it carries
# the page's nonce (release.py may_activate), so that markup injected into a page with a nonce CSP
# stays as inert as the CSP made it.
# Trusted Types (require-trusted-types-for 'script'): the values we hand to the browser's sinks go
# through one policy named "cmp", which such a site allows in its trusted-types directive. It wraps
# only our own script URLs and the declarative markup may_activate lets run (the page's HTML strings
# are parsed as the page gave them, so the browser checks them); it is private to stage 1, and so are
# its methods.

from .natives import new_table, uncurry
from ..browser import trustedTypes

POLICY = "cmp"
TRUSTED_KINDS = ["HTML", "Script", "ScriptURL"]
strict = new_table(None)  # nonce; factory and is_url where the browser has Trusted Types; policy and
strict.nonce = ""         # its create functions where the site allows ours


def start_strict(tag):
    strict.nonce = tag.nonce if tag else ""
    try:
        strict.factory = trustedTypes
        strict.is_url = uncurry(trustedTypes.isScriptURL)
        strict.is_html = uncurry(trustedTypes.isHTML)
        identity = lambda value: value
        strict.policy = trustedTypes.createPolicy(POLICY, {"createHTML": identity, "createScript": identity,
                                                           "createScriptURL": identity})
        for kind in TRUSTED_KINDS:
            strict[kind] = uncurry(strict.policy["create" + kind])
    except Exception:  # no Trusted Types here, or the site does not allow "cmp": plain strings
        strict.policy = None


def trusted(kind, value):
    """`value` as a Trusted Types object of `kind` ("HTML", "Script", "ScriptURL") where there is a policy."""
    return strict[kind](strict.policy, value) if strict.policy else value


def as_loaded(value):
    """What the browser gets for a URL: a TrustedScriptURL as it is (immutable), else its string,
    converted once (what the guard checks is what loads)."""
    return value if strict.is_url and strict.is_url(strict.factory, value) else str(value)
