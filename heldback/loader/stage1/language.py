# The visitor's language: it names the first layer's file (one per language). Baked: LANGUAGES (those
# of the config's texts), LANGUAGE, DEFAULT_LANGUAGE.

from .baked import DEFAULT_LANGUAGE, LANGUAGE, LANGUAGES
from .natives import split_text, table_of, text_lower
from ..browser import document, navigator

HAS_TEXTS = table_of(LANGUAGES)


def language():
    return language_for(document.documentElement.lang, navigator.languages)


def language_for(page_language, preferred):
    """Config.language_for's choice (tests/e2e/test_rule_agreement.py keeps them equal): the config's,
    <html lang>, the browser's, the default."""
    if LANGUAGE != "auto":
        return LANGUAGE
    tags = [page_language]
    for tag in preferred or []:
        tags[len(tags)] = tag
    for tag in tags:
        code = text_lower(split_text(str(tag or ""), "-")[0])
        if HAS_TEXTS[code]:
            return code
    return DEFAULT_LANGUAGE
