"""`reportbook figures FILE`: what the machine reads in any text, and clear errors for bad files."""
from __future__ import annotations

import json

import pytest

from reportbook.cli import main
from tests.conftest import ROOT


def run(capsys, *args):
    code = main(["--root", str(ROOT), *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err

TEXT = "全年完成投资262.8亿\n元，同比增长17.2%，每月办理200—300件，拨打12345，“十四五”开局。"


def test_tsv_lists_every_token(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = run(capsys, "figures", path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t") == ["text", "value", "value_max", "unit", "qualifier", "kind", "start", "end",
                                    "context"]
    rows = [line.split("\t") for line in lines[1:]]
    assert [r[0] for r in rows] == ["262.8亿⏎元", "17.2%", "200—300件", "12345", "十四五"]
    assert rows[0][1:8] == ["26280000000", "", "元", "exact", "figure", "6", "14"]
    assert rows[2][1:6] == ["200", "300", "件", "range", "figure"]
    assert rows[3][5] == "code" and rows[4][5] == "name"
    assert "【17.2%】" in rows[1][8]


def test_json_keeps_the_text_as_written_and_reads_gb18030(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    code, out, _ = run(capsys, "figures", path, "--format", "json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["text"] == "262.8亿\n元" and TEXT[rows[0]["start"]:rows[0]["end"]] == rows[0]["text"]
    assert [r["kind"] for r in rows] == ["figure", "figure", "figure", "code", "name"]


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    (b"\xff\xfe\xff\xff", "not UTF-8"),
])
def test_bad_files_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run(capsys, "figures", path)
    assert code == 2 and message in err and "fix:" in err and "Traceback" not in err and out == ""


def test_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "figures", tmp_path / "nope.txt")
    assert code == 2 and "no such file" in err
