"""How the files of the consent manager find each other in a page.

Stage 1 (heldback/loader/stage1/api.py) keeps its hand-over object as an own property of ``window`` keyed by
``Symbol.for(MARK)``. Markup cannot make such a property (``<form id=cmp>`` is only named access) and
neither can an unrelated global, so a second copy of the tag knows that the first is in charge, and the
first layer and stage 2 reach the real object even on a page that redefines ``window.cmp``.
"""

MARK = "cmp.stage1"
