"""The Mirsad web app: `create_app(config=None)`, a thin layer over the search library.

>>> app = create_app({"INDEX_PATH": "index/current"})
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response

from search.settings import setting

from .api import api
from .pages import pages

SECURITY_HEADERS = {
    # No inline script, no external request of any kind: everything is served from here.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app; `config` overrides settings (INDEX_PATH, TESTING…)."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_PATH=setting("index_path"),
        MAX_CONTENT_LENGTH=64 * 1024,  # the app takes no uploads; refuse large bodies early
        JSON_AS_ASCII=False,
    )
    if config:
        app.config.from_mapping(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.register_blueprint(pages)
    app.register_blueprint(api)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


__all__ = ["create_app"]
