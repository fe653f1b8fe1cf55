"""A small Flask app protected by Flask-Talisman, in the configurations
Talisman's users write. One factory, `create_app(config_name)`; every config
serves the same pages so their headers and browser behaviour can be compared.

Run:  /usr/bin/python3 app.py <config>     (or CONFIG=<config> PORT=<port>)
It binds 127.0.0.1 (port 0 unless PORT is set) and prints `PORT=<n>` on the
first line of stdout once it listens, so a test harness can read it.

Talisman's force_https is left at its default (on) everywhere: the app is
meant to run behind a TLS-terminating proxy, which sends
`X-Forwarded-Proto: https`. Talisman reads that header itself (no ProxyFix
needed), so tests send it to reach the pages; without it they get the 302 to
https. See README.md.
"""
import os
import sys

from flask import Flask, jsonify, render_template, request, session
from flask_talisman import ALLOW_FROM, Talisman
from werkzeug.serving import make_server

PARTNER = 'https://partner.example'
CDN_SCRIPT = 'https://cdn.jsdelivr.net/npm/widget@1/widget.js'

# What each config passes to Talisman.init_app. The keys are Talisman 1.0's
# own option names (flask_talisman/talisman.py).
CONFIGS = {
    # Talisman(app) as the README's first example: nothing else.
    'defaults': {},
    # A CDN allowlist and inline scripts allowed: what many apps do to keep
    # an old template working.
    'cdn': {
        'content_security_policy': {
            'default-src': "'self'",
            'script-src': ["'self'", "'unsafe-inline'", 'cdn.jsdelivr.net', 'cdnjs.cloudflare.com'],
            'style-src': ["'self'", "'unsafe-inline'", 'fonts.googleapis.com'],
            'font-src': ["'self'", 'fonts.gstatic.com'],
            'img-src': ["'self'", 'data:'],
            'object-src': "'none'",
        },
    },
    # A nonce-based ("strict") policy: Talisman adds 'nonce-…' to script-src
    # on every request and templates read it with csp_nonce().
    'nonce': {
        'content_security_policy': {
            'default-src': "'self'",
            'script-src': "'strict-dynamic'",
            'object-src': "'none'",
            'base-uri': "'none'",
        },
        'content_security_policy_nonce_in': ['script-src'],
    },
    # Trying a policy out before enforcing it.
    'report_only': {
        'content_security_policy': {'default-src': "'self'", 'object-src': "'none'"},
        'content_security_policy_report_only': True,
        'content_security_policy_report_uri': '/csp-report',
    },
    # HSTS ready for the preload list: two years, subdomains, preload.
    'hsts_preload': {
        'strict_transport_security_max_age': 63072000,
        'strict_transport_security_preload': True,
    },
    # HSTS switched down to a day "while testing", and forgotten.
    'short_hsts': {
        'strict_transport_security_max_age': 86400,
    },
    # The session cookie left without Secure (often set for local http development).
    'insecure_session': {
        'session_cookie_secure': False,
    },
    # Old tutorials: Feature-Policy, permanent redirects.
    'legacy': {
        'feature_policy': {'geolocation': "'none'", 'camera': "'none'"},
        'force_https_permanent': True,
    },
    # Everything the OWASP Secure Headers Project asks for that Talisman can set;
    # COOP and CORP, which Talisman has no option for, come from after_request.
    'strict': {
        'strict_transport_security_max_age': 63072000,
        'strict_transport_security_preload': True,
        'frame_options': 'DENY',
        'referrer_policy': 'no-referrer',
        'permissions_policy': {'camera': '()', 'microphone': '()', 'geolocation': '()', 'payment': '()', 'usb': '()'},
        'x_xss_protection': False,
        'content_security_policy': {
            'default-src': "'self'",
            'script-src': "'strict-dynamic'",
            'object-src': "'none'",
            'base-uri': "'none'",
            'frame-ancestors': "'none'",
            'form-action': "'self'",
            'upgrade-insecure-requests': '',
        },
        'content_security_policy_nonce_in': ['script-src'],
    },
}


def create_app(config_name='defaults'):
    if config_name not in CONFIGS:
        raise ValueError('unknown config %r; choose one of: %s' % (config_name, ', '.join(CONFIGS)))
    app = Flask(__name__)
    app.secret_key = 'example-only-secret'
    app.config['CSP_REPORTS'] = []
    talisman = Talisman()

    @app.route('/')
    def home():
        return render_template('home.html', config=config_name, cdn_script=CDN_SCRIPT)

    @app.route('/login', methods=['GET', 'POST'])
    def login():
        session['user'] = 'alice'
        return render_template('message.html', text='Signed in as alice.')

    # A widget partners may frame: its own policy, framing allowed for one
    # origin. ALLOW-FROM is what Talisman's docs show; browsers ignore it and
    # follow frame-ancestors instead.
    @app.route('/widget')
    @talisman(
        frame_options=ALLOW_FROM,
        frame_options_allow_from=PARTNER,
        content_security_policy={
            'default-src': "'self'",
            'object-src': "'none'",
            'frame-ancestors': ["'self'", PARTNER],
        },
    )
    def widget():
        return render_template('message.html', text='Embeddable widget.')

    # The same, written the modern way: no X-Frame-Options, frame-ancestors only.
    @app.route('/embed')
    @talisman(
        frame_options=None,
        content_security_policy={
            'default-src': "'self'",
            'object-src': "'none'",
            'frame-ancestors': ["'self'", PARTNER],
        },
    )
    def embed():
        return render_template('message.html', text='Embeddable page.')

    # A JSON API with CSP switched off, as people do for endpoints that
    # "are not HTML".
    @app.route('/api/status')
    @talisman(content_security_policy=None)
    def api_status():
        return jsonify(status='ok', config=config_name)

    # The same with framing protection switched off too: an API response
    # can still be framed (drag-and-drop clickjacking).
    @app.route('/api/frameable')
    @talisman(content_security_policy=None, frame_options=None)
    def api_frameable():
        return jsonify(status='ok')

    # Where browsers POST CSP reports (report-uri). No redirect to https here:
    # browsers send reports without the proxy's header in tests.
    @app.route('/csp-report', methods=['POST'])
    @talisman(force_https=False)
    def csp_report():
        app.config['CSP_REPORTS'].append(request.get_json(force=True, silent=True))
        return '', 204

    @app.route('/csp-reports')
    @talisman(force_https=False)
    def csp_reports():
        return jsonify(app.config['CSP_REPORTS'])

    if config_name == 'strict':
        @app.after_request
        def isolation_headers(response):
            response.headers['Cross-Origin-Opener-Policy'] = 'same-origin'
            response.headers['Cross-Origin-Resource-Policy'] = 'same-origin'
            # On OWASP's add list since July 2026; Talisman has no option for them.
            response.headers['X-DNS-Prefetch-Control'] = 'off'
            response.headers['X-Permitted-Cross-Domain-Policies'] = 'none'
            return response

        # A response that sets a cookie must not be stored by caches. Flask adds the
        # session cookie after these hooks, so a changed session counts too.
        @app.after_request
        def no_store_with_cookies(response):
            if session.modified or response.headers.getlist('Set-Cookie'):
                response.headers['Cache-Control'] = 'no-store, max-age=0'
            return response

    talisman.init_app(app, **CONFIGS[config_name])
    return app


def main():
    config_name = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('CONFIG', 'defaults')
    try:
        app = create_app(config_name)
    except ValueError as error:
        sys.exit(str(error))
    server = make_server('127.0.0.1', int(os.environ.get('PORT', '0')), app, threaded=True)
    print('PORT=%d' % server.server_port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
