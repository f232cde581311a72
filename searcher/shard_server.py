"""Serving local Xapian shards over TCP, and keeping replicas of them in step.

One `xapian-tcpsrv` per shard answers queries (`ShardServer`); one
`xapian-replicate-server` over the index directory serves every shard to
replicas (`ReplicationServer`), and `xapian-replicate` on the replica host
pulls one shard into a directory of its own (`pull_replica`, `ReplicaPuller`).
The writer leaves a changeset at every commit, so a pull applies the commits
the replica missed instead of copying the shard again.

Each server runs in its own session (process group): a tcpsrv forks a child
per connection, and its SIGTERM must reach them all, never our own group.
A tcpsrv counts as started once it prints `Listening...`; the replication
server prints nothing, so it counts as started once its port accepts a
connection. Later output is drained into the log so the pipe never fills.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from baoku.errors import BadParameter, BaokuError
from indexer.xapian_engine import is_xapian_index, local_shard_paths

log = logging.getLogger(__name__)

TCPSRV = "xapian-tcpsrv"
REPLICATE_SERVER = "xapian-replicate-server"
REPLICATE = "xapian-replicate"
START_TIMEOUT = 30.0  # seconds for a server to listen


class ShardServerFailed(BaokuError):
    code, status = "shard_server_failed", 500


class ReplicationFailed(BaokuError):
    code, status = "replication_failed", 502


def _tool(name: str, error: type[BaokuError] = ShardServerFailed) -> str:
    exe = shutil.which(name)
    if exe is None:
        raise error(f"{name} is not installed (Debian: apt-get install xapian-tools)", where=name)
    return exe


class _Running:
    """What a server wrapping one Debian tool shares: its address, liveness and stop."""

    host: str
    port: int
    process: subprocess.Popen | None
    drain: threading.Thread | None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the server's process group (and its connection children); SIGKILL if it lingers."""
        if self.process is None:
            return
        _stop(self.process, self.drain, timeout)
        self.process = None
        self.drain = None
        log.info("stopped %s on %s", self.label(), self.address)


@dataclass
class ShardServer(_Running):
    name: str
    path: Path
    host: str
    port: int
    process: subprocess.Popen | None = None
    drain: threading.Thread | None = None

    def label(self) -> str:
        return f"shard {self.name}"

    def start(self) -> None:
        """Start `xapian-tcpsrv` on this shard and return once it listens."""
        exe = _tool(TCPSRV)
        cmd = [exe, "--interface", self.host, "--port", str(self.port), str(self.path)]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        assert proc.stdout is not None
        seen = []
        for line in proc.stdout:
            seen.append(line.strip())
            if line.startswith("Listening"):
                break
        else:
            proc.wait()
            raise ShardServerFailed(
                f"{TCPSRV} for {self.name} on {self.address} exited: {' / '.join(seen)}", where=self.name
            )
        self.process = proc
        self.drain = threading.Thread(target=_drain, args=(proc, self.name), daemon=True)
        self.drain.start()
        log.info("serving shard %s (%s) on %s", self.name, self.path, self.address)


def _stop(proc: subprocess.Popen, drain: threading.Thread | None, timeout: float) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    else:
        _kill_group(proc.pid)
    if drain is not None:
        drain.join(timeout)  # EOF once the group is gone; the thread closes the pipe


def _kill_group(pgid: int) -> None:
    """Connection children may outlive a dead server: end what is left of its group."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        pass


def _drain(proc: subprocess.Popen, name: str) -> None:
    assert proc.stdout is not None
    with proc.stdout:
        for line in proc.stdout:
            log.debug("%s: %s", name, line.rstrip())


def plan_servers(index_dir: str | Path, host: str, port: int) -> list[ShardServer]:
    """One server per local shard of `index_dir`, on consecutive ports from `port`."""
    return [
        ShardServer(name, path, host, port + n) for n, (name, path) in enumerate(local_shard_paths(index_dir))
    ]


def shard_config(servers: list[ShardServer]) -> dict:
    """The configuration `baoku serve --index FILE` opens these servers with."""
    return {"shards": [{"name": s.name, "at": [s.address]} for s in servers]}


def write_config(servers: list[ShardServer], path: str | Path) -> None:
    Path(path).write_text(json.dumps(shard_config(servers), indent=2) + "\n", "utf-8")


# --- replication -------------------------------------------------------------


@dataclass
class ReplicationServer(_Running):
    """`xapian-replicate-server` over an index directory: every shard in it, by name."""

    path: Path
    host: str
    port: int
    process: subprocess.Popen | None = None
    drain: threading.Thread | None = None

    def label(self) -> str:
        return "replication server"

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the server and return once its port accepts connections."""
        names = [name for name, _ in local_shard_paths(self.path)]  # IndexMissing if none
        exe = _tool(REPLICATE_SERVER)
        if _accepts(self.host, self.port):
            raise ShardServerFailed(f"{self.address} is already in use", where=self.address)
        cmd = [exe, "--interface", self.host, "--port", str(self.port), str(self.path)]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        self.process = proc
        self.drain = threading.Thread(target=_drain, args=(proc, REPLICATE_SERVER), daemon=True)
        self.drain.start()
        deadline = time.monotonic() + timeout
        while not _accepts(self.host, self.port):
            if proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ShardServerFailed(
                    f"{REPLICATE_SERVER} on {self.address} did not start (exit status "
                    f"{proc.returncode}; is the port free?)",
                    where=self.address,
                )
            try:
                proc.wait(0.05)  # returns at once if the server exits
            except subprocess.TimeoutExpired:
                pass
        log.info("serving %s for replication (%s) on %s", self.path, ", ".join(names), self.address)


