"""What the build makes, and where: the files a site serves (one per layer, one per language for the
first layer), where the build finds its sources and where a checkout keeps dist/ and node_modules/."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # heldback/
ROOT = PACKAGE.parent  # in a checkout: dist/, node_modules/ (test fixtures)
SOURCES = PACKAGE / "loader"  # what the build compiles for the browser
STAGE1_DIR = SOURCES / "stage1"
LAYER_DOM = SOURCES / "layer_dom.py"  # in the first layer, and stage 1's floating button
STAGE1_FILE = "consent.js"
APP_FILE = "consent-app.js"
BANNER_FILES = "consent-banner.{}.js"  # the first layer, one per language
WORKER_FILE = "consent-worker.js"  # the guard in every worker's global (heldback/loader/consent_worker.py)
SERVICE_WORKER_FILE = "consent-sw.js"  # the network guard, opt-in (heldback/loader/consent_sw.py)
PYSCRIPT_FILE = "cmp_consent.py"  # for PyScript pages: copied from heldback/pyscript as it is


class BuildError(Exception):
    """A build that cannot be made: the message names the file and the problem."""
