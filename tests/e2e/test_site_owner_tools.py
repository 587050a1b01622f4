"""The tools for site owners, used as the README shows: the scan (python -m cmp scan) on a page with
this consent manager and on one without, and the pytest plugin in a site owner's own test run."""

import json
import subprocess
import sys
import textwrap

from conftest import CHROMIUM_ARGS, chromium_path
from loader.bundle import ROOT

CLASSIC = (ROOT / "tests" / "e2e" / "pages" / "classic.html").read_text()
WITHOUT_CMP = CLASSIC.replace('<script src="/dist/consent.js"></script>', "")


def scan(url, tmp_path, *extra):
    return subprocess.run([sys.executable, "-m", "cmp", "scan", url, "--json", str(tmp_path / "scan.json"),
                           "--report", str(tmp_path / "scan.html"), "--settle", "700", *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_scan_passes_a_page_with_this_consent_manager_and_sees_what_accepting_changes(site, tmp_path):
    done = scan(f"{site}/classic.html", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "consent manager found" in done.stdout and "no leaks" in done.stdout
    result = json.loads((tmp_path / "scan.json").read_text())
    after_accept = result["phases"]["accept"]["after_choice"]
    assert "vendor:customerio" in {request["party"] for request in after_accept["requests"]}  # released on accept
    assert result["phases"]["reject"]["after_choice"]["requests"] == []
    cookies = {cookie["name"]: cookie["party"] for cookie in result["phases"]["reject"]["after_choice"]["cookies"]}
    assert cookies == {"cmp_consent": "consent manager"}  # the refusal, stored; nothing else


def test_the_scan_fails_a_page_without_one_and_names_the_leak_its_time_and_its_tag(site, written_page, tmp_path):
    url = written_page("no-cmp.html", WITHOUT_CMP)
    done = scan(url, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "consent manager not found" in done.stdout
    [leak] = json.loads((tmp_path / "scan.json").read_text())["leaks"]
    assert leak["vendor"] == "customerio" and leak["url"] == "https://assets.customer.io/assets/track.js"
    assert leak["from"].startswith(url + ":")  # the inline snippet of the page, with its line
    report = (tmp_path / "scan.html").read_text()
    assert "1 leak(s) before consent" in report and "https://assets.customer.io/assets/track.js" in report


def test_an_unreachable_page_is_a_clear_error(tmp_path):
    done = scan("http://127.0.0.1:9/", tmp_path)
    assert done.returncode == 2 and "error: http://127.0.0.1:9/" in done.stderr


def test_a_site_owner_s_five_line_test_runs_with_the_plugin(site, tmp_path):
    """The README's example, in a project of its own: the plugin comes from the pytest11 entry point."""
    (tmp_path / "test_consent.py").write_text(textwrap.dedent(f"""
        def test_customerio_waits_for_consent(cmp_visitor, cmp_customerio):
            cmp_visitor.open("{site}/classic.html")
            cmp_visitor.assert_no_vendor_traffic_before_consent()
            cmp_visitor.accept_all()
            assert cmp_customerio.wait_for(cmp_visitor.page, 3)[0][0] == "identify"
        """))
    (tmp_path / "conftest.py").write_text(textwrap.dedent(f"""
        import pytest
        from cmp.testing.customerio import CustomerIORecorder
        from demo_site.sandbox import Sandbox

        @pytest.fixture(scope="session")
        def browser_type_launch_args(browser_type_launch_args):  # this machine's Chromium
            return {{**browser_type_launch_args, "args": {CHROMIUM_ARGS!r}, "executable_path": {chromium_path()!r}}}

        @pytest.fixture
        def cmp_customerio(context):  # no internet here: the SDK files from this repository's sandbox
            return CustomerIORecorder(context, Sandbox().respond)
        """))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--browser", "chromium",
                           str(tmp_path)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert "1 passed" in done.stdout, done.stdout[-3000:]
