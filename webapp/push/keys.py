"""The server's VAPID key pair, which tells push services that our pushes
come from us. Made on first use and kept in the instance folder
(``vapid_private.pem``, mode 600, never committed); phones get the public
key to subscribe with. A new key pair makes every subscription useless
(phones subscribe again on their next visit to the home page)."""
from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask import current_app
from py_vapid import Vapid

KEY_FILE = "vapid_private.pem"


def key_path() -> Path:
    return Path(current_app.instance_path) / KEY_FILE


def vapid() -> Vapid:
    """The key pair, made now if there is none yet (two workers at once: one wins)."""
    path = key_path()
    if not path.exists():
        made = Vapid()
        made.generate_keys()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as file:
                file.write(made.private_pem())
    return Vapid.from_file(str(path))


def public_key() -> str:
    """The application server key as the browser's PushManager wants it:
    the uncompressed P-256 point, base64url without padding."""
    raw = vapid().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
