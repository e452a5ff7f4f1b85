"""Network guard for test runs: refuse anything that would leave this machine.

Put this folder on PYTHONPATH with COURSE_NET_GUARD=1 (``tools/offline.sh`` does, so ``make test``
does): every Python process started by the tests, Jupyter kernels included, then fails loudly on
a stray fetch, even where no network namespace can be made.

It is an audit hook (``sys.addaudithook``): CPython's socket module reports each connect,
connect_ex, sendto, sendmsg, socket creation and name lookup to it from C, before acting, so the
hook sees the calls of ``socket.socket``, of ``_socket.socket`` used directly, of
``socket.create_connection``, asyncio and every library alike; and an audit hook cannot be removed.
Because C resolves a host name given to connect or sendto before it reports the call, the socket
classes also check the address first (``socket.socket``'s methods; ``_socket.socket`` replaced by
a subclass that checks).
Allowed: loopback IP literals (127.0.0.0/8, ::1), the unspecified addresses, the name
"localhost", Unix sockets. Host names that merely look like loopback ("127.evil.com") are names
and are refused. Refused calls raise ``NetworkGuardError`` (a ``ConnectionRefusedError``, so an
``OSError``), its message starting "network guard:".

What it cannot stop (see the README): programs that are not Python (curl, git, a browser),
C libraries that open their own sockets (libzmq, libcurl), and Python started without this
folder on its path, or with -I, -S or -E.
"""

import os
import sys

if os.environ.get("COURSE_NET_GUARD") == "1":
    import ipaddress
    import socket

    class NetworkGuardError(ConnectionRefusedError):
        """A call the network guard refused."""

    _LOCAL_FAMILIES = {socket.AF_UNIX}
    _IP_FAMILIES = {socket.AF_INET, socket.AF_INET6}
    # Families that never leave the kernel; any other family (AF_PACKET, AF_VSOCK, ...) is refused.
    _KERNEL_FAMILIES = {getattr(socket, n) for n in ("AF_NETLINK", "AF_ALG") if hasattr(socket, n)}

    def _local_host(host) -> bool:
        """True for None, "", "localhost" and loopback or unspecified IP literals."""
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).strip()
        if host in ("", "localhost", "localhost."):
            return True
        try:
            ip = ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            return False  # a name, not an IP literal: it would need a lookup
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return ip.is_loopback or ip.is_unspecified

    def _refuse(what: str) -> None:
        raise NetworkGuardError(f"network guard: {what} refused: the course makes no network "
                                "connection (tests and lessons run offline)")

    def _check_address(sock, address, what: str) -> None:
        if address is None:  # sendmsg on a connected socket: its connect was checked
            return
        family = getattr(sock, "family", None)
        if family in _LOCAL_FAMILIES or isinstance(address, str | bytes):
            return
        if family in _IP_FAMILIES:
            if not isinstance(address, tuple) or not _local_host(address[0]):
                _refuse(f"{what} to {address!r}")
            return
        if family in _KERNEL_FAMILIES:
            return
        _refuse(f"{what} on socket family {family!r}")

    def _on_new(args) -> None:
        _, family, type_, _ = args
        if family == -1 or family in _LOCAL_FAMILIES | _IP_FAMILIES | _KERNEL_FAMILIES:
            if family in _IP_FAMILIES and type_ != -1 and type_ & 0xF == socket.SOCK_RAW:
                _refuse("a raw IP socket")
            return
        _refuse(f"a socket of family {family!r}")

    def _on_lookup(args) -> None:
        if not _local_host(args[0]):
            _refuse(f"looking up {args[0]!r}")

    def _on_nameinfo(args) -> None:
        sockaddr = args[0]
        if not (isinstance(sockaddr, tuple) and sockaddr and _local_host(sockaddr[0])):
            _refuse(f"looking up {sockaddr!r}")

    _HANDLERS = {
        "socket.__new__": _on_new,
        "socket.connect": lambda a: _check_address(a[0], a[1], "connection"),
        "socket.sendto": lambda a: _check_address(a[0], a[1], "sending"),
        "socket.sendmsg": lambda a: _check_address(a[0], a[1], "sending"),
        "socket.getaddrinfo": _on_lookup,
        "socket.gethostbyname": _on_lookup,  # gethostbyname_ex too
        "socket.gethostbyaddr": _on_lookup,
        "socket.getnameinfo": _on_nameinfo,
    }

    def _audit(event, args, _get=_HANDLERS.get):
        handler = _get(event)
        if handler is not None:
            handler(args)

    sys.addaudithook(_audit)

    # The audit events of connect, sendto and sendmsg come after C has looked up a host name
    # given in the address. So the socket classes check the address first, before any lookup:
    # socket.socket's methods, and _socket.socket replaced by a checking subclass.
    import _socket

    _C = _socket.socket

    def connect(self, address):
        _check_address(self, address, "connection")
        return _C.connect(self, address)

    def connect_ex(self, address):
        _check_address(self, address, "connection")
        return _C.connect_ex(self, address)

    def sendto(self, data, *flags_address):
        _check_address(self, flags_address[-1] if flags_address else None, "sending")
        return _C.sendto(self, data, *flags_address)

    def sendmsg(self, *args):
        _check_address(self, args[3] if len(args) > 3 else None, "sending")
        return _C.sendmsg(self, *args)

    _METHODS = {"connect": connect, "connect_ex": connect_ex, "sendto": sendto}
    if hasattr(_C, "sendmsg"):
        _METHODS["sendmsg"] = sendmsg
    for _name, _method in _METHODS.items():
        setattr(socket.socket, _name, _method)
    _socket.socket = _socket.SocketType = type("socket", (_C,), {**_METHODS,
                                                                  "__module__": "_socket"})
