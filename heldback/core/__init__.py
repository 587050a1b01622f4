"""Pure logic shared by the build (CPython) and the browser (Brython): no DOM, no I/O."""
