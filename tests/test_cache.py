"""The build cache: what reruns after each kind of change, and byte-identical rebuilds."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportbook.build import cache
from reportbook.build.plan import ACROSS_YEARS, NOTEBOOKS, plan
from reportbook.build.run import build
from reportbook.build.cache import Manifest, sha256_json, task_inputs
from reportbook.cli import main
from reportbook.paths import Paths
from reportbook.build.verify import copy_inputs, differences, state, verify
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # executes notebooks or builds the book


def executed(result) -> list[str]:
    """The places a build executed successfully, from its result."""
    return sorted(e["place"] for e in result.executed if e["status"] == "completed")


FIXTURE_2023 = ROOT / "tests" / "fixtures" / "synthetic_2023.txt"  # synthetic test data


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """The analyst's path: the shipped project, `add-year 2023` of a synthetic report, one build."""
    root = tmp_path_factory.mktemp("cache")
    copy_inputs(ROOT, root)
    paths = Paths(root)
    before = {p.name: p.read_bytes() for p in (paths.data / "reports").glob("2022.*")}
    before["csv"] = paths.indicators(2022).read_bytes()
    assert main(["--root", str(root), "add-year", "2023", str(FIXTURE_2023)]) == 0
    build(paths, jobs=2)
    after = {p.name: p.read_bytes() for p in (paths.data / "reports").glob("2022.*")}
    after["csv"] = paths.indicators(2022).read_bytes()
    assert after == before, "adding 2023 changed a 2022 file"
    return paths


def test_added_year_is_in_the_book_with_trends(two_years):
    html = two_years.root / "_build" / "html" / "book"
    assert (html / "2022" / "safe.html").is_file() and (html / "2023" / "safe.html").is_file()
    trends = (html / "trends.html").read_text(encoding="utf-8")
    assert "compares 2 years (2022, 2023)" in trends
    # the hotline tickets received, read from each year's text: 31405 (2022) and 33870 (2023)
    assert "31,405" in trends and "33,870" in trends
    toc = (two_years.root / "_toc.yml").read_text(encoding="utf-8")
    assert toc.index("book/2023/overview") < toc.index("book/2022/overview") < toc.index("book/trends")


def test_the_book_builds_with_warnings_as_errors(two_years, tmp_path):
    """`jupyter-book build -W` on the executed notebooks: no Sphinx or myst-nb warning anywhere."""
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(two_years.root),
               "--path-output", str(tmp_path), "--warningiserror", "--keep-going"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert (tmp_path / "_build" / "html" / "book" / "2023" / "review.html").is_file()


def test_nothing_changed_nothing_runs(two_years):
    before = {p: p.read_bytes() for p in (two_years.root / "book").rglob("*.ipynb")}
    assert all(not t.stale for t in plan(two_years, [2022, 2023]).tasks.values())
    result = build(two_years, jobs=2)
    assert executed(result) == [] and len(result.reused) == 2 * len(NOTEBOOKS) + len(ACROSS_YEARS) == 20
    assert result.book == "up to date"
    assert {p: p.read_bytes() for p in (two_years.root / "book").rglob("*.ipynb")} == before


def test_one_years_data_reruns_only_that_year(two_years):
    path = two_years.report(2023)
    path.write_text(path.read_text(encoding="utf-8").replace("33870件", "33871件"), encoding="utf-8")
    assert main(["--root", str(two_years.root), "extract", "2023"]) == 0
    planned = plan(two_years, [2022, 2023])
    assert planned.tasks["2023/civilized.ipynb"].reasons == ("data/reports/2023.txt changed",
                                                             "data/indicators/2023.csv changed")
    assert planned.tasks["trends.ipynb"].reasons == ("data/indicators/2023.csv changed",)
    assert not planned.tasks["2022/civilized.ipynb"].stale
    result = build(two_years, jobs=2)
    ran = executed(result)
    assert all(p.startswith("2023/") or p in ("trends.ipynb", "indicators.ipynb") for p in ran), ran
    assert "2023/civilized.ipynb" in ran and "trends.ipynb" in ran
    html = (two_years.root / "_build" / "html" / "book" / "2023" / "civilized.html").read_text(encoding="utf-8")
    assert "33,871" in html


