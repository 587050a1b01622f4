"""The pytest plugin (entry point ``pytest11: cmp``), for Playwright tests (pytest-playwright) of a
site's consent flows. A site owner's test:

    def test_customerio_waits_for_consent(cmp_visitor):
        cmp_visitor.open("http://localhost:8000/pricing")
        cmp_visitor.assert_no_vendor_traffic_before_consent()
        cmp_visitor.accept_all()
        assert cmp_visitor.vendor_traffic()

Fixtures: ``cmp_visitor`` (visitor.Visitor on pytest-playwright's ``page``: a new visitor in a fresh
context) and ``cmp_customerio`` (customerio.CustomerIORecorder: every host of the config's
Customer.io answered locally, events recorded, SDK files from sandbox.Sandbox; nothing reaches
Customer.io). The ini option ``cmp_config`` names the site's config file (default: the packaged
one), whose vendors define vendor traffic and storage. Chromium is the one named by CMP_CHROMIUM,
else a system Chromium on PATH, else Playwright's own; unless the project's own
``browser_type_launch_args`` says otherwise.
"""

from pathlib import Path

import pytest

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration import schema
from heldback.testing.customerio import CustomerIORecorder
from heldback.testing.sandbox import Sandbox
from heldback.testing.visitor import Visitor


def pytest_addoption(parser):
    parser.addini("cmp_config", "the site's cmp config file (TOML), for its vendors", default=str(DEFAULT_CONFIG))


@pytest.fixture(scope="session")
def cmp_config(pytestconfig):
    """The site's resolved cmp Config."""
    path = Path(pytestconfig.getini("cmp_config"))
    return schema.load(path if path.is_absolute() else pytestconfig.rootpath / path)


@pytest.fixture
def cmp_customerio(context, cmp_config):
    vendor = next((vendor for vendor in cmp_config.vendors if vendor["key"] == "customerio"), None)
    return CustomerIORecorder(context, Sandbox().respond, vendor)


def pytest_configure(config):
    # its browser_type_launch_args extends pytest-playwright's: registered after it, here
    config.pluginmanager.import_plugin("heldback.testing.chromium")


@pytest.fixture
def cmp_visitor(page, cmp_config):
    return Visitor(page, cmp_config)
