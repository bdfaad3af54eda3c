"""Crafted inputs and a listener that counts who calls it, for the tests of hostile use."""

from __future__ import annotations

import socket
import threading

__all__ = ["DEEP", "Listener"]

#: Queries that nest deep enough to overflow the SPARQL parser's stack (a segfault before).
DEEP = {
    "braces": "SELECT * WHERE " + "{" * 20000 + " ?s ?p ?o " + "}" * 20000,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
    "negations": "SELECT * WHERE { FILTER(" + "!" * 40000 + "true) }",
    "blank nodes": "SELECT * { ?s ?p " + "[ <http://e/p> " * 20000 + "1" + " ]" * 20000 + " }",
    "mixed": "ASK { FILTER(" + "(!" * 100 + "true" + ")" * 100 + ") }",
}


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections and answers a SPARQL JSON result."""

    BODY = (
        b'{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"far"}}]}}'
    )

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                head += b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(self.BODY)
                conn.sendall(head + self.BODY)

    def close(self) -> None:
        self.sock.close()
