# Vendor queues: the page's calls to a vendor (`_cio.track(...)`, `cioanalytics.identify(...)`) are
# kept in memory, in the vendor's own format, so the real SDK replays them itself once it is released:
# an array of [method, ...args], or for a vendor whose snippet adopts an object (Amplitude), the array
# in it (`amplitude._q`) of {name, args}. After a refusal the array is emptied and `push` does nothing.


def noop():
    return None


def queue_call(holder, queue, method, as_object):
    def call(*args):
        queue.push({"name": method, "args": args} if as_object else [method].concat(args))
        return holder
    return call


def queue_of(entry):
    """The array that keeps entry's calls: [global, category, methods, into, also]."""
    found = window[entry[0]]
    return found[entry[3]] if entry[3] and found else found


def install_queues():
    for entry in QUEUES:
        holder = window[entry[0]]
        if entry[3]:  # an object with its queue in it
            if not holder or Array.isArray(holder):
                holder = {}
                window[entry[0]] = holder
            if not Array.isArray(holder[entry[3]]):
                holder[entry[3]] = []
            for field in entry[4]:
                if not holder[field]:
                    holder[field] = {}
        elif not Array.isArray(holder):
            holder = []
            window[entry[0]] = holder
        queue = queue_of(entry)
        for method in entry[2]:
            if not holder[method]:
                holder[method] = queue_call(holder, queue, method, entry[3])


def set_queues(category, allowed):
    for entry in QUEUES:
        queue = queue_of(entry)
        if entry[1] == category and Array.isArray(queue):
            if not allowed:
                queue.length = 0
                queue.push = noop
            elif queue.push is noop:
                del queue.push
