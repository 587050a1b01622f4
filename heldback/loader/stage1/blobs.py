# Blobs: a same-origin blob: document in a frame runs its scripts before the guard can reach its
# window, so it is read as a data: document is (elements.py data_vendor): by its content. Stage 1
# keeps the text of each Blob and File the page makes from strings (and from blobs whose text it
# knows) where it may be a document (may_be_document), and which blob each blob: URL the page makes
# stands for. Such a blob whose text is not known may name anything.

from .natives import (
    array_from, construct_with, getter, map_delete, map_get, map_set, replace_constructor, split_text, table_of,
    text_ends_with, text_lower, text_trim, type_of, weak_get, weak_set,
)
from ..browser import Blob, Map, RawJS, WeakMap

texts = WeakMap()  # Blob -> its text, where every part was a string or a blob of known text
by_url = Map()  # blob: URL the page made -> its Blob
blob_type = getter(Blob.prototype, "type")
DOCUMENT_TYPES = table_of(["text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml"])


def guard_blobs(win):
    for name in ["Blob", "File"]:
        keep_text(win, name)
    create = win.URL.createObjectURL
    revoke = win.URL.revokeObjectURL

    def created(thing):
        url = create(thing)
        map_set(by_url, url, thing)
        return url

    def revoked(url):
        map_delete(by_url, str(url))
        return revoke(url)

    win.URL.createObjectURL = created
    win.URL.revokeObjectURL = revoked


def keep_text(win, name):
    Native = win[name]

    def construct(this, *args):
        if len(args) and args[0] is not None:
            args[0] = array_from(args[0])  # read once: what is kept is what the blob holds
        made = construct_with(Native, args, RawJS("new.target") or Native)  # (a subclass's instance)
        if not may_be_document(made):  # (a large JSON or CSV blob is not copied)
            return made
        text = ""
        for part in args[0] if len(args) and args[0] is not None else []:
            known = part if type_of(part) == "string" else weak_get(texts, part)
            if type_of(known) != "string":
                return made
            text += known
        weak_set(texts, made, text)
        return made

    replace_constructor(win, name, construct)


def may_be_document(blob):
    """Whether a blob may be a document, which may fetch (HTML, XML, SVG or no type): not an image,
    a PDF, a video, a MediaSource."""
    try:
        kind = text_trim(text_lower(split_text(blob_type(blob), ";")[0]))
    except Exception:  # a MediaSource
        return False
    return not kind or DOCUMENT_TYPES[kind] or text_ends_with(kind, "+xml")


def blob_document(url):
    """[found, text]: for the blob a blob: URL stands for, its text where it may be a document and
    that text is known ("" where it cannot be one, undefined where not known); found is False for a
    blob the page never made here."""
    blob = map_get(by_url, url)
    if not blob:
        return [False, None]
    return [True, weak_get(texts, blob) if may_be_document(blob) else ""]
