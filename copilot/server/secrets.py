"""The key that signs web sessions: the configured one, else a random key kept in the data
directory (created once, readable by its owner only) so restarts keep people logged in."""

from __future__ import annotations

import os
import secrets

from copilot.settings import Settings

KEY_FILE = "session.key"


def session_secret(settings: Settings) -> str:
    """``ARCOPILOT_SECRET_KEY``, else the key file under the data directory."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = settings.data_dir / KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
