"""How the files of the consent manager find each other in a page, and what stage 1 hands over.

Stage 1 (heldback/loader/stage1/api.py) defines ``window[MARK]``, an own property no later script can
replace (not writable, not configurable) and markup cannot make (``<iframe name="cmp.stage1">`` is only
named access): a second copy of the tag knows by it that the first is in charge. Its value is a
function that answers once, with the hand-over, to the script element stage 1 made for the first layer
or stage 2 while it runs; each connects as its first statement (heldback/building/prologue.py
connect_to_stage1). A string key: a page could replace ``Symbol.for`` and be called while our script runs.

The hand-over is a frozen object with the fields below: stage 1 makes it (api.py handover_for), the
first layer (heldback/loader/first_layer.py) and stage 2 (heldback/web/app.py, through the glue of
heldback/building/stage2.py) use it; tests/unit/test_handover_fields.py keeps all of them to this list.
"""

MARK = "cmp.stage1"

FIELDS = {
    "attach": "attach(handler): the layer's handler(kind, name, detail), once; it gets the calls and clicks kept for it",
    "decided": "decided(value): a consent cookie value the layer wrote; stage 1 carries it out. Returns the state or None",
    "state": "state(): what window.cmp.getConsent() returns (None while undecided)",
    "granted": "granted(key): whether a consent key is granted now",
    "deferred": "deferred(): whether stage 2 has been asked for (everything then waits for it)",
    "defer": "defer(kind, name, detail): pass a call or click on to stage 2, loading it",
    "load_app": "load_app(): load stage 2 without passing anything on",
    "mode": "the page view's mode (opt-in or opt-out)",
    "natives": "the first layer only: the browser's functions it decides with, captured before the page's scripts ran",
}
STAGE2_GLUE = {"guard": "guard(run): run with the browser's globals (stage 2's glue adds it; not stage 1's)"}
