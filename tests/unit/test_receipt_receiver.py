"""The reference receiver of consent receipts: what it refuses, that it keeps what it stored, and that
only the holder of its token reads the receipts back, streamed, while receipts keep coming in."""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from heldback.core.receipts import MAX_BYTES
from heldback.server.receipts import ReceiptStore, make_server
from heldback.building import ROOT

RECEIPT = {"id": "0f" * 16, "timestamp": 1764324000, "revision": 1, "categories": {"necessary": True, "marketing": False},
           "vendors": {"customerio": False}, "mode": "opt-in", "gpc": True, "url": "https://shop.example/pricing"}
TOKEN = "rT0k3n-for-the-tests_0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def receiver(tmp_path):
    """receiver(token=TOKEN) -> base URL of a running receiver on tmp_path/receipts.sqlite (call again: a restart)."""
    servers = []

    def start(token=TOKEN):
        if servers:
            servers[-1].shutdown()
            servers[-1].store.close()
        server = make_server(tmp_path / "receipts.sqlite", port=0, token=token)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    servers[-1].shutdown()
    servers[-1].store.close()


def post(base, body, content_type="text/plain;charset=UTF-8"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(f"{base}/receipts", data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def request(base, method, path, body=None, headers=None):
    """(status, headers, text) of one request."""
    host, port = base.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def exported(base):
    status, _, text = request(base, "GET", "/receipts.csv", headers=BEARER)
    assert status == 200, text
    return text.splitlines()


def test_a_receipt_is_stored_once_and_exported_as_csv(receiver):
    base = receiver()
    assert post(base, RECEIPT) == (201, "stored")
    assert post(base, RECEIPT) == (200, "already stored")  # sent again by a browser that could not confirm
    lines = exported(base)
    assert lines[0] == "received,id,timestamp,revision,categories,vendors,mode,gpc,url"
    assert lines[1].split(",", 1)[1] == ('0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f,1764324000,1,'
                                         '"{""marketing"": false, ""necessary"": true}","{""customerio"": false}",'
                                         'opt-in,1,https://shop.example/pricing')
    assert len(lines) == 2


@pytest.mark.parametrize("body, content_type, status, reason", [
    (b"x" * (MAX_BYTES + 1), "text/plain", 413, f"at most {MAX_BYTES} bytes"),
    (RECEIPT, "application/x-www-form-urlencoded", 415, "text/plain or application/json"),
    (b"{not json", "text/plain", 400, "not JSON"),
    (b"\xff\xfe", "text/plain", 400, "not JSON"),
    ([], "text/plain", 400, "expected a JSON object"),
    ({**RECEIPT, "email": "ada@example.com"}, "text/plain", 400, "unknown fields email"),
    ({k: v for k, v in RECEIPT.items() if k != "gpc"}, "text/plain", 400, "missing gpc"),
    ({**RECEIPT, "id": "Ada Lovelace"}, "text/plain", 400, "id: expected 32 lower-case hex digits"),
    ({**RECEIPT, "timestamp": "yesterday"}, "text/plain", 400, "timestamp: expected a positive whole number"),
    ({**RECEIPT, "categories": {"marketing": "yes"}}, "text/plain", 400, "categories: expected an object of true/false"),
    ({**RECEIPT, "mode": "maybe"}, "text/plain", 400, "mode: expected one of opt-in, opt-out"),
    ({**RECEIPT, "url": "https://shop.example/?email=ada@example.com"}, "text/plain", 400, "without query"),
])
def test_malformed_or_oversized_bodies_get_a_clear_4xx_and_store_nothing(receiver, body, content_type, status, reason):
    base = receiver()
    got_status, got_reason = post(base, body, content_type)
    assert got_status == status and reason in got_reason
    assert len(exported(base)) == 1  # the header only


def test_a_restart_loses_nothing(receiver):
    base = receiver()
    for i in range(3):
        assert post(base, {**RECEIPT, "timestamp": RECEIPT["timestamp"] + i})[0] == 201
    base = receiver()  # a new process on the same file
    assert len(exported(base)) == 4
    assert post(base, RECEIPT) == (200, "already stored")


def test_the_export_command_writes_the_csv(receiver, tmp_path):
    post(receiver(), RECEIPT)
    out = tmp_path / "receipts.csv"
    done = subprocess.run([sys.executable, "-m", "heldback", "receipts", "export", "--db", str(tmp_path / "receipts.sqlite"),
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert out.read_text().count("\n") == 2
    missing = subprocess.run([sys.executable, "-m", "heldback", "receipts", "export", "--db", str(tmp_path / "nope.sqlite")],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 1 and "no such receipts database" in missing.stderr


def raw_request(base, data, shut_write=True, timeout=10):
    """Send raw bytes to the receiver; return its status line and body ("" if it answered nothing)."""
    host, port = base.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        connection.sendall(data)
        if shut_write:
            connection.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.decode("utf-8", "replace").partition("\r\n\r\n")
    return head.split("\r\n")[0], body


def request_with(headers, body=b""):
    return (b"POST /receipts HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" + headers + b"\r\n" + body)


BODY = json.dumps(RECEIPT).encode()


@pytest.mark.parametrize("headers, body, status, reason", [
    (b"Content-Length: -1\r\n", b"x" * 20000, "400", "not a number of bytes"),  # rfile.read(-1) would read to EOF
    (b"Content-Length: 3_28\r\n", BODY, "400", "not a number of bytes"),  # int() reads it as 328
    (b"Content-Length: +328\r\n", BODY, "400", "not a number of bytes"),
    (b"Content-Length: 0x10\r\n", BODY, "400", "not a number of bytes"),
    (b"Content-Length: \xd9\xa3\r\n", BODY, "400", "not a number of bytes"),  # an Arabic-Indic 3: int() takes it
    (f"Content-Length: {len(BODY)}\r\nContent-Length: {len(BODY) + 1}\r\n".encode(), BODY, "400", "conflicting"),
    (b"Transfer-Encoding: chunked\r\n", b"5\r\nhello\r\n0\r\n\r\n", "411", "no chunked bodies"),
    (f"Content-Length: {len(BODY)}\r\nTransfer-Encoding: chunked\r\n".encode(), BODY, "400", "not a Transfer-Encoding"),
    (b"Content-Length: 100\r\n", b"{}", "400", "ended after 2 of its 100 bytes"),
    (b"Content-Length: 4096\r\n", b"[" * 4096, "400", "nested too deeply"),
    (b"Content-Length: 5\r\n", b"\xff\xfe{}\x00", "400", "not JSON"),
])
def test_a_malformed_length_or_body_gets_a_clear_4xx(receiver, headers, body, status, reason):
    base = receiver()
    status_line, text = raw_request(base, request_with(headers, body))
    assert status_line.split(" ")[1] == status and reason in text, (status_line, text)
    assert len(exported(base)) == 1


def test_a_lone_surrogate_in_the_url_is_refused_not_a_crash(receiver):
    base = receiver()
    body = json.dumps({**RECEIPT, "url": "https://shop.example/\ud800"}).encode()  # JSON escapes it: \ud800
    assert post(base, body) == (400, "not a receipt: url: expected a URL as the browser writes it "
                                     "(no spaces, controls or lone surrogates)")
    assert post(base, RECEIPT)[0] == 201  # and the receiver still works


def test_silent_and_slow_clients_are_cut_off_so_no_thread_is_held(tmp_path):
    server = make_server(tmp_path / "receipts.sqlite", port=0, timeout=0.5, deadline=1.5)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        idle = threading.active_count()
        silent = [socket.create_connection(("127.0.0.1", server.server_port)) for _ in range(100)]
        slow = [socket.create_connection(("127.0.0.1", server.server_port)) for _ in range(20)]
        tls = socket.create_connection(("127.0.0.1", server.server_port))
        tls.sendall(bytes.fromhex("16030100a5010000a10303") + b"\x00" * 32)  # the start of a TLS ClientHello
        short = socket.create_connection(("127.0.0.1", server.server_port))
        short.sendall(request_with(b"Content-Length: 100\r\n", b"{"))  # then nothing: a body shorter than its length
        started = time.monotonic()
        # a byte now and then: each read is in time, the whole is not. The deadline is 1.5 s; on a
        # busy machine the threads take longer to end, so the drip goes on until they have (at most
        # 15 s): a server without the deadline would hold them as long as the drip lasts
        while time.monotonic() - started < 15 and (time.monotonic() - started < 2.5 or threading.active_count() > idle + 2):
            for connection in slow:
                try:
                    connection.sendall(b"P")
                except OSError:
                    pass
            time.sleep(0.3)
        assert threading.active_count() <= idle + 2  # every handler thread has given up
        for connection in silent + slow + [tls, short]:
            connection.settimeout(1)
            try:
                answer = connection.recv(65536)  # the server closed it: at most an error answer, then nothing
                assert answer == b"" or answer.startswith(b"HTTP/1.0 4") and connection.recv(65536) == b""
            except ConnectionResetError:
                pass
            connection.close()
        assert post(base, RECEIPT)[0] == 201  # still answering
    finally:
        server.shutdown()
        server.store.close()


def serve_in_a_process(db, token=TOKEN, stderr=None):
    """`python -m heldback receipts serve` on a free port, its token in the environment: (process, port)."""
    env = {name: value for name, value in os.environ.items() if name != "HELDBACK_RECEIPTS_TOKEN"}
    process = subprocess.Popen([sys.executable, "-u", "-m", "heldback", "receipts", "serve", "--db", str(db), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT,
                               env=env | ({"HELDBACK_RECEIPTS_TOKEN": token} if token else {}))
    return process, int(process.stdout.readline().split(":")[2].split("/")[0])


def burst(port, receipts, acknowledged, after=None):
    """POST every receipt at once, each on its own connection; the (id, timestamp) of each answered
    201 or 200 go into `acknowledged`; after(n) runs once n have been acknowledged. Returns the statuses."""
    import asyncio

    async def send(receipt):
        body = json.dumps(receipt).encode()
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
            writer.write(request_with(f"Content-Length: {len(body)}\r\n".encode(), body))
            await writer.drain()
            status = (await asyncio.wait_for(reader.read(), 30)).split(b" ", 2)[1].decode()
            writer.close()
        except (OSError, asyncio.TimeoutError, IndexError) as error:
            return type(error).__name__
        if status in ("200", "201"):
            acknowledged.add((receipt["id"], receipt["timestamp"]))
            if after and len(acknowledged) >= after[0]:
                after[1]()
        return status

    async def everything():
        return await asyncio.gather(*(send(receipt) for receipt in receipts))

    result = []
    thread = threading.Thread(target=lambda: result.extend(asyncio.run(everything())))  # the browser tests' loop may run here
    thread.start()
    thread.join()
    return result


def test_a_concurrent_burst_and_a_kill_lose_nothing_that_was_acknowledged(tmp_path):
    db = tmp_path / "receipts.sqlite"
    receipts = [{**RECEIPT, "id": f"{i:032x}"} for i in range(1600)]
    process, port = serve_in_a_process(db)
    acknowledged = set()
    try:
        statuses = burst(port, receipts[:800], acknowledged, after=(200, lambda: process.kill()))  # kill -9 mid-burst
    finally:
        process.kill()
        process.wait()
    assert 200 <= len(acknowledged) < 800 and statuses.count("201") == len(acknowledged)

    process, port = serve_in_a_process(db)  # restarted on the same file
    try:
        second = set()
        started = time.monotonic()
        statuses = burst(port, receipts[800:], second)
        assert statuses == ["201"] * 800, {s: statuses.count(s) for s in set(statuses)}  # none timed out or was reset
        assert time.monotonic() - started < 60
        stored = {tuple(line.split(",")[1:3]) for line in exported(f"http://127.0.0.1:{port}")[1:]}
    finally:
        process.kill()
        process.wait()
    assert {(i, str(t)) for i, t in acknowledged | second} <= stored


# Who may read the receipts ------------------------------------------------------------------------

@pytest.mark.parametrize("authorization", [
    None, "Bearer", f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"bearer {TOKEN.upper()}", f"Basic {TOKEN}", TOKEN,
    f"Bearer {TOKEN[:-1]}é",
])
def test_the_export_and_any_look_up_are_refused_without_the_receiver_s_token(receiver, authorization):
    base = receiver()
    post(base, RECEIPT)
    headers = {"Authorization": authorization} if authorization else {}
    for path in ("/receipts.csv", f"/receipts/{RECEIPT['id']}", "/"):
        status, answer, text = request(base, "GET", path, headers=headers)
        assert status == 401 and "Authorization: Bearer <token>" in text and RECEIPT["id"] not in text
        assert answer["WWW-Authenticate"].startswith('Bearer realm="receipts"')
    assert RECEIPT["id"] in exported(base)[1]  # the token itself opens it


def test_no_origin_may_read_the_export_while_any_origin_may_post_a_receipt_and_read_the_answer(receiver):
    base = receiver()
    elsewhere = {"Origin": "https://any-site.example"}
    status, answer, _ = request(base, "POST", "/receipts", json.dumps(RECEIPT), {**elsewhere, "Content-Type": "text/plain"})
    assert status == 201 and answer["Access-Control-Allow-Origin"] == "*"  # the browser keeps it until it reads a 2xx
    status, answer, _ = request(base, "OPTIONS", "/receipts", headers={
        **elsewhere, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and answer["Access-Control-Allow-Origin"] == "*"
    assert answer["Access-Control-Allow-Headers"] == "Content-Type"

    preflight = {**elsewhere, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}
    for method, headers in [("GET", {**elsewhere, **BEARER}), ("GET", elsewhere), ("OPTIONS", preflight)]:
        status, answer, _ = request(base, method, "/receipts.csv", headers=headers)
        assert [name for name in answer if name.lower().startswith("access-control-")] == [], (method, status)


def test_without_a_token_the_export_is_off_and_the_answer_says_how_to_turn_it_on(receiver):
    base = receiver(token=None)
    assert post(base, RECEIPT) == (201, "stored")  # receiving needs none
    status, _, text = request(base, "GET", "/receipts.csv", headers={"Authorization": "Bearer anything-long-enough-0123"})
    assert status == 403 and RECEIPT["id"] not in text
    assert "the export is off" in text and "HELDBACK_RECEIPTS_TOKEN" in text and "--token" in text
    assert "receipts export --db" in text  # the file itself is still readable by whoever can read it


@pytest.mark.parametrize("token, problem", [
    ("", "0 characters long, at least 16"),
    ("s3cret", "6 characters long, at least 16"),
    ("a token with spaces in it", "may hold only A-Z a-z 0-9"),  # a Bearer header cannot carry it as it is
    ("jeton-très-secret-et-long", "may hold only A-Z a-z 0-9"),
])
def test_a_token_that_could_be_guessed_or_not_sent_stops_the_receiver_with_the_reason(tmp_path, token, problem):
    with pytest.raises(ValueError, match=problem):
        make_server(tmp_path / "receipts.sqlite", port=0, token=token)


def line_within(stream, seconds=10):
    """The next line of ``stream``, or a note that none came in time."""
    lines = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    return lines[0] if lines else f"(nothing in {seconds} s)"


def test_the_receiver_command_says_at_start_up_whether_its_export_is_on(tmp_path):
    process, _ = serve_in_a_process(tmp_path / "receipts.sqlite", token=None, stderr=subprocess.PIPE)
    try:
        note = line_within(process.stderr)
    finally:
        process.kill()
        process.wait()
    assert "/receipts.csv) is off: no token (set HELDBACK_RECEIPTS_TOKEN or pass --token)" in note

    process, _ = serve_in_a_process(tmp_path / "receipts.sqlite")
    try:
        line = line_within(process.stdout)
    finally:
        process.kill()
        process.wait()
    assert "/receipts.csv to Authorization: Bearer <the token>" in line and TOKEN not in line

    refused = subprocess.run([sys.executable, "-m", "heldback", "receipts", "serve", "--db", str(tmp_path / "receipts.sqlite"),
                              "--port", "0", "--token", "s3cret"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert refused.returncode == 2
    assert "error: --token or HELDBACK_RECEIPTS_TOKEN: the receipts token is 6 characters" in refused.stderr


# Exporting many receipts ---------------------------------------------------------------------------

MANY = 200_000
MEMORY_BOUND = 16 * 2**20  # what an export may add to the process's peak (the CSV of MANY is 32 MB)


@pytest.fixture(scope="module")
def filled_once(tmp_path_factory):
    db = tmp_path_factory.mktemp("many") / "receipts.sqlite"
    store = ReceiptStore(db)
    row = (1764324000, None, RECEIPT["timestamp"], 1, '{"marketing": false, "necessary": true}', '{"customerio": false}',
           "opt-in", 1, RECEIPT["url"])
    with store.db:
        store.db.executemany(f"INSERT INTO receipts VALUES ({', '.join('?' * len(row))})",
                             (row[:1] + (f"{i:032x}",) + row[2:] for i in range(MANY)))
    store.close()  # the last connection: the write-ahead log is folded into the file
    return db


@pytest.fixture
def many_receipts(filled_once, tmp_path):
    """A receipts database of this test's own holding MANY receipts."""
    return Path(shutil.copyfile(filled_once, tmp_path / "many.sqlite"))


def peak_memory(pid):
    """The peak resident memory of process ``pid`` so far, in bytes (Linux's /proc)."""
    return int(re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())[1]) * 1024


def export_lines(port):
    """The number of lines of the export, read in pieces (the test holds no more of it than the server should)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/receipts.csv", headers=BEARER)
    response = connection.getresponse()
    assert response.status == 200
    lines = 0
    while piece := response.read(1 << 16):
        lines += piece.count(b"\n")
    connection.close()
    return lines


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from Linux's /proc")
def test_the_export_streams_200000_receipts_without_holding_them_in_memory(many_receipts):
    process, port = serve_in_a_process(many_receipts)
    try:
        assert post(f"http://127.0.0.1:{port}", RECEIPT)[0] == 201  # the handler's code is loaded before the baseline
        before = peak_memory(process.pid)
        lines = export_lines(port)
        grown = peak_memory(process.pid) - before
    finally:
        process.kill()
        process.wait()
    assert lines == 1 + MANY + 1  # the header, the receipts, the one just posted: the whole export came
    assert grown < MEMORY_BOUND, f"the export took the receiver's peak memory up by {grown / 2**20:.0f} MB"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from Linux's /proc")
def test_the_export_command_streams_too(many_receipts, tmp_path):
    out = tmp_path / "receipts.csv"
    measured = ("import resource, sys\nimport heldback.cli, heldback.server.receipts\n"
                "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
                "code = heldback.cli.main(sys.argv[1:])\n"
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before, file=sys.stderr)\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", measured, "receipts", "export", "--db", str(many_receipts), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().count(b"\n") == 1 + MANY
    grown = int(done.stderr.split()[-1]) * 1024  # ru_maxrss: kB on Linux
    assert grown < MEMORY_BOUND, f"the export took the command's peak memory up by {grown / 2**20:.0f} MB"


def test_a_post_is_answered_at_once_while_eight_slow_exports_run(many_receipts):
    process, port = serve_in_a_process(many_receipts)
    exports = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(8)]
    try:
        for connection in exports:  # clients that ask for everything, then read nothing for now
            connection.sendall(f"GET /receipts.csv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n".encode())
        time.sleep(0.2)
        started = time.monotonic()
        status = post(f"http://127.0.0.1:{port}", RECEIPT)[0]
        waited = time.monotonic() - started
        assert all(connection.recv(1 << 16).split(b" ")[1] == b"200" for connection in exports)  # still under way
    finally:
        for connection in exports:
            connection.close()
        process.kill()
        process.wait()
    assert status == 201 and waited < 2, f"the POST waited {waited:.1f} s"  # 13 s when each export held the lock


def test_an_export_the_token_opened_is_not_cut_off_by_the_deadline_of_slow_clients(many_receipts):
    server = make_server(many_receipts, port=0, timeout=5, deadline=0.3, token=TOKEN)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
        connection.request("GET", "/receipts.csv", headers=BEARER)
        response = connection.getresponse()
        time.sleep(0.6)  # twice the deadline: the server waits on a full socket buffer meanwhile
        assert response.read().count(b"\n") == 1 + MANY
        connection.close()
    finally:
        server.shutdown()
        server.store.close()
