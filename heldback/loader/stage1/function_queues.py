# Function queues (built in when a config names a vendor whose snippet makes its global a function
# that keeps each call in an array on it: Hotjar's `hj.q`, Clarity's `clarity.q`, LinkedIn's
# `lintrk.q`, Meta's `fbq.queue`); the vendor's loader, held until consent, drains that array.
# Where the snippet adopts a function it finds (`w.hj = w.hj || function ...`), stage 1 makes one
# before any page script ("early"), so that calls made before the snippet runs, or while it is held,
# are kept too. Where the snippet would stop at one (Meta's `if (f.fbq) return`, Intercom, FullStory)
# the global is left to the snippet. Either way a refusal empties the array and it keeps nothing
# more; what it kept while refused is dropped before a later grant releases the page_view.
# Baked: FUNCTION_QUEUES ([[global, consent key, the array's name, "arguments" | "array", early]]).

from .baked import FUNCTION_QUEUES
from .guard import granted
from .natives import table_of
from .queues import set_queue
from .release import extensions
from ..browser import Array, RawJS, window

refused_here = table_of([])  # consent keys refused at some point of this page view


def function_queue(array_name, form):
    queue = []

    def call(*args):  # as the vendor's own stub: its loader reads an arguments object, or an array
        queue.push(RawJS("arguments") if form == "arguments" else args)
    call[array_name] = queue
    return call


def install_function_queues():
    for name, _, array_name, form, early in FUNCTION_QUEUES:
        if early and not window[name]:
            window[name] = function_queue(array_name, form)


def set_function_queues():
    for name, key, array_name, _, _ in FUNCTION_QUEUES:
        if not granted[key]:
            refused_here[key] = True
        holder = window[name]
        queue = holder[array_name] if holder else None
        if refused_here[key] and Array.isArray(queue):  # a snippet's own array may postdate the refusal
            queue.length = 0
        set_queue(queue, granted[key])


extensions.starting.push(install_function_queues)
extensions.granted.push(set_function_queues)
