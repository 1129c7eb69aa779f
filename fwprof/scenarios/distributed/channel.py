"""Each rank's own event channel: one connection per rank to a Unix socket of the launcher.

Why a socket: ``torchrun`` starts its workers with ``close_fds``, so a pipe passed down from
fwprof does not reach them; an address in the environment does. The socket lives in a fresh
``0700`` temporary folder (only this user can connect) and every rank connects once, as its
first act, and says which rank it is in its first event (``hello``). A connection that closes
tells the launcher that rank has ended, whatever killed it. Events are the JSON lines of
:mod:`fwprof.protocol`, written with the same :class:`~fwprof.child.emitter.EventEmitter`.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import socket
import tempfile
from dataclasses import dataclass, field

from fwprof import protocol
from fwprof.child.emitter import EventEmitter

#: Environment variable holding the socket's path, set for every rank.
SOCKET_ENV = "FWPROF_EVENT_SOCKET"


@dataclass
class Delivery:
    """What one poll brought: events per connection, and connections that closed."""

    events: list[tuple[int, protocol.Event]] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    bad_lines: list[str] = field(default_factory=list)


class EventServer:
    """The launcher's end: accepts rank connections and reads their events without blocking."""

    def __init__(self) -> None:
        self._folder = tempfile.mkdtemp(prefix="fwprof-ranks-")
        self.path = os.path.join(self._folder, "events.sock")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(self.path)
        self._listener.listen(512)
        self._listener.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, None)
        self._buffers: dict[int, bytes] = {}
        self._next_id = 0
        self._unlinked = False

    def poll(self, timeout_s: float) -> Delivery:
        """Wait up to ``timeout_s`` for input; return what arrived."""
        delivery = Delivery()
        for key, _ in self._selector.select(timeout_s):
            if key.data is None:
                self._accept()
            else:
                self._read(key.fileobj, int(key.data), delivery)  # type: ignore[arg-type]
        return delivery

    def unlink(self) -> None:
        """Remove the socket's folder once every rank is connected (connections stay open), so
        nothing is left in the temporary folder even if this process is killed later."""
        if not self._unlinked:
            self._unlinked = True
            shutil.rmtree(self._folder, ignore_errors=True)

    def close(self) -> None:
        """Close every connection and remove the socket's folder."""
        for key in list(self._selector.get_map().values()):
            with contextlib.suppress(OSError):
                key.fileobj.close()  # type: ignore[union-attr]
        self._selector.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> EventServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        with contextlib.suppress(BlockingIOError, InterruptedError):
            conn, _ = self._listener.accept()
            conn.setblocking(False)
            self._next_id += 1
            self._buffers[self._next_id] = b""
            self._selector.register(conn, selectors.EVENT_READ, self._next_id)

    def _read(self, conn: socket.socket, conn_id: int, delivery: Delivery) -> None:
        try:
            chunk = conn.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._selector.unregister(conn)
            conn.close()
            self._decode(conn_id, self._buffers.pop(conn_id, b"") + b"\n", delivery)
            delivery.closed.append(conn_id)
            return
        self._decode(conn_id, chunk, delivery)

    def _decode(self, conn_id: int, chunk: bytes, delivery: Delivery) -> None:
        *lines, rest = (self._buffers.get(conn_id, b"") + chunk).split(b"\n")
        if conn_id in self._buffers:
            self._buffers[conn_id] = rest
        for line in lines:
            if not line.strip():
                continue
            try:
                delivery.events.append((conn_id, protocol.decode(line)))
            except protocol.ProtocolError as exc:
                delivery.bad_lines.append(f"bad event from a rank: {exc}")


def connect_emitter(path: str) -> EventEmitter:
    """A rank's emitter writing to the launcher's socket at ``path``."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    return EventEmitter(sock.detach())
