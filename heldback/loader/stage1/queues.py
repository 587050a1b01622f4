# Vendor queues: the page's calls to a vendor (`_cio.track(...)`, `cioanalytics.identify(...)`) are
# kept in memory, in the vendor's own format (an array of [method, ...args]), so the real SDK replays
# them itself once it is released. After a refusal the array is emptied and `push` does nothing.

from .baked import QUEUES
from ..browser import Array, window


def noop():  # (returns undefined, as a page expects of a method that returns nothing)
    pass


def queue_call(queue, method):
    def call(*args):
        queue.push([method].concat(args))
        return queue
    return call


def install_queues():
    for name, _, methods in QUEUES:
        queue = window[name]
        if not Array.isArray(queue):
            queue = []
            window[name] = queue
        for method in methods:
            if not queue[method]:
                queue[method] = queue_call(queue, method)


def set_queue(queue, allowed):
    """A vendor's array after a decision (the object and function queues' too): refused, it is
    emptied and keeps nothing more; granted, it keeps calls again until the vendor's loader drains it."""
    if not Array.isArray(queue):
        return
    if not allowed:
        queue.length = 0
        queue.push = noop
    elif queue.push is noop:
        del queue.push


def set_queues(category, allowed):
    for name, key, _ in QUEUES:
        if key == category:
            set_queue(window[name], allowed)
