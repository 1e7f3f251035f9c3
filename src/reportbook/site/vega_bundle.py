"""The offline Vega bundle: vega, vega-lite and vega-embed in one file, as `window.vegaEmbed`.

The JavaScript comes from the vl-convert-python wheel (no network). The file is generated,
not committed, and is byte-identical for the same vl-convert and Altair versions.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from reportbook.files import write_atomic

BUNDLE_NAME = "vega-bundle.js"
FORMAT = 2  # bump whenever bundle_text() changes, so cached bundles are regenerated


def _versions() -> dict[str, str]:
    """Versions in the bundle, checked against the ones Altair asks for."""
    import altair as alt
    import vl_convert as vlc

    want_vl = ".".join(alt.VEGALITE_VERSION.split(".")[:2])  # "6.4.1" -> "6.4"
    if want_vl not in vlc.get_vegalite_versions():
        raise RuntimeError(
            f"vl-convert-python {vlc.__version__} has no Vega-Lite {want_vl} "
            f"(Altair {alt.__version__} needs it); it has {vlc.get_vegalite_versions()}"
        )
    have = {"vega": vlc.get_vega_version(), "vega-embed": vlc.get_vega_embed_version()}
    for lib, want in (("vega", alt.VEGA_VERSION), ("vega-embed", alt.VEGAEMBED_VERSION)):
        if have[lib].split(".")[0] != want.split(".")[0]:
            raise RuntimeError(f"Altair needs {lib} {want}, vl-convert-python has {have[lib]}")
    return {
        "vl_convert": vlc.__version__,
        "vl_version": want_vl,
        "vega": have["vega"],
        "vega-embed": have["vega-embed"],
        # What Altair's own HTML loader compares with window.VEGA_DEBUG.
        "altair_vega": alt.VEGA_VERSION,
        "altair_vegalite": alt.VEGALITE_VERSION,
        "altair_vegaembed": alt.VEGAEMBED_VERSION,
    }


def _header(v: dict[str, str]) -> str:
    return (
        f"/* vega {v['vega']}, vega-lite {v['vl_version']}, vega-embed {v['vega-embed']}: "
        f"from vl-convert-python {v['vl_convert']} by reportbook.site.vega_bundle (format {FORMAT}). "
        "Generated; do not edit. */\n"
    )


def bundle_text() -> str:
    """The bundle's full text (about 0.9 MB): a classic script that sets `window.vegaEmbed`."""
    import vl_convert as vlc

    v = _versions()
    js = vlc.javascript_bundle(vl_version=v["vl_version"])
    # vl-convert's bundle is module-style code with top-level declarations; wrapping it in a
    # function keeps its minified names (t, n, ...) from leaking into the page's global scope.
    # It sets window.vegaEmbed, which holds vega and vega-lite inside it; it also sets
    # window.vega and window.vegaLite, but to null (its build keeps no module object for
    # them), so those two are removed rather than left as traps. vegaEmbed is all that
    # reportbook.site.altair_theme and Altair's own loader call.
    debug = {
        "vega_version": v["altair_vega"],
        "vegalite_version": v["altair_vegalite"],
        "vegaembed_version": v["altair_vegaembed"],
    }
    return (
        _header(v)
        + "(function () {\n\"use strict\";\n"
        + js.strip()
        + "\n})();\n"
        + "if (window.vega == null) { delete window.vega; }\n"
        + "if (window.vegaLite == null) { delete window.vegaLite; }\n"
        + "// Altair's own loader skips its CDN <script> when these match what it wants.\n"
        + "window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
        + json.dumps(debug, sort_keys=True)
        + ");\n"
    )


def write_vega_bundle(static_dir: Path, *, force: bool = False) -> Path:
    """Write `static_dir/vega-bundle.js` and return its path.

    An existing file whose header names the same versions is kept (generating takes ~2 s);
    `force=True` regenerates. The write is atomic, so an interrupted build leaves no torn file.
    """
    static_dir = Path(static_dir)
    target = static_dir / BUNDLE_NAME
    header = _header(_versions())
    if not force and target.is_file():
        with target.open(encoding="utf-8", newline="") as fh:
            if fh.readline() == header:
                return target
    text = bundle_text()
    static_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)  # interrupted (SIGTERM, disk full): no partial file is left behind
    return target
