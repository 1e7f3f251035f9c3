"""`reportbook review YEAR`, driven by scripted answers on a scratch copy of the project."""
from __future__ import annotations

import pandas as pd
import yaml

from reportbook.indicators.extract import extract
from reportbook.indicators.guided_review import auto_items, pending_items, run_review, sentence_of
from reportbook.paths import Paths
from tests.test_rewording import add_year, fixture, load_key, read_table, run_cli, scratch_project


class Script:
    """Answers by item: {item number: [answers…]}; prints are kept."""

    def __init__(self, answers: dict[int, list[str]], quit_after: int | None = None):
        self.answers, self.quit_after, self.lines, self.item = answers, quit_after, [], 0

    def say(self, line: str) -> None:
        self.lines.append(line)
        if line.startswith("[") and "/" in line.split("]")[0]:
            self.item = int(line[1:line.index("/")])

    def ask(self, question: str) -> str:
        self.lines.append(question)
        assert len(self.lines) < 2000, "the session keeps asking:\n" + "\n".join(self.lines[-12:])
        if self.quit_after is not None and self.item > self.quit_after:
            return "q"
        queue = self.answers.get(self.item)
        return queue.pop(0) if queue else "s"


def _project(tmp_path):
    root = scratch_project(tmp_path / "p")
    assert add_year(root, 2025, fixture(2025)).code == 0
    return root, Paths(root)


def _number(items, predicate) -> int:
    return next(n for n, item in enumerate(items, start=1) if predicate(item))


def test_review_decisions_land_in_curation_catalog_and_table(tmp_path):
    root, paths = _project(tmp_path)
    items = pending_items(extract(paths, 2025))
    key = load_key(2025)["indicators"]
    # the first suggestion whose top candidate is the key's indicator for that figure
    grid = _number(items, lambda i: i["kind"] == "suggested" and i["candidates"][0]["indicator"]
                   in key and key[i["candidates"][0]["indicator"]]["text"] == i["figure"])
    accepted, figure = items[grid - 1]["candidates"][0]["indicator"], items[grid - 1]["figure"]
    lift = _number(items, lambda i: i.get("figure") == "21部")
    date = _number(items, lambda i: i["kind"] == "missing")
    script = Script({
        grid: ["1", ""],                                    # accept the top suggestion, default reason
        lift: ["n", "Bad-Id", "lifts_installed", "加装电梯", "Lifts installed in old housing", "", "",
               "a new measure of the 2025 report"],
        date: ["a", "the 2025 report no longer states it"],
    })
    left = run_review(paths, 2025, ask=script.ask, say=script.say)
    assert left == len(items) - 3
    output = "\n".join(script.lines)
    assert f"【{figure}】" in output and "score" in output and "'Bad-Id' is not snake_case" in output
    curation = yaml.safe_load((root / "data/reports/2025.yml").read_text(encoding="utf-8"))
    reasons = {m["indicator"]: m["reason"] for m in curation["matches"]}
    assert reasons[accepted].startswith("accepted the suggestion (score")
    assert reasons["lifts_installed"] == "a new measure of the 2025 report"
    assert curation["absent"] == [{"indicator": items[date - 1]["indicator"],
                                   "reason": "the 2025 report no longer states it"}]
    catalog = yaml.safe_load((root / "data/catalog.yml").read_text(encoding="utf-8"))
    assert catalog["indicators"][-1] == {"id": "lifts_installed", "section": "happy", "label_zh": "加装电梯",
                                         "label_en": "Lifts installed in old housing", "unit": "部"}
    table = pd.read_csv(root / "data/indicators/2025.csv", dtype=str, keep_default_na=False)
    rows = table.set_index("indicator")
    assert rows.loc[accepted, ["value", "match", "score"]].tolist() == [key[accepted]["value"], "confirmed", ""]
    assert rows.loc["lifts_installed", ["value", "match"]].tolist() == ["21", "confirmed"]
    review = yaml.safe_load((root / "data/reports/2025.review.yml").read_text(encoding="utf-8"))
    assert len(review["pending"]) == left
    code, out, err = run_cli(root, "check", "2025")
    assert code == 0, out + err


