"""The console's own words: screens, dialogs, status lines, the history's kinds of change.

Keyed by the ids the screens ask for; a change kind is `kind.<kind>`, as the
store names it. Each entry is (English, Chinese).
"""

from __future__ import annotations

CONSOLE: dict[str, tuple[str, str]] = {
    "programme": ("Programme", "赛程"),
    "standings": ("Standings", "成绩"),
    "help": ("Keys", "按键说明"),
    "heat_col": ("Heat", "组别"),
    "athletes": ("Athletes", "人数"),
    "lane": ("Lane", "道"),
    "count_box": ("Lane {lane}", "第{lane}道"),
    "count_box_short": ("L{lane}", "{lane}道"),
    "athlete": ("Athlete", "姓名"),
    "state": ("State", "状态"),
    "time": ("Time", "成绩"),
    "marks": ("Marks", "判罚"),
    "count": ("Count", "个数"),
    "shots": ("Shots", "投篮"),
    "progress": ("Progress", "进度"),
    "next": ("next", "下一组"),
    "waiting": ("waiting", "待发"),
    "on_course": ("running", "比赛中"),
    "finished": ("finished", "完成"),
    "shooting": ("shooting", "投篮中"),
    "counting": ("counting", "计数中"),
    "too_close": ("too close to call", "需终点裁判确认"),
    "pending": ("pending", "待赛"),
    "saved": ("saved", "已保存"),
    "not_saved": ("NOT SAVED: {why}", "未保存：{why}"),
    "run_n": ("run {n}", "第{n}次"),
    "board_line": ("Live board: {url} · b: QR code", "成绩看板：{url} · b：二维码"),
    "board_line_local": (
        "Live board on this computer only: {url} · restart it with --lan for phones",
        "成绩看板仅本机可看：{url} · 加 --lan 重新启动后手机才能打开",
    ),
    "board_qr_caption": (
        "Scan for the live board: {url} · any key closes",
        "扫码看成绩：{url} · 按任意键关闭",
    ),
    "no_board": (
        "No board is running: start one with `timing-console board`.",
        "看板没有运行：请先运行 `timing-console board`。",
    ),
    "reason_label": ("Reason (required, kept in the history)", "原因（必填，记入修改记录）"),
    "reason_required": ("A reason is required.", "必须填写原因。"),
    "dialog_keys": (
        "enter: next / confirm · tab: next field · escape: cancel",
        "回车：下一项 / 确认 · Tab：下一项 · Esc：取消",
    ),
    "correct_title": ("Correct a result", "更正成绩"),
    "correct_what": (
        "{event} · {heat} lane {lane} · {bib} {name}",
        "{event} · {heat}第{lane}道 · {bib} {name}",
    ),
    "correct_now": ("Result now: {result}", "现有成绩：{result}"),
    "no_result_yet": ("none yet", "暂无"),
    "new_result": ("New result, as on the card ({example})", "新成绩，按成绩卡填写（{example}）"),
    "correction_saved": ("Saved: {bib} {name} {result}", "已保存：{bib} {name} {result}"),
    "no_seat": (
        "Bib {bib} has no lane in this event: nothing to correct.",
        "编号{bib}在本项目没有道次，无法更正。",
    ),
    "lineup_title": ("Changes on the day", "赛前调整"),
    "lineup_open": ("to run: the line-up may change", "待赛：可以调整"),
    "lineup_started": ("started: the line-up can no longer change", "已开始：不能再调整"),
    "lineup_closed": ("closed: no one can join or leave", "已结束：不能再调整"),
    "lineup_move_ask": (
        "Move {bib} {name} to another heat or lane",
        "把 {bib} {name} 调到其他组或道",
    ),
    "lineup_swap_ask": (
        "Swap lane {lane} ({bib} {name}) with another lane",
        "第{lane}道（{bib} {name}）与另一道交换",
    ),
    "lineup_late_ask": (
        "A late athlete, or a late entry of a bib, into {heat}",
        "补报：新运动员或已报名运动员加入{heat}",
    ),
    "other_lane": ("Other lane", "另一道"),
    "bib_required": ("Give the bib.", "请填写编号。"),
    "late_name": ("Name (a new athlete only)", "姓名（仅新运动员）"),
    "late_unit": ("Unit (a new athlete only)", "单位（仅新运动员）"),
    "override_ceiling": (
        "True, though over the plausible ceiling (the reason says why)",
        "确属实，虽超过合理上限（原因写明）",
    ),
    "override_rules": (
        "Organiser overrides the entry rules (the reason records it)",
        "组委会特许，不受报名规则限制（记入原因）",
    ),
    "new_needs_name": ("A new athlete needs a name and a unit.", "新运动员须填写姓名和单位。"),
    "not_a_number": ("{what} must be a number.", "{what}须为数字。"),
    "empty_lane": ("Lane {lane} has no athlete.", "第{lane}道没有运动员。"),
    "lineup_saved": ("Line-up changed.", "已调整。"),
    "lineup_changes": ("Changes to this heat", "本组调整记录"),
    "quit_running": (
        "A heat is running. Quit anyway? Its clock keeps its start.",
        "有比赛正在进行，确定退出？",
    ),
    "rerun_ask": (
        "Re-run? [y] the whole heat (false start) · a lane digit: that lane · [n]/esc no",
        "重赛？y 整组重赛 · 数字键：只重赛该道 · n/Esc：不重赛",
    ),
    "no_rerun": ("No re-run.", "未重赛。"),
    "close_ask": (
        "Close the heat? {what}. [y] close · [n]/esc no · other keys: carry on",
        "确认本组成绩？{what}。y 确认 · n/Esc：不确认 · 其他键：继续比赛",
    ),
    "close_saves": ("saves {counts}", "保存 {counts}"),
    "close_dnf": ("lane(s) {lanes} become DNF", "第{lanes}道记为DNF"),
    "no_close": ("Not closed: the heat goes on.", "未确认：本组继续。"),
    "leave_ask": (
        "{counts} typed, not saved. Leave and lose it? [y] leave · [n]/esc stay (enter saves)",
        "{counts} 已输入未保存。离开将丢失？y 离开 · n/Esc：留下（回车保存）",
    ),
    "no_leave": ("Still here: enter saves the count.", "仍在本组：回车保存个数。"),
    "ceiling_kept": (
        "Lane {lane}: {ms} s is over the plausible ceiling; kept as timed (backspace "
        "takes it back).",
        "第{lane}道：{ms}秒超过合理上限，已按计时记录（退格键可撤销）。",
    ),
    "changed_meanwhile": (
        "The heat changed meanwhile (another screen or station saved it): nothing done; "
        "look and press again.",
        "本组期间已被修改（其他界面或站点已保存）：未执行，请核对后重按。",
    ),
    "dns_taken_back": (
        "Lane {lane}: DNS taken back (n {lane} marks it again).",
        "第{lane}道：已撤销DNS（再按 n {lane} 重新标记）。",
    ),
    "count_needed": ("Lane {lane}: type a count first.", "第{lane}道：请先输入个数。"),
    "shooter_done": ("Lane {lane}: {made}/{of}", "第{lane}道：{made}/{of}"),
    "shooter_next": (
        "Lane {lane}: {made}/{of} → next: lane {next}",
        "第{lane}道：{made}/{of} → 下一位：第{next}道",
    ),
    "resumed": (
        "Interrupted heat resumed: the clock continues from its stored start.",
        "中断的比赛已恢复：计时从原起点继续。",
    ),
    "which_lane": ("{what}: which lane?", "{what}：哪一道？"),
    "mark_restart": ("restart", "重新出发"),
    "mark_drop": ("drop", "掉球"),
    "mark_foul": ("foul", "犯规"),
    "mark_DNF": ("DNF", "未完成"),
    "mark_DNS": ("DNS", "未出发"),
    "rerun_word": ("re-run", "重赛"),
    "prefix_refused": (
        "{why}: the digit after it is not recorded (escape: cancel)",
        "{why}：随后的数字不记录（Esc 取消）",
    ),
    "no_mark": ("{event} has no {what} mark", "{event}没有“{what}”"),
    "only_running": ("{what} only while the heat runs", "{what}只能在比赛进行中记录"),
    "only_before_start": ("{what} only before the start", "{what}只能在开始前记录"),
    "heat_closed": ("the heat is closed", "本组已结束"),
    "digit_ignored": ("{digit} not recorded: {why}", "{digit} 未记录：{why}"),
    "cancelled": ("{what} cancelled", "已取消{what}"),
    "undo_start_ask": (
        "Undo the gun? The heat goes back to 'to run'. [y] undo it · [n]/esc no · other "
        "keys: carry on",
        "撤销发令？本组将回到待赛。y 撤销 · n/Esc：不撤销 · 其他键：继续比赛",
    ),
    "no_undo_start": ("Start kept: the heat is still running.", "未撤销：比赛继续进行。"),
    "time_up_state": ("time up", "时间到"),
    "time_up_away": (
        "Time! {event} {heat}: open it and type the counts.",
        "时间到！{event} {heat}：请进入该组输入个数。",
    ),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "time_up": (
        "Time! Type each lane's count, Enter for the next.",
        "时间到！输入各道个数，回车下一道。",
    ),
    "ten_left": ("10 seconds left", "还剩10秒"),
    "signal_playing": (
        "Start signal playing: the heat starts on the beep. escape stops it.",
        "发令信号播放中：长鸣声即开始。Esc 停止。",
    ),
    "signal_wait": (
        "Start signal playing: nothing is taken until the beep; escape stops it.",
        "发令信号播放中：长鸣前不接受按键；Esc 停止。",
    ),
    "signal_stopped": ("Start signal stopped: nothing recorded.", "已停止发令信号：未记录。"),
    "started_on_beep": ("Started on the beep.", "已按长鸣声开始。"),
    # These three say what to do first: on a narrow screen the reason, long and in both
    # languages, is what gets cut.
    "sound_failed": (
        "Space starts by key, with the bell and a flash. No sound: {why}",
        "按空格键直接开始，用提示音和闪烁提醒。无法播放声音：{why}",
    ),
    "speaker_silent": ("the speaker did not start", "扬声器未响应"),
    "no_signal": (
        "Space is the gun: no start signal without sound. {why}",
        "按空格键发令：没有声音，无法播放发令信号。{why}",
    ),
    "no_sound": ("No sound", "没有声音"),
    "silent_start": (
        "Space starts the clock at once; call the start aloud. No sound: {why}",
        "按空格键立即开始计时，请口头发令。没有声音：{why}",
    ),
    "muted": (
        "Sound muted: countdowns use the bell and a flash.",
        "已静音：倒计时用提示音和闪烁提醒。",
    ),
    "unmuted": ("Sound on: the next start plays its signal.", "声音已开启：下一次开始将播放信号。"),
    "closed": ("Heat closed as final.", "本组成绩已确认。"),
    "no_day": ("No day loaded.", "未载入赛事。"),
    "saved_in": ("Saved in", "保存位置"),
    "station": ("Station {name}", "站点 {name}"),
    "link_connecting": ("desk {url}: connecting", "成绩台 {url}：连接中"),
    "link_up": ("desk: all sent, last at {at}", "成绩台：已全部送达，最近 {at}"),
    "link_up_never": ("desk: connected", "成绩台：已连接"),
    "link_down": (
        "desk unreachable ({why}): {pending} saved here, sent when it is back",
        "成绩台连接中断（{why}）：{pending} 条已保存在本机，恢复后自动发送",
    ),
    "link_refused": ("desk refused: {why}", "成绩台拒收：{why}"),
    "link_pending": ("desk: sending {pending}", "成绩台：发送中 {pending} 条"),
    "conflicts_open": (
        "{n} conflict(s) between stations: timing-console conflicts",
        "站点间有 {n} 处冲突：timing-console conflicts",
    ),
    "bundle_merge_question": (
        "Merge another station's bundle file (e.g. on a USB stick): its path",
        "合并其他站点的文件（例如 U 盘上的）：文件路径",
    ),
    "bundle_share_question": (
        "Write this station's records to a bundle file: its path",
        "把本站点的记录写入文件：文件路径",
    ),
    "bundle_missing": ("No file at {path}", "找不到文件：{path}"),
    "bundle_merged": ("Merged: {what}", "已合并：{what}"),
    "bundle_nothing_new": ("Nothing new: every record was already here", "没有新记录：都已合并过"),
    "bundle_shared": ("Written: {path} ({n} records)", "已写入：{path}（{n} 条记录）"),
    "merge_palette": ("Merge a station's bundle file", "合并站点文件"),
    "share_palette": ("Write this station's bundle file", "导出本站点文件"),
    "conflicts_title": (
        "Stations disagree: choose whose value stands (Enter), with a reason",
        "站点记录冲突：选定以哪个站点为准（回车），并写明原因",
    ),
    "no_conflicts": ("No conflicts between stations", "站点之间没有冲突"),
    "conflict_choose": ("{where}: {station}'s value stands", "{where}：以 {station} 的记录为准"),
    "conflicts_palette": ("Decide conflicts between stations", "裁定站点冲突"),
    "code_palette": ("Take the desk's new pairing code", "输入成绩台的新配对码"),
    "code_question": (
        "The desk's pairing code, as its board printed it:",
        "成绩台公告板显示的配对码：",
    ),
    "code_missing": (
        "A pairing code has 8 letters and digits, such as K7QX-29MD",
        "配对码为 8 位字母和数字，例如 K7QX-29MD",
    ),
    "code_taken": ("Pushing to the desk with the new code", "已改用新配对码向成绩台发送"),
    "quit_unsent": (
        "{pending} record(s) saved here have not reached the desk yet. Quit anyway? They "
        "are sent when this station pushes again.",
        "有 {pending} 条记录已保存在本机，但尚未送达成绩台。确定退出？再次推送时会补发。",
    ),
    "merged_new": ("New results from station(s) {names}", "已合并其他站点的新成绩：{names}"),
    "practice_day": (
        "PRACTICE: results here are for trying the console, not the real day",
        "练习日：这里的成绩仅供练习，不是正式比赛成绩",
    ),
    "reopened_state": ("re-opened", "已重新打开"),
    "reopen_not_closed": (
        "Only a closed heat can be re-opened: this one is not closed.",
        "只有已结束的组可以重新打开：这一组还没有结束。",
    ),
    "reopen_question": ("Re-open {heat} to correct it?", "重新打开{heat}进行更正？"),
    "reopened": (
        "Re-opened: correct it, then close it again.",
        "已重新打开：更正后请再次结束本组。",
    ),
    "entrants_line": ("entrants: {n} · places awarded: {k}", "{n}人参赛 · 录取{k}名"),
    "no_results_line": ("entrants: {n} · no results yet", "{n}人参赛 · 暂无成绩"),
    "first_at": ("1st @{n}", "首中@{n}"),
    "events": ("Events", "项目"),
    "firsts": ("Firsts", "第一名"),
    "entered": ("Entered", "报名项目"),
    "history": ("History", "记录"),
    "at": ("At", "时间"),
    "what": ("What", "内容"),
    "recorded": ("recorded", "记录"),
    "void": ("VOID", "作废"),
    "in_progress": ("in progress", "进行中"),
    "unknown_bib": ("Bib {bib} is not on the entry list.", "编号{bib}不在报名表中。"),
    "prize_count": ("{n} prize-winners, each for their best place", "获奖{n}人 · 每人只取最好名次"),
    "started_count": ("{n} athletes started at least once", "{n}人参赛 · 均获纪念奖"),
    "kind.entry": ("card", "录入"),
    "kind.correction": ("corrected", "更正"),
    "kind.undo": ("undo", "撤销"),
    "kind.rerun": ("re-run", "重赛"),
    "kind.dns": ("DNS taken back", "撤销未出发"),
    "kind.close": ("closed", "结束"),
    "kind.reopen": ("re-opened", "重新打开"),
    "kind.lineup": ("line-up", "调整"),
    "palette_athlete": ("athlete's results", "运动员成绩"),
    "palette_stations": ("stations", "站点"),
    "watching_mark": (
        "READ-ONLY · watching: another console holds this day; nothing is saved here",
        "只读 · 观看中：另一台计时台正在使用本赛事，本机不保存任何内容",
    ),
    "watch_only": (
        "Read-only: this console only watches, nothing is saved here. Still working: "
        "arrows, enter, esc, s standings, a prizes, ? help, q quit.",
        "只读：本计时台仅供观看，不保存任何内容。仍可用：方向键、回车、Esc、"
        "s 成绩、a 获奖名单、? 按键说明、q 退出。",
    ),
    "watch_time_up": (
        "Time! The counts are typed on the console that holds the day.",
        "时间到！各道个数在正在使用本赛事的计时台上输入。",
    ),
    "watch_lost": (
        "Read-only: the day cannot be read now ({why}); the screens show it as last read.",
        "只读：暂时无法读取赛事数据（{why}）；屏幕显示的是最近一次读取的内容。",
    ),
}
"""What the console says beyond the words every output shares (`words.results`)."""
