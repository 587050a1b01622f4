"""Testing tools for site owners: a pytest plugin (``plugin.py``, registered under the ``pytest11``
entry point ``cmp``) for Playwright tests of the consent flows, with a visitor that drives the banner
through the DOM contract (``visitor.py``) and a local recorder for Customer.io (``customerio.py``)."""
