"""Load and fault test against a running server (a script, not part of the unit suite).

    python scripts/loadtest.py --base http://127.0.0.1:8100 --token TOKEN --seconds 60 --connections 64 \
        --restart-db "pg_ctlcluster --skip-systemctl-redirect 15 main restart"

Drives a mixed read workload (lists, details, full-text search, filtered pages, small exports) from
`--connections` threads on keep-alive connections, plus one writer creating actors and remembering
every write the server acknowledged. Optionally restarts the database half-way through. Reports
requests/s, latency percentiles, status counts, how the API behaved while the database was down
and how long it took to recover, and whether every acknowledged write is still there.
Only talks to the address given (loopback); every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

# Seconds after the database is back within which errors still count as the restart's.
RECOVERY_GRACE_S = 10

READS = [
    "/api/v1/articles/",
    "/api/v1/articles/?ordering=-published_on&page_size=20",
    "/api/v1/quotes/?speaker={speaker}",
    "/api/v1/quotes/?speaker_country=XK&direct=true",
    "/api/v1/claims/?has_number=true",
    "/api/v1/actors/?q={surname}",
    "/api/v1/articles/?q=balkans+russia",
    "/api/v1/actors/{speaker}/",
    "/api/v1/quote-groups/",
    "/api/v1/stats/top/?dimension=speakers",
    "/api/v1/quotes/?format=ndjson&speaker={speaker}",
]


class Client:
    """One keep-alive HTTP connection, re-opened after errors."""

    def __init__(self, base: str, timeout: float):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.connection = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                return response.status, data
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        raise RuntimeError("unreachable")


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8100")
    parser.add_argument("--token", required=True, help="API token of a user allowed to add actors")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--restart-db", default="", help="Command that restarts the database, run half-way")
    parser.add_argument("--timeout", type=float, default=10.0, help="Client timeout: longer counts as a hang")
    args = parser.parse_args()
    if urlsplit(args.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("load is only sent to this machine (loopback)")

    # Fill the workload's placeholders from the data being served (the most-quoted actor).
    status, data = Client(args.base, args.timeout).request("GET", "/api/v1/stats/top/?dimension=speakers&limit=1")
    top = json.loads(data)[0] if status == 200 and json.loads(data) else {"slug": "unknown", "name": "unknown"}
    reads = [path.format(speaker=top["slug"], surname=top["name"].split()[-1]) for path in READS]

    started = time.monotonic()
    deadline = started + args.seconds
    lock = threading.Lock()
    samples: list[tuple[float, float, int]] = []  # (time since start, latency, status; 0 = no answer)
    acknowledged: list[int] = []
    outage: dict[str, float] = {}

    def reader(seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 - picking URLs, not secrets
        client = Client(args.base, args.timeout)
        while time.monotonic() < deadline:
            path = rng.choice(reads)
            begin = time.monotonic()
            try:
                status, _ = client.request("GET", path)
            except Exception:  # a failed request is a result to count, not a crash
                status = 0
            with lock:
                samples.append((begin - started, time.monotonic() - begin, status))

    def writer() -> None:
        client = Client(args.base, args.timeout)
        number = 0
        headers = {"Authorization": f"Token {args.token}", "Content-Type": "application/json"}
        while time.monotonic() < deadline:
            number += 1
            body = json.dumps(
                {"name": f"Load test actor {number}", "slug": f"load-test-{started:.0f}-{number}", "kind": "person"}
            ).encode()
            try:
                status, data = client.request("POST", "/api/v1/actors/", body=body, headers=headers)
            except Exception:  # counted as unacknowledged
                status, data = 0, b""
            if status == 201:
                with lock:
                    acknowledged.append(json.loads(data)["id"])
            time.sleep(0.05)

    def restarter() -> None:
        time.sleep(args.seconds / 2)
        outage["begin"] = time.monotonic() - started
        subprocess.run(args.restart_db, shell=True, check=False, capture_output=True)  # noqa: S602 - operator's command
        outage["end"] = time.monotonic() - started

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(args.connections)]
    threads.append(threading.Thread(target=writer))
    if args.restart_db:
        threads.append(threading.Thread(target=restarter))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    statuses = Counter(status for _, _, status in samples)
    latencies = [latency for _, latency, status in samples if status == 200]
    report = {
        "requests": len(samples),
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(samples) / elapsed, 1),
        "statuses": dict(sorted(statuses.items())),
        "latency_ms": {
            name: round(percentile(latencies, q) * 1000, 1) for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
        },
        "mean_ms": round(statistics.mean(latencies) * 1000, 1) if latencies else None,
        "no_answer_within_timeout": statuses.get(0, 0),
    }
    if outage:
        # A request belongs to the outage when it was being served while the database was down.
        during = [s for s in samples if s[0] <= outage["end"] + 1 and s[0] + s[1] >= outage["begin"]]
        after = [s for s in samples if s[0] > outage["end"]]
        first_ok = next((t for t, _, status in sorted(after) if status == 200), None)
        last_error = max((t for t, _, status in after if status != 200), default=None)
        report["database_restart"] = {
            "restart_took_s": round(outage["end"] - outage["begin"], 1),
            "statuses_during": dict(Counter(status for _, _, status in during)),
            "slowest_answer_during_ms": round(max((lat for _, lat, _ in during), default=0) * 1000, 1),
            "first_200_after_restart_s": round(first_ok - outage["end"], 2) if first_ok is not None else None,
            "last_error_after_restart_s": round(last_error - outage["end"], 2) if last_error is not None else None,
        }
        # Outside the outage: requests whose whole life lies before it began or after the grace period
        # for recovery ended (a request sent just before the restart may be answered during it).
        grace_end = outage["end"] + RECOVERY_GRACE_S
        report["server_errors_outside_restart"] = sum(
            1 for t, latency, status in samples if status >= 500 and (t + latency < outage["begin"] or t > grace_end)
        )
    else:
        report["server_errors"] = sum(count for status, count in statuses.items() if status >= 500)
    # Every write the server acknowledged must still be there.
    client = Client(args.base, args.timeout)
    missing = []
    for actor_id in acknowledged:
        status, _ = client.request(
            "GET", f"/api/v1/actors/{actor_id}/?fields=id", headers={"Authorization": f"Token {args.token}"}
        )
        if status != 200:
            missing.append(actor_id)
    report["acknowledged_writes"] = len(acknowledged)
    report["acknowledged_writes_missing"] = len(missing)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
