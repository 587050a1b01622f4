"""What the build bakes into stage 1 and the service worker, declared once with its type: the build
(heldback/building/stage1.py settings, optional_parts) writes each value in place of these
declarations, and fails on a value declared nowhere here. The values are facts of the config and of
heldback/core, defined there once; this file is not compiled as it stands."""

# every stage 1
COOKIE: str = None  # the consent cookie's name (core/consent_record.py)
RECORD_PART: str = None  # a cookie part holding a record, as a RegExp source (core/consent_record.py)
CATEGORY_SEPARATOR: str = None  # between the granted keys of a record
MAX_CLOCK_SKEW: int = None  # seconds a record may lie in the future
REVISION: int = None  # the config's revision: a record of another one counts as none
LIFETIME: int = None  # seconds a decision holds after it was last made
KEYS: list = None  # every consent key: the categories, then the vendors
CATEGORIES: list = None  # the categories, in display order
HOSTS: list = None  # [host, vendor key] of every host a vendor of the config claims
FETCHING_LIST: list = None  # "element attribute" of what fetches (core/fetching.py)
HELD_LIST: list = None  # the ones among them held and released
URL_LIST_NAMES: list = None  # attributes that hold a list of URLs
LIST_SEPARATOR_CHARACTERS: list = None  # between the URLs of such a list
DOCUMENTS_LIST: list = None  # "element attribute" where a data: URL is a document or stylesheet (core/fetching.py)
SVG_CSS_LIST: list = None  # SVG attributes that are CSS properties with url()s (core/fetching.py)
QUEUES: list = None  # [global, consent key, [methods]] of each vendor's array queue
MODES: list = None  # the modes a page may ask for
MODE: str = None  # the config's mode
GPC_KEYS: list = None  # what Global Privacy Control refuses by default
RELOAD: bool = None  # reload when a refusal concerns code that already ran
FIRST_LAYER: list = None  # the actions and methods the first layer carries out (core/policy.py)
APP_FILE: str = None  # stage 2's file name
WORKER_FILE: str = None  # the guard in workers' globals (heldback/loader/consent_worker.py)
LANGUAGES: list = None  # the languages the config ships
BANNER_FILES: str = None  # the first layer's file name, "{}" for the language
LANGUAGE: str = None  # the config's language, or "auto"
DEFAULT_LANGUAGE: str = None
MARK: str = None  # the hand-over's key on window (core/handover.py)

# the optional parts, each only in a stage 1 that has the part
CONSENT_SIGNALS: list = None  # consent_mode.py: [Google signal, consent key]
WAIT_FOR_UPDATE: int = None  # consent_mode.py: ms Google's tags wait for an update
FLOATING: dict = None  # floating.py: the button's node, per language
FLOATING_STYLE: str = None  # floating.py
RECEIPT_ENDPOINT: str = None  # receipts.py
RECEIPTS_KEY: str = None  # receipts.py: the localStorage key of receipts not yet confirmed
OBJECT_QUEUES: list = None  # object_queues.py: [global, consent key, [methods], array name, [empty objects]]
FUNCTION_QUEUES: list = None  # function_queues.py: [global, consent key, array name, "arguments" | "array", early]
SERVICE_WORKER: str = None  # service_worker.py: the path the site serves consent-sw.js at
SERVICE_WORKER_SCOPE: str = None  # service_worker.py: its scope, or None for its folder
