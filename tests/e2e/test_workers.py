"""A worker starts in the guard (consent-worker.js) and then runs its own script: what the script sees
of itself is what it sees without the guard. (That a worker's requests to a vendor are held: rows of
test_guard_matrix.py.)"""

ASK = """() => {
  function ask(make) {
    return new Promise(function (done) {
      var worker = make(), port = worker.port || worker;
      port.onmessage = function (event) { done(event.data); };
      port.postMessage('what do you see?');  // at once: a module worker gets it once its script has run
    });
  }
  return Promise.all([ask(function () { return new Worker('/worker-report.js'); }),
                      ask(function () { return new Worker('/worker-report.js', {type: 'module'}); }),
                      ask(function () { return new SharedWorker('/worker-report.js'); })]);
}"""


def seen(page, written_page, guarded):
    head = '<script src="/dist/consent.js"></script>' if guarded else ""
    page.goto(written_page(f"workers-{int(guarded)}.html", f"<!doctype html><html><head>{head}</head><body></body></html>"))
    return page.evaluate(ASK)


def test_a_worker_sees_its_own_location_relative_urls_and_messages_as_without_the_guard(page, written_page, site):
    unguarded = seen(page, written_page, False)
    assert unguarded[0] == [f"{site}/worker-report.js", f"{site}/blank.html", "worker-imported.js"]
    assert seen(page, written_page, True) == unguarded
