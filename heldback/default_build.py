"""The files built for the default config (Customer.io under marketing), as a site serves them:
``FOLDER`` is heldback/prebuilt in the wheel (pyproject.toml maps the committed dist/ there), the
checkout's dist/ otherwise. ``python -m heldback dist --out DIR`` copies them out."""

from pathlib import Path

_PACKAGED = Path(__file__).parent / "prebuilt"
FOLDER = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).parent.parent / "dist"
