"""The words of the paper a heat comes back on: score sheets and the programme booklet.

A score sheet (记录表) is what a timekeeper fills in when a laptop fails and a
recorder keys in with `record`; the programme booklet (秩序册) is what every
unit reads before the day. Each entry is (English, Chinese); the paper puts
them in its reader's order, as the book does.
"""

from __future__ import annotations

PAPER: dict[str, tuple[str, str]] = {
    # the score sheet
    "paper.sheet": ("Score sheet", "记录表"),
    "paper.heat": ("Heat", "组次"),
    "paper.lane": ("Lane", "道次"),
    "paper.station": ("Station", "站点"),
    "paper.start_time": ("Start time", "开始时间"),
    "paper.time": ("Time (s)", "用时（秒）"),
    "paper.count": ("Count", "个数"),
    "paper.shots": ("Shots: 1 basket, 0 miss", "投篮：进写 1，不进写 0"),
    "paper.baskets": ("Baskets", "进球数"),
    "paper.restarts": ("Restarts", "重新开始"),
    "paper.drops": ("Drops", "掉球"),
    "paper.foul": ("Foul", "犯规"),
    "paper.race_rule": (
        "{m} m; the time to the finish, in hundredths",
        "{m} 米；记到达终点的用时，精确到 0.01 秒",
    ),
    "paper.count_rule": (
        "{s} s countdown; count what is done before the end signal",
        "{s} 秒倒计时；记结束信号前完成的个数",
    ),
    "paper.shots_rule": (
        "{n} shots each, in lane order; one box per shot",
        "每人 {n} 投，按道次顺序逐人投；每投一格",
    ),
    "paper.codes": (
        "Instead of a result: DNS did not start, DNF did not finish, DQ disqualified",
        "无成绩时在成绩栏写：DNS 未出发，DNF 未完成，DQ 取消资格",
    ),
    "paper.foul_note": (
        "A foul voids the result: tick it and write FOUL as the result",
        "犯规成绩作废：在犯规栏打勾，成绩栏写 FOUL",
    ),
    "paper.tally_note": (
        "Tally columns: a stroke for each one; a mark only, the clock runs on, no penalty",
        "标记栏：每次画一笔；只作记录，表不停，不罚",
    ),
    "paper.ceiling_note": (
        "A time over {limit} s stands only with a reason: write it under Remarks "
        "(keyed in with --override --reason)",
        "超过 {limit} 秒的时间须写明属实的原因：写在备注栏（录入时加 --override --reason）",
    ),
    "paper.remarks": ("Remarks", "备注"),
    "paper.key_in": ("Keyed in with", "录入命令"),
    "paper.key_lane": ("LANE", "道次"),
    "paper.key_result": ("RESULT", "成绩"),
    "paper.timekeeper": ("Timekeeper", "计时员"),
    "paper.no_heats": ("No heats to print", "没有可打印的组"),
    # the programme booklet
    "paper.booklet": ("Programme", "秩序册"),
    "paper.organiser": ("Organiser", "主办单位"),
    "paper.rules": ("Rules in brief", "竞赛规程摘要"),
    "paper.entry_rules": ("Entries and prizes", "报名与录取"),
    "paper.rule_max_events": (
        "Each athlete enters at most {n} events",
        "每人限报 {n} 项",
    ),
    "paper.rule_required": (
        "at least {n} of them marked: {events}",
        "其中至少 {n} 项为带 x 的项目：{events}",
    ),
    "paper.rule_per_unit": ("{n} athletes per unit", "每单位 {n} 人"),
    "paper.rule_places_small": (
        "Places awarded: the top {top}; with {top} entrants or fewer, one fewer than the entrants",
        "录取前 {top} 名；报名 {top} 人及以下的项目录取人数减 1",
    ),
    "paper.rule_places": ("Places awarded: the top {top}", "录取前 {top} 名"),
    "paper.rule_ties": (
        "Equal results share the place and the next place is skipped",
        "成绩相同名次并列，其后名次空出",
    ),
    "paper.rule_participation": (
        "Every athlete who starts gets the participation award",
        "参赛选手均有纪念奖",
    ),
    "paper.events": ("The events", "比赛项目"),
    "paper.scored_by": ("Scored by", "计法"),
    "paper.per_heat": ("Per heat", "每组"),
    "paper.length": ("Distance / time / shots", "距离 / 时长 / 次数"),
    "paper.marks": ("Marks", "现场标记"),
    "paper.lanes_n": ("{n} lanes", "{n} 道"),
    "paper.metres": ("{n} m", "{n} 米"),
    "paper.seconds": ("{n} s", "{n} 秒"),
    "paper.shots_n": ("{n} shots", "{n} 投"),
    "paper.best_time": ("least time", "用时少者列前"),
    "paper.most_baskets": (
        "most baskets, then the earlier first basket",
        "进球多者列前，再比首中投次",
    ),
    "paper.most_count": ("highest count", "个数多者列前"),
    "paper.mark.restart": ("restart", "重新开始"),
    "paper.mark.drop": ("drop", "掉球"),
    "paper.mark.foul": ("foul (void)", "犯规（成绩作废）"),
    "paper.units": ("Units and athletes", "参赛单位及运动员"),
    "paper.role": ("Role", "职务"),
    "paper.entered": ("Events (heat/lane)", "参赛项目（组/道）"),
    "paper.heats": ("Heats and lanes", "分组及道次"),
    "paper.heat_count": ("{n} heats", "{n} 组"),
    "paper.athletes_n": ("{n} athletes", "{n} 人"),
}
"""Labels only the score sheets and the programme booklet need."""
