"""The offline Altair renderer (reportbook.site.altair_theme) and the Vega bundle (reportbook.site.vega_bundle)."""
from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

from reportbook.site import altair_theme as charts


@pytest.fixture()
def enabled():
    """Enable the reportbook renderer and theme; restore Altair's previous ones afterwards."""
    renderer, theme = alt.renderers.active, alt.theme.active
    charts.enable()
    yield
    alt.renderers.enable(renderer)
    alt.theme.enable(theme)


def _chart() -> alt.Chart:
    labels = ["税收", "安置房", "网格员</script>"]
    df = pd.DataFrame({"指标": labels, "数值": [19.77, 3.2, 5.1]})
    return alt.Chart(df, title="双山街道主要指标").mark_bar().encode(
        x=alt.X("指标:N", title="指标名称"), y=alt.Y("数值:Q", title="数值"))


def _spec_from_html(snippet: str) -> dict:
    m = re.search(r"\}\)\((\{.*\}), (\{.*\})\);\n</script>", snippet, re.DOTALL)
    assert m, "no spec found in the rendered HTML"
    return json.loads(m.group(1))


def test_render_is_offline(enabled):
    bundle = _chart()._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    html = bundle["text/html"]
    assert "http" not in html
    assert "require" not in html and "cdn" not in html.lower()
    assert "vegaEmbed" in html
    assert bundle["text/plain"] == "<Altair chart: 双山街道主要指标>"


def test_render_is_deterministic(enabled):
    one = _chart()._repr_mimebundle_()
    two = _chart()._repr_mimebundle_()
    assert one == two
    ids = re.findall(r'<div id="(rb-chart-[0-9a-f]{16})"', one["text/html"])
    assert len(ids) == 1
    other = _chart().properties(title="另一个图")._repr_mimebundle_()["text/html"]
    assert ids[0] not in other  # the id follows the spec
    assert "altair-viz" not in one["text/html"]


def test_cjk_font_config(enabled):
    spec = _spec_from_html(_chart()._repr_mimebundle_()["text/html"])
    config = spec["config"]
    assert config["font"].startswith('"Noto Sans CJK SC"')
    assert config["font"].rstrip().endswith("sans-serif")
    for part, keys in {"title": ["font"], "axis": ["labelFont", "titleFont"],
                       "legend": ["labelFont", "titleFont"]}.items():
        for key in keys:
            assert config[part][key] == charts.FONT, (part, key)
    assert spec["title"] == "双山街道主要指标"  # Chinese text kept as characters
    assert "网格员</script>" in json.dumps(spec, ensure_ascii=False)  # escaped in HTML only


def test_script_cannot_be_closed_by_data(enabled):
    html = _chart()._repr_mimebundle_()["text/html"]
    assert html.count("</script>") == 1


def test_enable_is_idempotent():
    before = alt.renderers.active, alt.theme.active
    try:
        charts.enable()
        charts.enable()
        assert alt.renderers.active == charts.NAME
        assert alt.theme.active == charts.NAME
    finally:
        alt.renderers.enable(before[0])
        alt.theme.enable(before[1])


def test_vega_bundle_defines_globals(tmp_path):
    from reportbook.site.vega_bundle import BUNDLE_NAME, write_vega_bundle

    path = write_vega_bundle(tmp_path / "_static")
    assert path == tmp_path / "_static" / BUNDLE_NAME
    text = path.read_text(encoding="utf-8")
    first = path.read_bytes()
    for name in ("window.vegaEmbed=", "window.VEGA_DEBUG"):
        assert name in text
    assert json.dumps({"vega_version": alt.VEGA_VERSION})[1:-1] in text
    assert not re.search(r"^\s*(import|export)\s", text, re.MULTILINE)  # a classic script
    # Deterministic: regenerating gives the same bytes.
    assert write_vega_bundle(tmp_path / "_static", force=True).read_bytes() == first
