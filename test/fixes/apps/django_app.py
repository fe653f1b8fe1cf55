"""Many Django configurations in one process, for the fix proofs
(test/fixes/django.test.ts): Debian's Django 3.2 and django-csp 3.7.

Usage: /usr/bin/python3 django_app.py CONFIGS.json
Binds 127.0.0.1 on an ephemeral port, prints the port on the first line of
stdout, then serves until killed. Configuration i is served under /c<i>/.

A configuration is settings.py as a user writes it: a list of Python
statements run in a namespace that starts from BASE below (so
`MIDDLEWARE += [...]` and `SECURE_HSTS_SECONDS = 31536000` both work);
the upper-case names it ends with are that configuration's settings, applied
with override_settings around its own handler (SecurityMiddleware reads its
settings when the handler is built, so each configuration gets one).
`hooks` are statements a middleware runs on each response (`response` and
`value` in scope), as the fixes' "in a middleware: response[...] = ..." say.
"""
import json
import sys

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY='test-only-secret',
    ALLOWED_HOSTS=['*'],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=['django.contrib.sessions', 'django.contrib.contenttypes'],
    SESSION_ENGINE='django.contrib.sessions.backends.signed_cookies',
    TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'APP_DIRS': False, 'OPTIONS': {'context_processors': ['django.template.context_processors.request']}}],
)
django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.template import engines  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from wsgiref.simple_server import WSGIRequestHandler, make_server  # noqa: E402

BASE = {
    'MIDDLEWARE': [
        'django.middleware.security.SecurityMiddleware',
        'django.contrib.sessions.middleware.SessionMiddleware',
        'django.middleware.csrf.CsrfViewMiddleware',
        'django.middleware.clickjacking.XFrameOptionsMiddleware',
        __name__ + '.HookMiddleware',
    ],
    # The TLS proxy in front sends X-Forwarded-Proto: https (the test does).
    'SECURE_PROXY_SSL_HEADER': ('HTTP_X_FORWARDED_PROTO', 'https'),
}
PAGE = engines['django'].from_string(
    '<!doctype html><title>t</title><style nonce="{{ request.csp_nonce }}">p{}</style>'
    '<script nonce="{{ request.csp_nonce }}">1</script><p>ok')


class HookMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for statement in getattr(settings, 'TEST_HOOKS', []):
            exec(statement, {'response': response, 'value': 'v1'})
        return response


def page(request):
    request.session['user'] = 'alice'
    get_token(request)
    return HttpResponse(PAGE.render({}, request))


urlpatterns = [path('', page)]


def settings_of(config):
    namespace = {key: (list(value) if isinstance(value, list) else value) for key, value in BASE.items()}
    for statement in config.get('settings', []):
        exec(statement, namespace)
    values = {key: value for key, value in namespace.items() if key.isupper()}
    values['TEST_HOOKS'] = config.get('hooks', [])
    return values


class Site:
    def __init__(self, config):
        self.settings = settings_of(config)
        with override_settings(**self.settings):
            self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        with override_settings(**self.settings):
            return list(self.handler(environ, start_response))


configs = json.load(open(sys.argv[1]))
sites = [Site(config) for config in configs]


def app(environ, start_response):
    parts = environ.get('PATH_INFO', '/').split('/', 2)
    index = int(parts[1][1:])
    environ['PATH_INFO'] = '/' + (parts[2] if len(parts) > 2 else '')
    return sites[index](environ, start_response)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


server = make_server('127.0.0.1', 0, app, handler_class=QuietHandler)
print(server.server_port, flush=True)
server.serve_forever()
