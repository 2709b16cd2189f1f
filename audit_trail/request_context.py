"""Who is asking and from where, for entries written while a request is served.

`AuditRequestMiddleware` (after AuthenticationMiddleware) puts the request in a
context variable; `audit_record` reads the user and the source address from it when
the caller names neither. A context variable rather than a thread-local: it is
right under ASGI too, and it is reset when the response is done."""

import contextvars

_current_request = contextvars.ContextVar("audit_current_request", default=None)


def current_request():
    return _current_request.get()


def request_source_ip(request) -> str | None:
    """The client's address as the server saw it (REMOTE_ADDR). A TLS proxy in front
    must pass the client's address there (e.g. uWSGI/gunicorn's forwarded-allow)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def request_user(request):
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        return user
    return None


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
