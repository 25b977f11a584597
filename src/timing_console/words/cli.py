"""What the command line says: its messages, and `--help`'s summaries and headings.

The command line picks its reader's language before it parses (`--lang`, else
the locale), so `--help` and every message below are in that one language.
Machine outputs (JSON, CSV, exit codes) are not words and stay as they are.
Each entry is (English, Chinese).
"""

from __future__ import annotations

CLI: dict[str, tuple[str, str]] = {
    # how a line starts
    "cli.error": ("error: {text}", "错误：{text}"),
    "cli.warning": ("warning: {text}", "警告：{text}"),
    "cli.note": ("note: {text}", "提示：{text}"),
    "problem.in_file": ("{file}: {text}", "{file}：{text}"),
    "problem.at_line": ("{file}:{line}: {text}", "{file} 第{line}行：{text}"),
    "problem.warning": ("warning: {text}", "警告：{text}"),
    "problem.in_sheet": ("{file}, sheet {sheet}: {text}", "{file} 工作表“{sheet}”：{text}"),
    "problem.at_row": (
        "{file}, sheet {sheet}, row {line}: {text}",
        "{file} 工作表“{sheet}”第{line}行：{text}",
    ),
    "problem.at_cell": (
        "{file}, sheet {sheet}, row {line}, column {column} ({heading}): {text}",
        "{file} 工作表“{sheet}”第{line}行 {column} 列（{heading}）：{text}",
    ),
    # check and load
    "cli.checked": (
        "{file}: ok — {athletes} athletes, {heats} heats",
        "{file}：无误 — {athletes} 名运动员，{heats} 个组",
    ),
    "cli.practice_day": ("the practice day {title}", "演练赛事 {title}"),
    "cli.held_day": (
        "{day} ({date}), with {results}",
        "{day}（{date}），已有 {results}",
    ),
    "cli.holds_another_day": (
        "{db} holds another day, {what}; nothing was loaded. To keep it and start {title} "
        "({date}) empty: timing-console load {dayfile} --archive --station {station} --db {db}",
        "{db} 中是另一场赛事：{what}；未载入任何内容。如要保留它并从空白开始 {title}（{date}）："
        "timing-console load {dayfile} --archive --station {station} --db {db}",
    ),
    "cli.moved_aside": ("{what}: moved aside to {path}", "{what}：已移到 {path}"),
    "cli.loaded": (
        "{title}: loaded — {athletes} athletes, {heats} heats, in {db} (station {station})",
        "{title}：已载入 — {athletes} 名运动员，{heats} 个组，存于 {db}（站点 {station}）",
    ),
    "cli.loaded_unchanged": (
        "{title}: already loaded, nothing changed — {athletes} athletes, {heats} heats, in "
        "{db} (station {station})",
        "{title}：已载入过，未做更改 — {athletes} 名运动员，{heats} 个组，存于 {db}"
        "（站点 {station}）",
    ),
    "cli.loaded_named": (
        "{title}: already loaded — {athletes} athletes, {heats} heats, in {db} (station {station})",
        "{title}：已载入过 — {athletes} 名运动员，{heats} 个组，存于 {db}（站点 {station}）",
    ),
    # record and close
    "cli.unknown_event": (
        "unknown event {event}; events: {events}",
        "没有项目 {event}；项目有：{events}",
    ),
    "cli.unknown_event_short": ("unknown event {event}", "没有项目 {event}"),
    "cli.no_such_heat": ("{event} has no heat {heat}", "{event} 没有第{heat}组"),
    "cli.give_reason": ("{text} (--reason TEXT)", "{text}（--reason 理由）"),
    "cli.give_override": (
        "{text} (--override --reason TEXT)",
        "{text}（--override --reason 理由）",
    ),
    "cli.running": ("running", "进行中"),
    "cli.was": (" (was {old})", "（原为 {old}）"),
    "cli.saved_result": (
        "saved: {event} heat {heat} lane {lane} {who}: {result}{was}",
        "已保存：{event} 第{heat}组 第{lane}道 {who}：{result}{was}",
    ),
    "cli.heat_full": (
        "every lane of {event} heat {heat} now has a result; close it as final: "
        "timing-console close {event} {heat}",
        "{event} 第{heat}组每道都已有成绩；确认成绩：timing-console close {event} {heat}",
    ),
    "cli.already_closed": (
        "nothing changed: {event} heat {heat} is already closed",
        "未做更改：{event} 第{heat}组已确认成绩",
    ),
    "cli.close_needs_reason": (
        "{event} heat {heat}: lane(s) {lanes} have no result; closing records them DNF, so "
        "give why (--reason TEXT); nothing was changed",
        "{event} 第{heat}组：第{lanes}道没有成绩；确认成绩会将其记为 DNF，请说明原因"
        "（--reason 理由）；未做任何更改",
    ),
    "cli.closed": (
        "closed: {event} heat {heat} is final",
        "已确认：{event} 第{heat}组成绩为最终成绩",
    ),
    "cli.closed_dnf": (
        "closed: {event} heat {heat} is final; lane(s) {lanes} recorded DNF",
        "已确认：{event} 第{heat}组成绩为最终成绩；第{lanes}道记为 DNF",
    ),
    # printed things
    "cli.new_code_needs_desk": (
        "--new-code is the desk's: give it with --accept-push",
        "--new-code 只用于成绩台：请与 --accept-push 一起使用",
    ),
    "cli.heats_open": (
        "{heats} not closed yet: the prize list may still change before these are handed out",
        "还有 {heats}未确认成绩：颁发前获奖名单仍可能变化",
    ),
    "cli.pages": ("{out}: {pages}", "{out}：{pages}"),
    # stations
    "cli.shared": (
        "{out}: {records} of station {station}{carried}",
        "{out}：站点 {station} 的 {records}{carried}",
    ),
    "cli.shared_also": (", {n} of station {station}", "，站点 {station} 的 {n} 条"),
    "cli.nothing_new": (
        "nothing new: every record in these bundles was already here",
        "没有新内容：这些数据包中的记录本机都已有",
    ),
    "cli.station_added": (
        "station {station}: {records} added ({results})",
        "站点 {station}：新增 {records}（{results}）",
    ),
    "cli.conflicts_to_decide": (
        "{conflicts} to decide: timing-console conflicts",
        "有 {conflicts}待裁决：timing-console conflicts",
    ),
    "cli.clashes_found": (
        "{athletes} in two heats at once at different stations: timing-console conflicts",
        "有 {athletes}同时出现在不同站点的两个组中：timing-console conflicts",
    ),
    "cli.no_conflicts": ("no conflicts", "没有冲突"),
    "cli.clashes": (
        "in two heats at once at different stations:",
        "同时出现在不同站点的两个组中：",
    ),
    "cli.decided": (
        "saved: {id} decided for station {station} ({reason})",
        "已保存：{id} 裁决采用站点 {station}（{reason}）",
    ),
    "cli.push_needs_code": (
        "give the desk's pairing code: --code CODE",
        "请给出成绩台的配对码：--code 配对码",
    ),
    "cli.desk_unreachable": (
        "the desk at {url} cannot be reached ({why}); nothing was lost: push again later",
        "无法连接 {url} 的成绩台（{why}）；没有丢失任何内容：请稍后再推送",
    ),
    "cli.desk_refused": ("the desk at {url} refused: {why}", "{url} 的成绩台拒绝了：{why}"),
    "cli.pushed": (
        "station {station}: {records} pushed; the desk holds this station's records up to {acked}",
        "站点 {station}：已推送 {records}；成绩台已有本站到第{acked}条的记录",
    ),
    # counted things: English says one and many apart
    "n.result": ("{n} result", "{n} 个成绩"),
    "n.results": ("{n} results", "{n} 个成绩"),
    "n.record": ("{n} record", "{n} 条记录"),
    "n.records": ("{n} records", "{n} 条记录"),
    "n.conflict": ("{n} conflict", "{n} 个冲突"),
    "n.conflicts": ("{n} conflicts", "{n} 个冲突"),
    "n.athlete": ("{n} athlete", "{n} 名运动员"),
    "n.athletes": ("{n} athletes", "{n} 名运动员"),
    "n.heat_is": ("{n} heat is", "{n} 个组"),
    "n.heats_are": ("{n} heats are", "{n} 个组"),
    "n.page": ("{n} page", "{n} 页"),
    "n.pages": ("{n} pages", "{n} 页"),
    # the track command
    "cli.no_clock": (
        "{event} ({id}) has no clock, so no timing track; {choices}",
        "{event}（{id}）不计时，没有计时音轨；{choices}",
    ),
    "cli.cannot_write": ("cannot write {path}: {why}", "无法写入 {path}：{why}"),
    "cli.unknown_track_event": ("unknown event {event}; {choices}", "没有项目 {event}；{choices}"),
    "cli.track_choices": ("choose one of: {events}", "请从以下项目中选择：{events}"),
    "cli.catalogue_used": (
        "no day at {db}; the catalogue's events are used",
        "{db} 没有赛事数据；使用项目目录中的项目",
    ),
    "cli.catalogue_used_no_day": (
        "no day is loaded in {db}; the catalogue's events are used",
        "{db} 还没有载入赛事；使用项目目录中的项目",
    ),
    # the board command (the address and the code on stdout are read by scripts as well)
    "board.lan": ("LAN", "局域网"),
    "board.no_lan": ("LAN: no network address found", "局域网：找不到网络地址"),
    "board.code": ("pairing code", "配对码"),
    "board.at_each_station": (
        "at each station: timing-console --push {url} --code {code}",
        "各站点：timing-console --push {url} --code {code}",
    ),
    "board.ctrl_c": ("Ctrl+C stops the board", "按 Ctrl+C 停止"),
    "board.stopped": ("the board stopped", "成绩公告板已停止"),
    "cli.cannot_serve": (
        "cannot serve on port {port} ({why}); try --port 0",
        "无法在端口 {port} 上提供服务（{why}）；请试试 --port 0",
    ),
    # --help: argparse's own headings
    "help.cli.usage": ("usage: ", "用法："),
    "help.cli.positionals": ("positional arguments", "位置参数"),
    "help.cli.options": ("options", "选项"),
    "help.cli.help": ("show this help message and exit", "显示此帮助信息并退出"),
    # --help: what each command and option is for
    "help.cli.description": (
        "Pitchside timing console for the staff sports day.",
        "职工运动会场边计时台。",
    ),
    "help.cli.db": ("the day's database file", "赛事数据库文件"),
    "help.cli.lang": ("language of the console", "界面语言"),
    "help.cli.push": ("push every save to this desk", "每次保存都推送到该成绩台"),
    "help.cli.code": (
        "the desk's pairing code (with --push)",
        "成绩台的配对码（与 --push 一起用）",
    ),
    "help.cli.sound": (
        "countdowns start, warn and end with tones through the speakers (default on)",
        "倒计时开始、提醒和结束时由扬声器发出提示音（默认 on）",
    ),
    "help.cli.read_only": (
        "watch a day another console holds: every screen live, nothing saved",
        "观看另一台计时台正在使用的赛事：各屏幕实时显示，不保存任何内容",
    ),
    "help.cli.check": ("validate a day file; change nothing", "检查赛事文件，不做任何更改"),
    "help.cli.load": ("validate and import a day file", "检查并载入赛事文件"),
    "help.cli.dayfile": ("the day file (.toml)", "赛事文件（.toml）"),
    "help.cli.archive": (
        "if the database holds another day, move its files aside first",
        "如数据库中是另一场赛事，先将其文件移到一旁",
    ),
    "help.cli.station": (
        "this laptop's station name, shown in the header and on every record it shares "
        "(default: the computer's name)",
        "本机的站点名称，显示在标题栏和它共享的每条记录上（默认：计算机名）",
    ),
    "help.cli.replaces": (
        "a spare laptop taking over for a dead one: the station it replaces (the desk keeps "
        "both; without this it refuses two laptops under one name)",
        "备用电脑接替故障电脑时：它所替换的站点（成绩台两者都保留；不加此项则拒绝两台电脑同名）",
    ),
    "help.cli.history": ("every change of the day, in order", "当天的每次更改，按顺序列出"),
    "help.cli.event_or_all": (
        "event id or Chinese name (default: all)",
        "项目代号或中文名（默认：全部）",
    ),
    "help.cli.heat_or_all": ("heat number (default: all)", "组号（默认：全部）"),
    "help.cli.format": ("output format (default table)", "输出格式（默认 table）"),
    "help.cli.standings": ("results of one event or all", "一个项目或全部项目的成绩"),
    "help.cli.awards": ("the prize list", "获奖名单"),
    "help.cli.export": (
        "write every list for Excel: a CSV each, or one workbook",
        "导出所有名单供 Excel 使用：每个名单一个 CSV，或一个工作簿",
    ),
    "help.cli.export_format": (
        "csv: one file per list (default); xlsx: one Excel workbook, a sheet per list, "
        "set up to print",
        "csv：每个名单一个文件（默认）；xlsx：一个 Excel 工作簿，每个名单一张工作表，已设置好打印",
    ),
    "help.cli.export_dir": ("the folder to write into", "导出到的文件夹"),
    "help.cli.sheets_lang": ("sheets' language", "表格的语言"),
    "help.cli.board": ("serve the live results board", "开启实时成绩公告板"),
    "help.cli.port": ("port (default 8765)", "端口（默认 8765）"),
    "help.cli.lan": ("serve the whole network, not this PC", "向整个局域网开放，而不只是本机"),
    "help.cli.accept_push": (
        "the results desk: take other stations' records pushed with the printed code",
        "成绩台：接收其他站点用所显示的配对码推送来的记录",
    ),
    "help.cli.new_code": (
        "with --accept-push: replace the day's pairing code (every station needs the new one)",
        "与 --accept-push 一起用：更换当天的配对码（每个站点都需要新码）",
    ),
    "help.cli.book": ("write the printable results book", "生成可打印的成绩册"),
    "help.cli.book_out": ("the book's file (.html)", "成绩册文件（.html）"),
    "help.cli.book_lang": ("the book's language", "成绩册的语言"),
    "help.cli.certificates": ("write award certificates", "生成奖状"),
    "help.cli.certificates_out": ("the certificates' file (.html)", "奖状文件（.html）"),
    "help.cli.participation": ("one more page per athlete", "每名运动员另加一页参与证书"),
    "help.cli.blank_background": (
        "text only, for pre-printed paper",
        "只打印文字，用于预先印好的奖状纸",
    ),
    "help.cli.track": (
        "write an event's timing track as a WAV file",
        "将一个项目的计时音轨写成 WAV 文件",
    ),
    "help.cli.event": ("event id or Chinese name", "项目代号或中文名"),
    "help.cli.track_out": ("the WAV file to write", "要写入的 WAV 文件"),
    "help.cli.no_cadence": (
        "start with the start beep, no cadence before it",
        "直接从开始信号音开始，前面不放口令",
    ),
    "help.cli.record": ("key in a result from a paper card", "从纸质记录卡录入一个成绩"),
    "help.cli.heat": ("heat number", "组号"),
    "help.cli.lane": ("lane number", "道次"),
    "help.cli.result": (
        "the result: 12.34 | 87 | 1101100110 | DNS | DNF | DQ | FOUL",
        "成绩：12.34 | 87 | 1101100110 | DNS | DNF | DQ | FOUL",
    ),
    "help.cli.record_reason": (
        "why (required to change a result the lane already has)",
        "原因（更改该道已有成绩时必填）",
    ),
    "help.cli.override": (
        "keep a time over the event's plausible ceiling (with --reason: why it is true)",
        "保留超出该项目合理上限的时间（与 --reason 一起用：说明为何属实）",
    ),
    "help.cli.close": (
        "close a heat as final (e.g. one keyed in from cards)",
        "确认一个组的成绩为最终成绩（例如从记录卡录入的组）",
    ),
    "help.cli.close_reason": (
        "why (required when lanes have no result: they become DNF)",
        "原因（有道次没有成绩时必填：这些道将记为 DNF）",
    ),
    "help.cli.share": ("write this station's records to a file", "将本站的记录写入一个文件"),
    "help.cli.share_out": ("the bundle file to write", "要写入的数据包文件"),
    "help.cli.merge": ("bring in other stations' bundle files", "合并其他站点的数据包文件"),
    "help.cli.bundles": ("the bundle files", "数据包文件"),
    "help.cli.push_cmd": ("send this station's records to a desk", "将本站的记录发送到成绩台"),
    "help.cli.url": (
        "the desk's address, as `board --accept-push` printed it",
        "成绩台的地址，即 `board --accept-push` 显示的地址",
    ),
    "help.cli.push_code": ("the pairing code the desk printed", "成绩台显示的配对码"),
    "help.cli.conflicts": ("what stations recorded differently", "各站点记录不一致之处"),
    "help.cli.resolve": ("choose a station's value for a conflict", "为一个冲突选定一个站点的值"),
    "help.cli.conflict": (
        "the conflict's id, as `conflicts` lists it",
        "冲突编号，即 `conflicts` 列出的编号",
    ),
    "help.cli.resolve_station": ("the station whose value stands", "采用其值的站点"),
    "help.cli.resolve_reason": ("why (kept with the choice)", "原因（与裁决一起保存）"),
    # paper: score sheets and the programme booklet
    "help.cli.sheets": (
        "write a score sheet per heat, to time a heat on paper",
        "生成每组一页的记录表，供纸笔计时",
    ),
    "help.cli.sheets_out": ("the sheets' file (.html)", "记录表文件（.html）"),
    "help.cli.programme": ("write the programme booklet", "生成秩序册"),
    "help.cli.programme_out": ("the booklet's file (.html)", "秩序册文件（.html）"),
    "help.cli.paper_lang": ("the language printed", "打印内容的语言"),
}
"""key: (English, Chinese), for the command line's messages and its `--help`."""
