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
    "board_callroom": ("Call room", "检录处"),
    "board_running": ("Running now", "正在比赛"),
    "board_race_time": ("race time", "用时"),
    "board_time_left": ("time left", "剩余"),
    "board_time_up": ("time up", "时间到"),
    "board_shooting": ("shooting", "投篮中"),
    "board_on_now": ("On now", "正在进行"),
    "board_none_running": ("No heat running", "暂无进行中的组"),
    "board_to_the_start": ("To the start", "检录"),
    "board_get_ready": ("Get ready", "准备"),
    "board_all_done": ("All heats done", "全部组已完成"),
    "board_call": ("Next: heat {n} to the start", "下一组：第{n}组 检录"),
    "board_calls": ("Called to the start", "检录通知"),
    "board_page": ("page {n} of {of}", "第 {n}/{of} 页"),
    "board_scan": ("Scan for results", "扫码看成绩"),
    "board_share_hint": (
        "Phones cannot reach this board: restart it with --lan to share it on the network",
        "手机无法访问本成绩公告板：加 --lan 重新启动即可在局域网内共享",
    ),
}
"""Labels only paper needs: the cover, the certification, the lists' notes."""
