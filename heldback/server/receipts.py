"""A reference receiver for consent receipts (heldback/core/receipts.py): stores them in SQLite, exports CSV.

    python -m heldback receipts serve --db receipts.sqlite [--host 127.0.0.1] [--port 8765]
    python -m heldback receipts export --db receipts.sqlite [--out receipts.csv]

``POST /receipts`` with a receipt as its body: 201 when stored, 200 when it was already (a browser
sends again what it could not confirm), 4xx with the reason otherwise: 411 without a length (or with a
chunked body), 413 over ``MAX_BYTES``, 415 for a type other than text/plain or application/json, 408
when the body does not arrive in time, 400 for anything that is not a receipt or a malformed length.
``GET /receipts.csv`` exports them all.

What it promises: every receipt is committed before it is acknowledged, so a crash or a restart loses
nothing acknowledged; a connection is closed after one request, after ``timeout`` seconds without a
byte and after ``deadline`` seconds in all, so a slow or silent client holds a thread no longer; up
to ``BACKLOG`` connections wait to be accepted. Any origin may post (receipts carry no personal data
and no credentials); put it behind your own server for TLS and rate limits.
"""

import csv
import io
import json
import re
import socket
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from heldback.core.receipts import FIELDS, MAX_BYTES, ReceiptError, validate

COLUMNS = ("received", *FIELDS)
ACCEPTED_TYPES = ("text/plain", "application/json")
BACKLOG = 1024  # connections the kernel queues before the server accepts them
TIMEOUT = 10  # seconds a connection may stay silent
DEADLINE = 30  # seconds a connection may last in all
LENGTH = re.compile(r"[0-9]{1,12}")  # what HTTP allows: digits only (no sign, no "_", no spaces)


class ReceiptStore:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("""CREATE TABLE IF NOT EXISTS receipts (
            received INTEGER NOT NULL, id TEXT NOT NULL, timestamp INTEGER NOT NULL, revision INTEGER NOT NULL,
            categories TEXT NOT NULL, vendors TEXT NOT NULL, mode TEXT NOT NULL, gpc INTEGER NOT NULL,
            url TEXT NOT NULL, UNIQUE (id, timestamp))""")
        self.db.commit()

    def add(self, receipt):
        """Store a valid receipt; False when the same decision (id, timestamp) is already stored."""
        row = (int(time.time()), receipt["id"], receipt["timestamp"], receipt["revision"],
               json.dumps(receipt["categories"], sort_keys=True), json.dumps(receipt["vendors"], sort_keys=True),
               receipt["mode"], int(receipt["gpc"]), receipt["url"])
        with self.lock, self.db:
            cursor = self.db.execute(f"INSERT OR IGNORE INTO receipts VALUES ({', '.join('?' * len(row))})", row)
        return cursor.rowcount == 1

    def rows(self):
        with self.lock:
            return self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM receipts ORDER BY rowid").fetchall()

    def csv(self):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(self.rows())
        return out.getvalue()

    def close(self):
        self.db.close()


def body_length(headers):
    """The body's length from its headers, or (status, reason) for a request to refuse."""
    lengths = headers.get_all("Content-Length") or []
    if headers.get("Transfer-Encoding") is not None:
        return (400, "send a Content-Length, not a Transfer-Encoding") if lengths else \
            (411, "a Content-Length is required (no chunked bodies)")
    if not lengths:
        return 411, "a Content-Length is required"
    values = {value.strip(" \t") for value in lengths}
    if len(values) > 1:
        return 400, "conflicting Content-Length headers"
    value = values.pop()
    if not LENGTH.fullmatch(value):
        return 400, f"Content-Length is not a number of bytes: {value[:20]!r}"
    return int(value)


def parse_body(content_type, length, read):
    """The receipt in a request, or (status, reason) for one to refuse. ``read(n)`` returns at most
    n bytes (fewer at the end of the stream)."""
    if length > MAX_BYTES:
        return 413, f"a receipt is at most {MAX_BYTES} bytes, this body has {length}"
    if (content_type or "").split(";")[0].strip().lower() not in ACCEPTED_TYPES:
        return 415, f"send the receipt as {' or '.join(ACCEPTED_TYPES)}"
    body = read(length)
    if len(body) < length:
        return 400, f"the body ended after {len(body)} of its {length} bytes"
    try:
        return validate(json.loads(body))
    except RecursionError:
        return 400, "the body is nested too deeply to be a receipt"
    except ReceiptError as error:
        return 400, f"not a receipt: {error}"
    except ValueError:  # not UTF-8, not JSON, or a number too long to read
        return 400, "the body is not JSON"


def handler_for(store, timeout, deadline):
    class ReceiptHandler(BaseHTTPRequestHandler):
        def setup(self):
            self.timeout = timeout  # each read and write on the socket
            super().setup()
            self.expiry = threading.Timer(deadline, self.expire)  # the whole connection
            self.expiry.daemon = True
            self.expiry.start()

        def expire(self):
            try:
                self.connection.shutdown(socket.SHUT_RDWR)  # unblocks the thread reading it
            except OSError:
                pass

        def finish(self):
            self.expiry.cancel()
            try:
                super().finish()
            except OSError:  # the client went away, or the deadline closed the socket
                pass

        def handle_one_request(self):
            try:
                super().handle_one_request()
            except OSError:  # timed out, reset, or closed by the deadline: nothing to answer
                self.close_connection = True

        def do_POST(self):
            self.close_connection = True  # one request per connection
            if self.path.split("?")[0] != "/receipts":
                return self.answer(404, "receipts go to POST /receipts")
            length = body_length(self.headers)
            if isinstance(length, tuple):
                return self.answer(*length)
            try:
                result = parse_body(self.headers.get("Content-Type"), length, self.rfile.read)
            except TimeoutError:
                return self.answer(408, f"the body did not arrive within {timeout} s")
            if isinstance(result, tuple):
                return self.answer(*result)
            try:
                stored = store.add(result)
            except sqlite3.Error as error:
                print(f"cmp receipts: cannot store a receipt: {error}", file=sys.stderr)
                return self.answer(503, "cannot store the receipt now; send it again later")
            return self.answer(201, "stored") if stored else self.answer(200, "already stored")

        def do_GET(self):
            self.close_connection = True
            if self.path.split("?")[0] != "/receipts.csv":
                return self.answer(404, "GET /receipts.csv exports the receipts")
            self.answer(200, store.csv(), "text/csv; charset=utf-8")

        def do_OPTIONS(self):  # a preflight, for senders that post application/json
            self.close_connection = True
            self.answer(204, "")

        def answer(self, status, text, content_type="text/plain; charset=utf-8"):
            body = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return ReceiptHandler


class ReceiptServer(ThreadingHTTPServer):
    request_queue_size = BACKLOG
    daemon_threads = True


def make_server(db_path, host="127.0.0.1", port=8765, timeout=TIMEOUT, deadline=DEADLINE):
    """A server receiving receipts into ``db_path`` (port 0: any free port)."""
    store = ReceiptStore(db_path)
    server = ReceiptServer((host, port), handler_for(store, timeout, deadline))
    server.store = store
    return server
