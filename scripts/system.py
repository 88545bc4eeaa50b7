"""Debian packages a benchmark needs, installed on first use: as root, or
with sudo for everyone else."""
from __future__ import annotations

import os
import shutil
import subprocess


def ensure_command(command: str, package: str) -> None:
    """Install ``package`` unless ``command`` is on the PATH already."""
    if shutil.which(command):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", package], check=True, env=env)
