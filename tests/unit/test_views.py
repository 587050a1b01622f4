from heldback.core import views
from heldback.configuration.schema import parse

CONFIG = parse({"vendors": {"customerio": {}}})


def test_the_banner_renders_to_html_with_its_hooks_and_escaped_texts():
    texts = dict(CONFIG.texts["en"], banner_title="Cookies & <you>")
    html = views.to_html(views.banner(CONFIG, texts, "banner_text", gpc=False))
    assert html.startswith('<section data-cmp-banner class="layer" role="dialog" aria-modal="false" tabindex="-1"')
    assert "<h2 id=\"cmp-banner-title\">Cookies &amp; &lt;you&gt;</h2>" in html
    assert [part.split('"')[0] for part in html.split('data-cmp-action="')[1:]] == ["reject-all", "customize", "accept-all"]
    assert "data-cmp-gpc" not in html and 'data-cmp-action="close"' not in html


def test_the_banner_says_when_global_privacy_control_is_on_and_can_offer_a_close_that_refuses():
    config = parse({"close_refuses": True})
    html = views.to_html(views.banner(config, config.texts["de"], "banner_text_opt_out", gpc=True))
    assert "Global Privacy Control" in html and 'data-cmp-action="close"' in html
    assert "Wir verwenden Cookies und ähnliche Technologien für Analyse und Marketing." in html


def test_the_banner_names_the_categories_the_config_has_in_every_language():
    only_marketing = parse({"categories": {"marketing": {}}})
    three = parse({"categories": {"support": {}, "analytics": {}, "marketing": {}},
                   "texts": {code: {"support_label": label, "support_description": "..."}
                             for code, label in [("en", "Functional"), ("de", "Funktional"), ("fr", "Fonctionnel"),
                                                 ("es", "Funcional"), ("it", "Funzionale"), ("nl", "Functioneel"),
                                                 ("pt", "Funcional"), ("pl", "Funkcjonalne")]}})
    assert "technologies for marketing. Nothing" in views.notice_text(only_marketing, only_marketing.texts["en"], "banner_text")
    assert "for Functional, analytics and marketing." in views.notice_text(three, three.texts["en"], "banner_text")
    for config in (only_marketing, three):
        for code, texts in config.texts.items():
            for key in views.NOTICES.values():
                assert "{" not in views.notice_text(config, texts, key), (code, key)


def test_the_banner_and_the_preferences_link_the_privacy_policy_where_the_config_has_one():
    assert "<a " not in views.to_html(views.banner(CONFIG, CONFIG.texts["en"], "banner_text", gpc=False))
    config = parse({"privacy_policy_url": "/privacy"})
    for layer in (views.banner(config, config.texts["fr"], "banner_text", gpc=False),
                  views.preferences(config, config.texts["fr"], gpc=False)):
        assert '<a href="/privacy" target="_blank" rel="noopener">Politique de confidentialité</a>' in views.to_html(layer)


def test_preferences_list_every_category_with_its_vendors_and_storage():
    html = views.to_html(views.preferences(CONFIG, CONFIG.texts["en"], gpc=False))
    assert html.count('type="checkbox"') == 4  # necessary, analytics, marketing, customerio
    assert '<input type="checkbox" role="switch" data-cmp-category="necessary" id="cmp-necessary" aria-describedby="cmp-necessary-description" checked disabled>' in html
    assert 'data-cmp-vendor="customerio" data-cmp-of="marketing"' in html
    assert "<code>_cioanonid</code><span> · 365 days · Recognizes your browser before you sign in.</span>" in html


def test_a_necessary_vendor_is_listed_under_necessary_without_a_switch():
    config = parse({"vendors": ["stripe", "customerio"]})
    html = views.to_html(views.preferences(config, config.texts["en"], False))
    necessary = html[html.index('data-cmp-category="necessary"'):html.index('data-cmp-category="analytics"')]
    assert "Stripe" in necessary and "__stripe_mid" in necessary
    assert 'data-cmp-vendor="stripe"' not in html and 'data-cmp-vendor="customerio"' in html
