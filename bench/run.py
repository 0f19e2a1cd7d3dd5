"""`make bench`: the API under load at several corpus sizes, beside the raw-SQL floor, Datasette and itself on SQLite.

    python bench/run.py --articles 100000,1000000 [--seconds 15] [--connections 4]

For each corpus size:
1. A PostgreSQL database `bench_<size>` on BENCH_PG (default postgres://postgres@127.0.0.1:5432) holding
   a corpus from `generate_corpus` — made when missing (this is the long step at 1M), reused otherwise —
   and a SQLite copy of it (bench/sqlite_copy.py) with an FTS5 index for Datasette.
2. The workload (bench/workload.py) and the SQL the API runs for each of its requests (bench/capture.py),
   on both databases.
3. One server at a time on 127.0.0.1, each alone on the machine, driven by wrk from a second process:
   - `api`: this API, production settings (DEBUG off, gunicorn per gunicorn.conf.py, persistent connections);
   - `raw`: the raw-SQL floor (bench/rawfloor.py) under the same gunicorn settings, running the same SQL;
   - `datasette`: Datasette on the SQLite copy, one canned query per request holding the API's main
     SQL statement on SQLite (the page of rows; no count, no related rows: less work than the API does);
   - `api_sqlite`: this API on the SQLite copy.
   Per endpoint: a warm-up, then `--seconds` of load on `--connections` keep-alive connections; wrk
   reports requests/s and latency percentiles. The NDJSON export is measured apart: one streamed request
   at a time, rows/s, and the serving processes' peak resident memory.
4. Results as JSON in bench/results/, then `bench/report.py` writes docs/benchmarks.md and the chart.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workload import Endpoint, discover

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
VENV_BIN = Path(PY).parent
RESULTS = ROOT / "bench" / "results"
SQLITE_VARIANTS = 3
PORT = int(os.environ.get("BENCH_PORT", "8200"))
STATEMENT_LIMIT_MS = os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000")


def _redis_url() -> str:
    """The shared cache production uses (counts, throttles): Redis on this machine when it answers."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return "redis://127.0.0.1:6379/14"
    except OSError:
        return ""


SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789abcdef",
    "SECURE_COOKIES": "0",
    "CONN_MAX_AGE": "600",  # persistent connections, as in production
    "REDIS_URL": _redis_url(),
    "LOG_LEVEL": "WARNING",
    "THROTTLE_ANON": "100000000/min",
    "THROTTLE_USER": "100000000/min",
    "THROTTLE_HEAVY": "100000000/min",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command: list[str], env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, check=True, **kwargs)


def size_label(articles: int) -> str:
    return f"{articles // 1_000_000}m" if articles % 1_000_000 == 0 else f"{articles // 1000}k"


# --- corpora ---------------------------------------------------------------------------------------


def ensure_corpus(server: str, articles: int) -> tuple[str, dict]:
    """The PostgreSQL database holding `articles` generated articles, made if missing."""
    name = f"bench_{size_label(articles)}"
    dsn = f"{server.rstrip('/')}/{name}"
    admin_dsn = f"{server.rstrip('/')}/postgres"
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    env = {"DATABASE_URL": dsn, "DEBUG": "1"}
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env)  # also adds indexes new since the load
    with psycopg.connect(dsn) as connection:
        (present,) = connection.execute("SELECT count(*) FROM articles_article").fetchone()
    load = {}
    if present != articles:
        if present:
            raise SystemExit(f"{name} holds {present} articles, not {articles}: drop it to regenerate")
        log(f"generating {articles:,} articles into {name} (2 workers)")
        started = time.perf_counter()
        run([PY, "manage.py", "generate_corpus", "--articles", str(articles), "--workers", "2"], env=env)
        load = {"seconds": round(time.perf_counter() - started, 1)}
    with psycopg.connect(dsn) as connection:
        load["database_bytes"] = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        load["rows"] = dict(
            connection.execute(
                """SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relname IN
                   ('articles_article', 'articles_quote', 'articles_claim', 'articles_mention', 'actors_actor',
                    'actors_alias', 'articles_outlet') ORDER BY relname"""
            ).fetchall()
        )
    return dsn, load


