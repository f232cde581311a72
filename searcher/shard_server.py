"""Serving local Xapian shards over TCP: one `xapian-tcpsrv` per shard.

Each server runs in its own session (process group): a tcpsrv forks a child
per connection, and its SIGTERM must reach them all, never our own group.
A server counts as started once it prints `Listening...`; its later output
(a line per connection) is drained into the log so the pipe never fills.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from baoku.errors import BaokuError
from indexer.xapian_engine import local_shard_paths

log = logging.getLogger(__name__)

TCPSRV = "xapian-tcpsrv"


class ShardServerFailed(BaokuError):
    code, status = "shard_server_failed", 500


@dataclass
class ShardServer:
    name: str
    path: Path
    host: str
    port: int
    process: subprocess.Popen | None = None
    drain: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start `xapian-tcpsrv` on this shard and return once it listens."""
        exe = shutil.which(TCPSRV)
        if exe is None:
            raise ShardServerFailed(
                f"{TCPSRV} is not installed (Debian: apt-get install xapian-tools)", where=TCPSRV
            )
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

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the server's process group (and its connection children); SIGKILL if it lingers."""
        proc = self.process
        if proc is None:
            return
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
        if self.drain is not None:
            self.drain.join(timeout)  # EOF once the group is gone; the thread closes the pipe
        self.process = None
        self.drain = None
        log.info("stopped shard %s on %s", self.name, self.address)


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
