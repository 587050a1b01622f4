"""A consent manager written in Python: stage 1 holds vendors, stage 2 (this package) decides.

heldback.core is pure Python (CPython and Brython); heldback.web runs only in the browser under Brython.
The command line (build, demo) is ``python -m heldback``.
"""

__version__ = "0.1.0"
