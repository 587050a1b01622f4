"""Serving the build: each file of dist/ as it is, or the precompressed copy the build writes next to
it (``.br``, ``.gz``) when the request's Accept-Encoding takes it. Used by the demo server and by
the middleware's ``serve_build`` option; any other server can do the same (README, "Serve the files").
"""

import mimetypes
from pathlib import Path

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # the build writes both; brotli is smaller
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


def respond(folder, name, accept_encoding, cache="no-cache"):
    """(status, headers, body) for file ``name`` of the build in ``folder``; 404 for anything that is
    not a file directly in it (no paths, no precompressed copies asked for by name)."""
    folder = Path(folder)
    path = folder / name
    if "/" in name or "\\" in name or name.startswith(".") or path.suffix in (".br", ".gz") or not path.is_file():
        return 404, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}, b"Not found\n"
    headers = {"Content-Type": TYPES.get(path.suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream",
               "Cache-Control": cache, "Vary": "Accept-Encoding"}
    if name == SERVICE_WORKER:
        headers["Service-Worker-Allowed"] = "/"
    codings = accepted(accept_encoding)
    for coding, suffix in ENCODINGS:
        compressed = path.with_name(name + suffix)
        if coding in codings and compressed.is_file():
            return 200, {**headers, "Content-Encoding": coding}, compressed.read_bytes()
    return 200, headers, path.read_bytes()
