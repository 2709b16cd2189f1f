import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """The bureau works in Chinese: the interface is zh-hans unless the user chose
    English with the language switch (the language cookie). The browser's
    Accept-Language header is ignored on purpose."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class UploadLimitMiddleware:
    """Refuse a request body larger than UPLOAD_MAX_MB before anything reads it, with
    a page that says so (the browser keeps the form: 返回 brings it back as filled).
    Runs after the locale middleware so the page is in the user's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.UPLOAD_MAX_MB * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            page = loader.render_to_string(
                "413.html",
                {
                    "limit_mb": settings.UPLOAD_MAX_MB,
                    "size_mb": length // (1024 * 1024),
                },
                request=request,
            )
            return HttpResponse(page, status=413)
        return self.get_response(request)


SIGNED_IN_AT = "signed_in_at"


def _stamp_sign_in(sender, request, user, **kwargs):
    request.session[SIGNED_IN_AT] = time.time()


user_logged_in.connect(_stamp_sign_in, dispatch_uid="session-lifetime-stamp")


class SessionLifetimeMiddleware:
    """Sign out a session SESSION_ABSOLUTE_HOURS after it signed in, however busy: an
    idle timeout alone would let a session that is always used live for ever."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            # Sessions from before this check started count from their next request.
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(
                    request,
                    _("登录已超过%(hours)d小时，为了安全请重新登录。")
                    % {"hours": settings.SESSION_ABSOLUTE_HOURS},
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
