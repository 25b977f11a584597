"""The words of results, shared by every output: console lists, board, book, sheets.

One thing has one word: a heat waiting for a re-run is "needs re-run" on the
console and on the board alike. A status is `status.<code>`, a kind of event's
measure `measure.<kind>`, an exported sheet's column `column.<key>` (in
English the key itself, which scripts read). Each entry is (English, Chinese).
"""

from __future__ import annotations

RESULTS: dict[str, tuple[str, str]] = {
    "ready": ("to run", "待赛"),
    "running": ("running", "进行中"),
    "done": ("done", "已完成"),
    "rerun": ("needs re-run", "需重赛"),
    "interrupted": ("interrupted", "中断"),
    "place": ("Place", "名次"),
    "result": ("Result", "成绩"),
    "prize": ("Prize", "获奖"),
    "points": ("Points", "积分"),
    "team": ("Team points", "团体积分"),
    "participation": ("Participation", "纪念奖"),
    "awards": ("Prizes", "获奖名单"),
    "unit": ("Unit", "单位"),
    "first_basket": ("1st basket", "首中"),
    "bib": ("Bib", "编号"),
    "heat_lane": ("Heat/lane", "组/道"),
    "event": ("Event", "项目"),
    "other_places": ("Also placed", "其他名次"),
    "team_note": ("Points per prize place: {points}", "录取名次积分 {points}"),
    "name": ("Name", "姓名"),
    "no_results": ("No results yet", "暂无成绩"),
    "corrected": ("corrected", "已更正"),
    "conflict": ("stations disagree, a referee decides", "站点记录冲突，待裁判决定"),
    "practice": ("PRACTICE", "练习"),
    "provisional": ("PROVISIONAL", "成绩待定"),
    "status.OK": ("valid", "有效"),
    "status.FOUL": ("foul", "犯规"),
    "status.DNF": ("did not finish", "未完成"),
    "status.DQ": ("disqualified", "取消资格"),
    "status.DNS": ("did not start", "未出发"),
    "measure.race": ("time (s)", "用时（秒）"),
    "measure.shots": ("baskets", "进球"),
    "measure.count": ("count", "个数"),
    "heat_n": ("heat {n}", "第{n}组"),
    "column.place": ("place", "名次"),
    "column.bib": ("bib", "编号"),
    "column.name": ("name", "姓名"),
    "column.unit": ("unit", "单位"),
    "column.event": ("event", "项目"),
    "column.result": ("result", "成绩"),
    "column.status": ("status", "状态"),
    "column.prize": ("prize", "获奖"),
    "column.heat": ("heat", "组别"),
    "column.lane": ("lane", "道次"),
    "column.corrected": ("corrected", "更正"),
    "column.conflict": ("conflict", "站点冲突"),
    "column.baskets": ("baskets", "进球数"),
    "column.first_basket": ("first_basket", "首中投次"),
    "column.events": ("events", "参赛项目"),
    "column.points": ("points", "团体总分"),
    "column.firsts": ("firsts", "第一名数"),
    "cell.yes": ("yes", "是"),
    "cell.first_basket": ("{baskets} (1st basket: shot {first})", "{baskets} (首中第{first}投)"),
    "file.awards": ("awards", "获奖名单"),
    "file.participation": ("participation", "纪念奖名单"),
    "file.team": ("team", "团体积分"),
}
"""Headings, phases, statuses and marks that the console, board, book and sheets share."""
