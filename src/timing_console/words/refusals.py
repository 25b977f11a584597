"""What the rules refuse, and why: the heat machine, results as typed, the line-up.

Raised as a key and parameters (`rules.refusal.Refusal`), said by each screen
or command in its reader's language. `{event}` is an event's name in that
language, `{typed}` what the referee typed. Each entry is (English, Chinese).
"""

from __future__ import annotations

REFUSALS: dict[str, tuple[str, str]] = {
    # the heat machine
    "lane_has_no_athlete": ("lane {lane} has no athlete in this heat", "第{lane}道本组没有运动员"),
    "heat_not_started": ("the heat has not started", "本组还没有开始"),
    "lane_not_running": ("lane {lane} is not running", "第{lane}道不在比赛中"),
    "lane_has_result": (
        "lane {lane} already has a result ({status})",
        "第{lane}道已有成绩（{status}）",
    ),
    "heat_already_running": ("the heat is already running", "本组已在进行中"),
    "no_gun_for_shots": (
        "free throws have no gun: record the first shot",
        "定点投篮不发令：直接记录第一投",
    ),
    "nothing_to_start": (
        "every lane already has a result: nothing to start",
        "每道都已有成绩：无需开始",
    ),
    "only_races_finish": ("only races have finishes", "只有赛跑项目记录到达"),
    "no_such_mark": ("{event} has no {incident} mark", "{event}没有{incident}判罚"),
    "lane_has_shot": ("lane {lane} has already shot", "第{lane}道已经投过"),
    "dns_before_start": (
        "DNS is for before the start; use DNF for a lane that stopped",
        "DNS 只用于开始前；中途停下的道请用 DNF",
    ),
    "only_counts_tally": ("only counting events keep a tally", "只有计数项目可以累计"),
    "time_is_up": ("time is up: type the final count instead", "时间到：请输入最终个数"),
    "only_counts_count": ("only counting events take a count", "只有计数项目填写个数"),
    "countdown_running": ("the countdown is still running", "倒计时还没有结束"),
    "only_shots_shoot": ("only free throws take shots", "只有定点投篮记录投篮"),
    "all_shots_taken": ("every athlete has taken all their shots", "每人都已投完"),
    "shots_rerun_lane": (
        "free throws re-run one athlete at a time: give the lane",
        "定点投篮每次只重赛一人：请给出道次",
    ),
    "action_needs_lane": ("{action} needs a lane", "{action}需要道次"),
    "no_such_action": ("{action} is not an action of this heat", "本组没有“{action}”操作"),
    "nothing_to_undo": (
        "nothing to undo in this heat (a correction, a re-run or a close ends what "
        "backspace can take back)",
        "本组没有可撤销的操作（更正、重跑或确认成绩之后，之前的操作不能撤销）",
    ),
    "count_changed": (
        "lane {lane} now holds {held} (saved meanwhile): check it and type again",
        "第{lane}道现为{held}（期间已被保存）：请核对后重新输入",
    ),
    "no_count": ("no count", "无个数"),
    "lane_changed": (
        "lane {lane} changed meanwhile (now {held}): look at it, then save again",
        "第{lane}道期间已改变（现为{held}）：请核对后再保存",
    ),
    "no_result": ("no result", "无成绩"),
    "kept_changing": (
        "{event_id} heat {heat} kept changing while saving; nothing was saved: try again",
        "{event_id} 第{heat}组保存时一直在变化，未保存：请重试",
    ),
    # corrections
    "ceiling_needs_reason": (
        "a result over the plausible ceiling needs a reason",
        "超过合理上限的成绩须填写原因",
    ),
    "nothing_changed": (
        "nothing changed: lane {lane} already holds {was}",
        "没有改动：第{lane}道已是{was}",
    ),
    "change_needs_reason": (
        "lane {lane} already holds {was}: give a reason to change it to {wanted}",
        "第{lane}道已是{was}：改为{wanted}须填写原因",
    ),
    "heat_not_closed": ("the heat is not closed", "本组还没有结束"),
    "reopen_needs_reason": ("give a reason to re-open the heat", "重新打开须填写原因"),
    # results as typed
    "time_not_positive": (
        "'{typed}' is not a time for {event}: a time must be above 0",
        "“{typed}”不是{event}的成绩：时间必须大于0",
    ),
    "time_too_fast": (
        "'{typed}' is not believable for {event}: no one covers it in under {least} s",
        "“{typed}”不可信：{event}没有人能在{least}秒内完成",
    ),
    "time_too_slow": (
        "'{typed}' is not believable for {event}: a time over {minutes} minutes is a keying error",
        "“{typed}”不可信：{event}超过{minutes}分钟，应是输入错误",
    ),
    "over_ceiling": (
        "'{typed}' is over {ceiling} s, the most {event} plausibly takes. A true time needs "
        "an override and a reason.",
        "“{typed}”超过{event}的合理上限{ceiling}秒。确属实须选择越限并写明原因。",
    ),
    "over_ceiling_meant": (
        "'{typed}' is over {ceiling} s, the most {event} plausibly takes. Did you mean "
        "{meant}? A true time needs an override and a reason.",
        "“{typed}”超过{event}的合理上限{ceiling}秒。是否应为{meant}？确属实须选择越限并写明原因。",
    ),
    "count_negative": (
        "'{typed}' is negative: a count for {event} cannot be below 0",
        "“{typed}”是负数：{event}的个数不能小于0",
    ),
    "too_many_baskets": (
        "'{typed}' is not possible for {event}: at most {shots} baskets",
        "“{typed}”不可能：{event}最多投中{shots}个",
    ),
    "count_too_high": (
        "'{typed}' is not believable for {event}: at most {limit} in {seconds} s",
        "“{typed}”不可信：{event}{seconds}秒内最多{limit}个",
    ),
    "not_a_time": (
        "'{typed}' is not a time for {event}: {hint}",
        "“{typed}”不是{event}的时间：{hint}",
    ),
    "too_many_decimals": (
        "'{typed}' has more than 3 decimals: {event} keeps times to the millisecond",
        "“{typed}”小数超过3位：{event}计时精确到毫秒",
    ),
    "seconds_over_59": (
        "'{typed}' is not a time for {event}: seconds must be below 60",
        "“{typed}”不是{event}的时间：秒数必须小于60",
    ),
    "not_a_count": (
        "'{typed}' is not a count for {event}: {hint}",
        "“{typed}”不是{event}的个数：{hint}",
    ),
    "not_shots": (
        "'{typed}' is not a shot string for {event}: {hint}",
        "“{typed}”不是{event}的投篮记录：{hint}",
    ),
    "wrong_shot_count": (
        "'{typed}' has {shot_count}: {event} takes exactly {shots}",
        "“{typed}”有{shot_count}：{event}必须正好{shots}投",
    ),
    "one_shot": ("1 shot", "1投"),
    "n_shots": ("{n} shots", "{n}投"),
    "result_needed": ("A result is needed for {event}: {hint}", "{event}需要填写成绩：{hint}"),
    "result_negative": (
        "'{typed}' is negative: a result for {event} cannot be below 0",
        "“{typed}”是负数：{event}的成绩不能小于0",
    ),
    "no_foul_here": ("FOUL does not apply to {event}: it has no foul", "{event}没有犯规（FOUL）"),
    "hint_race_foul": (
        "type a time like 12.34 or 1:02.35, or DNS, DNF, DQ or FOUL",
        "请输入时间，如 12.34 或 1:02.35，或 DNS、DNF、DQ、FOUL",
    ),
    "hint_race": (
        "type a time like 12.34 or 1:02.35, or DNS, DNF or DQ",
        "请输入时间，如 12.34 或 1:02.35，或 DNS、DNF、DQ",
    ),
    "hint_shots": (
        "type {shots} shots of 1 (basket) or 0 (miss), or DNS, DNF or DQ",
        "请输入{shots}投，1为投中、0为未中，或 DNS、DNF、DQ",
    ),
    "hint_count": ("type a whole number, or DNS, DNF or DQ", "请输入整数，或 DNS、DNF、DQ"),
    # the line-up
    "no_such_heat": ("{event} has no heat {heat}", "{event}没有第{heat}组"),
    "lineup_heat_closed": (
        "heat {heat} is closed: no one can join or leave it now",
        "第{heat}组已结束：不能再加入或退出",
    ),
    "lineup_heat_started": (
        "heat {heat} has started: its line-up can no longer change",
        "第{heat}组已开始：不能再调整",
    ),
    "bib_has_no_lane": ("bib {bib} has no lane in {event}", "编号{bib}在{event}没有道次"),
    "no_such_lane": (
        "lane {lane} does not exist: {event} has {lanes}",
        "没有第{lane}道：{event}共{lanes}道",
    ),
    "lane_taken": (
        "heat {heat} lane {lane} is taken by bib {bib}",
        "第{heat}组第{lane}道已有编号{bib}",
    ),
    "lane_has_record": (
        "heat {heat} lane {lane} already has {what}: take it back first",
        "第{heat}组第{lane}道已有{what}：请先撤销",
    ),
    "a_start": ("a start", "出发记录"),
    "lineup_needs_reason": ("give a reason for the change of line-up", "调整须填写原因"),
    "two_lanes": (
        "give two different lanes of heat {heat} that have athletes",
        "请给出第{heat}组两个不同且有运动员的道次",
    ),
    "already_entered": ("bib {bib} already enters {event}", "编号{bib}已报名{event}"),
    "entry_rule": (
        "{problem} (an organiser may override it with a reason)",
        "{problem}（组织者可填写原因后强制加入）",
    ),
    # the entry rules (a day file's athletes, a late entry)
    "unknown_event": (
        "bib {bib} enters unknown event '{event}' (events: {known})",
        "编号{bib}报名了未知项目“{event}”（项目：{known}）",
    ),
    "event_twice": ("bib {bib} lists {event} twice", "编号{bib}重复报名{event}"),
    "no_events": (
        "bib {bib} enters no events; each athlete enters 1 to {limit}",
        "编号{bib}没有报名项目；每人报名1至{limit}项",
    ),
    "too_many_events": (
        "bib {bib} enters {n} events; the limit is {limit}",
        "编号{bib}报名了{n}项；每人最多{limit}项",
    ),
    "too_few_marked_one": (
        "bib {bib} enters {what} of the marked events ({names}); at least {need} is required",
        "编号{bib}报名了{what}个指定项目（{names}）；至少须报名{need}个",
    ),
    "too_few_marked": (
        "bib {bib} enters {what} of the marked events ({names}); at least {need} are required",
        "编号{bib}报名了{what}个指定项目（{names}）；至少须报名{need}个",
    ),
    "none": ("none", "零"),
}
"""Every refusal a referee can meet at the console or the command line."""
