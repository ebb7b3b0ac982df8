"""Settings from the environment, or from `$DIGITIZE_HOME/config.toml` (the environment wins).

Every name here is the environment variable of interfaces.md; the config file uses the same
names as keys. Secrets (S3 secret key, signing passphrase) are held here but never printed:
`Settings.__repr__` masks them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

import platformdirs

from ocr.tesseract import DEFAULT_LANGUAGES

SECRET_NAMES = {"S3_SECRET_KEY", "DIGITIZE_SIGN_PASSPHRASE"}


def _default_home() -> Path:
    return Path(platformdirs.user_data_dir("digitize", appauthor=False))


@dataclass(frozen=True)
class Settings:
    home: Path
    workers: int
    storage_url: str
    database_url: str
    redis_url: str | None
    s3_endpoint: str | None
    s3_access_key: str | None
    s3_secret_key: str | None = field(repr=False)
    s3_secure: bool
    timezone: str
    agency: str
    # Input limits: beyond these an input is `too_large` (decompression bombs end here).
    max_file_bytes: int
    max_pages: int
    max_page_pixels: int
    max_input_pixels: int  # pixels drawn over all pages of one input (a shared image counts each time)
    # Each page task (survey, decode, OCR, assembly) is bounded in time and memory.
    task_timeout_s: int
    worker_memory_bytes: int
    ocr_timeout_s: int
    ocr_language: str
    tesseract_cmd: str | None
    # Signing (issue 14): the centre's certificate (else the development one under home/keys),
    # the CA certificates `verify` trusts, the time-stamp authority, object-lock retention.
    sign_p12: str | None = None
    sign_passphrase: str | None = field(default=None, repr=False)
    trust_roots: str | None = None
    tsa_url: str | None = None
    retention_years: int = 10
    max_upload_bytes: int = 200 * 2**20  # one `POST /scans` request body (DIGITIZE_MAX_UPLOAD_MB)
    webhooks: bool = True  # DIGITIZE_WEBHOOKS=off: no delivery at all (tests, fuzzing, air-gapped sites)

    def __repr__(self) -> str:  # secrets never reach a log line
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("s3_secret_key", "sign_passphrase") and value:
                value = "***"
            shown.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(shown)})"


def _read_config_file(home: Path) -> dict[str, str]:
    path = home / "config.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return {str(k): str(v) for k, v in data.items()}


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    home = Path(env.get("DIGITIZE_HOME") or _default_home()).expanduser().resolve()
    values = {**_read_config_file(home), **env}

    def get(name: str, default: str | None = None) -> str | None:
        value = values.get(name)
        return value if value not in (None, "") else default

    def get_int(name: str, default: int) -> int:
        raw = get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
        if value < 1:
            raise ValueError(f"{name} must be at least 1, not {value}")
        return value

    return Settings(
        home=home,
        workers=get_int("DIGITIZE_WORKERS", os.cpu_count() or 1),
        storage_url=get("DIGITIZE_STORAGE", (home / "archive").as_uri()),
        database_url=get("DATABASE_URL", f"sqlite:///{home / 'index.db'}"),
        redis_url=get("REDIS_URL"),
        s3_endpoint=get("S3_ENDPOINT"),
        s3_access_key=get("S3_ACCESS_KEY"),
        s3_secret_key=get("S3_SECRET_KEY"),
        s3_secure=(get("S3_SECURE", "true") or "true").lower() in ("1", "true", "yes"),
        timezone=get("DIGITIZE_TZ", "Asia/Ho_Chi_Minh"),
        agency=get("DIGITIZE_AGENCY", "Trung tâm Phục vụ hành chính công"),
        max_file_bytes=get_int("DIGITIZE_MAX_FILE_MB", 512) * 1024 * 1024,
        max_pages=get_int("DIGITIZE_MAX_PAGES", 2000),
        max_page_pixels=get_int("DIGITIZE_MAX_PAGE_MEGAPIXELS", 150) * 1_000_000,
        max_input_pixels=get_int("DIGITIZE_MAX_INPUT_MEGAPIXELS", 20_000) * 1_000_000,
        task_timeout_s=get_int("DIGITIZE_TASK_TIMEOUT", 900),
        worker_memory_bytes=get_int("DIGITIZE_WORKER_MEMORY_MB", 1536) * 2**20,
        ocr_timeout_s=get_int("DIGITIZE_OCR_TIMEOUT", 600),
        ocr_language=get("DIGITIZE_OCR_LANG", DEFAULT_LANGUAGES),
        tesseract_cmd=get("DIGITIZE_TESSERACT"),  # unset: Tesseract's library in the worker processes
        sign_p12=get("DIGITIZE_SIGN_P12"),
        sign_passphrase=get("DIGITIZE_SIGN_PASSPHRASE"),
        trust_roots=get("DIGITIZE_TRUST_ROOTS"),
        tsa_url=get("DIGITIZE_TSA_URL"),
        retention_years=get_int("DIGITIZE_RETENTION_YEARS", 10),
        max_upload_bytes=int(_megabytes("DIGITIZE_MAX_UPLOAD_MB", get("DIGITIZE_MAX_UPLOAD_MB", "200")) * 2**20),
        webhooks=_on_off("DIGITIZE_WEBHOOKS", get("DIGITIZE_WEBHOOKS", "on")),
    )


def _megabytes(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of megabytes, not {raw!r}") from None
    if not value > 0:
        raise ValueError(f"{name} must be more than 0, not {raw!r}")
    return value


def _on_off(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("on", "true", "1", "yes"):
        return True
    if value in ("off", "false", "0", "no"):
        return False
    raise ValueError(f"{name} must be on or off, not {raw!r}")