def ensure_sqlite_copy(dsn: str, articles: int, directory: Path) -> Path:
    target = directory / f"corpus_{size_label(articles)}.sqlite3"
    marker = target.with_suffix(".complete")
    if not (target.exists() and marker.exists()):
        log(f"copying {dsn} to {target}")
        run([PY, "bench/sqlite_copy.py", "--source", dsn, "--target", str(target), "--fts", "--replace"])
        marker.write_text(dsn)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env={"DATABASE_URL": f"sqlite:///{target}", "DEBUG": "1"})
    return target


def capture(paths: list[str], database_url: str, out: Path) -> dict[str, list[str]]:
    listing = out.with_suffix(".paths.json")
    listing.write_text(json.dumps(paths))
    done = subprocess.run(
        [PY, "bench/capture.py", "--paths", str(listing), "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"capturing the SQL failed:\n{done.stderr[-3000:]}")
    return json.loads(out.read_text())


# --- servers ---------------------------------------------------------------------------------------


def _wait_until_up(process: subprocess.Popen, probe: str, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before answering {probe}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            connection.request("GET", probe)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"server did not answer {probe} within {seconds} s")


@contextlib.contextmanager
def serving(command: list[str], env: dict, probe: str, log_file: Path):
    """Run a server on PORT for the block; stop it (and its workers) after."""
    with log_file.open("ab") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=output, start_new_session=True
        )
        try:
            _wait_until_up(process, probe)
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def gunicorn(app: str, extra_env: dict) -> tuple[list[str], dict]:
    env = {**SERVER_ENV, **extra_env, "BIND": f"127.0.0.1:{PORT}"}
    return [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", app], env


def datasette(sqlite: Path, metadata: Path) -> tuple[list[str], dict]:
    command = [
        str(VENV_BIN / "datasette"),
        "serve",
        "--immutable",
        str(sqlite),
        "--metadata",
        str(metadata),
        "--plugins-dir",
        str(ROOT / "bench" / "datasette_plugins"),
        "--host",
        "127.0.0.1",
        "--port",
        str(PORT),
        "--setting",
        "sql_time_limit_ms",
        STATEMENT_LIMIT_MS,  # the same limit as the API's (DB_STATEMENT_TIMEOUT_MS)
        "--setting",
        "max_returned_rows",
        "1000",
        "--setting",
        "num_sql_threads",
        str(os.cpu_count() * 2),
    ]
    return command, {}


# --- measuring -------------------------------------------------------------------------------------


def wrk(paths: list[str], seconds: int, connections: int, work: Path) -> dict:
    listing = work / "wrk-paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "-s",
        str(ROOT / "bench" / "wrk.lua"),
        f"http://127.0.0.1:{PORT}",
        "--",
        str(listing),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^WRK_JSON (.*)$", output, re.MULTILINE)
    if not match:
        raise SystemExit(f"wrk printed no result:\n{output}")
    result = json.loads(match.group(1))
    result["rps"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    return result


def _rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _process_tree(root: int) -> list[int]:
    pids, frontier = [root], [root]
    while frontier:
        parent = frontier.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            children = []
        pids += [int(child) for child in children]
        frontier += [int(child) for child in children]
    return pids


def export(path: str, server: subprocess.Popen) -> dict:
    """Stream one export: rows, rows/s, and the largest resident memory of any server process meanwhile."""
    baseline = max(_rss_bytes(pid) for pid in _process_tree(server.pid))
    peak = [baseline]
    streaming = threading.Event()
    streaming.set()

    def sample() -> None:
        while streaming.is_set():
            peak[0] = max([peak[0], *(_rss_bytes(pid) for pid in _process_tree(server.pid))])
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    connection.request("GET", path)
    response = connection.getresponse()
    rows = size = 0
    while chunk := response.read(1 << 16):
        rows += chunk.count(b"\n")
        size += len(chunk)
    elapsed = time.perf_counter() - started
    streaming.clear()
    sampler.join()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"export {path}: HTTP {response.status}")
    return {
        "rows": rows,
        "bytes": size,
        "seconds": round(elapsed, 3),
        "rows_per_s": round(rows / elapsed),
        "baseline_rss_mib": round(baseline / 2**20, 1),
        "peak_rss_mib": round(peak[0] / 2**20, 1),
    }


def _first_failure(paths: list[str]) -> str | None:
    """A first request before the load: a peer that cannot answer it is not timed on the endpoint."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    connection.request("GET", paths[0])
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        return f"HTTP {response.status} for {paths[0]}: {body[:200].decode(errors='replace')}"
    return None


def measure(
    target: str, endpoints: list[Endpoint], to_path, server: subprocess.Popen, args, work: Path
) -> dict[str, dict]:
    results = {}
    for endpoint in endpoints:
        paths = [mapped for mapped in (to_path(path) for path in endpoint.paths) if mapped]
        if not paths:
            continue  # this peer cannot express the endpoint
        if endpoint.kind == "export":
            results[endpoint.name] = export(paths[0], server)  # after the other endpoints warmed the caches
            log(f"  {target:11} {endpoint.name:15} {results[endpoint.name]['rows_per_s']:>9,} rows/s")
            continue
        failure = _first_failure(paths)
        if failure:
            results[endpoint.name] = {"error": failure}
            log(f"  {target:11} {endpoint.name:15} not measured: {failure}")
            continue
        wrk(paths, args.warmup, args.connections, work)
        result = wrk(paths, args.seconds, args.connections, work)
        errors = sum(result["errors"].values())
        if not result["requests"]:
            result["error"] = f"no request finished within the {args.seconds}-s window (single requests take longer)"
        elif result["errors"]["status"] + result["errors"]["timeout"] >= result["requests"] / 10:
            # e.g. 503 query_timeout: statements cancelled after DB_STATEMENT_TIMEOUT_MS; fast errors are no speed
            result["error"] = (
                f"{result['errors']['status']} error answers and {result['errors']['timeout']} timeouts "
                f"in {result['requests']} requests"
            )
        results[endpoint.name] = result
        log(
            f"  {target:11} {endpoint.name:15} {result['rps']:>8} req/s  p50 {result['p50_us'] / 1000:7.1f}  "
            f"p95 {result['p95_us'] / 1000:7.1f}  p99 {result['p99_us'] / 1000:7.1f} ms"
            + (f"  ERRORS {result['errors']}" if errors else "")
        )
    return results


# --- one corpus size -------------------------------------------------------------------------------


SLUG_LOOKUP = re.compile(r'SELECT "\w+"\."id" AS "id" FROM "\w+" WHERE "\w+"\."slug" IN ')


def datasette_metadata(statements: dict[str, list[str]], out: Path, database: str) -> dict[str, str]:
    """One canned query per request path, holding the API's main statement; returns path → Datasette URL."""
    queries, urls = {}, {}
    for number, (path, sql) in enumerate(statements.items()):
        if "format=ndjson" in path:
            continue  # Datasette has no NDJSON export
        # The page's own statement: not the total, and not the lookup of filter slugs to ids before it.
        main = [s for s in sql if not s.startswith('SELECT COUNT(*) AS "__count"') and not SLUG_LOOKUP.match(s)]
        name = f"q{number}"
        queries[name] = {"sql": main[0]}
        urls[path] = f"/{database}/{name}.json?_shape=objects"
    out.write_text(json.dumps({"databases": {database: {"queries": queries}}}))
    return urls


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{server}/postgres") as connection:
        settings = dict(
            connection.execute(
                "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
                "('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit')"
            ).fetchall()
        )
        version = connection.execute("SHOW server_version").fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": version,
        "postgresql_settings": settings,
        "sqlite": __import__("sqlite3").sqlite_version,
        "wrk": wrk_version,
        "gunicorn": "gunicorn.conf.py defaults: gthread, 2 workers per core × 4 threads",
    }


def bench_size(articles: int, args) -> None:
    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    dsn, load = ensure_corpus(server, articles)
    on_sqlite = {"datasette", "api_sqlite"} & set(args.targets)
    sqlite = ensure_sqlite_copy(dsn, articles, Path(args.data_dir)) if on_sqlite else None
    sqlite_url = f"sqlite:///{sqlite}"
    endpoints = discover(dsn)
    work = Path(tempfile.mkdtemp(prefix="balkanapi-bench-"))
    paths = [path for endpoint in endpoints for path in endpoint.paths]
    log(f"{articles:,} articles: capturing the API's SQL for {len(paths)} requests")
    if "raw" in args.targets:
        (work / "rawfloor.json").write_text(json.dumps(capture(paths, dsn, work / "postgresql.json")))
    raw_paths = json.loads((work / "rawfloor.json").read_text()) if "raw" in args.targets else {}
    if "datasette" in args.targets:
        # Datasette rotates through the first SQLITE_VARIANTS requests per endpoint: on a large SQLite file,
        # capturing every variant's SQL through the API would take longer than the benchmark itself.
        queries = [p for endpoint in endpoints if endpoint.kind != "export" for p in endpoint.paths[:SQLITE_VARIANTS]]
        statements = capture(queries, sqlite_url, work / "sqlite.json")  # Datasette has no NDJSON export
        datasette_urls = datasette_metadata(statements, work / "datasette.json", sqlite.stem)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env={**SERVER_ENV, "DATABASE_URL": dsn})
    server_log = work / "servers.log"
    targets = {
        "api": (gunicorn("balkanapi.wsgi", {"DATABASE_URL": dsn}), "/readyz", lambda p: p),
        "raw": (
            gunicorn(
                "bench.rawfloor:application",
                {"RAWFLOOR_STATEMENTS": str(work / "rawfloor.json"), "RAWFLOOR_DSN": dsn},
            ),
            endpoints[0].paths[0],
            lambda p: p if p in raw_paths else None,  # paths the API could not answer have no SQL
        ),
        "datasette": (
            datasette(sqlite, work / "datasette.json"),
            "/-/versions.json",
            lambda p: datasette_urls.get(p),
        ),
        "api_sqlite": (gunicorn("balkanapi.wsgi", {"DATABASE_URL": sqlite_url}), "/readyz", lambda p: p),
    }
    summary = {
        "articles": articles,
        "load": load,
        "sqlite_bytes": sqlite.stat().st_size if sqlite else None,
        "endpoints": [{"name": e.name, "title": e.title, "kind": e.kind, "paths": e.paths} for e in endpoints],
    }
    for target in args.targets:
        (command, env), probe, to_path = targets[target]
        log(f"{articles:,} articles: {target}")
        with serving(command, env, probe, server_log) as process:
            measured = measure(target, endpoints, to_path, process, args, work)
        save(summary, {target: measured}, args)  # after each target: a stopped run keeps what it measured
    shutil.rmtree(work, ignore_errors=True)


