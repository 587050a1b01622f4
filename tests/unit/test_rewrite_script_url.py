"""The rewrite command refuses a --script-url on a vendor's host: the guard would hold the consent
manager itself, and the visitor could never decide (issue 23)."""

import pytest

from heldback.cli import main

SITE = '[vendors.acme]\nname = "Acme"\ncategory = "marketing"\nhosts = ["example.com"]\n'
PAGE = "<!doctype html><html><head><title>Shop</title></head><body></body></html>\n"


@pytest.fixture
def site(tmp_path):
    (tmp_path / "site.toml").write_text(SITE)
    (tmp_path / "page.html").write_text(PAGE)
    return tmp_path


@pytest.mark.parametrize("script_url", ["https://cdn.example.com/consent.js", "//cdn.example.com/consent.js",
                                        "http://CDN.example.com.:80/consent.js"])
def test_a_script_url_on_a_vendors_host_is_refused_and_nothing_is_written(site, script_url, capsys):
    done = main(["rewrite", str(site / "page.html"), "--in-place", "--config", str(site / "site.toml"),
                 "--script-url", script_url])
    assert done == 1
    assert capsys.readouterr().err == (
        f"error: --script-url: {script_url!r} is on cdn.example.com, which vendors.acme claims ('example.com'): "
        "the site's own host is never a vendor's (the guard would hold the site and its consent manager)\n")
    assert (site / "page.html").read_text() == PAGE


@pytest.mark.parametrize("script_url", ["/dist/consent.js", "https://static.example.org/consent.js"])
def test_a_script_url_on_the_page_s_host_or_a_host_no_vendor_claims_is_injected(site, script_url, capsys):
    assert main(["rewrite", str(site / "page.html"), "--config", str(site / "site.toml"), "--script-url", script_url]) == 0
    assert f'<script src="{script_url}"></script>' in capsys.readouterr().out
