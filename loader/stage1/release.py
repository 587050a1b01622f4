# Release: carry out a decision that has been made (stored, or stage 2's word). Stage 1 never makes one.

markup_waiting = False


def apply(choices, state):
    """Grant or refuse each category as `choices` says; release what is now granted."""
    loader.state = state
    for name in CATEGORIES:
        granted[name] = choices[name] is True
        set_queues(name, granted[name])
    release_held()
    activate_markup()


def release_held():
    released = []

    def collect(entry, script):
        if granted[entry[1]]:
            released.push([script, entry[0]])

    held.forEach(collect)
    for item in released:  # in the order the scripts were stopped
        held.delete(item[0])
        script_src.set.call(item[0], item[1])


def activate_markup():
    """Run <script type="text/plain" data-cmp-category> of granted categories, in document order."""
    global markup_waiting
    if document.readyState == "loading" and not markup_waiting:
        markup_waiting = True
        document.addEventListener("DOMContentLoaded", activate_markup)
    found = document.querySelectorAll('script[type="text/plain"][data-cmp-category]')
    scripts = []
    for i in range(found.length):
        if granted[found[i].getAttribute("data-cmp-category")]:
            scripts.push(found[i])
    run_from(scripts, 0)


def run_from(scripts, index):
    """Activate scripts[index:], one after the other: an external one must load before the next runs."""
    if index >= len(scripts):
        return
    old = scripts[index]
    if not old.isConnected:  # already activated by an earlier pass
        return run_from(scripts, index + 1)
    script = document.createElement("script")
    for i in range(old.attributes.length):  # a NamedNodeMap: PScript's `for in` would give its keys
        attribute = old.attributes[i]
        if ["type", "data-type", "data-src", "data-cmp-category"].indexOf(attribute.name) < 0:
            set_attribute.call(script, attribute.name, attribute.value)
    if old.hasAttribute("data-type"):
        set_attribute.call(script, "type", old.getAttribute("data-type"))
    src = old.getAttribute("data-src")

    def next_one():
        run_from(scripts, index + 1)

    if src:
        script["async"] = False
        script.addEventListener("load", next_one)
        script.addEventListener("error", next_one)
        script.src = src
    else:
        script.text = old.text
    old.parentNode.replaceChild(script, old)
    if not src:
        next_one()
