"""deploy/compose/nginx.conf run as the test user on loopback: the upstream servers, the listen
port and every path are swapped for the test's own; the rest of the file is what ships."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "compose" / "nginx.conf"


def nginx_config(tmp: Path, port: int, upstreams: list[str]) -> Path:
    text = SHIPPED.read_text()
    servers = "".join(
        f"        server {addr} max_fails=2 fail_timeout=10s;\n" for addr in upstreams
    )
    text, n = re.subn(r"(?:^\s+server ferryman-\d+:8080 [^\n]*\n)+", servers, text, flags=re.M)
    assert n == 1, "the upstream block's server lines changed shape"
    text, n = re.subn(r"listen 8080;", f"listen 127.0.0.1:{port};", text)
    assert n == 1
    text = text.replace("/tmp/", f"{tmp}/").replace("/dev/stdout", f"{tmp}/access.log")
    if os.geteuid() == 0:  # as root, workers would switch to nobody: keep them as the test user
        text = f"user {pwd.getpwuid(0).pw_name};\n" + text
    path = tmp / "nginx.conf"
    path.write_text(text)
    return path


@dataclass
class Nginx:
    url: str
    process: subprocess.Popen[bytes]
    tmp: Path

    def access_log(self) -> list[str]:
        path = self.tmp / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_nginx(tmp: Path, upstreams: list[str]) -> Nginx:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx is required (.ci/run installs it)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    conf = nginx_config(tmp, port, upstreams)
    error_log = tmp / "error.log"
    process = subprocess.Popen(
        [binary, "-p", str(tmp), "-c", str(conf), "-e", str(error_log), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, "nginx exited:\n" + error_log.read_text()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return Nginx(f"http://127.0.0.1:{port}", process, tmp)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("nginx did not start")
