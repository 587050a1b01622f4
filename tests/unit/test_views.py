from cmp.core import views
from cmp.core.config_schema import parse

CONFIG = parse({})


def test_the_banner_renders_to_html_with_its_hooks_and_escaped_texts():
    texts = dict(CONFIG.texts["en"], banner_title="Cookies & <you>")
    html = views.to_html(views.banner(texts, "banner_text", gpc=False, close_refuses=False))
    assert html.startswith('<section data-cmp-banner class="layer" role="dialog" aria-modal="false" tabindex="-1"')
    assert "<h2 id=\"cmp-banner-title\">Cookies &amp; &lt;you&gt;</h2>" in html
    assert [part.split('"')[0] for part in html.split('data-cmp-action="')[1:]] == ["reject-all", "customize", "accept-all"]
    assert "data-cmp-gpc" not in html and 'data-cmp-action="close"' not in html


def test_the_banner_says_when_global_privacy_control_is_on_and_can_offer_a_close_that_refuses():
    html = views.to_html(views.banner(CONFIG.texts["de"], "banner_text_opt_out", gpc=True, close_refuses=True))
    assert "Global Privacy Control" in html and 'data-cmp-action="close"' in html
    assert CONFIG.texts["de"]["banner_text_opt_out"] in html


def test_preferences_list_every_category_with_its_vendors_and_storage():
    html = views.to_html(views.preferences(CONFIG, CONFIG.texts["en"], gpc=False))
    assert html.count('type="checkbox"') == 4  # necessary, analytics, marketing, customerio
    assert '<input type="checkbox" data-cmp-category="necessary" id="cmp-necessary" aria-describedby="cmp-necessary-description" checked disabled>' in html
    assert 'data-cmp-vendor="customerio" data-cmp-of="marketing"' in html
    assert "<code>_cioanonid</code><span> · 365 days · Recognizes your browser before you sign in.</span>" in html
