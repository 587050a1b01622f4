"""Django middleware: every HTML response through the rewrite, as the WSGI and ASGI middleware do
(heldback/server/middleware.py has the rules).

    MIDDLEWARE = [..., "heldback.server.django.ConsentMiddleware", ...]  # after GZipMiddleware, if any
    HELDBACK = {"script_url": "/static/consent/consent.js", "config": BASE_DIR / "site.toml"}
"""

from django.conf import settings

from heldback.core.consent_record import COOKIE
from heldback.server.consent_cookie import refreshed, sets_it
from heldback.server.middleware import config_for, has_no_body, html_charset, rewrite_body
from heldback.server.rewrite import Rewriter


class ConsentMiddleware:
    def __init__(self, get_response):
        options = getattr(settings, "HELDBACK", {})
        self.get_response = get_response
        self.config = config_for(options.get("config"))
        self.rewriter = Rewriter(self.config, options.get("script_url", "/dist/consent.js"))

    def __call__(self, request):
        response = self.get_response(request)
        headers = list(response.items())
        charset = html_charset(headers)
        if charset is None:
            return response
        if has_no_body(request.method, response.status_code):
            if response.has_header("Content-Length"):
                del response["Content-Length"]
            return response
        body = b"".join(response.streaming_content) if response.streaming else response.content
        body = rewrite_body(self.rewriter, body, charset, headers, request.build_absolute_uri())
        if response.streaming:
            response.streaming_content = [body]
        else:
            response.content = body
        if response.has_header("Content-Length") or not response.streaming:
            response["Content-Length"] = str(len(body))
        mine = sets_it(headers) or COOKIE in response.cookies or "Set-Cookie" in response.headers
        cookie = None if mine else refreshed(request.headers.get("Cookie"), self.config, request.is_secure())
        if cookie:  # re-issued as the server's own (consent_cookie.py: Safari's 7-day cap); Django sends
            response.headers["Set-Cookie"] = cookie  # this one header beside response.cookies
        return response
