"""The command line speaks its reader's language: `--lang`, else the locale, `--help` included."""

from __future__ import annotations

from pathlib import Path

import pytest

from timing_console.cli import cli_lang, main

SAMPLE = Path(__file__).resolve().parents[2] / "sample_heats" / "sports-day.toml"


@pytest.fixture
def chinese_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chinese laptop: the locale says zh_CN."""
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def test_lang_is_known_before_parsing_the_flag_first_then_the_locale(
    chinese_locale: None,
) -> None:
    assert cli_lang(["--lang", "en", "load", "x"]) == "en"
    assert cli_lang(["export", "out", "--lang=en"]) == "en"
    assert cli_lang(["load", "x"]) == "zh"
    assert cli_lang(["--lang", "xx"]) == "zh"


def test_help_summaries_are_chinese_with_lang_zh(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--lang", "zh", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "职工运动会场边计时台" in out
    assert "检查并载入赛事文件" in out
    assert out.startswith("用法：") and "选项:" in out and "显示此帮助信息并退出" in out
    assert "validate and import" not in out and "usage:" not in out


def test_a_commands_help_follows_the_chinese_locale(
    chinese_locale: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["load", "--help"])
    out = capsys.readouterr().out
    assert "检查并载入赛事文件" in out and "本机的站点名称" in out and "位置参数:" in out


def test_help_stays_english_with_lang_en(
    chinese_locale: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: ") and "validate and import a day file" in out
    assert "检查" not in out


def test_a_missing_day_is_said_in_chinese_under_a_chinese_locale(
    chinese_locale: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "day.json"
    assert main(["standings", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err == f"错误：{db} 没有赛事数据；请先运行 `timing-console load 赛事文件`\n"


def test_a_missing_day_stays_english_with_lang_en(
    chinese_locale: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "day.json"
    assert main(["--lang", "en", "standings", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err == f"error: no day at {db}; run `timing-console load DAYFILE` first\n"


def _bad_day(tmp_path: Path) -> Path:
    """A day file whose heats sheet has a lane that is not a number, on its line 3."""
    text = SAMPLE.read_text(encoding="utf-8")
    for name in ("entries.csv", "heats.csv"):
        (tmp_path / name).write_bytes((SAMPLE.parent / name).read_bytes())
    heats = (tmp_path / "heats.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = heats[2].split(",")
    header = heats[0].split(",")
    lane = next(i for i, c in enumerate(header) if c.strip().lower() in ("lane", "道次"))
    cells[lane] = "x"
    heats[2] = ",".join(cells)
    (tmp_path / "heats.csv").write_text("\n".join(heats) + "\n", encoding="utf-8")
    day = tmp_path / "day.toml"
    day.write_text(text, encoding="utf-8")
    return day


def test_a_bad_day_files_problems_are_chinese_naming_file_and_line(
    chinese_locale: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = _bad_day(tmp_path)
    assert main(["check", str(day)]) == 1
    err = capsys.readouterr().err
    assert "错误：" in err and "heats.csv 第3行：道次“x”不是整数" in err, err


def test_a_bad_day_files_problems_stay_english_with_lang_en(
    chinese_locale: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = _bad_day(tmp_path)
    assert main(["--lang", "en", "check", str(day)]) == 1
    err = capsys.readouterr().err
    assert "heats.csv:3: lane 'x' is not a whole number" in err, err


def test_record_and_close_speak_chinese(
    chinese_locale: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "day.json")
    assert main(["load", str(SAMPLE), "--db", db]) == 0
    assert "已载入" in capsys.readouterr().out
    assert main(["record", "nope", "1", "1", "12.3", "--db", db]) == 1
    assert capsys.readouterr().err.startswith("错误：没有项目 'nope'")
    assert main(["conflicts", "--db", db]) == 0
    assert capsys.readouterr().out == "没有冲突\n"
