"""The pytest plugin (entry point ``pytest11: cmp``), for Playwright tests (pytest-playwright) of a
site's consent flows. A site owner's test:

    def test_customerio_waits_for_consent(cmp_visitor):
        cmp_visitor.open("http://localhost:8000/pricing")
        cmp_visitor.assert_no_vendor_traffic_before_consent()
        cmp_visitor.accept_all()
        assert cmp_visitor.vendor_traffic()

Fixtures: ``cmp_visitor`` (visitor.Visitor on pytest-playwright's ``page``: a new visitor in a fresh
context) and ``cmp_customerio`` (customerio.CustomerIORecorder: Customer.io's events recorded and
answered locally, nothing sent to Customer.io). The ini option ``cmp_config`` names the site's
config file (default: the packaged one), whose vendors define vendor traffic and storage.
"""

from pathlib import Path

import pytest

from cmp.cli import DEFAULT_CONFIG
from cmp.core import config_schema
from cmp.testing.customerio import CustomerIORecorder
from cmp.testing.visitor import Visitor


def pytest_addoption(parser):
    parser.addini("cmp_config", "the site's cmp config file (TOML), for its vendors", default=str(DEFAULT_CONFIG))


@pytest.fixture(scope="session")
def cmp_config(pytestconfig):
    """The site's resolved cmp Config."""
    path = Path(pytestconfig.getini("cmp_config"))
    return config_schema.load(path if path.is_absolute() else pytestconfig.rootpath / path)


@pytest.fixture
def cmp_customerio(context):
    return CustomerIORecorder(context)


@pytest.fixture
def cmp_visitor(page, cmp_config):
    return Visitor(page, cmp_config)
