"""Debian packages a benchmark needs, installed on first use: as root, or
with sudo for everyone else."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time


def ensure_command(command: str, package: str) -> None:
    """Install ``package`` unless ``command`` is on the PATH already."""
    if shutil.which(command):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", package], check=True, env=env)


def wait_for_port(port: int, timeout: float = 30) -> None:
    """Until something listens on 127.0.0.1:``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on {port}")