def test_one_template_reruns_only_that_template(two_years):
    template = two_years.notebooks / "beautiful.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": "extra", "metadata": {}, "source": "A new closing line."})
    template.write_text(json.dumps(nb), encoding="utf-8")
    assert [p for p, t in plan(two_years, [2022, 2023]).tasks.items() if t.stale] == [
        "2022/beautiful.ipynb", "2023/beautiful.ipynb"]
    result = build(two_years, jobs=2)
    assert executed(result) == ["2022/beautiful.ipynb", "2023/beautiful.ipynb"]
    assert {e["place"]: e["reasons"] for e in result.executed} == {
        "2022/beautiful.ipynb": ["template changed"], "2023/beautiful.ipynb": ["template changed"]}


def test_force_reruns_everything(two_years):
    result = build(two_years, years=[2022], jobs=2, force=True)
    assert len(executed(result)) == len(NOTEBOOKS) + len(ACROSS_YEARS) == 11 and result.reused == []
    assert all(e["reasons"] == ["forced"] for e in result.executed)


def test_a_code_change_in_a_subpackage_makes_every_notebook_stale(two_years, tmp_path, monkeypatch):
    """The code fingerprint covers every .py of the package, subpackages included."""
    copy = tmp_path / "reportbook"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = {p: t.reasons for p, t in plan(two_years, [2022, 2023]).tasks.items()}
    monkeypatch.setattr(cache, "PACKAGE", copy)
    same = {p: t.reasons for p, t in plan(two_years, [2022, 2023]).tasks.items()}
    assert same == before  # the same code in another folder: the same fingerprint
    module = copy / "text" / "numerals.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    cache._code_hash.cache_clear()  # a build is a new process; this test asks twice in one
    planned = plan(two_years, [2022, 2023])
    assert len(planned.tasks) == 2 * len(NOTEBOOKS) + len(ACROSS_YEARS) == 20
    assert all("code changed" in t.reasons for t in planned.tasks.values())
    assert all(t.reasons == ("code changed",) for p, t in planned.tasks.items() if not before[p])


