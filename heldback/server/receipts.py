"""A reference receiver for consent receipts (heldback/core/receipts.py): stores them in SQLite, exports CSV.

    python -m heldback receipts serve --db receipts.sqlite [--host 127.0.0.1] [--port 8765]
    python -m heldback receipts export --db receipts.sqlite [--out receipts.csv]

``POST /receipts`` with a receipt as its body: 201 when stored, 200 when it was already (a browser
sends again what it could not confirm), 4xx with the reason otherwise: 411 without a length (or with a
chunked body), 413 over ``MAX_BYTES``, 415 for a type other than text/plain or application/json, 408
when the body does not arrive in time, 400 for anything that is not a receipt or a malformed length.
``GET /receipts.csv`` exports them all, to whoever sends the receiver's token (``token``: the
command's ``--token`` or ``HELDBACK_RECEIPTS_TOKEN``) as ``Authorization: Bearer <token>``: 401
without it, 403 when the receiver has no token (the export is then off; ``receipts export --db``
reads the file itself). Any GET is checked before anything is looked up.

What it promises: every receipt is committed before it is acknowledged, so a crash or a restart loses
nothing acknowledged; a connection is closed after one request, after ``timeout`` seconds without a
byte and after ``deadline`` seconds in all (an export the token allowed: ``timeout`` per write only),
so a slow or silent client holds a thread no longer; up to ``BACKLOG`` connections wait to be
accepted; an export streams, ``BATCH`` rows at a time, so its memory does not grow with the
receipts and the POSTs meanwhile wait for one batch's query at most. Any origin may post (receipts
carry no personal data and no credentials) and read the answer (the browser keeps a receipt until it
sees a 2xx); no origin may read the export (no CORS headers on it). Put it behind your own server
for TLS and rate limits.
"""

import csv
import hmac
import io
import itertools
import json
import re
import socket
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from heldback.core.receipts import FIELDS, MAX_BYTES, ReceiptError, validate

COLUMNS = ("received", *FIELDS)
ACCEPTED_TYPES = ("text/plain", "application/json")
BACKLOG = 1024  # connections the kernel queues before the server accepts them
TIMEOUT = 10  # seconds a connection may stay silent
DEADLINE = 30  # seconds a connection may last in all
LENGTH = re.compile(r"[0-9]{1,12}")  # what HTTP allows: digits only (no sign, no "_", no spaces)
BATCH = 1000  # rows per query of an export: what it holds in memory, and the longest it holds the lock
TOKEN = re.compile(r"[A-Za-z0-9._~+/-]*=*")  # RFC 6750's b64token: what a Bearer header can carry as it is
TOKEN_LENGTH = 16  # at least: long enough not to be guessed
MAKE_TOKEN = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
EXPORT_OFF = ("the export is off: this receiver was started without a token (set HELDBACK_RECEIPTS_TOKEN or "
              "pass --token); python -m heldback receipts export --db FILE reads the database where it is")


class ReceiptStore:
    def __init__(self, path, read_only=False):
        self.lock = threading.Lock()
        if read_only:  # the export command: it reads the file as it is and creates nothing
            self.db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            return
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")  # another process reading the file holds up no commit
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

    def batches(self, size=BATCH):
        """Every receipt in the order received, as lists of at most ``size`` rows. Each list is its own
        query, after the last rowid seen, so the lock is released between them: a POST waits for one
        query, not for the whole export (nor for the client reading it)."""
        after = 0
        while True:
            with self.lock:
                found = self.db.execute(f"SELECT rowid, {', '.join(COLUMNS)} FROM receipts WHERE rowid > ? "
                                        "ORDER BY rowid LIMIT ?", (after, size)).fetchall()
            if not found:
                return
            after = found[-1][0]
            yield [row[1:] for row in found]

    def rows(self):
        """Every receipt in the order received, read a batch at a time."""
        for batch in self.batches():
            yield from batch

    def csv_chunks(self):
        """The export as CSV text, piece by piece: the header, then a piece per batch of rows."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for batch in self.batches():
            writer.writerows(batch)
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        if out.tell():  # no receipts: the header alone
            yield out.getvalue()

    def close(self):
        self.db.close()


def checked_token(token):
    """``token`` if it can be the export's token (None: no export), else ValueError naming the problem."""
    if token is None:
        return None
    if not TOKEN.fullmatch(token):
        raise ValueError("the receipts token may hold only A-Z a-z 0-9 - . _ ~ + / (and = at its end), "
                         f"as a Bearer header carries it; make one with {MAKE_TOKEN}")
    if len(token) < TOKEN_LENGTH:
        raise ValueError(f"the receipts token is {len(token)} characters long, at least {TOKEN_LENGTH} are needed "
                         f"so that it cannot be guessed; make one with {MAKE_TOKEN}")
    return token


