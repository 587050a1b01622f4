"""The default config (Customer.io under marketing) and the files built for it, as a site serves them:
``CONFIG`` is heldback/default.toml; ``FOLDER`` is heldback/prebuilt in the wheel (pyproject.toml maps
the committed dist/ there), the checkout's dist/ otherwise. ``python -m heldback dist --out DIR``
copies them out. (A module below everything that uses these: the command line, the middleware, the
pytest plugin.)"""

from pathlib import Path

CONFIG = Path(__file__).parent / "default.toml"
_PACKAGED = Path(__file__).parent / "prebuilt"
FOLDER = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).parent.parent / "dist"
