"""The machine and the software a benchmark ran on, for the report's header."""
from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGES = ["mkdocs", "mkdocs-material", "jinja2", "pydantic", "markdown", "pyyaml", "nh3", "playwright"]


def describe() -> dict:
    return {"cores": os.cpu_count(), "cpu": _cpu_model(), "memory_bytes": _memory_bytes(),
            "python": platform.python_version(), "system": platform.platform(),
            "packages": {name: _version(name) for name in PACKAGES}, "load_average_start": os.getloadavg()}


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    return _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown"


def _memory_bytes() -> int | None:
    total = _proc_field("/proc/meminfo", "MemTotal")  # "24684092 kB"
    return int(total.split()[0]) * 1024 if total else None


def _proc_field(path: str, name: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    return next((line.split(":", 1)[1].strip() for line in lines if line.split(":", 1)[0].strip() == name), None)
