"""What each key does, for the footer and the help screen.

Keyed by a `Binding`'s id (`BINDING_TEXT`) or, for keys a screen reads itself
(its `TIMING_KEYS`), by a help id (`HELP_TEXT`). In the catalogue they are
`key.<id>` and `help.<id>`: their ids come from the bindings, so the prefix
keeps them from colliding with the screens' words. Each entry is (English, Chinese).
"""

from __future__ import annotations

BINDING_TEXT: dict[str, tuple[str, str]] = {
    "standings": ("Standings", "成绩"),
    "awards": ("Prizes", "获奖"),
    "help": ("Keys", "按键"),
    "quit": ("Quit", "退出"),
    "quit_ctrl": ("Quit", "退出"),
    "reopen_heat": ("Re-open", "重新打开"),
    "programme_lineup": ("Line-up", "赛前调整"),
    "board_qr": ("Board QR", "看板二维码"),
    "mute": ("Mute", "静音"),
    "palette": ("palette", "查找"),
    "back": ("Back", "返回"),
    "undo": ("Undo", "撤销"),
    "rerun": ("Re-run", "重赛"),
    "close_heat": ("Close heat", "确认成绩"),
    "open_heat": ("Open heat", "进入"),
    "athlete_back": ("Back", "返回"),
    "awards_back": ("Back", "返回"),
    "previous_pane": ("List", "列表"),
    "next_pane": ("Next list", "下一列表"),
    "awards_athlete": ("Athlete", "运动员"),
    "standings_back": ("Back", "返回"),
    "previous_event": ("Event", "项目"),
    "next_event": ("Next event", "下一项目"),
    "standings_athlete": ("Athlete", "运动员"),
    "correct_result": ("Correct", "更正成绩"),
    "reason_cancel": ("Cancel", "取消"),
    "lineup_back": ("Back", "返回"),
    "lineup_move": ("Move", "调组/道"),
    "lineup_swap": ("Swap lanes", "换道"),
    "lineup_late": ("Late entry", "补报"),
    "close": ("Close", "关闭"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
}
"""Footer and help descriptions of key bindings."""

HELP_TEXT: dict[str, tuple[str, str]] = {
    "choose_heat": ("Choose a heat", "选择组别"),
    "enter_heat": ("Open the heat", "打开该组"),
    "find": ("Find a heat or an athlete", "查找组别或运动员"),
    "gun": ("Start all lanes (the gun)", "发令，所有道开始计时"),
    "gun_signal": (
        "Start signal: on your marks, set, beep; the beep is the gun (escape stops it)",
        "发令信号：各就位、预备、长鸣；长鸣即发令（Esc 停止）",
    ),
    "finish": ("Finish that lane", "该道到达终点"),
    "restart": (
        "Restart: ball fell, back to the start, clock runs on (托球跑)",
        "重新出发：球落地，回起点，计时不停（托球跑）",
    ),
    "drop": (
        "Drop: picked up on the spot, no penalty (双腿夹球走)",
        "掉球：原地捡起继续，不罚（双腿夹球走）",
    ),
    "foul": ("Foul: foot down / hand on ball, result void", "犯规：脚落地 / 手触球，成绩无效"),
    "dnf": ("Did not finish", "未完成"),
    "race_dns": (
        "Did not start (before the gun; again to take back)",
        "未出发（发令前；再按一次撤销）",
    ),
    "rerun_heat": (
        "Re-run the heat (false start) or, with a digit, one lane",
        "本组重赛（抢跑），或加道号只重赛一道",
    ),
    "undo_action": (
        "Undo the last action of this heat (undoing the gun asks first)",
        "撤销本组最后一步操作（撤销发令需确认）",
    ),
    "close_final": ("Close the heat as final", "结束本组，成绩生效"),
    "start_countdown": (
        "Start: with sound, three pips then the start beep, which starts the clock "
        "(escape stops it); without, the key starts it",
        "开始：有声音时三声短鸣后长鸣，长鸣即开始计时（Esc 停止）；无声音时按键即开始",
    ),
    "tally": (
        "During the countdown: one more on that lane's live tally",
        "倒计时中：该道现场计数加一",
    ),
    "type_count": (
        "At 0: type the count of the lane marked ▏ (starts from its tally)",
        "时间到：输入标有 ▏ 的那一道的个数（从现场计数开始）",
    ),
    "save_count": (
        "At 0: save the lane's count, go to the next lane",
        "时间到：保存该道个数，转到下一道",
    ),
    "next_lane": (
        "At 0: next lane, saved or not: retype a count to fix it (shift+tab ↑ ←: previous)",
        "时间到：下一道（已保存的也可选，重新输入即更正；shift+tab ↑ ←：上一道）",
    ),
    "count_dns": (
        "Did not start (before the start; again to take back)",
        "未出发（开始前；再按一次撤销）",
    ),
    "count_backspace": (
        "Before 0: undo (the start asks first); at 0: delete the last digit",
        "倒计时中：撤销（撤销开始需确认）；时间到：删除最后一位数字",
    ),
    "basket": ("Basket for the athlete shooting", "投中"),
    "miss": ("Miss for the athlete shooting", "未投中"),
    "shot_dns": (
        "Did not start (before that athlete's first shot; again to take back)",
        "未出场（该运动员投第一球前；再按一次撤销）",
    ),
    "shot_rerun": (
        "Re-run one athlete: their shots are voided, kept, and they shoot again",
        "重投：该运动员原成绩作废（保留记录），重新投篮",
    ),
    "undo_shot": ("Undo the last shot", "撤销最后一球"),
    "results_history": ("Results / history", "成绩 / 修改记录"),
    "move_rows": ("Move through the rows", "上下移动"),
    "switch_list": ("Prize list / participation / team table", "获奖名单 / 纪念奖 / 团体积分"),
    "move_list": ("Move through the list", "上下移动"),
    "open_athlete": ("Open the athlete's results and history", "打开该运动员的成绩和修改记录"),
    "switch_event": ("Previous / next event", "上一个 / 下一个项目"),
    "move_athletes": ("Move through the athletes", "在运动员之间移动"),
}
"""Help-screen descriptions of the keys screens read themselves (`TIMING_KEYS`)."""
