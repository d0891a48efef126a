"""Memory of the web server, idle and under heavy requests, and whether heavy requests hold light ones back
(issue 11).

Starts ``uvicorn multivector.web.app:app_from_env`` (one worker, 127.0.0.1 only) exactly as ``bench_load.py``
does, and reads the server process's resident memory from ``/proc/<pid>/status`` (``VmRSS``; ``VmHWM`` is the
peak since start):

1. idle after start-up and warm-up;
2. after one pass over the light pages (state detail and portfolio of 20 states);
3. during a burst of heavy requests sent at once (default 50: country briefs of 10 states and evenness requests with the
   default 1000 bootstrap replicates of 40 state-channel pairs), sampled every 20 ms, while 2 clients keep asking
   for light answers (state detail); every answer is checked;
4. idle again after the burst.

The baseline of the light requests is the same light requests on the idle server in the same run: the script
prints their p50/p95 alone and during the burst, and the ratio. The answer cache is off by default here, so the
light requests are computed, not served from memory (``--cache`` turns it on).

Usage:
    .venv/bin/python bench/bench_memory.py
    .venv/bin/python bench/bench_memory.py --briefs 5 --bootstraps 20 --cache
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import STATES, Conn, free_port, pct, start_server, timed_get  # noqa: E402


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    vals = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            k, v = line.split(":", 1)
            vals[k] = int(v.split()[0]) / 1024
    return vals["VmRSS"], vals["VmHWM"]


class Sampler:
    """Samples a process's RSS every ``every`` seconds in a thread; ``peak`` is the largest sample."""

    def __init__(self, pid: int, every: float = 0.02):
        self.pid, self.every, self.peak, self._stop = pid, every, 0.0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid)[0])
            time.sleep(self.every)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def heavy_urls(briefs: int, bootstraps: int) -> list[str]:
    states = STATES * 4
    urls = [f"/api/states/{c}/brief?from=1992&to=2014" for c in states[:briefs]]
    channels = ["institutional", "diplomatic"]
    urls += [f"/api/states/{states[i // 2]}/evenness?channel={channels[i % 2]}" for i in range(bootstraps)]
    return urls


def check(url: str, status: int, body: bytes) -> None:
    if status != 200:
        raise SystemExit(f"FAIL {url}: HTTP {status} {body[:200]!r}")
    if "/brief" in url:
        assert body.startswith(b"<!DOCTYPE html>") and b"vega" in body, url
    elif "/evenness" in url:
        rows = json.loads(body)["data"]
        assert rows and all(r["evenness_lo"] is None or r["evenness"] is None or r["evenness_lo"] <= r["evenness"] + 1e-9
                            for r in rows), url
    else:
        assert json.loads(body)["ccode"] in STATES, url


async def light_loop(port: int, stop: asyncio.Event, out: list[float], clients: int = 2) -> None:
    async def one(k: int):
        conn = Conn(port)
        i = k
        try:
            while not stop.is_set():
                await timed_get(conn, f"/api/states/{STATES[i % len(STATES)]}", out, check)
                i += clients
                await asyncio.sleep(0.01)
        finally:
            conn.close()

    await asyncio.gather(*(one(k) for k in range(clients)))


async def burst(port: int, urls: list[str]) -> tuple[list[float], list[float], float]:
    """Send every heavy URL at once (one connection each) while light clients run; return
    (light latencies, heavy latencies, wall)."""
    stop, light, heavy = asyncio.Event(), [], []

    async def one(url: str):
        conn = Conn(port)
        try:
            await timed_get(conn, url, heavy, check)
        finally:
            conn.close()

    t0 = time.perf_counter()
    lights = asyncio.create_task(light_loop(port, stop, light))
    await asyncio.gather(*(one(u) for u in urls))
    stop.set()
    await lights
    return light, heavy, time.perf_counter() - t0


async def light_only(port: int, seconds: float) -> list[float]:
    stop, out = asyncio.Event(), []
    task = asyncio.create_task(light_loop(port, stop, out))
    await asyncio.sleep(seconds)
    stop.set()
    await task
    return out


async def light_pass(port: int) -> None:
    conn = Conn(port)
    try:
        for c in STATES:
            for url in (f"/api/states/{c}", f"/api/states/{c}/portfolio?from=1991&to=2014"):
                status, body = await conn.get(url)
                if status != 200:
                    raise SystemExit(f"FAIL {url}: HTTP {status}")
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--briefs", type=int, default=10)
    ap.add_argument("--bootstraps", type=int, default=40)
    ap.add_argument("--cache", action="store_true", help="keep the server's answer cache on (default off)")
    args = ap.parse_args()
    if not Path("/proc/self/status").exists():
        raise SystemExit("this benchmark reads /proc (Linux)")
    os.environ.setdefault("BENCH_SETTLE", "12")
    port = free_port()
    proc = start_server(port, 1, cache=args.cache)
    try:
        rows = []
        rss, _ = rss_mb(proc.pid)
        rows.append(("idle after start-up and warm-up", rss))
        asyncio.run(light_pass(port))
        rows.append(("after the light pages of 20 states", rss_mb(proc.pid)[0]))
        alone = asyncio.run(light_only(port, 5))
        urls = heavy_urls(args.briefs, args.bootstraps)
        with Sampler(proc.pid) as s:
            light, heavy, wall = asyncio.run(burst(port, urls))
        rss_after, hwm = rss_mb(proc.pid)
        rows.append((f"peak during {len(urls)} concurrent heavy requests (sampled)", s.peak))
        rows.append(("peak since start (VmHWM)", hwm))
        time.sleep(2)
        rows.append(("idle after the burst", rss_mb(proc.pid)[0]))
        print(f"server: 127.0.0.1:{port}, 1 worker, answer cache {'on' if args.cache else 'off'}; "
              f"{args.briefs} briefs + {args.bootstraps} evenness requests (1000 replicates) at once, in {wall:.1f} s")
        print(f"{'server resident memory':<58} {'MB':>7}")
        for label, mb in rows:
            print(f"{label:<58} {mb:>7.0f}")
        print(f"\n{'light request (state detail)':<40} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
        print(f"{'idle server (baseline)':<40} {len(alone):>5} {pct(alone, 50):>8.1f} {pct(alone, 95):>8.1f}")
        print(f"{'during the heavy burst':<40} {len(light):>5} {pct(light, 50):>8.1f} {pct(light, 95):>8.1f}")
        print(f"ratio p95 during burst / idle: {pct(light, 95) / pct(alone, 95):.1f}x; "
              f"heavy requests: p50 {pct(heavy, 50) / 1000:.1f} s, max {max(heavy):.1f} s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except Exception:  # noqa: BLE001 - a benchmark's clean-up
            proc.kill()


if __name__ == "__main__":
    main()
