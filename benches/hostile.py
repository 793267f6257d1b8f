#!/usr/bin/env python3
"""Hostile clients against a running Lantern on 127.0.0.1, for a bounded time.

Opens CONNECTIONS connections that misbehave in every way the reliability review found:
  - stalled readers: a 4 KiB receive buffer, 8 pipelined requests for a large page (the
    API's biggest, a search page, a kept page), and never a byte read;
  - slowloris: a request head sent one byte every two seconds;
  - idle: connected, nothing sent.
Slowloris and idle clients reconnect when the server closes them, so the pressure holds.
Meanwhile it asks for /healthz every 100 ms (from a process of its own, so the clients'
event loop cannot delay it) and for a page and a search every 200 ms, each on a fresh
connection, and samples the server's RSS every 250 ms. After HOLD seconds every
client closes; after SETTLE more seconds the RSS is read again. Prints one JSON object.

Usage: hostile.py HOST:PORT PID [--connections N] [--hold S] [--settle S] [--mix mixed|api]
"""

import argparse
import asyncio
import json
import multiprocessing
import socket
import time

HEAVY = [
    b"GET /hsds/services?per_page=100&full=true HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /search?q=help HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /states/TX HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Run:
    def __init__(self, host, port, pid, deadline):
        self.host, self.port, self.pid, self.deadline = host, port, pid, deadline
        self.loop = asyncio.get_running_loop()
        self.open = 0
        self.peak_open = 0
        self.connect_failures = 0
        self.health = []  # seconds, or None for a failure
        self.pages = {"ok": 0, "busy": 0, "other": 0, "failed": 0}
        self.peak_rss = 0
        self.sockets = []

    def alive(self):
        return time.monotonic() < self.deadline

    async def connect(self, rcvbuf=None):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.setblocking(False)
        try:
            await asyncio.wait_for(self.loop.sock_connect(sock, (self.host, self.port)), 10)
        except (OSError, asyncio.TimeoutError):
            sock.close()
            self.connect_failures += 1
            return None
        self.sockets.append(sock)
        self.open += 1
        self.peak_open = max(self.peak_open, self.open)
        return sock

    def close(self, sock):
        if sock in self.sockets:
            self.sockets.remove(sock)
            self.open -= 1
        sock.close()

    async def stalled(self, i, heavy):
        sock = await self.connect(rcvbuf=4096)
        if sock is None:
            return
        try:
            await self.loop.sock_sendall(sock, heavy[i % len(heavy)] * 8)
        except OSError:
            pass
        # Never read: hold until the end.
        while self.alive():
            await asyncio.sleep(1)
        self.close(sock)

    async def closed_by_server(self, sock, timeout):
        """Waits up to `timeout` for the server to close `sock`; True when it did."""
        try:
            data = await asyncio.wait_for(self.loop.sock_recv(sock, 4096), timeout)
            return data == b"" or True
        except asyncio.TimeoutError:
            return False
        except OSError:
            return True

    async def slowloris(self):
        head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000
        while self.alive():
            sock = await self.connect()
            if sock is None:
                await asyncio.sleep(1)
                continue
            for byte in head:
                if not self.alive():
                    break
                try:
                    await self.loop.sock_sendall(sock, bytes([byte]))
                except OSError:
                    break
                if await self.closed_by_server(sock, 2):
                    break
            self.close(sock)

    async def idle(self):
        while self.alive():
            sock = await self.connect()
            if sock is None:
                await asyncio.sleep(1)
                continue
            while self.alive():
                if await self.closed_by_server(sock, 1):
                    break
            self.close(sock)

    async def get(self, path, timeout=5):
        started = time.monotonic()
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port), timeout)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            status = await asyncio.wait_for(reader.readline(), timeout)
            await asyncio.wait_for(reader.read(), timeout)
            writer.close()
            return status.split(b" ")[1].decode(), time.monotonic() - started
        except (OSError, asyncio.TimeoutError, IndexError):
            return None, time.monotonic() - started

    async def probe_pages(self):
        paths = ["/help", "/search?q=hotline", "/resources/national-human-trafficking-hotline"]
        i = 0
        while self.alive():
            status, _ = await self.get(paths[i % len(paths)])
            i += 1
            key = {"200": "ok", "503": "busy", None: "failed"}.get(status, "other")
            self.pages[key] += 1
            await asyncio.sleep(0.2)

    async def sample_rss(self):
        while self.alive():
            self.peak_rss = max(self.peak_rss, rss_kib(self.pid))
            await asyncio.sleep(0.25)


