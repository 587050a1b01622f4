"""A recording proxy on loopback, for a browser driven without request interception (WebKitGTK over
classic WebDriver): every request the browser makes reaches ``handler(route, request)``, which
answers it (``route.fulfill``), refuses it (``route.abort``: the connection closes, a network error)
or lets a loopback one through (``route.continue_``).

HTTPS is intercepted with one certificate made for the run (the browser runs with
acceptInsecureCerts) and served over HTTP/2 where the browser offers it: then every request to a
host shares one connection, and the handler hears of them in the order the browser issued them
(stream ids), as Playwright reports them. Over HTTP/1.1 parallel requests may overtake each other.
A WebSocket handshake is a request like any other; if the handler lets it through it gets 404.
"""

import http.client
import socket
import socketserver
import ssl
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

DESTINATIONS = {"document": "document", "iframe": "document", "frame": "document", "script": "script",
                "style": "stylesheet", "image": "image", "font": "font", "empty": "fetch", "audio": "media",
                "video": "media", "track": "texttrack", "manifest": "manifest"}  # Sec-Fetch-Dest -> Playwright's type
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "content-length", "content-encoding"}


class Request:
    """What Playwright's Request offers and the tests read."""

    def __init__(self, method, url, headers, body):
        self.method, self.url, self.headers = method, url, headers
        self.post_data_buffer = body or None
        self.resource_type = DESTINATIONS.get(headers.get("sec-fetch-dest", ""), "other")


class Route:
    def __init__(self, request):
        self.request = request
        self.answer = None  # (status, headers, body); None: aborted

    def fulfill(self, status=200, headers=None, body=b"", content_type=None):
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        if content_type:
            headers["content-type"] = content_type
        self.answer = (status, headers, body.encode() if isinstance(body, str) else body)

    def abort(self, *_):
        self.answer = None

    def continue_(self):
        parts = urlsplit(self.request.url)
        if parts.hostname not in ("127.0.0.1", "localhost") or parts.scheme != "http":
            raise ValueError(f"only loopback http goes through the proxy, not {self.request.url}")
        upstream = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {k: v for k, v in self.request.headers.items() if k not in HOP_BY_HOP | {"accept-encoding"}}
        upstream.request(self.request.method, parts.path + (f"?{parts.query}" if parts.query else ""),
                         body=self.request.post_data_buffer, headers=headers)
        response = upstream.getresponse()
        body = response.read()
        upstream.close()
        self.answer = (response.status, {k.lower(): v for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP},
                       body)


def read_head(stream):
    """(method, target, headers) of the next request on ``stream``, or None at its end."""
    line = stream.readline(65537)
    if not line.strip():
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers = {}
    while (line := stream.readline(65537)) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return method, target, headers


def read_body(stream, headers):
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while size := int(stream.readline().split(b";")[0], 16):
            body += stream.read(size)
            stream.readline()
        stream.readline()
        return body
    return stream.read(int(headers.get("content-length", 0) or 0))


class Proxy:
    """``Proxy(handler)``: listening on ``port`` until ``close()``; ``handler`` may be replaced."""

    def __init__(self, handler=None):
        self.handler = handler
        self._tls = self._server_context()
        proxy = self

        class Connection(socketserver.StreamRequestHandler):
            def handle(self):
                try:
                    proxy._serve(self.connection)
                except (OSError, ValueError, ssl.SSLError):
                    pass  # the browser went away, or sent what no browser sends

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Connection)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @staticmethod
    def _server_context():
        import trustme  # one certificate for every host: the browser ignores certificate errors

        folder = Path(tempfile.mkdtemp(prefix="heldback-proxy-"))
        trustme.CA().issue_cert("proxy.invalid").private_key_and_cert_chain_pem.write_to_path(folder / "cert.pem")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / "cert.pem")
        context.set_alpn_protocols(["h2", "http/1.1"])
        return context

    def _serve(self, connection, origin=None):
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        stream = connection.makefile("rwb")
        while head := read_head(stream):
            method, target, headers = head
            if method == "CONNECT" and origin is None:
                stream.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                stream.flush()
                host, _, port = target.rpartition(":")
                tls = self._tls.wrap_socket(connection, server_side=True)
                origin = f"https://{host}" + ("" if port == "443" else f":{port}")
                if tls.selected_alpn_protocol() == "h2":
                    return self._serve_h2(tls, origin)
                return self._serve(tls, origin)
            url = origin + target if origin else target
            route = self._route(Request(method, url, headers, read_body(stream, headers)))
            if route.answer is None or headers.get("upgrade"):
                if route.answer is not None:
                    stream.write(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    stream.flush()
                return
            status, answer_headers, body = route.answer
            lines = [f"HTTP/1.1 {status} {http.client.responses.get(status, 'Status')}"]
            lines += [f"{name}: {value}" for name, value in answer_headers.items() if name not in HOP_BY_HOP]
            lines += [f"content-length: {len(body)}", "", ""]
            stream.write("\r\n".join(lines).encode("latin-1") + (body if method != "HEAD" else b""))
            stream.flush()

    def _route(self, request):
        route = Route(request)
        try:
            self.handler(route, request)
        except Exception as error:  # a route that fails is a refused request, and says why
            print(f"proxy: {request.url}: {error!r}")
            route.answer = None
        return route

    def _serve_h2(self, tls, origin):
        """HTTP/2 on one connection: requests are routed one by one in stream order (the browser's)."""
        from h2.config import H2Configuration
        from h2.connection import H2Connection
        from h2 import events

        connection = H2Connection(H2Configuration(client_side=False, header_encoding="utf-8"))
        connection.initiate_connection()
        opened, requests, unsent = [], {}, {}  # stream ids in order; id -> [headers, body, ended]; id -> bytes

        def flush():
            for stream_id, body in list(unsent.items()):
                while body and (size := min(connection.local_flow_control_window(stream_id), connection.max_outbound_frame_size)) > 0:
                    connection.send_data(stream_id, body[:size], end_stream=len(body) <= size)
                    body = body[size:]
                unsent[stream_id] = body
                if not body:
                    del unsent[stream_id]
            tls.sendall(connection.data_to_send())

        flush()
        while data := tls.recv(65536):
            for event in connection.receive_data(data):
                if isinstance(event, events.RequestReceived):
                    opened.append(event.stream_id)
                    requests[event.stream_id] = [dict(event.headers), b"", False]
                elif isinstance(event, events.DataReceived):
                    requests[event.stream_id][1] += event.data
                    connection.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, events.StreamEnded):
                    requests[event.stream_id][2] = True
                elif isinstance(event, events.StreamReset):
                    requests.pop(event.stream_id, None)
                    unsent.pop(event.stream_id, None)
            while opened and (opened[0] not in requests or requests[opened[0]][2]):
                stream_id = opened.pop(0)
                if stream_id not in requests:
                    continue
                headers, body, _ = requests.pop(stream_id)
                fields = {name: value for name, value in headers.items() if not name.startswith(":")}
                route = self._route(Request(headers[":method"], origin + headers[":path"], fields, body))
                if route.answer is None:
                    connection.reset_stream(stream_id)
                    continue
                status, answer_headers, answer = route.answer
                connection.send_headers(stream_id, [(":status", str(status)), ("content-length", str(len(answer))),
                                                    *((k, str(v)) for k, v in answer_headers.items() if k not in HOP_BY_HOP)],
                                        end_stream=not answer)
                if answer:
                    unsent[stream_id] = answer
            flush()

    def close(self):
        self._server.shutdown()
        self._server.server_close()