def test_review_quits_and_resumes(tmp_path):
    root, paths = _project(tmp_path)
    items = pending_items(extract(paths, 2025))
    first = Script({1: ["1", "first reason"]}, quit_after=1)
    left = run_review(paths, 2025, ask=first.ask, say=first.say)
    assert left == len(items) - 1 and "quit: the decisions so far are saved" in first.lines
    second = Script({}, quit_after=0)
    assert run_review(paths, 2025, ask=second.ask, say=second.say) == left
    assert f"[1/{left + len(auto_items(extract(paths, 2025)))}]" in "\n".join(second.lines)


def test_review_list_prints_without_asking(tmp_path):
    root, paths = _project(tmp_path)
    before = (root / "data/reports/2025.review.yml").read_bytes()
    code, out, err = run_cli(root, "review", "2025", "--list")
    assert code == 0, err
    ex = extract(paths, 2025)
    n = len(pending_items(ex)) + len(auto_items(ex))
    assert out.count(f"/{n}] ") == n and "【" in out and f"/{n}] auto: " in out
    assert (root / "data/reports/2025.review.yml").read_bytes() == before


def test_review_of_unknown_year_is_a_clear_error(tmp_path):
    root = scratch_project(tmp_path / "p")
    code, _, err = run_cli(root, "review", "2031")
    assert code == 2 and "no report for 2031" in err and "Traceback" not in err


def test_review_confirms_an_automatic_match(tmp_path):
    root, paths = _project(tmp_path)
    ex = extract(paths, 2025)
    pending, auto = pending_items(ex), auto_items(ex)
    assert auto, "synthetic 2025 has automatic matches"
    first_auto = len(pending) + 1
    script = Script({first_auto: ["1", "checked against the sentence"]})
    run_review(paths, 2025, ask=script.ask, say=script.say)
    indicator = auto[0]["candidates"][0]["indicator"]
    row = read_table(root, 2025).set_index("indicator").loc[indicator]
    assert (row["match"], row["score"]) == ("confirmed", "")
    assert len(auto_items(extract(paths, 2025))) == len(auto) - 1


def test_sentence_shown_stays_in_its_paragraph():
    text = "◎富裕双山篇 项目为王厚植新优势\n\n谋划实施辖区重点项目77个，其中区级以上项目52个。下一句"
    at = text.index("52个")
    assert sentence_of(text, at, at + 3) == "谋划实施辖区重点项目77个，其中区级以上项目【52个】。"


def test_pick_by_chinese_label_and_absent_reason_offered_again(tmp_path):
    root, paths = _project(tmp_path)
    items = pending_items(extract(paths, 2025))
    solved = _number(items, lambda i: i.get("figure") == "2600余件")
    missing = [n for n, i in enumerate(items, start=1) if i["kind"] == "missing"
               and i["indicator"] != "resident_problems_solved"][:2]
    script = Script({
        solved: ["p", "热线", "难心事", "帮助居民破解身边难题 is the 2022 count of problems solved"],
        missing[0]: ["a", "no epidemic control this year"],
        missing[1]: ["a", ""],                              # the previous reason, offered as the default
    })
    run_review(paths, 2025, ask=script.ask, say=script.say)
    output = "\n".join(script.lines)
    assert "hotline_tickets_received 接收热线工单" in output  # '热线' names several: listed with their labels
    assert "→ resident_problems_solved 解决群众难心事、烦心事" in output
    curation = yaml.safe_load((root / "data/reports/2025.yml").read_text(encoding="utf-8"))
    assert {m["indicator"] for m in curation["matches"]} == {"resident_problems_solved"}
    assert [a["reason"] for a in curation["absent"]] == ["no epidemic control this year"] * 2
    row = read_table(root, 2025).set_index("indicator").loc["resident_problems_solved"]
    assert (row["value"], row["match"]) == ("2600", "confirmed")


def test_every_unit_the_scanner_reads_can_be_a_new_indicators_unit():
    """近900起 (disputes resolved) in blind 2027: 起 was no catalog unit, so `n` could not take it."""
    from reportbook.indicators.catalog import BASE_UNITS
    from reportbook.text.lexicon import WRITTEN_UNITS

    assert set(WRITTEN_UNITS.values()) <= set(BASE_UNITS) and "起" in BASE_UNITS
    assert len(BASE_UNITS) == len(set(BASE_UNITS))
