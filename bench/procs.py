"""What the runner needs to drive servers: start and stop them, sample their memory, load them.

Every server runs in its own process group and is stopped by that group's id, so the runner ends
exactly what it started. Memory is sampled over the whole process tree (gunicorn's master and
workers): resident size (RSS) summed, proportional size (PSS, which counts pages the workers share
with the master once) summed, and the largest single process.
"""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

STARTED: list[subprocess.Popen] = []


def start(cmd: Sequence[str], log: Path, env: dict | None = None, cwd=None) -> subprocess.Popen:
    handle = open(log, "ab")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        list(cmd), stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True
    )
    STARTED.append(process)
    return process


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    if process.poll() is None:
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
    if process in STARTED:
        STARTED.remove(process)


def stop_all() -> None:
    for process in list(STARTED):
        stop(process, grace=5)


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 90) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} after {seconds}s")


def get_json(url: str, timeout: float = 60):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


# --- memory ----------------------------------------------------------------------------------


def tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parent = int(stat[stat.rindex(")") + 2 :].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _kb(path: str, field: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_mb(pid: int) -> dict[str, float]:
    pids = tree(pid)
    rss = [_kb(f"/proc/{p}/status", "VmRSS:") for p in pids]
    pss = [_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids]
    return {
        "rss_sum_mb": sum(rss) / 1024,
        "pss_sum_mb": sum(pss) / 1024,
        "rss_max_process_mb": max(rss, default=0) / 1024,
    }


class MemorySampler:
    """Peaks of `memory_mb` over the process tree, sampled every `interval` seconds."""

    def __init__(self, pid: int | None, interval: float = 0.1):
        self.pid, self.interval = pid, interval
        self.peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for key, value in memory_mb(self.pid).items():
                self.peak[key] = max(self.peak.get(key, 0.0), value)
            self._stop.wait(self.interval)

    def __enter__(self):
        if self.pid:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self.pid:
            self._thread.join()


def settle(probe_url: str | None, limit: float = 240) -> float:
    """Wait until the server answers a cheap request promptly again.

    wrk stops at its deadline, but requests already queued in the listen backlog are still
    served afterwards (by the workers, or by the database for them); the next run must not pay
    for them. A probe queues behind them, so its quick answer means the queue is empty.
    """
    if not probe_url:
        return 0.0
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        sent = time.perf_counter()
        try:
            with urllib.request.urlopen(probe_url, timeout=limit) as response:
                response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
            continue
        if time.perf_counter() - sent < 0.25:
            break
    return time.perf_counter() - started


# --- load ------------------------------------------------------------------------------------


def wrk(
    base_url: str,
    paths: list[str],
    *,
    connections: int,
    seconds: int,
    workdir: Path,
    label: str,
    threads: int = 2,
    probe: str | None = None,
    post_to: str | None = None,
) -> dict:
    """One bounded wrk run rotating over `paths` (or, with `post_to`, over JSON bodies POSTed to
    that path); requests/s (2xx only) and latency in ms."""
    paths_file = workdir / f"paths-{label}.txt"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    script = Path(__file__).resolve().parent / "wrk" / "rotate.lua"
    cmd = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base_url,
    ]
    env = dict(os.environ, BENCH_PATHS=str(paths_file))
    if post_to:
        env["BENCH_POST"] = post_to
    settle(probe)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    drained = settle(probe)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-300:]} {done.stderr[-300:]}")
    raw = json.loads(line[6:])
    duration = raw["duration_us"] / 1e6
    errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "connections": connections,
        "seconds": round(duration, 2),
        "requests": raw["requests"],
        "rps": round((raw["requests"] - raw["status_errors"]) / duration, 1),
        "p50_ms": round(raw["p50_us"] / 1e3, 2),
        "p90_ms": round(raw["p90_us"] / 1e3, 2),
        "p99_ms": round(raw["p99_us"] / 1e3, 2),
        "non_2xx": raw["status_errors"],
        "socket_errors": errors,
        "backlog_drain_s": round(drained, 1),
        "command": " ".join(cmd[:-3] + ["rotate.lua", base_url]),
    }


def download(url: str, out: Path, timeout: int, pid: int | None) -> dict:
    """GET `url` into `out` with curl, timing it and sampling the server's memory meanwhile."""
    before = memory_mb(pid) if pid else {}
    cmd = ["curl", "-sS", "--max-time", str(timeout), "-o", str(out), "-w"]
    cmd += ["%{http_code} %{time_total} %{time_starttransfer} %{size_download}", url]
    with MemorySampler(pid) as sampler:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout + 30)
    code, total, first_byte, size = done.stdout.split()
    result = {
        "http_status": int(code),
        "seconds": round(float(total), 2),
        "first_byte_s": round(float(first_byte), 3),
        "mbytes": round(int(size) / 1e6, 1),
        "complete": done.returncode == 0,
    }
    if pid:
        result["memory_before"] = {k: round(v, 1) for k, v in before.items()}
        result["memory_peak"] = {k: round(v, 1) for k, v in sampler.peak.items()}
    return result
