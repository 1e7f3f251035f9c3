"""Tables offered for download: CSV with a UTF-8 byte-order mark, embedded in the page as data: links.

The BOM makes Excel on Chinese Windows read the file as UTF-8 (without it Chinese is garbled).
The data travels inside the link, so the download works offline and needs no file beside the page.
"""
from __future__ import annotations

from urllib.parse import quote

import pandas as pd

from reportbook.pages import markdown as md

BOM = "\ufeff"


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV text of `frame`, BOM first, LF line ends."""
    return BOM + frame.to_csv(index=False, lineterminator="\n")


def csv_link(frame: pd.DataFrame, filename: str, text: str) -> str:
    """An HTML link that downloads `frame` as `filename`."""
    href = "data:text/csv;charset=utf-8," + quote(csv_text(frame), safe="")
    return f'<a class="rb-download" download="{md.html_text(filename)}" href="{href}">{md.html_text(text)}</a>'
