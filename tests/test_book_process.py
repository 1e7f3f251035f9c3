"""The early-started Jupyter Book process: it builds on request and never outlives the build."""
from __future__ import annotations

import pytest

from reportbook.build.jupyter_book import JupyterBookProcess
from reportbook.site.sphinx_ext import STATIC_DIR
from reportbook.errors import ReportbookError
from reportbook.paths import Paths
from reportbook.site.vega_bundle import BUNDLE_NAME

pytestmark = pytest.mark.slow  # executes notebooks or builds the book


def test_unused_process_is_stopped(tmp_path):
    """A build that needs no new HTML (or fails first) stops the process; nothing half-written stays."""
    with JupyterBookProcess(Paths(tmp_path)) as book:
        assert book.process.poll() is None, "the process should be warming up"
    assert book.process.poll() is not None, "the process outlived the build"
    assert not list((tmp_path / STATIC_DIR).glob(f".{BUNDLE_NAME}.*")), "a temporary bundle file was left"


@pytest.mark.parametrize("interrupt", [SystemExit(1), KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_interrupted_bundle_write_leaves_no_partial_file(tmp_path, monkeypatch, interrupt):
    """SIGTERM (SystemExit in the warm-up process), Ctrl-C or a full disk while the bundle is written."""
    from reportbook.site import vega_bundle as vega_assets

    monkeypatch.setattr(vega_assets, "bundle_text", lambda: "/* bundle */\n" * 1000)

    def fail(*_):
        raise interrupt

    monkeypatch.setattr(vega_assets.os, "replace", fail)
    with pytest.raises(type(interrupt)):
        vega_assets.write_vega_bundle(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "the interrupted write left a file"


def test_failed_book_build_is_a_clear_error(tmp_path):
    """No _config.yml/_toc.yml: the error carries Jupyter Book's own message and says the old book stays."""
    with JupyterBookProcess(Paths(tmp_path)) as book, pytest.raises(ReportbookError) as err:
        book.build()
    message = err.value.render()
    assert "jupyter-book build failed" in message
    assert "_toc.yml" in message or "Table of Contents" in message
    assert "left as it was" in message
    assert not (tmp_path / "_build" / ".next" / "_build" / "html" / "index.html").exists()
