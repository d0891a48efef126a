"""Bounded load test of the web API on loopback (issue 6).

Starts ``uvicorn multivector.web.app:app_from_env`` in a child process on a
free port of 127.0.0.1 (never another interface), warms it up, then drives
it with N concurrent keep-alive clients (asyncio, one process) for each
scenario: the country profile (state detail + portfolio), hedging and
compare endpoints. Every answer is checked (status 200, expected values)
before any time is reported. Bounded in requests and in seconds.

Usage:
    .venv/bin/python bench/bench_load.py                 # 20 clients, 600 requests per scenario
    .venv/bin/python bench/bench_load.py --no-cache      # server without its answer cache
    .venv/bin/python bench/bench_load.py --workers 2 --requests 1000

Reports p50/p95/p99 latency (ms, client-side, per request) and requests/s.
Target: p95 < 100 ms for a country profile after warm-up on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import socket
import subprocess
import sys
import time

import httpx

# A spread of states so the test is not one cached URL (COW codes).
STATES = [705, 365, 710, 2, 200, 220, 255, 640, 750, 740, 701, 702, 703, 704, 370, 369, 371, 372, 373, 360]


def scenarios() -> dict[str, list[str]]:
    country = []
    for c in STATES:
        country += [f"/api/states/{c}", f"/api/states/{c}/portfolio?from=1991&to=2014"]
    hedging = [f"/api/states/{c}/hedging?from=1992&to=2014" for c in STATES]
    groups = ["705,365,710", "701,702,703,704,705", "2,200,220,255", "369,370,371,372,373", "640,750,740"]
    compare = [f"/api/compare?states={g}&from=1992&to=2014" for g in groups]
    return {"country": country, "hedging": hedging, "compare": compare}


def check(url: str, status: int, raw: bytes) -> None:
    if status != 200:
        raise SystemExit(f"FAIL {url}: HTTP {status} {raw[:200]!r}")
    body = json.loads(raw)
    if url == "/api/states/705":
        assert body["ccode"] == 705 and body["stateabb"] == "KZK", body
    elif url.startswith("/api/states/705/portfolio"):
        full = {row["year"]: row["full"] for row in body["data"]}
        assert (full[2013], full[2014]) == (57, 55), full  # counted by hand from the published CSV
    elif url.startswith("/api/states/705/hedging"):
        row = body["data"][-1]
        assert row["year"] == 2014 and row["hedging"] == 0 and row["commitment_via"] == "CSTO", row  # a CSTO member
    elif url.startswith("/api/compare?states=705,365,710"):
        assert [r["stateabb"] for r in body["data"]] == ["KZK", "RUS", "CHN"], body
    elif "data" in body:
        assert body["data"], url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, cache: bool) -> subprocess.Popen:
    env = dict(os.environ, MULTIVECTOR_WEB_CACHE_ENTRIES="512" if cache else "0")
    cmd = [sys.executable, "-m", "uvicorn", "multivector.web.app:app_from_env", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/data", timeout=2).status_code == 200:
                time.sleep(float(os.environ.get("BENCH_SETTLE", "8")))  # let the server's warm-up thread finish
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("server exited during start-up")
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start within 120 s")


class Conn:
    """A minimal keep-alive HTTP/1.1 client on one connection (much lighter than a full client library,
    which matters when client and server share two cores)."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def get(self, url: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return status, body

    def close(self):
        if self.writer is not None:
            self.writer.close()


async def timed_get(conn: Conn, url: str, latencies: list[float], check_answer=check) -> None:
    """One GET on a connection: its latency appended to ``latencies``, then the answer checked."""
    t0 = time.perf_counter()
    status, body = await conn.get(url)
    latencies.append(time.perf_counter() - t0)
    check_answer(url, status, body)


async def run(port: int, urls: list[str], n_requests: int, clients: int, max_seconds: float) -> tuple[list[float], float]:
    latencies: list[float] = []
    counter = iter(range(n_requests))
    stop_at = time.perf_counter() + max_seconds

    async def client():
        conn = Conn(port)
        try:
            for i in counter:
                if time.perf_counter() > stop_at:
                    return
                await timed_get(conn, urls[i % len(urls)], latencies)
        finally:
            conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, time.perf_counter() - t0


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=600, help="requests per scenario (after warm-up)")
    ap.add_argument("--warmup", type=int, default=2, help="passes over each scenario's URLs before measuring")
    ap.add_argument("--max-seconds", type=float, default=60, help="stop a scenario after this long")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-cache", action="store_true", help="turn the server's answer cache off")
    args = ap.parse_args()

    port = free_port()
    proc = start_server(port, args.workers, cache=not args.no_cache)
    try:
        print(f"server: 127.0.0.1:{port}, {args.workers} worker(s), answer cache {'off' if args.no_cache else 'on'}; "
              f"{args.clients} concurrent clients, {args.requests} requests per scenario after warm-up")
        print(f"{'scenario':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'req/s':>8}")
        for name, urls in scenarios().items():
            asyncio.run(run(port, urls, args.warmup * len(urls), min(args.clients, len(urls)), args.max_seconds))
            lat, wall = asyncio.run(run(port, urls, args.requests, args.clients, args.max_seconds))
            print(f"{name:<10} {len(lat):>8} {pct(lat, 50):>8.1f} {pct(lat, 95):>8.1f} {pct(lat, 99):>8.1f} "
                  f"{max(lat) * 1000:>8.1f} {len(lat) / wall:>8.0f}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
