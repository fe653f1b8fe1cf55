"""A small Django site (one file, Django 3.2 with django-csp 3.7, as Debian
ships them) in the configurations Django users write. Every config serves
the same pages so their headers can be compared.

Run:  /usr/bin/python3 app.py <config>     (or CONFIG=<config> PORT=<port>)
It binds 127.0.0.1 (port 0 unless PORT is set) and prints `PORT=<n>` on the
first line of stdout once it listens. It is served by wsgiref (what
`manage.py runserver` uses), so responses carry `Server: WSGIServer/0.2`.

The site is meant to run behind a TLS-terminating proxy that sends
`X-Forwarded-Proto: https`; configs that say so set SECURE_PROXY_SSL_HEADER,
and the tests send that header. See README.md.
"""
import os
import sys

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]
BEHIND_PROXY = {'SECURE_PROXY_SSL_HEADER': ('HTTP_X_FORWARDED_PROTO', 'https')}

# What each config adds to the settings `startproject` writes (3.2's
# MIDDLEWARE, sessions, CSRF). The names are Django's and django-csp's own.
CONFIGS = {
    # startproject's settings, deployed behind the proxy: nothing else.
    'defaults': dict(BEHIND_PROXY),
    # `manage.py check --deploy`'s advice followed, CSP from django-csp with a
    # nonce, COOP from a middleware (3.2 has no setting for it; 4.0 does).
    'hardened': {
        **BEHIND_PROXY,
        'MIDDLEWARE': MIDDLEWARE + ['csp.middleware.CSPMiddleware', 'app.CoopMiddleware'],
        'SECURE_HSTS_SECONDS': 63072000,
        'SECURE_HSTS_INCLUDE_SUBDOMAINS': True,
        'SECURE_HSTS_PRELOAD': True,
        'SESSION_COOKIE_SECURE': True,
        'CSRF_COOKIE_SECURE': True,
        'CSRF_COOKIE_HTTPONLY': True,
        'X_FRAME_OPTIONS': 'DENY',
        'SECURE_REFERRER_POLICY': 'no-referrer',
        'CSP_DEFAULT_SRC': ("'self'",),
        'CSP_SCRIPT_SRC': ("'strict-dynamic'",),
        'CSP_OBJECT_SRC': ("'none'",),
        'CSP_BASE_URI': ("'none'",),
        'CSP_FRAME_ANCESTORS': ("'none'",),
        'CSP_FORM_ACTION': ("'self'",),
        'CSP_UPGRADE_INSECURE_REQUESTS': True,
        'CSP_INCLUDE_NONCE_IN': ('script-src',),
    },
    # Old tutorials: the X-XSS-Protection filter on, a CSP with 'unsafe-inline',
    # HSTS for an hour "while testing".
    'legacy': {
        **BEHIND_PROXY,
        'MIDDLEWARE': MIDDLEWARE + ['csp.middleware.CSPMiddleware'],
        'SECURE_BROWSER_XSS_FILTER': True,
        'SECURE_HSTS_SECONDS': 3600,
        'CSP_DEFAULT_SRC': ("'self'",),
        'CSP_SCRIPT_SRC': ("'self'", "'unsafe-inline'"),
        'CSP_OBJECT_SRC': ("'none'",),
    },
}

config_name = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('CONFIG', 'defaults')
if config_name not in CONFIGS:
    sys.exit('unknown config %r; one of: %s' % (config_name, ', '.join(CONFIGS)))
sys.modules.setdefault('app', sys.modules[__name__])

settings.configure(
    DEBUG=False,
    SECRET_KEY='example-only-secret',
    ALLOWED_HOSTS=['127.0.0.1', 'localhost'],
    ROOT_URLCONF='app',
    INSTALLED_APPS=['django.contrib.sessions', 'django.contrib.contenttypes'],
    SESSION_ENGINE='django.contrib.sessions.backends.signed_cookies',
    TEMPLATES=[{
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'DIRS': [os.path.join(HERE, 'templates')],
        'OPTIONS': {'context_processors': ['django.template.context_processors.request']},
    }],
    **{'MIDDLEWARE': MIDDLEWARE, **CONFIGS[config_name]},
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402
from wsgiref.simple_server import WSGIRequestHandler, make_server  # noqa: E402


class CoopMiddleware:
    """Cross-Origin-Opener-Policy on Django 3.2 (4.0+: SECURE_CROSS_ORIGIN_OPENER_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault('Cross-Origin-Opener-Policy', 'same-origin')
        return response


def home(request):
    return render(request, 'home.html')


def login(request):
    request.session['user'] = 'alice'
    return render(request, 'home.html')


def status(request):
    return JsonResponse({'ok': True})


urlpatterns = [path('', home), path('login', login), path('api/status', status)]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main():
    server = make_server('127.0.0.1', int(os.environ.get('PORT', '0')), get_wsgi_application(), handler_class=QuietHandler)
    print('PORT=%d' % server.server_port, flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
