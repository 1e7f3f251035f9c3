"""Serve the built book over http on this machine (`reportbook serve`, screenshots, browser tests).

Opened as a file (file://), the book works but its search lists pages without excerpts: the
browser refuses to fetch the pages' text. Over http the excerpts show.
"""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(folder: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A thread serving `folder` on 127.0.0.1 (`port` 0: any free port), and its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             functools.partial(_Quiet, directory=str(folder)))
    server.serve_forever_thread = threading.Thread(target=server.serve_forever, daemon=True)
    server.serve_forever_thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