def test_dry_run_prints_the_plan_and_executes_nothing(two_years, capsys):
    stale = {t.place for t in plan(two_years, [2022, 2023]).stale}  # what earlier tests left stale (trends)
    assert "2022/safe.ipynb" not in stale
    safe = two_years.root / "book" / "2022" / "safe.ipynb"
    kept = safe.read_bytes()
    safe.unlink()
    assert {t.place for t in plan(two_years, [2022, 2023]).stale} == stale | {"2022/safe.ipynb"}
    before = sorted((two_years.root / "book").rglob("*"))
    assert main(["--root", str(two_years.root), "build", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sorted((two_years.root / "book").rglob("*")) == before
    assert ["run", "2022/safe.ipynb", "new"] in [line.split() for line in out]
    assert "reuse  2022/happy.ipynb" in out
    assert out[-1].startswith(f"{len(stale) + 1} of {2 * len(NOTEBOOKS) + len(ACROSS_YEARS)} notebooks would execute for 2022, 2023")
    assert out.index("reuse  2022/source.ipynb") < out.index("reuse  2022/review.ipynb  (after its 8 siblings)")
    safe.write_bytes(kept)  # as it was: the tests below expect a complete book


def test_key_covers_parameters_data_and_code(two_years, monkeypatch):
    files = ["data/catalog.yml", "data/indicators/2022.csv"]
    base = sha256_json(task_inputs(two_years, "notebooks/safe.ipynb", {"year": 2022}, files))
    assert sha256_json(task_inputs(two_years, "notebooks/safe.ipynb", {"year": 2023}, files)) != base
    assert sha256_json(task_inputs(two_years, "notebooks/happy.ipynb", {"year": 2022}, files)) != base
    changed = dict(cache.code_fingerprint(), reportbook="9.9.9")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: changed)
    assert sha256_json(task_inputs(two_years, "notebooks/safe.ipynb", {"year": 2022}, files)) != base


def test_tampered_output_is_rebuilt(two_years):
    target = two_years.root / "book" / "2022" / "happy.ipynb"
    target.write_text(target.read_text(encoding="utf-8").replace("Happy", "Sad"), encoding="utf-8")
    result = build(two_years, years=[2022], jobs=2)
    assert executed(result) == ["2022/happy.ipynb"]
    assert result.executed[0]["reasons"] == ["output changed since it was built"]
    assert Manifest(two_years).fresh("2022/happy.ipynb", Manifest(two_years).data["notebooks"]
                                     ["2022/happy.ipynb"]["key"], target)


def test_rebuild_from_scratch_is_byte_identical(two_years):
    build(two_years, jobs=2)
    assert verify(two_years, jobs=2) == []


def test_verify_reports_a_difference(two_years):
    """A wrong manifest record, and files edited on disk behind the manifest's back (the manifest still agrees).

    `verify`'s comparison is checked directly: the build state of `two_years` before the edits stands for the fresh
    build (test_rebuild_from_scratch_is_byte_identical shows that a rebuild from scratch gives exactly that state),
    so no second cold rebuild is needed.
    """
    build(two_years, jobs=2)
    fresh = state(two_years)
    page = two_years.root / "_build" / "html" / "book" / "2022" / "safe.html"
    manifest = Manifest(two_years)
    kept_manifest = manifest.path.read_bytes()
    manifest.data["html"]["book/2022/safe.html"] = "0" * 64
    manifest.save()
    notebook = two_years.root / "book" / "2022" / "happy.ipynb"
    kept = notebook.read_bytes()
    notebook.write_bytes(kept.replace("Happy".encode(), "Sad".encode()))
    edited = two_years.root / "_build" / "html" / "book" / "2022" / "civilized.html"
    kept_html = edited.read_bytes()
    edited.write_text(edited.read_text(encoding="utf-8").replace("</body>", "<p>edited</p></body>"), encoding="utf-8")
    missing = two_years.root / "book" / "2023" / "safe.ipynb"
    kept_missing = missing.read_bytes()
    missing.unlink()
    try:
        found = differences(state(two_years, fresh.recorded), fresh)
        assert found == [
            f"html book/2022/safe.html: differs (current {'0' * 12}…, fresh {fresh.recorded_html['book/2022/safe.html'][:12]}…)",
            f"file book/2022/happy.ipynb: differs (current {cache.sha256_file(notebook)[:12]}…, "
            f"fresh {fresh.recorded['2022/happy.ipynb'][:12]}…)",
            "file book/2023/safe.ipynb: in the fresh build, not in the current one",
            f"file _build/html/book/2022/civilized.html: differs (current {cache.sha256_file(edited)[:12]}…, "
            f"fresh {fresh.disk_html['book/2022/civilized.html'][:12]}…)",
        ]
        assert fresh.disk_html["book/2022/safe.html"] == cache.sha256_file(page)
        assert differences(fresh, fresh) == []
    finally:
        notebook.write_bytes(kept)
        edited.write_bytes(kept_html)
        missing.write_bytes(kept_missing)
        manifest.path.write_bytes(kept_manifest)
    assert differences(state(two_years, fresh.recorded), fresh) == []


def test_each_review_lists_all_its_siblings(two_years):
    """A review is queued as soon as its year's pages are done, and never before: it sees all of them."""
    from reportbook.build.plan import SIBLINGS

    for year in (2022, 2023):
        review = json.loads((two_years.root / "book" / str(year) / "review.ipynb").read_text(encoding="utf-8"))
        html = "".join("".join(o.get("data", {}).get("text/html", "")) for c in review["cells"]
                       for o in c.get("outputs", []))
        table = html[html.index("<table class='rb-runs'>"):]
        table = table[:table.index("</table>")]
        listed = re.findall(r"<td><code>(\w+)\.ipynb</code><div class='rb-quote'>← <code>notebooks/\1\.ipynb</code>"
                            r"</div></td><td><code>[^<]*</code></td><td>完成</td>", table)
        assert sorted(listed) == sorted(SIBLINGS), f"{year}'s review saw {listed}"


def test_a_library_upgrade_reruns_what_it_shapes_and_nothing_else(two_years, monkeypatch):
    """Every library of the stack is in a key: Sphinx shapes the HTML (and the review page, which lists it),
    pandas every notebook."""
    from reportbook import environment
    from reportbook.build.publish import book_sources_key

    real = environment.version
    before = {p: t.reasons for p, t in plan(two_years, [2022, 2023]).tasks.items()}
    book_key = book_sources_key(two_years)
    monkeypatch.setattr(environment, "version", lambda lib: "99.0" if lib == "sphinx" else real(lib))
    planned = plan(two_years, [2022, 2023])
    assert {p for p, t in planned.tasks.items() if t.reasons != before[p]} == {"2022/review.ipynb", "2023/review.ipynb"}
    assert f"sphinx {real('sphinx')} -> 99.0" in planned.tasks["2022/review.ipynb"].reasons
    assert book_sources_key(two_years) != book_key
    monkeypatch.setattr(environment, "version", lambda lib: "99.0" if lib == "pandas" else real(lib))
    planned = plan(two_years, [2022, 2023])
    assert all(f"pandas {real('pandas')} -> 99.0" in t.reasons for t in planned.tasks.values())
    assert book_sources_key(two_years) == book_key
