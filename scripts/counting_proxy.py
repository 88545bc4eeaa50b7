"""A TCP relay in front of a server that counts every byte on the wire, both
ways, and can add latency per request: what a phone pays for, including the
service worker's own requests (which a browser's network log may miss)."""
from __future__ import annotations

import asyncio
import threading
import time

METHODS = (b"GET ", b"POST ", b"HEAD ", b"PUT ", b"DELETE ", b"OPTIONS ")


class CountingProxy:
    def __init__(self, target_port: int, delay: float = 0.0):
        self.target_port = target_port
        self.delay = delay  # seconds added before each request reaches the server
        self.up = self.down = self.requests = 0
        self.request_lines: list[str] = []
        self.last_activity = time.monotonic()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def total(self) -> int:
        return self.up + self.down

    def reset(self) -> None:
        self.up = self.down = self.requests = 0
        self.request_lines.clear()

    def start(self) -> CountingProxy:
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        """Stop listening (open connections end with the process: it is a daemon thread)."""
        self._loop.call_soon_threadsafe(self._server.close)

    def wait_until_quiet(self, quiet: float = 0.7, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() - self.last_activity < quiet and time.monotonic() < deadline:
            time.sleep(0.1)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(
            self._pipe(reader, upstream_writer, upwards=True),
            self._pipe(upstream_reader, writer, upwards=False),
            return_exceptions=True,
        )

    async def _pipe(self, reader, writer, *, upwards: bool) -> None:
        try:
            while chunk := await reader.read(65536):
                self.last_activity = time.monotonic()
                if upwards:
                    if chunk.startswith(METHODS):
                        self.requests += 1
                        self.request_lines.append(chunk.split(b"\r\n", 1)[0].decode("latin-1"))
                        if self.delay:
                            await asyncio.sleep(self.delay)
                    self.up += len(chunk)
                else:
                    self.down += len(chunk)
                writer.write(chunk)
                await writer.drain()
        finally:
            writer.close()
