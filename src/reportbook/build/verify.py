"""`reportbook verify`: rebuild from scratch elsewhere and compare every output with the manifest."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from reportbook.build.run import build
from reportbook.build.cache import Manifest
from reportbook.errors import ReportbookError
from reportbook.paths import Paths
from reportbook.build.publish import VOLATILE_HTML

GENERATED_STATIC = ("runs.js", "vega-bundle.js")


def copy_inputs(src: Path, dst: Path) -> None:
    """The inputs of a build (data, templates, book pages and config), without anything generated."""
    shutil.copytree(src / "data", dst / "data")
    shutil.copytree(src / "notebooks", dst / "notebooks")
    shutil.copy2(src / "_config.yml", dst / "_config.yml")
    (dst / "book").mkdir()
    for page in (src / "book").iterdir():
        if page.is_file() and page.suffix in (".md", ".txt"):  # pages and the jieba dictionary, nothing built
            shutil.copy2(page, dst / "book" / page.name)
    shutil.copytree(src / "book" / "_static", dst / "book" / "_static",
                    ignore=shutil.ignore_patterns(*GENERATED_STATIC, ".*"))


def compare(ours: dict, theirs: dict, what: str, skip: tuple[str, ...] = ()) -> list[str]:
    """Differences between two {name: hash} maps."""
    out = []
    for name in sorted(set(ours) | set(theirs)):
        if name in skip:
            continue
        if name not in theirs:
            out.append(f"{what} {name}: in the current build, not in the fresh one")
        elif name not in ours:
            out.append(f"{what} {name}: in the fresh build, not in the current one")
        elif ours[name] != theirs[name]:
            out.append(f"{what} {name}: differs (current {ours[name][:12]}…, fresh {theirs[name][:12]}…)")
    return out


def verify(paths: Paths, jobs: int | None = None) -> list[str]:
    """Rebuild in a temporary folder and list every output whose hash differs from the manifest."""
    current = Manifest(paths)
    if not current.data["notebooks"]:
        raise ReportbookError("no manifest of a previous build", str(current.path.relative_to(paths.root)),
                              "run `reportbook build` first")
    years = sorted({int(p.split("/")[0]) for p in current.data["notebooks"] if "/" in p})
    with tempfile.TemporaryDirectory(prefix="reportbook-verify-") as tmp:
        copy_inputs(paths.root, Path(tmp))
        fresh_paths = Paths(Path(tmp))
        build(fresh_paths, years=years, jobs=jobs, force=True)
        fresh = Manifest(fresh_paths)
    ours = {k: v["output"] for k, v in current.data["notebooks"].items()}
    theirs = {k: v["output"] for k, v in fresh.data["notebooks"].items()}
    return (compare(ours, theirs, "notebook")
            + compare(current.data.get("html", {}), fresh.data.get("html", {}), "html", VOLATILE_HTML))
