"""A throwaway streaming replica of the PostgreSQL server the tests use (for tests/test_read_replica.py).

`start_replica()` copies the primary with `pg_basebackup -R -X stream` into a temporary directory,
starts it with `pg_ctl` on another port as a hot standby, and waits until it accepts connections;
`ReplicaCluster.stop()` stops it and removes the directory. As root, the PostgreSQL tools run as the
`postgres` OS user (the server refuses to run as root).

The primary must accept replication connections from this host: `wal_level` replica or logical and
`max_wal_senders` > 0 (PostgreSQL's defaults) and a `replication` line in pg_hba.conf
(scripts/allow_local_replication.sh adds one for 127.0.0.1). Otherwise `ReplicaUnavailable` says so.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

DEFAULT_PORT = 5433


class ReplicaUnavailable(Exception):
    """A replica cannot be made here (missing tools, or the primary refuses replication): skip, with this reason."""


@dataclass
class ReplicaCluster:
    data_dir: Path
    port: int
    pg_ctl: str
    run_as: list[str]
    connect: dict  # psycopg connection parameters for the replica (the test database)

    def stop(self) -> None:
        """Stop the server and delete its files (idempotent)."""
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                [*self.run_as, self.pg_ctl, "-D", str(self.data_dir), "-m", "fast", "-w", "-t", "60", "stop"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def log_tail(self, lines: int = 30) -> str:
        log = self.data_dir / "replica.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def find_tool(name: str, major: int) -> str | None:
    """The server-version tool (Debian keeps each version's in /usr/lib/postgresql/<major>/bin), else PATH's."""
    versioned = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    return str(versioned) if versioned.exists() else shutil.which(name)


def _run_as_server_user() -> tuple[list[str], int | None, int | None]:
    """Command prefix, uid and gid to run the tools as (the postgres user when we are root)."""
    if os.geteuid() != 0:
        return [], None, None
    import pwd

    try:
        account = pwd.getpwnam("postgres")
    except KeyError as error:
        raise ReplicaUnavailable("running as root and there is no 'postgres' OS user to run the server") from error
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ReplicaUnavailable("running as root and runuser (util-linux) is missing")
    return [runuser, "-u", "postgres", "--"], account.pw_uid, account.pw_gid


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise ReplicaUnavailable("no free TCP port for the replica")


def start_replica(primary: dict, major: int, *, port: int | None = None, timeout: float = 120) -> ReplicaCluster:
    """Make and start a hot-standby copy of the primary Django connects to (`primary` is its settings_dict)."""
    basebackup, pg_ctl = find_tool("pg_basebackup", major), find_tool("pg_ctl", major)
    if not basebackup or not pg_ctl:
        raise ReplicaUnavailable(f"pg_basebackup and pg_ctl (PostgreSQL {major}) are needed; not found")
    run_as, uid, gid = _run_as_server_user()
    port = _free_port(port or int(os.environ.get("REPLICA_TEST_PORT", DEFAULT_PORT)))
    data_dir = Path(tempfile.mkdtemp(prefix="balkanapi-replica-"))
    if uid is not None:
        os.chown(data_dir, uid, gid)
    os.chmod(data_dir, 0o700)
    host = primary.get("HOST") or "127.0.0.1"
    user = primary.get("USER") or "postgres"
    env = {**os.environ, "PGPASSWORD": primary.get("PASSWORD") or ""}
    backup = subprocess.run(
        [*run_as, basebackup, "-h", host, "-p", str(primary.get("PORT") or 5432), "-U", user, "-D", str(data_dir),
         "-R", "-X", "stream", "-c", "fast", "--no-password"],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )  # fmt: skip
    if backup.returncode != 0:
        shutil.rmtree(data_dir, ignore_errors=True)
        if "pg_hba.conf" in backup.stderr or "replication" in backup.stderr:
            raise ReplicaUnavailable(
                "the primary refuses replication connections from this host "
                f"({backup.stderr.strip()}); run scripts/allow_local_replication.sh"
            )
        raise RuntimeError(f"pg_basebackup failed: {backup.stderr.strip()}")

    cluster = ReplicaCluster(
        data_dir, port, pg_ctl, run_as,
        {"host": "127.0.0.1", "port": port, "user": user, "password": primary.get("PASSWORD") or None,
         "dbname": primary["NAME"], "connect_timeout": 3},
    )  # fmt: skip
    try:
        _configure(data_dir, port, _primary_limits(primary), uid, gid)
        started = subprocess.run(
            [*run_as, pg_ctl, "-D", str(data_dir), "-l", str(data_dir / "replica.log"), "-w", "-t", "60", "start"],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if started.returncode != 0:
            raise RuntimeError(f"the replica did not start: {started.stderr.strip()}\n{cluster.log_tail()}")
        _wait_until_in_recovery(cluster, timeout)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _configure(data_dir: Path, port: int, primary_limits: dict[str, str], uid: int | None, gid: int | None) -> None:
    """Settings of our own: Debian keeps postgresql.conf and pg_hba.conf outside the data directory."""
    files = {
        "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        "pg_ident.conf": "",
    }
    if not (data_dir / "postgresql.conf").exists():
        files["postgresql.conf"] = ""
    for name, text in files.items():
        (data_dir / name).write_text(text)
    # postgresql.auto.conf is read last, so these win over anything copied from the primary.
    overrides = {
        "port": port,
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{data_dir}'",
        "hba_file": f"'{data_dir / 'pg_hba.conf'}'",
        "ident_file": f"'{data_dir / 'pg_ident.conf'}'",
        "hot_standby": "on",
        "ssl": "off",
        "fsync": "off",  # a throwaway copy: durability is not wanted, speed is
        "shared_buffers": "'32MB'",
        "logging_collector": "off",
        **primary_limits,  # a standby refuses to run with lower limits than its primary
    }
    with (data_dir / "postgresql.auto.conf").open("a") as auto:
        auto.write("\n# test replica (tests/replica_cluster.py)\n")
        auto.writelines(f"{key} = {value}\n" for key, value in overrides.items())
    if uid is not None:
        for path in data_dir.iterdir():
            if path.is_file():
                os.chown(path, uid, gid)


# Settings a hot standby must have at least as high as its primary.
STANDBY_LIMITS = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                  "max_locks_per_transaction")  # fmt: skip


def _primary_limits(primary: dict) -> dict[str, str]:
    with psycopg.connect(
        host=primary.get("HOST") or "127.0.0.1", port=primary.get("PORT") or 5432, user=primary.get("USER"),
        password=primary.get("PASSWORD") or None, dbname=primary["NAME"], connect_timeout=3,
    ) as connection:  # fmt: skip
        return {name: connection.execute(f"SHOW {name}").fetchone()[0] for name in STANDBY_LIMITS}


def _wait_until_in_recovery(cluster: ReplicaCluster, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(**cluster.connect) as connection:
                if connection.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                    return
        except psycopg.OperationalError as error:  # still starting up
            last_error = error
        time.sleep(0.3)
    raise RuntimeError(f"the replica did not accept connections in {timeout:.0f} s: {last_error}\n{cluster.log_tail()}")


def wait_for_replay(primary_cursor, replica_cursor, timeout: float = 30) -> None:
    """Wait until the replica has replayed everything the primary had written when this was called."""
    primary_cursor.execute("SELECT pg_current_wal_lsn()")
    target = primary_cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replica_cursor.execute("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", [target])
        if replica_cursor.fetchone()[0]:
            return
        time.sleep(0.1)
    raise AssertionError(f"the replica did not replay up to {target} in {timeout:.0f} s")
