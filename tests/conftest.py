"""``--engine chromium|firefox|webkit``: the browser engine the end-to-end tests run in (tests/engines).
Every test runs in Chromium; the Makefile runs the engine-wide ones (ENGINE_WIDE there) in the others."""

import pytest

ENGINES = ("chromium", "firefox", "webkit")


def pytest_addoption(parser):
    parser.addoption("--engine", choices=ENGINES, default="chromium", help="the engine of the end-to-end tests")


def pytest_configure(config):
    engine = config.getoption("engine")
    if engine == "firefox":
        from tests.engines import firefox

        if not firefox.is_patched():
            raise pytest.UsageError("Playwright is not patched for Firefox ESR: run `python -m tests.engines.firefox`")
        config.option.browser = ["firefox"]  # pytest-playwright's, instead of addopts' chromium
    elif engine == "webkit":
        from tests.engines import webkit

        config.pluginmanager.register(webkit, "heldback-webkit")  # its context and page replace pytest-playwright's
        config.option.browser = ["webkit"]  # test ids say so; Playwright's own WebKit is never launched


def pytest_report_header(config):
    return f"engine: {config.getoption('engine')}"


@pytest.fixture(scope="session")
def engine(pytestconfig):
    """The engine this run's end-to-end tests drive: "chromium", "firefox" or "webkit"."""
    return pytestconfig.getoption("engine")
