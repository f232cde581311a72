"""Configuration: one frozen `Settings`, read from the environment in one place.

Precedence is CLI option, then `BAOKU_*` environment variable, then the default
here; every default runs on a laptop from a clone of the repository.
"""

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_corpus() -> str:
    # The shipped corpus is `corpus/` of the clone baoku runs in; an editable
    # install also finds it beside the packages.
    if Path("corpus").is_dir():
        return "corpus"
    return str(REPO_ROOT / "corpus")


@dataclass(frozen=True)
class Settings:
    index: str = "var/index"
    engine: str = "whoosh"  # what `baoku index` writes: whoosh | xapian (reading detects it)
    corpus_dir: str = field(default_factory=_default_corpus)
    log_level: str = "INFO"
    host: str = "127.0.0.1"
    port: int = 8000
    admin_token: str | None = None
    max_query_length: int = 500
    max_limit: int = 100
    max_offset: int = 10_000
    export_cap: int = 10_000
    upload_max_bytes: int = 50 * 1024 * 1024

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Settings from `BAOKU_<FIELD>` variables; `overrides` that are not None win."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"BAOKU_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = int(raw) if f.type in (int, "int") else raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def but(self, **changes: object) -> "Settings":
        return replace(self, **changes)  # type: ignore[arg-type]
