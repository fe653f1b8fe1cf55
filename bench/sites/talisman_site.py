"""A ~100-page site served by Flask with Flask-Talisman, for bench/crawl.mjs:
the headers-only crawl measured against a real framework app in its own
process, where each response costs what a small app costs to render.

Same shape as the crawler's test site (test/fixtures/site): / links to the
rest; /p/1 ... /p/90 link to /p/(n mod 90)+1 and /p/(7n mod 90)+1, so pages
are found level by level; /about relaxes its CSP (Talisman's per-view
override); /old redirects to /new. Werkzeug's threaded server closes every
connection after its response, so each GET is also a TCP connect, on both
sides of the comparison. No request log.

Run: /usr/bin/python3 bench/sites/talisman_site.py
It binds 127.0.0.1 on a free port and prints the port on the first line of
stdout once it listens. force_https is off: the bench speaks plain http.
"""
import logging

from flask import Flask, redirect
from flask_talisman import Talisman
from werkzeug.serving import make_server

P_PAGES = 90

app = Flask(__name__)
talisman = Talisman(
    app,
    force_https=False,
    content_security_policy={'default-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'"},
)


def page(title, body):
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>%s</title>'
        '<link rel="stylesheet" href="/static/site.css"></head><body><h1>%s</h1>%s</body></html>' % (title, title, body)
    )


@app.route('/')
def home():
    links = ' '.join('<a href="/p/%d">page %d</a>' % (n, n) for n in (1, 45))
    return page('Home', '<nav>%s <a href="/about">about</a> <a href="/old">old</a></nav>' % links)


@app.route('/about')
@talisman(content_security_policy={'default-src': "'self'", 'script-src': "'self' 'unsafe-inline'"})
def about():
    return page('About', '<a href="/">home</a> <a href="/p/30">a page</a>')


@app.route('/old')
def old():
    return redirect('/new', code=301)


@app.route('/new')
def new():
    return page('New', '<a href="/">home</a>')


def p_page(n):
    a, b = (n % P_PAGES) + 1, ((n * 7) % P_PAGES) + 1
    body = '<p>page %d</p><a href="/p/%d">next</a> <a href="/p/%d#section">jump</a> <a href="/">home</a> <a href="#top">top</a>' % (n, a, b)
    return page('Page %d' % n, body)


@app.route('/p/<int:n>')
def p(n):
    if n < 1 or n > P_PAGES:
        return page('Not found', ''), 404
    return p_page(n)


if __name__ == '__main__':
    logging.getLogger('werkzeug').setLevel(logging.ERROR)
    server = make_server('127.0.0.1', 0, app, threaded=True)
    print(server.port, flush=True)
    server.serve_forever()
