"""Altair charts that read offline and rebuild byte-identically.

Notebooks call `enable()` once. A displayed chart then becomes a `text/html` snippet that
draws with the `vegaEmbed` global from the book's `_static/vega-bundle.js` (see
`reportbook.site.vega_bundle`): no CDN, no require.js, no URL at all, and an element id derived
from the spec, so reruns give the same bytes. A `text/plain` line is the fallback.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import altair as alt

NAME = "reportbook"
# CJK first (Debian fonts-noto-cjk, then Windows and macOS), then any sans-serif.
FONT = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"Hiragino Sans GB", SimHei, "WenQuanYi Micro Hei", sans-serif'
)
WIDTH = 560  # default chart width in px (continuous and discrete x); height for continuous y
HEIGHT = 280
MIN_FONT_SIZE = 12  # px: no chart text is smaller
CSS_CLASS = "reportbook-chart"
EMBED_OPTIONS: dict[str, Any] = {
    "mode": "vega-lite",
    "renderer": "svg",  # marks are DOM nodes: text stays selectable and tests can count marks
    # Export stays local (a data: URL); source/compiled/editor would open vega.github.io.
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
    # The menu in Chinese (vega-embed's i18n keys); book/_static/reportbook.css puts it under the chart.
    "i18n": {"CLICK_TO_VIEW_ACTIONS": "图表操作（保存图片）", "PNG_ACTION": "保存为 PNG 图片",
             "SVG_ACTION": "保存为 SVG 图片"},
}


def theme() -> dict[str, Any]:
    """Vega-Lite config: the CJK font on every text element, and the default size."""
    f, size = FONT, MIN_FONT_SIZE
    return {
        "config": {
            "font": f,
            "title": {"font": f, "subtitleFont": f, "fontSize": 15, "subtitleFontSize": size},
            "axis": {"labelFont": f, "titleFont": f, "labelFontSize": size, "titleFontSize": size},
            "legend": {"labelFont": f, "titleFont": f, "labelFontSize": size, "titleFontSize": size},
            "header": {"labelFont": f, "titleFont": f, "labelFontSize": size, "titleFontSize": size},
            "text": {"font": f, "fontSize": size},
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "discreteWidth": WIDTH},
        }
    }


def chart_id(spec: dict[str, Any]) -> str:
    """A stable element id: a hash of the spec (same chart, same id, in every run)."""
    digest = hashlib.sha256(_dumps(spec).encode("utf-8")).hexdigest()
    return f"rb-chart-{digest[:16]}"


def render(spec: dict[str, Any], **embed_options: Any) -> dict[str, str]:
    """The Altair renderer: a MIME bundle with `text/html` and `text/plain`."""
    spec = {k: v for k, v in spec.items() if k != "$schema"}  # a URL, and not needed
    opts = {**EMBED_OPTIONS, **embed_options}
    div = chart_id(spec)
    # "<" only occurs inside JSON strings, where \u003c means the same and cannot end the
    # <script> element early.
    spec_js = _dumps(spec).replace("<", "\\u003c")
    opts_js = _dumps(opts).replace("<", "\\u003c")
    snippet = f"""<div id="{div}" class="{CSS_CLASS}"></div>
<script type="text/javascript">
(function (spec, opts) {{
  var el = document.currentScript ? document.currentScript.previousElementSibling : null;
  if (!el || el.id !== "{div}") {{ el = document.getElementById("{div}"); }}
  function fail(msg) {{
    el.innerHTML = '<div class="error" style="color:red;">' + msg + '</div>';
  }}
  // A width that follows the page ("container") is measured here, and the chart is drawn again
  // when its box changes width: Vega's own container width grows without bound once the page
  // narrows and widens again (a window resized, a sidebar shown, a phone turned).
  var fit = spec.width === "container", embedded = null, drawnWidth = -1;
  function draw() {{
    if (typeof window.vegaEmbed !== "function") {{
      fail("Chart not drawn: _static/vega-bundle.js (vega, vega-lite, vega-embed) is not loaded.");
      return;
    }}
    var s = spec;
    if (fit) {{
      drawnWidth = el.clientWidth;
      s = Object.assign({{}}, spec, {{width: Math.max(drawnWidth, 1)}});
    }}
    if (embedded) {{ embedded.finalize(); embedded = null; }}
    el.innerHTML = "";
    window.vegaEmbed(el, s, opts).then(function (result) {{ embedded = result; }}).catch(function (err) {{
      fail("Chart error: " + err.message);
      console.error(err);
    }});
  }}
  function start() {{
    draw();
    if (fit && typeof window.ResizeObserver === "function") {{
      new ResizeObserver(function () {{
        if (Math.abs(el.clientWidth - drawnWidth) > 1) {{ draw(); }}
      }}).observe(el);
    }}
  }}
  if (typeof window.vegaEmbed === "function" || document.readyState === "complete") {{ start(); }}
  else {{ window.addEventListener("load", start); }}
}})({spec_js}, {opts_js});
</script>"""
    return {"text/html": snippet, "text/plain": _plain(spec)}


def enable() -> None:
    """Register and enable the renderer and the CJK theme (idempotent)."""
    alt.renderers.register(NAME, render)
    alt.renderers.enable(NAME)
    if NAME not in alt.theme.names():
        alt.theme.register(NAME, enable=False)(theme)
    alt.theme.enable(NAME)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(spec: dict[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return f"<Altair chart: {title}>" if title else "<Altair chart>"
