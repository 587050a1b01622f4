"""Stage 1 keeps the text of the blobs the page makes (a blob: document is read by its content, rows of
test_guard_matrix.py): a Blob, a File and a subclass of either are what they are without the guard."""

MAKE = """async () => {
  class Note extends Blob { get kind() { return 'note'; } }
  var parts = ['<p>', new Blob(['a']), new TextEncoder().encode('b'), '\\u00e9'];
  var made = [new Blob(parts, {type: 'text/html'}), new File(parts, 'f.html', {type: 'text/html'}), new Note(parts), new Blob()];
  var url = URL.createObjectURL(made[0]);
  var fetched = await (await fetch(url)).text();
  URL.revokeObjectURL(url);
  return [fetched, await Promise.all(made.map(async function (blob) {
    return [blob instanceof Blob, blob instanceof File, blob.kind || null, blob.size, blob.type, blob.name || null, await blob.text()];
  }))];
}"""


def made(page, written_page, guarded):
    head = '<script src="/dist/consent.js"></script>' if guarded else ""
    page.goto(written_page(f"blobs-{int(guarded)}.html", f"<!doctype html><html><head>{head}</head><body></body></html>"))
    return page.evaluate(MAKE)


def test_blobs_files_and_their_subclasses_are_what_they_are_without_the_guard(page, written_page):
    unguarded = made(page, written_page, False)
    assert unguarded[1][2][:3] == [True, False, "note"]
    assert made(page, written_page, True) == unguarded
