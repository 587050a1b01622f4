# Object queues (built in when a config names a vendor whose snippet adopts an object, not an array:
# Amplitude's `window.amplitude || {_q: [], _iq: {}}`): the object is made before any page script,
# and the page's calls kept in its array (`amplitude._q`) as {name, args}, the snippet's own format;
# after a refusal it is emptied and keeps nothing, as queues.py does for arrays.
# Baked: OBJECT_QUEUES ([[global, consent key, methods, the array's name, empty objects beside it]]).

from .baked import OBJECT_QUEUES
from .guard import granted
from .queues import set_queue
from .release import extensions
from ..browser import Array, window


def object_call(holder, queue, method):
    def call(*args):
        queue.push({"name": method, "args": args})
        return holder
    return call


def install_object_queues():
    for name, _, methods, array_name, empty_objects in OBJECT_QUEUES:
        holder = window[name]
        if not holder or Array.isArray(holder):
            holder = {}
            window[name] = holder
        if not Array.isArray(holder[array_name]):
            holder[array_name] = []
        for field in empty_objects:
            if not holder[field]:
                holder[field] = {}
        for method in methods:
            if not holder[method]:
                holder[method] = object_call(holder, holder[array_name], method)


def set_object_queues():
    for name, key, _, array_name, _ in OBJECT_QUEUES:
        holder = window[name]
        set_queue(holder[array_name] if holder else None, granted[key])


extensions.starting.push(install_object_queues)
extensions.granted.push(set_object_queues)
