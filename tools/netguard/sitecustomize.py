"""Network guard for test runs: refuse any connection that does not stay on this machine.

Put this folder on PYTHONPATH with COURSE_NET_GUARD=1 (``make test`` does): every Python process
started by the tests, Jupyter kernels included, then fails loudly on a stray fetch.
"""

import os
import socket

if os.environ.get("COURSE_NET_GUARD") == "1":
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def _allowed(address) -> bool:
        if isinstance(address, str | bytes):  # a Unix socket path
            return True
        host = str(address[0])
        return host in {"localhost", "::1", "0.0.0.0"} or host.startswith("127.")

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _allowed(address):
            raise ConnectionRefusedError(f"network guard: the course makes no connection to "
                                         f"{address!r} (tests and lessons run offline)")
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _allowed(address):
            raise ConnectionRefusedError(f"network guard: no connection to {address!r}")
        return _connect_ex(self, address)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