def save(summary: dict, results: dict, args) -> None:
    """Merge one target's figures into bench/results/<size>.json (other targets' figures are kept)."""
    out = RESULTS / f"{size_label(summary['articles'])}.json"
    earlier = json.loads(out.read_text()) if out.exists() else {}
    this_run = {"command": " ".join(sys.argv), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    result = {
        **this_run,
        "machine": machine(),
        "connections": args.connections,
        "seconds": args.seconds,
        **summary,
        "results": {**earlier.get("results", {}), **results},
        # Which command measured which target, when: a partial rerun replaces only its targets' figures.
        "runs": {**earlier.get("runs", {}), **dict.fromkeys(results, this_run)},
    }
    if not summary["load"].get("seconds") and earlier.get("load", {}).get("seconds"):
        # The corpus existed: its size is measured now, its load time comes from the run that built it.
        result["load"] = {**summary["load"], "seconds": earlier["load"]["seconds"]}
    out.write_text(json.dumps(result, indent=1))
    log(f"wrote {out.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default="100000,1000000", help="corpus sizes, comma-separated")
    parser.add_argument("--seconds", type=int, default=10, help="load per endpoint and target")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4, help="concurrent keep-alive connections")
    parser.add_argument("--targets", default="api,raw,datasette,api_sqlite")
    parser.add_argument("--data-dir", default=os.environ.get("BENCH_DATA_DIR", str(ROOT / ".bench-data")))
    args = parser.parse_args()
    args.targets = args.targets.split(",")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    for articles in [int(size) for size in args.articles.split(",")]:
        bench_size(articles, args)
    run([PY, "bench/report.py"])


if __name__ == "__main__":
    main()
