"""The cookie declaration: every cookie and storage key of the config's vendors, per category, in every
language, as HTML, Markdown and JSON (python -m heldback declaration)."""

import json

from heldback.cli import main
from heldback.core import declaration
from heldback.configuration.schema import parse
from heldback.configuration.catalog import CATALOG

SITE = {"categories": {"functional": {}, "analytics": {}, "marketing": {}}, "privacy_policy_url": "/privacy",
        "vendors": {"ga4": {}, "hotjar": {}, "stripe": {}, "customerio": {},
                    "acme": {"name": "Acme <Ads>", "category": "marketing", "hosts": ["acme.example"],
                             "cookies": [{"name": "acme|id", "lifetime_days": 30, "purpose": "Counts | visits"}]}}}


def test_each_category_lists_its_vendors_and_each_vendor_every_item_it_stores():
    config = parse(SITE)
    rows = declaration.rows(config, "en")
    assert [row["category"] for row in rows] == ["necessary", "functional", "analytics", "marketing"]
    necessary = rows[0]["vendors"]
    assert necessary[0]["stored"][0]["name"] == "cmp_consent" and necessary[0]["stored"][0]["lifetime"] == "182 days"
    assert [vendor["key"] for vendor in necessary[1:]] == ["stripe"]
    analytics = {vendor["key"]: vendor for vendor in rows[2]["vendors"]}
    assert set(analytics) == {"ga4", "hotjar"}
    assert [item["name"] for item in analytics["ga4"]["stored"]] == [item.name for item in CATALOG["ga4"].stored]
    assert analytics["ga4"]["privacy_policy"] == CATALOG["ga4"].privacy_policy


def test_the_declaration_is_in_every_language_of_the_config():
    config = parse(SITE)
    for code in config.texts:
        html = declaration.html(config, code)
        assert f'lang="{code}"' in html and config.texts[code]["declaration_purpose"] in html
        assert config.texts[code][CATALOG["hotjar"].purpose] in html
    assert "Tage" in declaration.markdown(config, "de") and "jours" in declaration.markdown(config, "fr")


def test_a_site_given_name_or_purpose_is_text_in_html_and_markdown_never_markup():
    config = parse(SITE)
    assert "Acme &lt;Ads&gt;" in declaration.html(config, "en") and "<Ads>" not in declaration.html(config, "en")
    markdown = declaration.markdown(config, "en")
    assert "### Acme &lt;Ads&gt;" in markdown
    assert "| `acme|id` | Cookie | 30 days | Counts \\| visits |" in markdown


def test_the_command_writes_json_for_every_language_and_one_with_language(tmp_path, capsys):
    site = tmp_path / "site.toml"
    site.write_text('privacy_policy_url = "/privacy"\nvendors = ["ga4", "customerio"]\nlanguages = ["en", "pl"]\n')
    assert main(["declaration", "--config", str(site), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["en", "pl"]
    assert [row["category"] for row in data["pl"]] == ["necessary", "analytics", "marketing"]
    assert [vendor["key"] for vendor in data["pl"][1]["vendors"]] == ["ga4"]
    assert main(["declaration", "--config", str(site), "--format", "md", "--language", "pl"]) == 0
    assert capsys.readouterr().out.startswith("<!-- pl -->\n## Niezbędne")
    assert main(["declaration", "--config", str(site), "--language", "xx"]) == 1
    assert "'xx' is not one of the config's languages (en, pl)" in capsys.readouterr().err


def test_the_readme_s_declaration_commands_run_as_written(tmp_path, monkeypatch, capsys):
    import re
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    commands = re.findall(r"^python -m heldback declaration .*$", readme, re.MULTILINE)
    assert len(commands) == 3
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.toml").write_text('vendors = ["ga4", "gtm", "metapixel", "hotjar", "stripe", "customerio", "sentry"]\n'
                                        '[categories.functional]\n[categories.analytics]\n[categories.marketing]\n')
    for command in commands:
        assert main(shlex.split(command)[3:]) == 0, command
    assert "<h3>Hotjar</h3>" in (tmp_path / "cookies.html").read_text()
    markdown = capsys.readouterr().out
    assert markdown.startswith("<!-- de -->\n## Notwendig") and "### Hotjar" in markdown and "| `_ga` |" in markdown
    assert set(json.loads((tmp_path / "cookies.json").read_text())) == {"en", "de", "fr", "es", "it", "nl", "pt", "pl"}
