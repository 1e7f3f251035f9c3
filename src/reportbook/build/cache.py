"""What each executed notebook depends on, and the manifest that records it (book/manifest.json).

A notebook is reused only when its key is unchanged: the template, the parameters, the data files
it reads, the package's code and version, Python's version and the versions of the libraries that
shape its output (reportbook.environment: the review page, which lists the whole stack, keys on all).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from reportbook import __version__
from reportbook.environment import NOTEBOOK_LIBRARIES, python_version, versions
from reportbook.paths import Paths



def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sha256_json(value) -> str:
    """Hex SHA-256 of a value's canonical JSON."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def json_text(value) -> str:
    """Stable JSON text, as reportbook writes every JSON file (notebooks, templates, the manifest)."""
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


PACKAGE = Path(__file__).resolve().parents[1]  # src/reportbook


def code_fingerprint() -> dict:
    """The package's version, a hash of every .py in it (subpackages too), and the Python version."""
    return {"reportbook": __version__, "code": _code_hash(PACKAGE), "python": python_version()}


@lru_cache(maxsize=4)
def _code_hash(package: Path) -> str:
    return sha256_json({p.relative_to(package).as_posix(): sha256_file(p) for p in sorted(package.rglob("*.py"))})


def task_inputs(paths: Paths, template: str, parameters: dict, files: list[str], extra: dict | None = None,
                libraries: tuple[str, ...] = NOTEBOOK_LIBRARIES) -> dict:
    """Everything a notebook's output depends on, hashed: template, parameters, data, code, libraries."""
    root = paths.root
    return {
        "template": sha256_file(root / template),
        "parameters": parameters,
        "data": {f: sha256_file(root / f) if (root / f).is_file() else "absent" for f in files},
        "code": code_fingerprint(),
        "libraries": versions(libraries),
        **(extra or {}),
    }


def papermill_digest(notebook: Path) -> str:
    """Hash of the parts of an executed notebook's papermill metadata that the review page shows."""
    meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("papermill", {})
    return sha256_json({k: meta.get(k) for k in ("parameters", "exception", "input_path", "output_path")})


class Manifest:
    """book/manifest.json: per executed notebook its inputs, key, output hash and last duration."""

    def __init__(self, paths: Paths):
        self.path = paths.root / "book" / "manifest.json"
        self.data = {"notebooks": {}, "html": {}}
        if self.path.is_file():
            try:
                self.data = json.loads(self.path.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                pass  # a damaged manifest only means everything reruns

    def fresh(self, place: str, key: str, output: Path) -> bool:
        """True when `output` was made from inputs with this key and is unchanged since."""
        entry = self.data["notebooks"].get(place)
        return bool(entry and entry["key"] == key and output.is_file() and sha256_file(output) == entry["output"])

    def record(self, place: str, inputs: dict, output: Path, seconds: float) -> None:
        self.data["notebooks"][place] = {"key": sha256_json(inputs), "inputs": inputs,
                                         "output": sha256_file(output), "seconds": round(seconds, 2)}

    def seconds(self, place: str) -> float:
        return self.data["notebooks"].get(place, {}).get("seconds", 0.0)

    def save(self) -> None:
        """Write the manifest atomically: a full disk or a kill leaves the previous one whole."""
        from reportbook.files import write_atomic

        write_atomic(self.path, json_text(self.data))
