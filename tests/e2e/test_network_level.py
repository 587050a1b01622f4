"""What the browser sends that no page event shows: ICE's STUN requests (an RTCPeerConnection's),
WebTransport's QUIC packets and a payment method's manifest fetch, seen here by a socket on this
machine that a vendor of the config claims. (STUN to a name goes through a resolver the tests cannot
point here: the vendor claims the socket's address and port.)"""

import socket
import threading
import time

import pytest

CONFIG = """\
revision = 1
[categories.analytics]
[vendors.relay]
name = "A relay"
category = "analytics"
hosts = ["127.0.0.1:{port}"]
allow_ip_and_localhost = true  # a test double on this machine
"""
CONNECT = """port => {
  var pc = new RTCPeerConnection({iceServers: [{urls: ['stun:127.0.0.1:' + port]}]});
  pc.createDataChannel('x');
  pc.createOffer().then(function (offer) { return pc.setLocalDescription(offer); });
  if (window.WebTransport) new WebTransport('https://127.0.0.1:' + port + '/').ready.catch(function () {});
}"""


class Listener:
    """The datagrams that reach a UDP socket on 127.0.0.1 (each kept by its first byte: STUN 0x00,
    QUIC's long header 0xc0 and up)."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.kinds, self.open = [], True
        self.thread = threading.Thread(target=self.listen, daemon=True)
        self.thread.start()

    def listen(self):
        while self.open:
            try:
                data, _ = self.socket.recvfrom(65536)
            except socket.timeout:
                continue
            self.kinds.append("stun" if data[0] < 4 else "quic" if data[0] >= 0xC0 else "other")

    def within(self, seconds):
        """The kinds of datagram that arrive within ``seconds`` from now."""
        del self.kinds[:]
        time.sleep(seconds)
        return sorted(set(self.kinds))

    def close(self):
        self.open = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def test_ice_servers_and_webtransport_of_a_vendor_are_reached_only_once_granted(page, build, written_page, listener):
    dist = build(CONFIG.format(port=listener.port))
    page.goto(written_page("relay.html", f'<!doctype html><script src="{dist}/consent.js"></script><title>relay</title>'))
    page.evaluate(CONNECT, listener.port)
    assert listener.within(2) == []  # without the guard: both kinds (below)

    page.evaluate("cmp.acceptAll()")
    page.evaluate(CONNECT, listener.port)  # a new connection, now that it is granted
    assert listener.within(2) == (["quic", "stun"] if page.evaluate("!!window.WebTransport") else ["stun"])


PAY = """port => { new PaymentRequest([{supportedMethods: 'https://127.0.0.1:' + port + '/pay'}],
                                  {total: {label: 'total', amount: {currency: 'EUR', value: '1'}}}).canMakePayment().catch(function () {}); }"""


def test_a_payment_method_of_a_vendor_is_fetched_only_once_granted(page, build, written_page):
    server = socket.create_server(("127.0.0.1", 0))  # a vendor's payment method: its manifest is fetched (TLS)
    server.settimeout(2)
    port = server.getsockname()[1]
    dist = build(CONFIG.format(port=port))
    page.goto(written_page("pay.html", f'<!doctype html><script src="{dist}/consent.js"></script><title>pay</title>'))
    page.evaluate(PAY, port)
    with pytest.raises(socket.timeout):  # nothing connects before consent (without the guard: at once)
        server.accept()

    page.evaluate("cmp.acceptAll()")
    page.evaluate(PAY, port)
    connection, _ = server.accept()
    connection.close()
    server.close()
