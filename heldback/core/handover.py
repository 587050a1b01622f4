"""How the files of the consent manager find each other in a page.

Stage 1 (heldback/loader/stage1/api.py) defines ``window[MARK]``, an own property no later script can
replace (not writable, not configurable) and markup cannot make (``<iframe name="cmp.stage1">`` is only
named access): a second copy of the tag knows by it that the first is in charge. Its value is a
function that answers once, with the hand-over, to the script element stage 1 made for the first layer
or stage 2 while it runs; each connects as its first statement (heldback/building/first_layer.py
connect_to_stage1). A string key: a page could replace ``Symbol.for`` and be called while our script runs.
"""

MARK = "cmp.stage1"
