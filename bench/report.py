"""Write docs/benchmarks.md and docs/img/benchmark.png from the results in bench/results/*.json."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
CHART = ROOT / "docs" / "img" / "benchmark.png"
PEERS = [("raw", "raw floor"), ("datasette", "Datasette"), ("api_sqlite", "API on SQLite")]
P95_TARGET_MS = {"list": 50, "detail": 50, "search": 150}
START, END = "<!-- bench/report.py: results start -->", "<!-- bench/report.py: results end -->"
COLORS = {"api": "#1f6feb", "raw": "#8b949e", "datasette": "#d29922", "api_sqlite": "#2da44e"}


def _ms(microseconds: float) -> str:
    return f"{microseconds / 1000:,.1f}"


def _ratio(api: dict, peer: dict | None) -> str:
    if peer and peer.get("error"):
        return "fails¹"
    if not peer or not peer.get("rps"):
        return "–"
    return f"{api['rps'] / peer['rps']:.2f}"


def _target(endpoint: dict, api: dict) -> str:
    limit = P95_TARGET_MS.get(endpoint["kind"])
    if limit is None:
        return "–"
    p95 = api["p95_us"] / 1000
    return f"✅ ≤ {limit}" if p95 <= limit else f"❌ > {limit}"


def _runs(result: dict) -> list[str]:
    """One line per command that measured some of this size's targets, with when it measured them."""
    runs = result.get("runs") or {
        target: {"command": result["command"], "date": result["date"]} for target in result["results"]
    }
    by_command: dict[str, list[tuple[str, str]]] = {}
    for target, run in runs.items():
        by_command.setdefault(run["command"], []).append((run["date"], target))
    lines = []
    for command, measured in by_command.items():
        dates = sorted(date for date, _target in measured)
        when = dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1][-9:]}"
        targets = ", ".join(target for _date, target in measured)
        lines.append(f"- {result['articles']:,} articles, {targets}: `{command}` on {when}")
    return lines


def size_section(result: dict) -> list[str]:
    results = result["results"]
    api = results.get("api", {})
    corpus = ", ".join(f"{table.split('_', 1)[1]} {rows:,}" for table, rows in result["load"]["rows"].items())
    lines = [
        f"## {result['articles']:,} articles",
        "",
        f"Corpus rows: {corpus}; "
        f"PostgreSQL database {result['load']['database_bytes'] / 2**30:.1f} GiB"
        + (f", SQLite copy {result['sqlite_bytes'] / 2**30:.1f} GiB" if result.get("sqlite_bytes") else "")
        + (f"; generated in {result['load']['seconds'] / 60:.1f} min" if result["load"].get("seconds") else "")
        + ".",
        "",
        "| endpoint | API req/s | p50 ms | p95 ms | p99 ms | p95 target "
        "| API ÷ raw floor | API ÷ Datasette | API ÷ API on SQLite |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for endpoint in result["endpoints"]:
        name = endpoint["name"]
        if endpoint["kind"] == "export" or name not in api or "rps" not in api[name]:
            continue
        row = api[name]
        errors = sum(row["errors"].values())
        title = f"{endpoint['title']} (errors: {errors})" if errors else endpoint["title"]
        ratios = [_ratio(row, results.get(peer, {}).get(name)) for peer, _label in PEERS]
        lines.append(
            f"| {title} | {row['rps']:,} | {_ms(row['p50_us'])} | "
            f"{_ms(row['p95_us'])} | {_ms(row['p99_us'])} | {_target(endpoint, row)} | {' | '.join(ratios)} |"
        )
    failures = [
        f"{peer} on `{name}`: {row['error']}"
        for peer, rows in results.items()
        for name, row in rows.items()
        if row.get("error")
    ]
    if failures:
        lines += ["", "¹ Not measured, the peer could not answer the request: " + "; ".join(failures)]
    exports = [(peer, results[peer].get("export")) for peer in results if results[peer].get("export")]
    if exports:
        lines += [
            "",
            "| NDJSON export | rows | rows/s | seconds | peak server RSS MiB (before) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for peer, row in exports:
            rows = f"{row['rows']:,}" if "rows" in row else "–"
            memory = f"{row['peak_rss_mib']} ({row['baseline_rss_mib']})" if "peak_rss_mib" in row else "– (not logged)"
            lines.append(f"| {peer} | {rows} | {row['rows_per_s']:,} | {row.get('seconds', '–')} | {memory} |")
    lines += ["", "Requests rotated through per endpoint (first of each):", ""]
    lines += [f"- `{e['name']}`: `{e['paths'][0]}` ({len(e['paths'])} variants)" for e in result["endpoints"]]
    return [*lines, ""]


def chart(results: list[dict]) -> None:
    figure, axes = plt.subplots(len(results), 1, figsize=(11, 4.2 * len(results)), squeeze=False)
    for axis, result in zip(axes[:, 0], results, strict=True):
        names = [e["name"] for e in result["endpoints"] if e["kind"] != "export"]
        targets = [t for t in ("api", "raw", "datasette", "api_sqlite") if t in result["results"]]
        width = 0.8 / len(targets)
        for index, target in enumerate(targets):
            values = [result["results"][target].get(name, {}).get("rps", 0) or 0 for name in names]
            axis.bar([x + index * width for x in range(len(names))], values, width, label=target, color=COLORS[target])
        axis.set_yscale("log")
        axis.set_ylabel("requests/s (log)")
        axis.set_title(f"{result['articles']:,} articles, {result['connections']} connections")
        axis.set_xticks([x + 0.4 - width / 2 for x in range(len(names))], names, rotation=20, ha="right")
        axis.legend(ncols=4, fontsize=8)
        axis.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    CHART.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(CHART, dpi=110)


def main() -> None:
    results = sorted((json.loads(p.read_text()) for p in RESULTS.glob("*.json")), key=lambda r: r["articles"])
    if not results:
        raise SystemExit("no results in bench/results/: run `make bench` first")
    first = results[0]
    machine = first["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Made by `make bench` (bench/run.py; workload in bench/workload.py) and written by bench/report.py from",
        "bench/results/*.json. Every server ran alone on the machine; wrk drove it from a second process over",
        f"loopback with {first['connections']} keep-alive connections for {first['seconds']} s per endpoint after a",
        "warm-up, rotating through several requests per endpoint. Ratios divide the API's requests/s by the peer's:",
        "above 1 the API is faster. The raw floor runs the API's own SQL (captured per request) with psycopg and",
        "orjson and nothing else; Datasette runs the API's main SQL statement per request on the SQLite copy as",
        "a canned query (no count, no related rows).",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; Linux {machine['kernel']}; "
        f"Python {machine['python']}; PostgreSQL {machine['postgresql']} "
        f"({', '.join(f'{k}={v}' for k, v in machine['postgresql_settings'].items())}); SQLite {machine['sqlite']}; "
        f"{machine['wrk']}; {machine['gunicorn']}.",
        "",
        *[line for r in results for line in _runs(r)],
        "",
        "![requests per second by endpoint and server](img/benchmark.png)",
        "",
    ]
    for result in results:
        lines += size_section(result)
    generated = "\n".join([START, *lines, END])
    # Hand-written analysis outside the markers is kept when the results are rewritten.
    text = DOC.read_text() if DOC.exists() else ""
    if START in text and END in text:
        text = text[: text.index(START)] + generated + text[text.index(END) + len(END) :]
    else:
        text = generated + "\n"
    DOC.write_text(text)
    chart(results)
    print(f"wrote {DOC.relative_to(ROOT)} and {CHART.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
