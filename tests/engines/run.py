"""The test command (``make test``): every test in Chromium, and the engine-wide ones (ENGINE_WIDE)
in Firefox and WebKit, the three runs at once: they mostly wait on browsers, so together they take
little longer than the longest. Each run's output is printed as it ends; the exit status is non-zero
if any run failed. ``python -m tests.engines.run chromium`` runs only the engines named."""

import subprocess
import sys
import tempfile
import time

from tests.conftest import ENGINES

# In Firefox and WebKit: the guard matrix before consent and after accept (its reject rows, the same
# guard with another stored decision, run in Chromium), hold-and-replay and the first layer.
ENGINE_WIDE = ["tests/e2e/test_guard_matrix.py", "tests/e2e/test_hold_and_replay.py", "tests/e2e/test_first_layer.py",
               "-k", "not test_reject_keeps_the_path_closed_now_and_on_the_next_page_view"]
ARGUMENTS = {"chromium": [], "firefox": ["--engine", "firefox", *ENGINE_WIDE], "webkit": ["--engine", "webkit", *ENGINE_WIDE]}


def main(engines):
    unknown = set(engines) - set(ENGINES)
    if unknown:
        raise SystemExit(f"unknown engine(s) {sorted(unknown)}: choose from {', '.join(ENGINES)}")
    started = time.monotonic()
    runs = {}
    for engine in engines:
        log = tempfile.TemporaryFile()
        runs[engine] = (subprocess.Popen([sys.executable, "-m", "pytest", *ARGUMENTS[engine]], stdout=log,
                                         stderr=subprocess.STDOUT), log)
    failed = []
    while runs:
        for engine, (process, log) in list(runs.items()):
            if process.poll() is None:
                continue
            del runs[engine]
            log.seek(0)
            print(f"===== {engine}: exit {process.returncode} after {time.monotonic() - started:.0f} s =====", flush=True)
            sys.stdout.buffer.write(log.read())
            sys.stdout.flush()
            if process.returncode:
                failed.append(engine)
        time.sleep(0.5)
    print(f"===== {', '.join(engines)}: " + (f"FAILED in {', '.join(failed)}" if failed else "passed") + " =====")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(ENGINES)))
