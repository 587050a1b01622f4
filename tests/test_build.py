"""The build: dist/ is reproducible, within budget, and a broken config stops it with a clear error."""

import gzip
import json
import subprocess
import sys

import pytest

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load
from heldback.building import toolchain
from heldback.building import APP_FILE, BANNER_FILES, PYSCRIPT_FILE, ROOT, SERVICE_WORKER_FILE, STAGE1_FILE, WORKER_FILE, build

DIST = ROOT / "dist"
# gzip bytes. Stage 1 missed issue 5's 3 KB target (README, "Measured"): it carries the guard, the queues,
# the record reader, cross-tab sync and, for strict sites (issue 6), nonce and Trusted Types support;
# since issue 11 it also decides with the browser's own functions only (natives.py), in plain index
# loops, and reads every consent cookie a page gets; since issue 12 it routes to the first layer or
# stage 2: 5.2 KiB. Issue 14 guards every attribute through which an element fetches, on every path
# that sets one (elements.py), CSS url() (styles.py), templates, declarative shadow roots, srcdoc
# frames and the markup parsers: 7.6 KiB, against issue 12's 4 KiB target (they pull against each other). Issue 23
# makes the guard never change what an HTML string means (markup parsed where nothing loads, in the page's
# context, <noscript> as the page reads it, vendor hosts made dead in place in document.write and srcdoc), lets
# declarative markup run only where the site put it, and hands over to the layers through a door only they can
# open: 11.4 KiB, safety before size. Issue 25 closes more paths: a <base> at a vendor is held, data: documents
# and stylesheets are read, SVG's url() attributes and animations, <body background>, FontFace, fetchLater and
# worklets are guarded: 12.1 KiB; every worker starts in the guard (consent-worker.js, loaded only by a page that
# makes a worker): 13 KiB; blob: documents read by their text as data: ones are, ICE servers, WebTransport and
# payment methods: 13.8 KiB. The budget is for the default config: consent_mode.py, receipts.py and
# floating.py come on top when enabled.
CONFIG = load(DEFAULT_CONFIG)
BANNERS = [BANNER_FILES.format(code) for code in CONFIG.texts]  # the first layer, one file per language
BUDGETS = {STAGE1_FILE: 14 * 1024, **{name: 3 * 1024 for name in BANNERS}, APP_FILE: 200 * 1024,
           WORKER_FILE: 2.5 * 1024, SERVICE_WORKER_FILE: 2 * 1024}
# What a first visit downloads when the visitor accepts or rejects from the banner (issue 12: no
# stage 2): stage 1 and the first layer in the visitor's language (8 KiB before issue 14's guard paths, 11
# before issue 23's, 14.2 before issue 25's, 15.5 before its workers, blob: documents, ICE and WebTransport).
FIRST_VISIT = 17 * 1024


def test_dist_is_rebuilt_byte_for_byte_from_source(tmp_path):
    build(CONFIG, tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(path.name for path in DIST.iterdir())
    for path in DIST.iterdir():  # the scripts, their .gz and .br copies, cmp_consent.py
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), f"dist/{path.name} is stale: run python -m heldback build"


def test_dist_files_stay_within_their_gzip_budgets():
    for name, budget in BUDGETS.items():
        size = len(gzip.compress((DIST / name).read_bytes(), 9))
        assert size <= budget, f"dist/{name}: {size} bytes gzip, budget {budget}"


def test_a_first_visit_that_accepts_or_rejects_from_the_banner_stays_within_its_budget():
    size = len(gzip.compress((DIST / STAGE1_FILE).read_bytes(), 9)) + max(
        len(gzip.compress((DIST / name).read_bytes(), 9)) for name in BANNERS)
    assert size <= FIRST_VISIT, f"stage 1 and the first layer: {size} bytes gzip, budget {FIRST_VISIT}"


@pytest.mark.parametrize("text, error", [
    ('[vendors.customerio]\nhosts = ["https://cdp.customer.io/v1"]\n',
     "vendors.customerio.hosts[0]: 'https://cdp.customer.io/v1' is not a host name"),
    ('[vendors.customerio]\nhosts = ["com"]\n',  # issue 23: it held the site's own banner script
     "vendors.customerio.hosts[0]: 'com' is a public suffix (Public Suffix List)"),
    ('privacy_policy_url = "https://shop.example.com/privacy"\n[vendors.acme]\nname = "Acme"\ncategory = "marketing"\n'
     'hosts = ["example.com"]\n', "privacy_policy_url: 'https://shop.example.com/privacy' is on shop.example.com, "
                                   "which vendors.acme claims ('example.com')"),
])
def test_a_broken_config_stops_the_build_naming_file_key_and_problem_and_writes_nothing(tmp_path, text, error):
    config = tmp_path / "site.toml"
    config.write_text("revision = 2\n" + text)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "heldback", "build", "--config", str(config), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert f"error: {config}: {error}" in done.stderr
    assert not out.exists()


def test_dist_files_are_pure_ascii_so_any_page_encoding_reads_them():
    for name in (STAGE1_FILE, *BANNERS, APP_FILE):
        assert (DIST / name).read_bytes().isascii(), f"dist/{name} has non-ASCII bytes"


def test_the_vendored_terser_is_the_one_package_lock_pins():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/terser"]
    assert lock["version"] == toolchain.TERSER_VERSION
    shipped = ROOT / "node_modules" / "terser" / "dist" / "bundle.min.js"
    assert (toolchain.VENDOR / "terser.min.js").read_bytes() == shipped.read_bytes()


def test_numbers_are_written_in_a_radix_as_v8_writes_them():
    """QuickJS writes fractions and large numbers in decimal whatever the radix; the toolchain's
    replacement must match V8 (terser picks number literals with it, Brython names lambdas with it).
    Expected values: Node 20's (V8) output."""
    context = toolchain._context()
    cases = {"(0.5).toString(2)": "0.1", "(0.13153778814316625).toString(36)": "0.4qh0z1qvj8y",
             "(2870177450012600300).toString(16)": "27d4eb2f16566800", "(255).toString(16)": "ff",
             "(-10.25).toString(2)": "-1010.01", "(1e21).toString(36)": "5v1j4f4ds7c000",
             "(0.1).toString(3)": "0.0022002200220022002200220022002201",
             "(123.456).toString(8)": "173.3513615237574734", "(2**53 + 2).toString(7)": "5350140446150306056"}
    assert {code: context.eval(code) for code in cases} == cases
