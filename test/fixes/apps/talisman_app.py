"""Many Flask + Flask-Talisman apps in one process, one per configuration,
for the fix proofs (test/fixes/talisman.test.ts).

Usage: /usr/bin/python3 talisman_app.py CONFIGS.json
Binds 127.0.0.1 on an ephemeral port, prints the port on the first line of
stdout, then serves until killed. Configuration i is served under /c<i>/.

A configuration is what a user writes, as Python source:
  talisman: ["key=value", ...]  the Talisman(app, ...) keyword arguments; a
            dict value whose first key is '…' is merged into the current
            value of that argument (Talisman's default when not passed),
            as a fix written `content_security_policy={…, 'script-src': …}` says
  view:     ["key=value", ...]  @talisman(...) on the page view, or absent
  config:   ["KEY = value", ...] app.config assignments
  hooks:    ["statement", ...]  run in @app.after_request with `response`
  late_hooks: ["statement", ...] the same, in a hook registered before
            Talisman(app), so Flask runs it after Talisman's own (Flask runs
            after_request hooks last-registered first)
  cookie:   "statement"         run in the page view with `response` and `value`
"""
import json
import sys

from flask import Flask, make_response, render_template_string, session
from flask_talisman import Talisman
from flask_talisman import talisman as talisman_module
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server

PAGE = ('<!doctype html><title>t</title><style nonce="{{ csp_nonce() }}">p{}</style>'
        '<script nonce="{{ csp_nonce() }}">1</script><p>ok</p>')
DEFAULTS = {
    'content_security_policy': talisman_module.DEFAULT_CSP_POLICY,
    'permissions_policy': talisman_module.DEFAULT_PERMISSIONS_POLICY,
}
ELLIPSIS = '\u2026'


def kwargs_of(sources):
    kwargs = {}
    for source in sources:
        parsed = eval('dict(%s)' % source, {})
        for key, value in parsed.items():
            if isinstance(value, dict) and ELLIPSIS in value:
                merged = dict(kwargs.get(key, DEFAULTS.get(key, {})) or {})
                merged.update({k: v for k, v in value.items() if k != ELLIPSIS})
                value = merged
            kwargs[key] = value
    return kwargs


def hook_running(statements):
    """An after_request hook that runs the statements with `response` in scope."""
    def run(response):
        for statement in statements:
            exec(statement, {'response': response})
        return response
    return run


def make_app(config):
    app = Flask(__name__)
    app.secret_key = 'test-only-secret'
    for assignment in config.get('config', []):
        key, _, value = assignment.partition('=')
        app.config[key.strip()] = eval(value, {})
    # Registered before Talisman(app): Flask runs it after Talisman's own hook.
    app.after_request(hook_running(config.get('late_hooks', [])))
    talisman = Talisman(app, **kwargs_of(config.get('talisman', [])))

    def page():
        session['user'] = 'alice'
        response = make_response(render_template_string(PAGE))
        if config.get('cookie'):
            exec(config['cookie'], {'response': response, 'value': 'v1'})
        return response

    if 'view' in config:
        page = talisman(**kwargs_of(config['view']))(page)
    app.add_url_rule('/', 'page', page)

    app.after_request(hook_running(config.get('hooks', [])))
    return app


configs = json.load(open(sys.argv[1]))
root = Flask('root')
wsgi = DispatcherMiddleware(root, {'/c%d' % i: make_app(c) for i, c in enumerate(configs)})
server = make_server('127.0.0.1', 0, wsgi)
print(server.server_port, flush=True)
server.serve_forever()
