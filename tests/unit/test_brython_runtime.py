"""The two textual passes over Brython's runtime (heldback/building/brython_runtime.py), each with the
exact count of what it expects to change: the build fails rather than ship a runtime it did not read."""

import pytest

from heldback.building.brython_runtime import RUNTIME_PATCHES, own_for_in, trimmed_runtime
from heldback.building.files import BuildError


def test_each_for_in_loop_visits_own_properties_only():
    assert own_for_in("for (var key in $B.obj) {use(key)}\nfor(let k in x[i]) go(k)") == (
        "for (var key in $B.obj) if (Object.hasOwn($B.obj, key)) {use(key)}\n"
        "for(let k in x[i]) if (Object.hasOwn(x[i], k)) go(k)")


def test_a_for_in_loop_of_an_unknown_form_fails_the_build():
    with pytest.raises(BuildError, match="1 for-in loops in a form own_for_in does not know"):
        own_for_in("for (var key in objects()) {}")


def test_every_patch_finds_its_place_once_in_this_brython():
    runtime = trimmed_runtime()
    for old, new in RUNTIME_PATCHES.values():
        assert old not in runtime and new in runtime
