"""The early-started Jupyter Book process: it builds on request and never outlives the build."""
from __future__ import annotations

import pytest

from reportbook.book_process import JupyterBookProcess
from reportbook.booksite import STATIC_DIR
from reportbook.errors import ReportbookError
from reportbook.paths import Paths
from reportbook.vega_assets import BUNDLE_NAME


def test_unused_process_is_stopped_and_leaves_no_torn_bundle(tmp_path):
    """A build that needs no new HTML (or fails first) stops the process, mid-write or not."""
    with JupyterBookProcess(Paths(tmp_path)) as book:
        assert book.process.poll() is None, "the process should be warming up"
        torn = tmp_path / STATIC_DIR / f".{BUNDLE_NAME}.{book.process.pid}.tmp"
        torn.parent.mkdir(parents=True, exist_ok=True)
        torn.write_text("half a bundle", encoding="utf-8")
    assert book.process.poll() is not None, "the process outlived the build"
    assert not torn.exists(), "a killed bundle write left its temporary file in book/_static"


def test_failed_book_build_is_a_clear_error(tmp_path):
    """No _config.yml/_toc.yml: the error carries Jupyter Book's own message and says the old book stays."""
    with JupyterBookProcess(Paths(tmp_path)) as book, pytest.raises(ReportbookError) as err:
        book.build()
    message = err.value.render()
    assert "jupyter-book build failed" in message
    assert "_toc.yml" in message or "Table of Contents" in message
    assert "left as it was" in message
    assert not (tmp_path / "_build" / ".next" / "_build" / "html" / "index.html").exists()
