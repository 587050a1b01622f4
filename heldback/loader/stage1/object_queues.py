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
    for entry in OBJECT_QUEUES:
        holder = window[entry[0]]
        if not holder or Array.isArray(holder):
            holder = {}
            window[entry[0]] = holder
        if not Array.isArray(holder[entry[3]]):
            holder[entry[3]] = []
        for field in entry[4]:
            if not holder[field]:
                holder[field] = {}
        for method in entry[2]:
            if not holder[method]:
                holder[method] = object_call(holder, holder[entry[3]], method)


def set_object_queues():
    for entry in OBJECT_QUEUES:
        holder = window[entry[0]]
        set_queue(holder[entry[3]] if holder else None, granted[entry[1]])


extensions.starting.push(install_object_queues)
extensions.granted.push(set_object_queues)
