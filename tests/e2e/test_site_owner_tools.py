"""The tools for site owners, used as the README shows: the scan (python -m heldback scan) on a page with
this consent manager and on one without, and the pytest plugin in a site owner's own test run."""

import json
import os
import re
import subprocess
import sys
import threading

import pytest

from heldback.building import ROOT

CLASSIC = (ROOT / "tests" / "e2e" / "pages" / "classic.html").read_text()
WITHOUT_CMP = CLASSIC.replace('<script src="/dist/consent.js"></script>', "")


def scan(url, tmp_path, *extra):
    return subprocess.run([sys.executable, "-m", "heldback", "scan", url, "--json", str(tmp_path / "scan.json"),
                           "--report", str(tmp_path / "scan.html"), "--wait", "700", *extra],
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


def readme_plugin_example():
    readme = (ROOT / "README.md").read_text()
    start = readme.index("**Test your banner flows**")
    return re.search(r"```python\n(.*?)```", readme[start:], re.DOTALL).group(1)


@pytest.fixture
def demo_on_port_8000():
    """The demo where the README's example expects it (make demo's default port)."""
    from demo_site import server as demo

    try:
        httpd, _ = demo.make_server(8000)
    except OSError as error:
        pytest.fail(f"the README's plugin example needs the demo on port 8000, which is taken: {error}")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield
    httpd.shutdown()
    httpd.server_close()


def test_the_readme_s_plugin_example_passes_as_written_against_the_demo(demo_on_port_8000, tmp_path):
    """In a project of its own, with no conftest: the plugin comes from the pytest11 entry point, finds
    this machine's Chromium and answers the demo's Customer.io (its config's hosts) locally."""
    (tmp_path / "test_consent.py").write_text(readme_plugin_example())
    (tmp_path / "pytest.ini").write_text(f"[pytest]\ncmp_config = {ROOT / 'demo_site' / 'config.toml'}\n")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300, env=env)
    assert "1 passed" in done.stdout, done.stdout[-3000:]


UNKNOWN_TRACKER = CLASSIC.replace("</head>", '<script async src="https://cdn.unknown-tracker.example/t.js"></script></head>')


