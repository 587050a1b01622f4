"""The package as a site owner gets it: a wheel built from the checkout's tracked files (no
node_modules) installs into a fresh venv, holds one top-level package, and builds a site's own
config with Python alone (no Node.js on PATH); the build holds the site's vendor and knows nothing
of Customer.io, which that site does not use."""

import fcntl
import re
import shutil
import subprocess
import sys
import venv
import zipfile

import pytest

from conftest import BUILDS, ROOT

SITE_CONFIG = """\
revision = 1
[categories.analytics]
[vendors.acme]
name = "Acme Analytics"
category = "analytics"
hosts = ["pixel.acme.example"]
"""
PAGE = """<!doctype html><html lang="en"><head><script src="{built}/consent.js"></script>
<script>var s = document.createElement('script'); s.src = 'https://pixel.acme.example/tag.js'; document.head.appendChild(s);</script>
</head><body><a href="#" data-cmp-action="open-preferences">Privacy choices</a></body></html>"""


@pytest.fixture(scope="session")
def installed(tmp_path_factory, worker_id):
    """(wheel, the venv's python, environment without Node.js, work folder): made once for the test
    run, by whichever of its workers gets there first, while the others wait. The venv's cache of
    terser's output starts as a copy of the checkout's (which the test run's first build filled):
    entries are named by the hash of terser and its input, so the installed package reuses the
    Brython runtime's minified form (which takes minutes cold on a busy machine) and still minifies
    everything that depends on the site's config itself."""
    run = tmp_path_factory.getbasetemp()
    work = (run if worker_id == "master" else run.parent) / "packaging"  # (xdist: the run's folder, shared)
    work.mkdir(exist_ok=True)
    with open(work / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (work / "installed").exists():
            install(work)
            (work / "installed").touch()
    (wheel,) = (work / "wheels").glob("heldback-*.whl")
    python = work / "venv" / "bin" / "python"
    env = {"PATH": str(python.parent), "HOME": str(work), "XDG_CACHE_HOME": str(work / "cache")}
    assert shutil.which("node", path=env["PATH"]) is None
    return wheel, python, env, work


def install(work):
    """A wheel of the tracked files, installed in a fresh venv."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    source = work / "source"
    for name in tracked.stdout.split("\0"):
        if name and (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", work / "wheels", source],
                   check=True)
    (wheel,) = (work / "wheels").glob("heldback-*.whl")
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", wheel], check=True)
    if (ROOT / ".cache" / "minified").is_dir():
        shutil.copytree(ROOT / ".cache" / "minified", work / "cache" / "heldback" / "minified")


def test_the_wheel_ships_one_top_level_package_with_the_default_build(installed):
    wheel, *_ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"heldback", wheel.name.split("-py3")[0] + ".dist-info"}
    assert {"heldback/prebuilt/consent.js", "heldback/prebuilt/consent-app.js", "heldback/loader/stage1/runtime.js",
            "heldback/building/vendor/terser.min.js", "heldback/building/vendor/terser.LICENSE"} <= set(names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert re.search(r"^Name: heldback$", metadata, re.MULTILINE) and re.search(r"^License-Expression: MIT$", metadata, re.MULTILINE)


def test_the_installed_package_copies_out_the_default_build(installed, tmp_path):
    _, python, env, _ = installed
    subprocess.run([python, "-m", "heldback", "dist", "--out", tmp_path], env=env, check=True, capture_output=True)
    where = subprocess.run([python, "-c", "from heldback.default_build import FOLDER; print(FOLDER)"], env=env, cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where.endswith("site-packages/heldback/prebuilt")  # the importable path, inside the installed package
    for built in (ROOT / "dist").iterdir():
        assert (tmp_path / built.name).read_bytes() == built.read_bytes(), built.name


def test_the_installed_package_builds_a_site_config_without_node(installed, page, site, network):
    _, python, env, work = installed
    (work / "site.toml").write_text(SITE_CONFIG)
    out = work / "site-dist"
    done = subprocess.run([python, "-m", "heldback", "build", "--config", work / "site.toml", "--out", out],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    stage1 = (out / "consent.js").read_text()
    assert "pixel.acme.example" in stage1 and "customer.io" not in stage1 and "_cio" not in stage1

    BUILDS["site-from-wheel"] = out
    page.context.route(re.compile(r"^https://pixel\.acme\.example/"), lambda route: route.fulfill(
        status=200, content_type="application/javascript", body="window.acmeRan = (window.acmeRan || 0) + 1"))
    page.route(f"{site}/acme.html", lambda route: route.fulfill(content_type="text/html",
                                                                 body=PAGE.format(built="/builds/site-from-wheel")))
    page.goto(f"{site}/acme.html")
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.wait_for_timeout(300)
    assert [url for url in network.urls if "acme.example" in url] == []  # held before consent

    page.click("[data-cmp-action='open-preferences']")
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
    preferences = page.inner_text("[data-cmp-preferences]")
    assert "Acme Analytics" in preferences and "Customer.io" not in preferences
    page.click("[data-cmp-preferences] [data-cmp-action='accept-all']")
    page.wait_for_function("window.acmeRan === 1")  # released once, on consent
    assert page.evaluate("cmp.getConsent().analytics") is True
    assert [url for url in network.urls if "acme.example" in url] == ["https://pixel.acme.example/tag.js"]


def test_the_readme_s_quick_start_builds_and_rewrites_with_the_installed_package(installed, tmp_path):
    """Its build and rewrite commands as written, in a site's folder (the scan: test_site_owner_tools)."""
    _, python, env, _ = installed
    readme = (ROOT / "README.md").read_text()
    quick = readme[readme.index("## Quick start"):readme.index("## The two commands")]
    (tmp_path / "site.toml").write_text(re.search(r"```toml\n(.*?)```", quick, re.DOTALL).group(1))
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "home.html"
    page.write_text('<html><head><script src="https://cdp.customer.io/v1/analytics-js/snippet/K/analytics.min.js">'
                    '</script></head><body></body></html>')
    commands = re.findall(r"^python -m heldback (?:build|rewrite) .*$", quick, re.MULTILINE)
    assert len(commands) == 2
    for command in commands:
        done = subprocess.run(command.replace("python", str(python), 1), shell=True, cwd=tmp_path, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "static" / "consent" / "consent.js").exists()
    assert page.read_text().startswith('<html><head><script src="/static/consent/consent.js"></script>'
                                       '<script type="text/plain" data-cmp-category="marketing"')
