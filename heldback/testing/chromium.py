"""The browser the plugin's tests run in (a pytest plugin of its own, which plugin.py registers once
every plugin is loaded, so that it comes after pytest-playwright and extends its launch arguments;
a project's conftest still overrides both): the Chromium named by CMP_CHROMIUM, else a system
Chromium on PATH, else Playwright's own."""

import os
import shutil

import pytest


def system_chromium():
    return os.environ.get("CMP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    args = dict(browser_type_launch_args)
    if browser_name != "chromium":
        return args
    if not {"executable_path", "channel"} & args.keys() and system_chromium():
        args["executable_path"] = system_chromium()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args["args"] = [*args.get("args", []), "--no-sandbox"]  # Chromium refuses to run as root without it
    return args
