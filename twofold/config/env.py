"""Reading Twofold's settings from ``TWOFOLD_*`` environment variables.

Every setting an operator may change comes through here, so the list of knobs lives in one
place (and in ``docs/configuration.md``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

PREFIX = "TWOFOLD_"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str = "") -> str:
    return os.environ.get(PREFIX + name, default)


def get_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(PREFIX + name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{PREFIX}{name} must be a boolean (1/0, true/false), not {raw!r}.")


def get_int(name: str, default: int) -> int:
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be a whole number, not {raw!r}.") from exc


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(PREFIX + name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded database, the generated secret key and uploads live."""
    configured = get_str("DATA_DIR")
    if configured:
        path = Path(configured).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("twofold", appauthor=False))
    return path


def embedded_secret_key(directory: Path) -> str:
    """A per-installation key kept beside the embedded database (never in git)."""
    key_file = directory / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    directory.mkdir(parents=True, exist_ok=True)
    # Several processes may start at once (server workers, test workers): each writes a whole
    # candidate beside the key, and the first to link it in place wins; the others read it.
    candidate = directory / f".secret_key.{os.getpid()}"
    candidate.write_text(secrets.token_urlsafe(64))
    candidate.chmod(0o600)
    try:
        os.link(candidate, key_file)
    except FileExistsError:
        pass
    finally:
        candidate.unlink()
    return key_file.read_text().strip()


CACHE_TABLE = "twofold_cache"


def cache(url: str) -> dict[str, Any]:
    """The cache Django uses: the database cache, or the Redis or Memcached ``url`` names."""
    if not url:
        # Django culls the table past 300 entries by default, which would forget throttle
        # counts on any busy site; expired entries are culled, so the table stays bounded.
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    scheme = url.partition("://")[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": url.partition("://")[2].rstrip("/"),
        }
    raise ImproperlyConfigured(
        f"{PREFIX}CACHE_URL must start with redis://, rediss:// or memcached://, not {url!r}."
    )
