"""Load on `disclosure-check serve`, on loopback only, bounded in requests and in time.

    python benchmarks/server_load.py                     # 1, 8, 32 clients; RSS after 100,000
    python benchmarks/server_load.py --memory-requests 20000 --seconds 10

Starts the server as its own process on a free 127.0.0.1 port (so client and server do not
share one interpreter), sends `POST /v1/check` with one caption each from the seeded corpus of
`throughput.py`, and prints requests/s and latency percentiles per concurrency level, then the
server's resident memory (VmRSS) while it answers `--memory-requests` more requests. Every loop
stops at its request count or its time budget, whichever comes first; the server is stopped at
the end. The clients are Python threads with keep-alive connections: at 32 clients part of the
measured latency is the client's own queueing on two cores.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from throughput import generate  # noqa: E402

HOST = "127.0.0.1"  # loopback only: this benchmark never sends traffic anywhere else


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(port: int, threads: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "disclosure_check.server", "--host", HOST, "--port"]
    command += [str(port), "--threads", str(threads), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=HERE.parent)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start within 30 s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Load:
    """`clients` threads share a request budget and a deadline; latencies are kept."""

    def __init__(self, port: int, bodies: list[bytes], requests: int, seconds: float) -> None:
        self.port = port
        self.bodies = bodies
        self.remaining = requests
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.failures = 0

    def _take(self) -> int | None:
        with self.lock:
            if self.remaining <= 0 or time.monotonic() > self.deadline:
                return None
            self.remaining -= 1
            return self.remaining

    def client(self) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Content-Type": "application/json"}
        mine: list[float] = []
        failures = 0
        while (ticket := self._take()) is not None:
            body = self.bodies[ticket % len(self.bodies)]
            started = time.perf_counter()
            connection.request("POST", "/v1/check", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            failures += response.status != 200
        connection.close()
        with self.lock:
            self.latencies.extend(mine)
            self.failures += failures

    def run(self, clients: int) -> float:
        threads = [threading.Thread(target=self.client) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(port: int, bodies: list[bytes], clients: int, requests: int, seconds: float) -> dict:
    load = Load(port, bodies, requests, seconds)
    elapsed = load.run(clients)
    done = len(load.latencies)
    return {
        "clients": clients,
        "requests": done,
        "failures": load.failures,
        "requests_per_s": done / elapsed,
        "p50_ms": statistics.median(load.latencies) * 1000,
        "p99_ms": percentile(load.latencies, 0.99) * 1000,
    }


def memory_run(port: int, pid: int, bodies: list[bytes], total: int, seconds: float) -> list:
    """RSS after every tenth of `total` requests, with 8 clients."""
    samples = [(0, rss_mb(pid))]
    step = max(1, total // 10)
    deadline = time.monotonic() + seconds
    sent = 0
    while sent < total and time.monotonic() < deadline:
        load = Load(port, bodies, min(step, total - sent), deadline - time.monotonic())
        load.run(8)
        sent += len(load.latencies)
        samples.append((sent, rss_mb(pid)))
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captions", type=int, default=2_000, help="distinct captions sent")
    parser.add_argument("--requests", type=int, default=5_000, help="per concurrency level")
    parser.add_argument("--seconds", type=float, default=30.0, help="time budget per level")
    parser.add_argument("--memory-requests", type=int, default=100_000)
    parser.add_argument("--memory-seconds", type=float, default=600.0)
    parser.add_argument("--jurisdiction", default="UK")
    parser.add_argument("--threads", type=int, default=4, help="the server's worker threads")
    args = parser.parse_args()

    captions = generate(args.captions, seed=7)
    bodies = [
        json.dumps({"caption": c, "jurisdiction": args.jurisdiction}).encode() for c in captions
    ]
    port = free_port()
    server = start_server(port, args.threads)
    try:
        measure(port, bodies, 4, 500, 10.0)  # warm-up: build the checker, fill caches
        print(f"server pid {server.pid}, RSS after warm-up {rss_mb(server.pid):.1f} MB")
        print("clients  requests  failures  requests/s  p50 ms  p99 ms")
        for clients in (1, 8, 32):
            r = measure(port, bodies, clients, args.requests, args.seconds)
            print(
                f"{r['clients']:>7}  {r['requests']:>8}  {r['failures']:>8}  "
                f"{r['requests_per_s']:>10.0f}  {r['p50_ms']:>6.2f}  {r['p99_ms']:>6.2f}"
            )
        print(f"RSS (MB) while answering {args.memory_requests:,} more requests (8 clients):")
        for sent, rss in memory_run(
            port, server.pid, bodies, args.memory_requests, args.memory_seconds
        ):
            print(f"  after {sent:>7,} requests: {rss:6.1f} MB")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
