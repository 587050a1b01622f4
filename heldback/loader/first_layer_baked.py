"""What the build bakes into each first layer (consent-banner.<language>.js), declared once with its
type: the build (heldback/building/first_layer.py) writes each value in place of these declarations.
Not compiled as it stands."""

BANNER: list = None  # the banner's node (core/views.py), in this file's language
NOTICES: dict = None  # its text in each mode
FLOATING: list = None  # the floating button's node, or None where the config has none
DECISIONS: dict = None  # action or method -> {consent key: granted} (core/policy.py first_layer)
STYLE: str = None  # the banner's and the floating button's CSS
MARK: str = None  # the hand-over's key on window (core/handover.py)
CODE: str = None  # this file's language
TEMPLATE: str = None  # the consent record, "{field}" for each field (core/consent_record.py)
COOKIE: str = None
ATTRIBUTES: str = None  # the cookie's attributes but its lifetime
MAX_AGE: str = None  # the cookie's lifetime, in seconds
REVISION: int = None
handover = None  # stage 1's hand-over to this layer (heldback/core/handover.py FIELDS), or None: the file's first statement connects (heldback/building/prologue.py)
