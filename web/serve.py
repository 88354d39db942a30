"""`mirsad serve`: the app behind waitress, a production WSGI server, in one or more processes.

    >>> serve("index/current", "127.0.0.1", 8000, workers=2)

One waitress process runs Python on one core at a time, so with `workers` > 1 the server forks that
many processes, each with its own listening socket on the same port (SO_REUSEPORT: the kernel
spreads connections among them). Each process opens the index itself.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading

from waitress import serve as waitress_serve

from search.settings import setting
from search.translate.lexicon import LEXICON

from . import create_app


def _listening_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def _run_worker(index_path: str, host: str, port: int) -> None:
    app = create_app({"INDEX_PATH": index_path})
    # The translation lexicon loads in a second or two; load it while the worker starts listening,
    # not on the first English query.
    threading.Thread(target=LEXICON.load, name="lexicon", daemon=True).start()
    waitress_serve(
        app, sockets=[_listening_socket(host, port)], threads=int(setting("threads")), ident="mirsad"
    )


def serve(index_path: str, host: str, port: int, workers: int = 1) -> int:
    print(
        f"Mirsad is serving {index_path} — open http://{host}:{port}/ in a browser ({workers} process"
        f"{'es' if workers > 1 else ''})",
        file=sys.stderr,
    )
    if workers <= 1:
        _run_worker(index_path, host, port)
        return 0
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # the child serves until it is told to stop
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _run_worker(index_path, host, port)
            os._exit(0)
        children.append(pid)

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    for child in children:
        _, code = os.waitpid(child, 0)
        status = status or (code >> 8)
    return status