def _accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def parse_master(address: str) -> tuple[str, int]:
    """`HOST:PORT` of a replication server (`[v6]:PORT` too)."""
    m = re.fullmatch(r"(?P<host>\[[^\]]+\]|[^:\s]+):(?P<port>\d{1,5})", address.strip())
    if m is None or not 0 < int(m.group("port")) < 65536:
        raise BadParameter(f"{address!r} is not HOST:PORT", where="from")
    return m.group("host").strip("[]"), int(m.group("port"))


@dataclass(frozen=True)
class Pull:
    """What one `xapian-replicate` pass did to a replica."""

    copies: int  # whole databases copied (the first pull, or a master too far ahead)
    changesets: int  # commits applied one by one
    changed: bool  # the replica's live database changed


_DONE = re.compile(
    r"Update complete: (\d+) cop(?:y|ies), (\d+) changesets?, (new live database|no changes to live database)"
)


def replicate_command(
    master: str, shard: str, directory: str | Path, *, once: bool, interval: int = 60, reader_time: int = 30
) -> list[str]:
    host, port = parse_master(master)
    cmd = [_tool(REPLICATE, ReplicationFailed), "--host", host, "--port", str(port), "--master", shard]
    cmd += ["--reader-time", str(reader_time), "--timeout", "30"]
    cmd += ["--one-shot"] if once else ["--interval", str(interval)]
    return [*cmd, "--verbose", str(directory)]


def _check_replica_dir(directory: Path) -> None:
    if (directory / "iamglass").exists() or (directory / "iamchert").exists() or is_xapian_index(directory):
        raise BadParameter(
            f"{directory} is a database, not a replica: pull into a new directory", where=str(directory)
        )
    directory.parent.mkdir(parents=True, exist_ok=True)


def pull_replica(master: str, shard: str, directory: str | Path, *, reader_time: int = 30) -> Pull:
    """Bring the replica of `shard` in `directory` up to date from `master` once.

    The first pull copies the shard; later pulls apply the changesets of the
    commits made since, when the master still has them (else a full copy).
    `reader_time` is how long xapian-replicate lets readers of the replica
    finish before it applies a further changeset (xapian's default: 30 s).
    """
    directory = Path(directory)
    _check_replica_dir(directory)
    fresh = not directory.exists()
    cmd = replicate_command(master, shard, directory, once=True, reader_time=reader_time)
    done = subprocess.run(cmd, capture_output=True, text=True, start_new_session=True)
    if fresh and done.returncode != 0 and directory.is_dir():
        shutil.rmtree(directory)  # made by xapian-replicate before it learnt that the shard is missing
    output = " / ".join(line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip())
    m = _DONE.search(done.stdout + done.stderr)
    if done.returncode != 0 or m is None:
        where = shard if "Can't open database" in output else master
        raise ReplicationFailed(
            f"{REPLICATE} could not pull {shard} from {master} into {directory}: {output}", where=where
        )
    pull = Pull(int(m.group(1)), int(m.group(2)), m.group(3).startswith("new"))
    log.info("pulled %s from %s into %s: %s", shard, master, directory, pull)
    return pull


@dataclass
class ReplicaPuller:
    """`xapian-replicate` keeping `directory` in step with `shard` on `master`, every `interval` s."""

    master: str
    shard: str
    directory: Path
    interval: int = 60
    reader_time: int = 30
    process: subprocess.Popen | None = None
    drain: threading.Thread | None = None

    def start(self) -> None:
        _check_replica_dir(self.directory)
        cmd = replicate_command(
            self.master,
            self.shard,
            self.directory,
            once=False,
            interval=self.interval,
            reader_time=self.reader_time,
        )
        self.process = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        self.drain = threading.Thread(target=_log_lines, args=(self.process, self.shard), daemon=True)
        self.drain.start()
        log.info(
            "replicating %s from %s into %s every %d s",
            self.shard,
            self.master,
            self.directory,
            self.interval,
        )

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        _stop(self.process, self.drain, timeout)
        self.process = None
        self.drain = None


def _log_lines(proc: subprocess.Popen, name: str) -> None:
    """xapian-replicate's progress at INFO, so `baoku shards pull` shows each update."""
    assert proc.stdout is not None
    with proc.stdout:
        for line in proc.stdout:
            log.info("%s: %s", name, line.rstrip())