def refusal(authorization, token):
    """None when an ``Authorization`` header carries ``token``, else (status, reason, headers) to refuse with."""
    if token is None:
        return 403, EXPORT_OFF, {}
    scheme, _, credentials = (authorization or "").strip().partition(" ")
    # compare_digest: the time taken does not tell how much of a guess was right
    if scheme.lower() == "bearer" and hmac.compare_digest(credentials.strip().encode("utf-8", "replace"), token.encode()):
        return None
    challenge = 'Bearer realm="receipts"' + (', error="invalid_token"' if authorization else "")
    return 401, "the receipts need the receiver's token: send Authorization: Bearer <token>", {"WWW-Authenticate": challenge}


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


def handler_for(store, timeout, deadline, token=None):
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

        cross_origin = False  # whether the answer may be read by any origin: POST /receipts' only

        def do_POST(self):
            self.close_connection = True  # one request per connection
            self.cross_origin = True  # the browser keeps a receipt until it reads a 2xx
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
            refused = refusal(self.headers.get("Authorization"), token)  # before any look-up, whatever the path
            if refused:
                return self.answer(*refused)
            if self.path.split("?")[0] != "/receipts.csv":
                return self.answer(404, "GET /receipts.csv exports the receipts")
            chunks = store.csv_chunks()
            try:
                first = next(chunks)  # before the 200: a database that cannot be read gets a 503
            except sqlite3.Error as error:
                print(f"cmp receipts: cannot read the receipts: {error}", file=sys.stderr)
                return self.answer(503, "cannot read the receipts now; ask again later")
            self.expiry.cancel()  # the token's holder may take as long as the export takes, `timeout` per write
            self.stream(itertools.chain([first], chunks), "text/csv; charset=utf-8")

        def do_OPTIONS(self):  # a preflight, for senders that post application/json
            self.close_connection = True
            if self.path.split("?")[0] != "/receipts":
                return self.answer(404, "receipts go to POST /receipts")
            self.cross_origin = True
            self.answer(204, "")

        def answer(self, status, text, headers=None, content_type="text/plain; charset=utf-8"):
            body = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if self.cross_origin:
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Methods", "POST")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.end_headers()
            self.wfile.write(body)

        def stream(self, chunks, content_type):
            """A 200 written as ``chunks`` come; chunked where the client speaks HTTP/1.1, so that a cut-off
            export cannot pass for a whole one."""
            chunked = self.request_version == "HTTP/1.1"
            if chunked:
                self.protocol_version = "HTTP/1.1"
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in chunks:
                data = chunk.encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")

        def log_message(self, *args):
            pass

    return ReceiptHandler


class ReceiptServer(ThreadingHTTPServer):
    request_queue_size = BACKLOG
    daemon_threads = True


def make_server(db_path, host="127.0.0.1", port=8765, timeout=TIMEOUT, deadline=DEADLINE, token=None):
    """A server receiving receipts into ``db_path`` (port 0: any free port); ``token``: the one that
    opens the export (None: no export). ValueError for a token that cannot be one."""
    token = checked_token(token)
    store = ReceiptStore(db_path)
    server = ReceiptServer((host, port), handler_for(store, timeout, deadline, token))
    server.store = store
    return server
