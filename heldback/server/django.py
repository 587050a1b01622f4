"""Django middleware: every HTML response through the rewrite, as the WSGI and ASGI middleware do
(heldback/server/middleware.py has the rules).

    MIDDLEWARE = [..., "heldback.server.django.ConsentMiddleware", ...]  # after GZipMiddleware, if any
    HELDBACK = {"script_url": "/static/consent/consent.js", "config": BASE_DIR / "site.toml"}
"""

from django.conf import settings
from django.http import HttpResponse

from heldback.core.consent_record import COOKIE
from heldback.server.consent_cookie import refreshed, sets_it
from heldback.configuration import schema
from heldback.server.middleware import answer_for, config_for, has_no_body, html_charset
from heldback.server.rewrite import Rewriter


class ConsentMiddleware:
    def __init__(self, get_response):
        options = getattr(settings, "HELDBACK", {})
        self.get_response = get_response
        self.config = config_for(options.get("config"))
        script_url = options.get("script_url", "/dist/consent.js")
        schema.check_site_url(self.config.vendors, script_url, "HELDBACK['script_url']")  # held otherwise
        self.rewriter = Rewriter(self.config, script_url)

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
        status, answer_headers, body, page = answer_for(self.rewriter, body, charset, headers, request.build_absolute_uri(),
                                                        request.method, request.path)
        if status is not None:  # refused (middleware.py): its own answer
            refused = HttpResponse(body, status=int(status.split()[0]))
            for name, value in answer_headers:
                refused[name] = value
            return refused
        if not page:
            return response
        for name in [name for name in response.headers if name.lower() == "content-type"]:
            del response[name]
        for name, value in answer_headers:
            if name.lower() == "content-type":
                response[name] = value  # the encoding the page was read in, where it was only guessed
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
