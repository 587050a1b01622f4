"""The reference receiver of consent receipts: what it refuses, and that it keeps what it stored."""

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from heldback.core.receipts import MAX_BYTES
from heldback.server.receipts import make_server
from heldback.loader.bundle import ROOT

RECEIPT = {"id": "0f" * 16, "timestamp": 1764324000, "revision": 1, "categories": {"necessary": True, "marketing": False},
           "vendors": {"customerio": False}, "mode": "opt-in", "gpc": True, "url": "https://shop.example/pricing"}


@pytest.fixture
def receiver(tmp_path):
    """receiver() -> base URL of a running receiver on tmp_path/receipts.sqlite (call again: a restart)."""
    servers = []

    def start():
        if servers:
            servers[-1].shutdown()
            servers[-1].store.close()
        server = make_server(tmp_path / "receipts.sqlite", port=0)
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


def exported(base):
    with urllib.request.urlopen(f"{base}/receipts.csv") as response:
        return response.read().decode().splitlines()


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
        while time.monotonic() - started < 2.5:  # a byte now and then: each read is in time, the whole is not
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


def serve_in_a_process(db):
    """`python -m heldback receipts serve` on a free port: (process, port)."""
    process = subprocess.Popen([sys.executable, "-u", "-m", "heldback", "receipts", "serve", "--db", str(db), "--port", "0"],
                               stdout=subprocess.PIPE, text=True, cwd=ROOT)
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
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/receipts.csv") as response:
            stored = {tuple(line.split(",")[1:3]) for line in response.read().decode().splitlines()[1:]}
    finally:
        process.kill()
        process.wait()
    assert {(i, str(t)) for i, t in acknowledged | second} <= stored
