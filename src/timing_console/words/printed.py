"""The board's, the book's and the certificates' own words (the rest are `words.results`).

Each entry is (English, Chinese); the book puts them in its reader's order.
"""

from __future__ import annotations

PRINTED: dict[str, tuple[str, str]] = {
    "book": ("Results book", "成绩册"),
    "final": ("Final results", "正式成绩"),
    "date": ("Date", "日期"),
    "venue": ("Venue", "地点"),
    "printed": ("Printed", "打印时间"),
    "contents": ("Contents", "目录"),
    "open_heats": ("Heats not closed", "未结束的组"),
    "entrants": ("Entrants", "报名"),
    "awarded": ("Places awarded", "录取"),
    "heats_closed": ("Heats closed", "已结束"),
    "prize_note": ("Each prize-winner once, for their best place", "每人只按最好名次领奖一次"),
    "participation_note": (
        "Athletes who started at least once, by unit",
        "至少出发过一次的运动员（按单位）",
    ),
    "people": ("athletes", "人"),
    "certify": ("Certification", "成绩确认"),
    "chief_referee": ("Chief referee", "总裁判"),
    "recorder": ("Recorder", "记录员"),
    "prize_mark": ("prize place", "获奖名次"),
    "still_to_go": ("No result yet", "尚无成绩"),
    "events_started": ("Events started", "参赛项目"),
    "in_conflict": (
        "stations disagree, a referee decides; unranked until then",
        "站点记录冲突，待裁判决定，暂不排名",
    ),
    "board_places": ("top {n} win prizes", "录取前 {n} 名"),
    "board_to_go": ("{n} to go", "待赛 {n} 人"),
    "participation_award": ("Participation award", "纪念奖"),
}
"""Labels only paper needs: the cover, the certification, the lists' notes."""