def probe_health(host, port, deadline, results):
    """In a process of its own, so the hostile clients' event loop cannot delay it: a fresh
    connection for each check, as a load balancer makes them. Sends back (offset, seconds or
    None) pairs."""
    checks = []
    begun = time.monotonic()
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with socket.create_connection((host, port), timeout=5) as sock:
                sock.sendall(request)
                answer = b""
                while True:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
            took = time.monotonic() - started
            checks.append((started - begun, took if answer.startswith(b"HTTP/1.1 200") else None))
        except OSError:
            checks.append((started - begun, None))
        time.sleep(0.1)
    results.send(checks)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else None


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("addr")
    parser.add_argument("pid", type=int)
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--hold", type=float, default=45)
    parser.add_argument("--settle", type=float, default=10)
    parser.add_argument("--mix", choices=["mixed", "api"], default="mixed",
                        help="api: every stalled reader asks for the API's largest page")
    args = parser.parse_args()
    host, port = args.addr.rsplit(":", 1)
    start_rss = rss_kib(args.pid)
    run = Run(host, int(port), args.pid, time.monotonic() + args.hold)
    n = args.connections
    stalled, slow = n * 6 // 10, n * 2 // 10
    idle = n - stalled - slow
    receive, send = multiprocessing.Pipe(duplex=False)
    health = multiprocessing.Process(
        target=probe_health, args=(host, int(port), time.monotonic() + args.hold, send))
    health.start()
    tasks = [run.probe_pages(), run.sample_rss()]
    heavy = HEAVY[:1] if args.mix == "api" else HEAVY
    tasks += [run.stalled(i, heavy) for i in range(stalled)]
    tasks += [run.slowloris() for _ in range(slow)]
    tasks += [run.idle() for _ in range(idle)]
    await asyncio.gather(*tasks)
    checks = await asyncio.get_running_loop().run_in_executor(None, receive.recv)
    health.join()
    run.health = [took for _, took in checks]
    slow_checks = [(round(at, 1), "failed" if took is None else round(took * 1000))
                   for at, took in checks if took is None or took > 0.1]
    for sock in list(run.sockets):
        run.close(sock)
    await asyncio.sleep(args.settle)
    end_rss = rss_kib(args.pid)
    answered = [t for t in run.health if t is not None]
    print(json.dumps({
        "connections": n,
        "mix": {"requests": args.mix, "stalled_readers": stalled, "slowloris": slow, "idle": idle},
        "hold_s": args.hold,
        "peak_client_connections": run.peak_open,
        "connect_failures": run.connect_failures,
        "rss_start_mb": round(start_rss / 1024, 1),
        "rss_peak_mb": round(max(run.peak_rss, start_rss) / 1024, 1),
        "rss_after_mb": round(end_rss / 1024, 1),
        "healthz_checks": len(run.health),
        "healthz_failed": len(run.health) - len(answered),
        "healthz_p50_ms": round(percentile(answered, 0.5) * 1000, 1) if answered else None,
        "healthz_p99_ms": round(percentile(answered, 0.99) * 1000, 1) if answered else None,
        "healthz_max_ms": round(max(answered) * 1000, 1) if answered else None,
        "healthz_over_100ms": slow_checks[:20],
        "pages": run.pages,
    }, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
