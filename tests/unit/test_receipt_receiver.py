"""The reference receiver of consent receipts: what it refuses, and that it keeps what it stored."""

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest

from cmp.core.receipts import MAX_BYTES
from cmp.server.receipts import make_server
from loader.bundle import ROOT

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
        threading.Thread(target=server.serve_forever, daemon=True).start()
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
    done = subprocess.run([sys.executable, "-m", "cmp", "receipts", "export", "--db", str(tmp_path / "receipts.sqlite"),
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert out.read_text().count("\n") == 2
    missing = subprocess.run([sys.executable, "-m", "cmp", "receipts", "export", "--db", str(tmp_path / "nope.sqlite")],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 1 and "no such receipts database" in missing.stderr
