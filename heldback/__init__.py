"""A consent manager written in Python: stage 1 holds vendors, the first layer and stage 2 decide.

heldback.core is pure Python (CPython and Brython); heldback.web runs only in the browser under Brython;
heldback.server holds the rewrite and the middleware, heldback.testing the pytest plugin. The command
line is ``python -m heldback`` (build, dist, rewrite, scan, receipts, demo). heldback.default_build
names the folder of the files built for the default config. (Stage 2 imports this file: no imports.)
"""

__version__ = "0.1.0"
