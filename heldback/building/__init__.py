"""Build dist/ from source: the files a site serves.

- ``consent.js`` (stage 1, stage1.py): heldback/loader/stage1/*.py in PScript's Python dialect
  (pscript_dialect.py), compiled ahead of time to standalone JavaScript over a few lines of runtime
  (heldback/loader/stage1/runtime.js), with the facts it needs baked in from heldback/core (hosts,
  categories, cookie).
- ``consent-banner.<language>.js`` (first_layer.py): the first layer (heldback/loader/first_layer.py),
  one file per language: the banner, made here from heldback/core/views.py, and the decisions it makes
  without stage 2.
- ``consent-app.js`` (stage2.py): the Brython runtime, trimmed (brython_runtime.py), followed by the
  ``heldback`` package, precompiled to JavaScript here with Brython's own compiler, so visitors never
  parse Python.
- ``consent-worker.js`` (worker_guard.py): the guard in the global of every worker the page makes
  (heldback/loader/consent_worker.py).
- ``consent-sw.js`` (service_worker.py): the network guard, a service worker a site may opt into
  (heldback/loader/consent_sw.py).
- ``cmp_consent.py``: window.cmp for Python on PyScript pages (heldback/pyscript), as it is.

All go through terser, which also escapes every non-ASCII character: the files then work whatever
encoding the page declares (or fails to). terser and Brython's compiler run in QuickJS, in this
process (toolchain.py): no Node.js. The output depends only on the sources, the config and the
pinned tool versions, so a rebuild reproduces the committed dist/ byte for byte.
"""

import gzip
from pathlib import Path

import brotli

from heldback.building.files import (APP_FILE, BANNER_FILES, PACKAGE, PYSCRIPT_FILE, ROOT, SERVICE_WORKER_FILE,
                                     STAGE1_FILE, WORKER_FILE, BuildError)
from heldback.building.first_layer import build_first_layer
from heldback.building.service_worker import build_service_worker
from heldback.building.stage1 import build_stage1
from heldback.building.stage2 import build_app
from heldback.building.worker_guard import build_worker_guard
from heldback.core.config import Config

__all__ = ["build", "BuildError", "ROOT", "STAGE1_FILE", "APP_FILE", "BANNER_FILES", "WORKER_FILE",
           "SERVICE_WORKER_FILE", "PYSCRIPT_FILE"]


def build(config: Config, out_dir: Path, precompressed: bool = True) -> dict[str, int]:
    """Write the files into ``out_dir``, each script with its precompressed copies (``.gz``, ``.br``:
    a server can send them as they are, heldback/server/built_files.py); return their sizes.
    Nothing is written if any step fails. ``precompressed=False``: the scripts alone (brotli's best
    takes about 2 s of a 6 s build; the tests' server sends files as they are)."""
    texts = {STAGE1_FILE: build_stage1(config),
             **{BANNER_FILES.format(code): build_first_layer(config, code) for code in config.texts},
             APP_FILE: build_app(config),
             WORKER_FILE: build_worker_guard(config),
             SERVICE_WORKER_FILE: build_service_worker(config),
             PYSCRIPT_FILE: (PACKAGE / "pyscript" / PYSCRIPT_FILE).read_text(encoding="utf-8")}
    files = {}
    for name, text in texts.items():
        data = files[name] = text.encode()
        if precompressed and name.endswith(".js"):
            files[name + ".gz"] = gzip.compress(data, 9, mtime=0)  # no time stamp: reproducible
            files[name + ".br"] = brotli.compress(data, quality=11)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        tmp = out_dir / (name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out_dir / name)
    return {name: len(data) for name, data in files.items()}
