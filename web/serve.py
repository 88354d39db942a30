"""`mirsad serve`: the app behind waitress, a production WSGI server.

>>> serve("index/current", "127.0.0.1", 8000)
"""

from __future__ import annotations

import sys

from waitress import serve as waitress_serve

from search.settings import setting

from . import create_app


def serve(index_path: str, host: str, port: int) -> int:
    app = create_app({"INDEX_PATH": index_path})
    print(f"Mirsad is serving {index_path} — open http://{host}:{port}/ in a browser", file=sys.stderr)
    waitress_serve(app, host=host, port=port, threads=int(setting("threads")), ident="mirsad")
    return 0
