"""Serving the build: each file of dist/ as it is, or the precompressed copy the build writes next to
it (``.br``, ``.gz``) when the request's Accept-Encoding takes it. Used by the demo server and by
the middleware's ``serve_build`` option (``BuildFiles``); any other server can do the same (README,
"Serve the files").

A file of the build is a name in the listing of the build's folder: a regular file directly in it,
not a symlink, not a dot file, not a precompressed copy (those go out only as a coding of their
file). A name from a request is only ever compared with that listing, never looked up on disk, so
what is answered for any other name cannot depend on what exists elsewhere on disk.
"""

import mimetypes
import os
from pathlib import Path

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # the build writes both; brotli is smaller
COPIES = tuple(suffix for _, suffix in ENCODINGS)
NOT_FOUND = 404, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}, b"Not found\n"
TYPES = {".js": "text/javascript; charset=utf-8", ".py": "text/x-python; charset=utf-8"}
SERVICE_WORKER = "consent-sw.js"  # may control the whole site from the build's folder (its scope "/")


def accepted(accept_encoding):
    """The content codings a request's Accept-Encoding accepts (q=0 refuses one)."""
    codings = set()
    for part in (accept_encoding or "").split(","):
        name, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            if float(quality) > 0:
                codings.add(name.strip().lower())
        except ValueError:
            pass
    return codings


def listing(folder):
    """The names of the regular files directly in ``folder`` (no symlinks, no dot files); empty when
    it cannot be read."""
    try:
        with os.scandir(folder) as entries:
            return frozenset(entry.name for entry in entries
                             if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."))
    except OSError:
        return frozenset()


def respond(folder, name, accept_encoding, cache="no-cache", names=None):
    """(status, headers, body) for file ``name`` of the build in ``folder``; 404 for any name that is
    not a file of the build (``names``: the folder's listing, when the caller has it)."""
    names = listing(folder) if names is None else names
    if name not in names or name.endswith(COPIES):
        return NOT_FOUND
    path = Path(folder) / name
    headers = {"Content-Type": TYPES.get(path.suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream",
               "Cache-Control": cache, "Vary": "Accept-Encoding"}
    if name == SERVICE_WORKER:
        headers["Service-Worker-Allowed"] = "/"
    codings = accepted(accept_encoding)
    try:
        for coding, suffix in ENCODINGS:
            if coding in codings and name + suffix in names:
                return 200, {**headers, "Content-Encoding": coding}, path.with_name(name + suffix).read_bytes()
        return 200, headers, path.read_bytes()
    except OSError:  # taken away since the listing was read (a build in progress)
        return NOT_FOUND


class BuildFiles:
    """The build's files under ``script_url``'s folder, answered from ``folder`` (None: nothing is).
    Any other request, under that folder or not, is the app's to answer."""

    def __init__(self, script_url, folder):
        self.prefix = script_url.rpartition("/")[0] + "/"
        self.folder = None if folder is None else Path(folder)
        if self.folder is not None and not self.folder.is_dir():
            raise ValueError(f"serve_build: {folder}: no such folder (serve_build is the output folder of "
                             "python -m heldback build)")
        self.listed = (None, frozenset())  # (the folder's modification time, its listing)

    def names(self):
        """The folder's listing, read again when the folder changes (a build adds or takes away files)."""
        try:
            changed = self.folder.stat().st_mtime_ns
        except OSError:
            return frozenset()
        if self.listed[0] != changed:
            self.listed = (changed, listing(self.folder))
        return self.listed[1]

    def answer(self, method, path, accept_encoding):
        """(status, headers, body) when ``path`` is a file of the build, else None: the app's."""
        if self.folder is None or method not in ("GET", "HEAD") or not path.startswith(self.prefix):
            return None
        name, names = path[len(self.prefix):], self.names()
        if name not in names or name.endswith(COPIES):
            return None
        status, headers, body = respond(self.folder, name, accept_encoding, names=names)
        return status, {**headers, "Content-Length": str(len(body))}, b"" if method == "HEAD" else body
