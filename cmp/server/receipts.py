"""A reference receiver for consent receipts (cmp/core/receipts.py): stores them in SQLite, exports CSV.

    python -m cmp receipts serve --db receipts.sqlite [--host 127.0.0.1] [--port 8765]
    python -m cmp receipts export --db receipts.sqlite [--out receipts.csv]

``POST /receipts`` with a receipt as its body: 201 when stored, 200 when it was already (a browser
sends again what it could not confirm), 4xx with the reason otherwise: 411 without a length, 413
over ``MAX_BYTES``, 415 for a type other than text/plain or application/json, 400 for anything that
is not a receipt. ``GET /receipts.csv`` exports them all. Every receipt is committed before the
answer, so a restart loses nothing. Any origin may post (receipts carry no personal data and no
credentials); put it behind your own server for TLS and rate limits.
"""

import csv
import io
import json
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cmp.core.receipts import FIELDS, MAX_BYTES, ReceiptError, validate

COLUMNS = ("received", *FIELDS)
ACCEPTED_TYPES = ("text/plain", "application/json")


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


def parse_body(content_type, length, read):
    """The receipt in a request, or (status, reason) for one to refuse."""
    if length is None:
        return 411, "a Content-Length is required"
    if length > MAX_BYTES:
        return 413, f"a receipt is at most {MAX_BYTES} bytes, this body has {length}"
    if (content_type or "").split(";")[0].strip().lower() not in ACCEPTED_TYPES:
        return 415, f"send the receipt as {' or '.join(ACCEPTED_TYPES)}"
    try:
        return validate(json.loads(read(length)))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return 400, "the body is not JSON"
    except ReceiptError as error:
        return 400, f"not a receipt: {error}"


def handler_for(store):
    class ReceiptHandler(BaseHTTPRequestHandler):
        def do_POST(self):
            if self.path.split("?")[0] != "/receipts":
                return self.answer(404, "receipts go to POST /receipts")
            length = self.headers.get("Content-Length")
            try:
                length = int(length) if length is not None else None
            except ValueError:
                return self.answer(400, "Content-Length is not a number")
            result = parse_body(self.headers.get("Content-Type"), length, self.rfile.read)
            if isinstance(result, tuple):
                self.close_connection = True  # the body may not have been read
                return self.answer(*result)
            return self.answer(201, "stored") if store.add(result) else self.answer(200, "already stored")

        def do_GET(self):
            if self.path.split("?")[0] != "/receipts.csv":
                return self.answer(404, "GET /receipts.csv exports the receipts")
            self.answer(200, store.csv(), "text/csv; charset=utf-8")

        def do_OPTIONS(self):  # a preflight, for senders that post application/json
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


def make_server(db_path, host="127.0.0.1", port=8765):
    """A ThreadingHTTPServer receiving receipts into ``db_path`` (port 0: any free port)."""
    store = ReceiptStore(db_path)
    server = ThreadingHTTPServer((host, port), handler_for(store))
    server.store = store
    return server
