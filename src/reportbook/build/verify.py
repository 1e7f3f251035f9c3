"""`reportbook verify`: rebuild from scratch elsewhere; compare the files on disk, and the manifest, with it."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportbook.build.cache import Manifest, sha256_file
from reportbook.build.execute import TIMEOUT
from reportbook.build.lock import BuildLock
from reportbook.build.publish import VOLATILE_HTML, html_hashes
from reportbook.build.run import build
from reportbook.errors import ReportbookError
from reportbook.inputs import BOOK_PAGE_SUFFIXES, GENERATED_STATIC, LOCK_FILE
from reportbook.paths import Paths


def copy_inputs(src: Path, dst: Path) -> None:
    """The inputs of a build (data, templates, book pages and config), without anything generated."""
    shutil.copytree(src / "data", dst / "data")
    shutil.copytree(src / "notebooks", dst / "notebooks")
    shutil.copy2(src / "_config.yml", dst / "_config.yml")
    if (src / LOCK_FILE).is_file():  # the review page shows its hash
        shutil.copy2(src / LOCK_FILE, dst / LOCK_FILE)
    (dst / "book").mkdir()
    for page in (src / "book").iterdir():
        if page.is_file() and page.suffix in BOOK_PAGE_SUFFIXES:  # pages and the jieba dictionary, nothing built
            shutil.copy2(page, dst / "book" / page.name)
    shutil.copytree(src / "book" / "_static", dst / "book" / "_static",
                    ignore=shutil.ignore_patterns(*GENERATED_STATIC, ".*"))


def compare(ours: dict, theirs: dict, what: str, skip: tuple[str, ...] = ()) -> list[str]:
    """Differences between two {name: hash} maps."""
    out = []
    for name in sorted(set(ours) | set(theirs)):
        label = f"{what}{name}" if what.endswith("/") else f"{what} {name}"
        if name in skip:
            continue
        if name not in theirs:
            out.append(f"{label}: in the current build, not in the fresh one")
        elif name not in ours:
            out.append(f"{label}: in the fresh build, not in the current one")
        elif ours[name] != theirs[name]:
            out.append(f"{label}: differs (current {ours[name][:12]}…, fresh {theirs[name][:12]}…)")
    return out


def on_disk(paths: Paths, places) -> dict[str, str]:
    """Hashes of the executed notebooks as they are now in book/ (absent files left out)."""
    book = paths.root / "book"
    return {p: sha256_file(book / p) for p in places if (book / p).is_file()}


@dataclass(frozen=True)
class BuildState:
    """What a build left: the manifest's records and the hashes of the files on disk."""

    recorded: dict[str, str]   # manifest: executed notebook -> output hash
    recorded_html: dict[str, str]   # manifest: HTML page -> hash
    disk: dict[str, str]   # book/<notebook> as it is on disk -> hash
    disk_html: dict[str, str]   # _build/html/<page> as it is on disk -> hash


def state(paths: Paths, places=()) -> BuildState:
    """The manifest of `paths` and the files on disk (the notebooks it records, plus `places`)."""
    manifest = Manifest(paths)
    recorded = {k: v["output"] for k, v in manifest.data["notebooks"].items()}
    html = paths.root / "_build" / "html"
    return BuildState(recorded, dict(manifest.data.get("html", {})), on_disk(paths, set(recorded) | set(places)),
                      html_hashes(html) if html.is_dir() else {})


def differences(current: BuildState, fresh: BuildState) -> list[str]:
    """Every record and every file of `current` that is not as in `fresh` (a build from scratch)."""
    return (compare(current.recorded, fresh.recorded, "notebook")
            + compare(current.recorded_html, fresh.recorded_html, "html", VOLATILE_HTML)
            + compare(current.disk, fresh.recorded, "file book/")
            + compare(current.disk_html, fresh.disk_html, "file _build/html/", VOLATILE_HTML))


def verify(paths: Paths, jobs: int | None = None, timeout: float = TIMEOUT) -> list[str]:
    """Rebuild in a temporary folder; list every published file that differs from the fresh build.

    Two comparisons: the files on disk (book/<year>/*.ipynb, _build/html) with the fresh build's,
    and the manifest's records with the fresh build's. The project is locked meanwhile, so no
    build changes the files being compared.
    """
    with BuildLock(paths, "verify"):
        manifest = Manifest(paths)
        recorded = manifest.data["notebooks"]
        if not recorded:
            raise ReportbookError("no manifest of a previous build", str(manifest.path.relative_to(paths.root)),
                                  "run `reportbook build` first")
        years = sorted({int(p.split("/")[0]) for p in recorded if "/" in p})
        with tempfile.TemporaryDirectory(prefix="reportbook-verify-") as tmp:
            copy_inputs(paths.root, Path(tmp))
            fresh_paths = Paths(Path(tmp))
            build(fresh_paths, years=years, jobs=jobs, force=True, timeout=timeout)
            fresh = state(fresh_paths)
        current = state(paths, fresh.recorded)
    return differences(current, fresh)
