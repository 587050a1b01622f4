"""The test command (``make test``): every test in Chromium, and the engine-wide ones (ENGINE_WIDE)
in Firefox and WebKit, in two lanes: Chromium (all but its guard matrix) and then the matrix's reject
rows, beside Firefox, WebKit and then the rest of Chromium's matrix. Three runs at once crowd two
cores; two even lanes finish soonest (a clean clone: 705 + 139 s beside 444 + 261 + 155 s). Each
run's output is printed as it ends; the exit status is non-zero if any run failed.
``python -m tests.engines.run chromium`` runs only the engines named."""

import subprocess
import sys
import tempfile
import threading
import time

from tests.conftest import ENGINES

# In Firefox and WebKit: the guard matrix before consent and after accept (its reject rows, the same
# guard with another stored decision, run in Chromium), hold-and-replay, the first layer, and what the
# guard must not change or lend (markup fidelity, declarative trust, the hand-over, encoded pages). (The
# function queues patch no prototype: Chromium alone, to keep CI under 20 minutes.)
REJECT = "test_reject_keeps_the_path_closed_now_and_on_the_next_page_view"
ENGINE_WIDE = ["tests/e2e/test_guard_matrix.py", "tests/e2e/test_hold_and_replay.py", "tests/e2e/test_first_layer.py",
               "tests/e2e/test_markup_fidelity.py", "tests/e2e/test_declarative_trust.py", "tests/e2e/test_handover.py",
               "tests/e2e/test_encoded_pages.py", "tests/e2e/test_workers.py", "tests/e2e/test_blobs.py", "-k", f"not {REJECT}"]
MATRIX = "tests/e2e/test_guard_matrix.py"
# run -> its pytest arguments; Chromium's matrix runs apart, in two halves, to even out the two lanes
ARGUMENTS = {"chromium": ["--ignore", MATRIX], "firefox": ["--engine", "firefox", *ENGINE_WIDE],
             "webkit": ["--engine", "webkit", *ENGINE_WIDE], "chromium matrix": [MATRIX, "-k", f"not {REJECT}"],
             "chromium matrix, reject": [MATRIX, "-k", REJECT]}
LANES = [["chromium", "chromium matrix, reject"], ["firefox", "webkit", "chromium matrix"]]


# Browsers per run: each lane's tests mostly wait on their pages (a clean-checkout run kept two cores
# about half busy with two per run), so three per run finish sooner
WORKERS = "3"
WARM_UP_SECONDS = 180  # a cold build takes about 30 s


def warm_up():
    """One build before the runs: terser's cache (.cache/) then holds the Brython runtime, which every
    build reuses; else up to four runs minify it at once, cold. A build that takes longer than
    WARM_UP_SECONDS is stopped and started again (what it finished stays cached)."""
    for _ in range(3):
        with tempfile.TemporaryDirectory() as out:
            try:
                subprocess.run([sys.executable, "-m", "heldback", "build", "--out", out], check=True,
                               stdout=subprocess.DEVNULL, timeout=WARM_UP_SECONDS)
                return
            except subprocess.TimeoutExpired:
                print(f"===== the first build took over {WARM_UP_SECONDS} s: started again =====", flush=True)
    raise SystemExit(f"the first build took over {WARM_UP_SECONDS} s three times")


def main(engines):
    unknown = set(engines) - set(ENGINES)
    if unknown:
        raise SystemExit(f"unknown engine(s) {sorted(unknown)}: choose from {', '.join(ENGINES)}")
    started, failed, printing = time.monotonic(), [], threading.Lock()
    warm_up()

    def lane(names):
        for engine in names:
            with tempfile.TemporaryFile() as log:
                code = subprocess.run([sys.executable, "-m", "pytest", "-n", WORKERS, *ARGUMENTS[engine]], stdout=log,
                                      stderr=subprocess.STDOUT).returncode
                log.seek(0)
                with printing:
                    print(f"===== {engine}: exit {code} after {time.monotonic() - started:.0f} s =====", flush=True)
                    sys.stdout.buffer.write(log.read())
                    sys.stdout.flush()
            if code:
                failed.append(engine)

    threads = [threading.Thread(target=lane, args=([run for run in names if run.split()[0] in engines],)) for names in LANES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"===== {', '.join(engines)}: " + (f"FAILED in {', '.join(failed)}" if failed else "passed") + " =====")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(ENGINES)))