def test_an_unknown_third_party_before_consent_is_named_a_warning_by_default_and_a_failure_with_strict(
        site, written_page, tmp_path):
    url = written_page("unknown-tracker.html", UNKNOWN_TRACKER)
    done = scan(url, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr  # no known vendor leaked
    assert "warning: unknown third party before consent: cdn.unknown-tracker.example" in done.stdout
    assert "1 unknown third party contacted before consent" in done.stdout
    [stranger] = json.loads((tmp_path / "scan.json").read_text())["third_parties"]
    assert stranger["host"] == "cdn.unknown-tracker.example" and stranger["url"] == "https://cdn.unknown-tracker.example/t.js"
    report = (tmp_path / "scan.html").read_text()
    assert "Unknown third parties before consent" in report and "<h2>Leaks</h2>" not in report  # no empty section
    assert '<meta name="viewport"' in report and "break-all" not in report  # readable on a phone

    strict = scan(url, tmp_path, "--strict")
    assert strict.returncode == 1 and "UNKNOWN third party before consent: cdn.unknown-tracker.example" in strict.stdout


def test_a_vendor_tag_in_the_markup_comes_with_the_fix(written_page, tmp_path):
    url = written_page("markup-tag.html", '<!doctype html><html><head><script async '
                       'src="https://assets.customer.io/assets/track.js"></script></head><body></body></html>')
    done = scan(url, tmp_path)
    assert done.returncode == 1
    [leak] = json.loads((tmp_path / "scan.json").read_text())["leaks"]
    assert leak["fix"].startswith("a tag in the page's markup") and "python -m heldback rewrite" in leak["fix"]
    assert "fix: a tag in the page's markup" in done.stdout
    assert "Fix: a tag in the page&#x27;s markup" in (tmp_path / "scan.html").read_text()


def test_crawl_follows_the_site_s_own_links_breadth_first_up_to_n_pages(written_page, tmp_path):
    written_page("crawl-b.html", UNKNOWN_TRACKER)
    written_page("crawl-c.html", CLASSIC)
    start = written_page("crawl-a.html", CLASSIC.replace("</body>", '<a href="crawl-b.html">b</a> <a href="crawl-b.html#x">b'
                                                         '</a> <a href="https://elsewhere.example/">out</a> '
                                                         '<a href="crawl-c.html">c</a></body>'))
    done = scan(start, tmp_path, "--crawl", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads((tmp_path / "scan.json").read_text())
    assert [page["url"] for page in result["pages"]] == [start, start.replace("crawl-a", "crawl-b")]
    [stranger] = result["third_parties"]
    assert stranger["host"] == "cdn.unknown-tracker.example" and stranger["page"].endswith("/crawl-b.html")
    assert scan(start, tmp_path, "--crawl", "0").returncode == 2


LEAKS_OUT_OF_THE_PAGE = {  # what each sends, and where the scan must say it came from
    "https://cdp.customer.io/v1/from-a-worker": "a worker of ",
    "wss://track.customer.io/from-a-worker": "a worker's WebSocket",
    "https://assets.customer.io/from-a-frame": "a frame of http://localhost:",
    "https://customerioforms.com/from-a-service-worker": "a service worker",
    "wss://track-eu.customer.io/from-the-page": "",
    "https://cdp-eu.customer.io/only-for-visitors": "",
    "https://cdp.customer.io/v1/on-first-scroll": "",
    "https://cdp.customer.io/v1/on-first-pointer-move": "",
    "https://cdp.customer.io/v1/on-first-key": "",
    "https://cdp.customer.io/v1/a-second-after-load": "",
    "https://cdp.customer.io/v1/fetch-later": "http://127.0.0.1:",  # (the page's origin: DevTools names no script)
    "https://cdp.customer.io/v1/beacon-at-pagehide": "the page as the visitor left it",
    "https://track.customer.io/keepalive-when-hidden": "the page as the visitor left it",
}


def test_the_scan_sees_workers_frames_of_other_sites_websockets_beacons_at_leaving_late_and_lazy_tags_and_pages_that_hide(
        site, written_page, tmp_path):
    written_page("leaky-worker.js", "fetch('https://cdp.customer.io/v1/from-a-worker').catch(() => {});\n"
                                    "try { new WebSocket('wss://track.customer.io/from-a-worker') } catch (e) {}\n")
    written_page("leaky-sw.js", "self.addEventListener('install', () => "
                                "fetch('https://customerioforms.com/from-a-service-worker').catch(() => {}));\n")
    frame = written_page("leaky-frame.html", "<!doctype html><script>"
                                             "fetch('https://assets.customer.io/from-a-frame').catch(() => {})</script>")
    url = written_page("leaky.html", f"""<!doctype html><html><head><title>leaky</title><script>
      new Worker('leaky-worker.js');
      navigator.serviceWorker.register('leaky-sw.js');
      try {{ new WebSocket('wss://track-eu.customer.io/from-the-page') }} catch (e) {{}}
      if (!navigator.webdriver && !/Headless/.test(navigator.userAgent))
        fetch('https://cdp-eu.customer.io/only-for-visitors').catch(() => {{}});
      function once(type, url) {{
        addEventListener(type, () => fetch(url).catch(() => {{}}), {{once: true}});
      }}
      once('scroll', 'https://cdp.customer.io/v1/on-first-scroll');
      once('pointermove', 'https://cdp.customer.io/v1/on-first-pointer-move');
      once('keydown', 'https://cdp.customer.io/v1/on-first-key');
      addEventListener('load', () => setTimeout(() => fetch('https://cdp.customer.io/v1/a-second-after-load').catch(() => {{}}), 1000));
      fetchLater('https://cdp.customer.io/v1/fetch-later', {{method: 'POST', body: 'x'}});
      addEventListener('pagehide', () => navigator.sendBeacon('https://cdp.customer.io/v1/beacon-at-pagehide', 'x'));
      document.addEventListener('visibilitychange', () => document.visibilityState == 'hidden'
        && fetch('https://track.customer.io/keepalive-when-hidden', {{method: 'POST', body: 'x', keepalive: true}}));
    </script></head><body><iframe src="{frame.replace('127.0.0.1', 'localhost')}"></iframe>
    <div style="height: 3000px">a long page</div></body></html>""")
    done = scan(url, tmp_path, "--wait", "1500")  # (the page has no banner: one visitor)
    assert done.returncode == 1, done.stdout + done.stderr
    found = {leak["url"]: leak["from"] for leak in json.loads((tmp_path / "scan.json").read_text())["leaks"]}
    for leaked, source in LEAKS_OUT_OF_THE_PAGE.items():
        assert leaked in found and found[leaked].startswith(source or url), (leaked, found)
