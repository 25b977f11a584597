"""What goes wrong with the day's files, said to whoever runs the command.

The store, the stations' exchange and the printers raise these as a key and
its parameters (`store.errors.StoreError`); the command line says them in its
reader's language. `{path}` and the like are file names, `{why}` the system's
own reason (left as the system says it). Each entry is (English, Chinese).
"""

from __future__ import annotations

ERRORS: dict[str, tuple[str, str]] = {
    # opening and saving the day
    "err.no_day_at": (
        "no day at {db}; run `timing-console load DAYFILE` first",
        "{db} 没有赛事数据；请先运行 `timing-console load 赛事文件`",
    ),
    "err.no_day_loaded": (
        "no day is loaded in {db}; run `timing-console load DAYFILE` first",
        "{db} 还没有载入赛事；请先运行 `timing-console load 赛事文件`",
    ),
    "err.cannot_create_folder": (
        "Cannot create the folder for the day {path}: {why}.",
        "无法为赛事数据 {path} 创建文件夹：{why}。",
    ),
    "err.cannot_open_day": (
        "Cannot open the day {path}: {why}.",
        "无法打开赛事数据 {path}：{why}。",
    ),
    "err.cannot_read_day": (
        "Cannot read the day {path}: {why}.",
        "无法读取赛事数据 {path}：{why}。",
    ),
    "err.day_closed": (
        "The day {path} is closed; open it again to save.",
        "赛事数据 {path} 已关闭；请重新打开后再保存。",
    ),
    "err.day_readonly": (
        "The day {path} is open read-only, so nothing can be saved.",
        "赛事数据 {path} 以只读方式打开，无法保存。",
    ),
    "err.cannot_write_snapshot": (
        "Could not write the snapshot {path} ({why}); the journal still holds every save.",
        "无法写入快照 {path}（{why}）；日志中仍保留所有已保存的内容。",
    ),
    "err.cannot_open_journal": (
        "Cannot open the journal {path} for writing: {why}.",
        "无法打开日志 {path} 进行写入：{why}。",
    ),
    "err.journal_broken": (
        "The journal {path} could not be repaired after a failed write ({why}); close the "
        "day and open it again.",
        "写入失败后日志 {path} 无法修复（{why}）；请关闭赛事后重新打开。",
    ),
    "err.cannot_save_journal": (
        "Could not save to the journal {path}: {why}.",
        "无法保存到日志 {path}：{why}。",
    ),
    "err.cannot_create_lock": (
        "Cannot create the lock file {path}: {why}.",
        "无法创建锁文件 {path}：{why}。",
    ),
    "err.cannot_lock_day": (
        "Cannot lock the day {path}: {why}.",
        "无法锁定赛事数据 {path}：{why}。",
    ),
    "err.day_in_use": (
        "The day {path} is open in another timing-console ({holder}); close it there first, "
        "or watch it from here with `timing-console --read-only`.",
        "赛事数据 {path} 已在另一个计时台中打开（{holder}）；请先在那里关闭，"
        "或用 `timing-console --read-only` 在本机以只读方式观看。",
    ),
    "err.damaged_no_journal": (
        "The day file {path} is damaged ({why}) and there is no journal to rebuild it from; "
        "{kept}.",
        "赛事数据文件 {path} 已损坏（{why}），且没有可用于重建的日志；{kept}。",
    ),
    "err.damaged_empty_journal": (
        "The day file {path} is damaged ({why}) and its journal holds no saved entry to "
        "rebuild it from; {kept}.",
        "赛事数据文件 {path} 已损坏（{why}），且其日志中没有可用于重建的记录；{kept}。",
    ),
    "err.kept_in_place": (
        "it was left in place (opened read-only)",
        "文件保留原处（以只读方式打开）",
    ),
    "err.kept_as": ("it was kept as {name}", "文件已另存为 {name}"),
    "err.bad_saved_record": (
        "the saved {table} record {key} is not a valid {model} ({why})",
        "已保存的 {table} 记录 {key} 不是有效的 {model}（{why}）",
    ),
    "err.stale_write": (
        "{event} heat {heat} changed since it was read (version {seen} < {current}); "
        "nothing was saved",
        "{event} 第{heat}组在读取后已被更改（版本 {seen} < {current}）；未保存任何内容",
    ),
    "err.drops_a_result": (
        "the new day file drops {event} heat {heat} lane {lane} (bib {bib}), which already "
        "has a result in {db}; nothing was loaded",
        "新的赛事文件删去了 {event} 第{heat}组第{lane}道（号码 {bib}），而它在 {db} 中已有"
        "成绩；未载入任何内容",
    ),
    "err.station_keeps_name": (
        "{db} is {held}; a station keeps its name (its shared records carry it), so it "
        "cannot become {name}; load the day afresh in another folder on this laptop "
        "(--db NEWFOLDER/day.json) to make it a new station",
        "{db} 是{held}；站点名称不能更改（它共享的记录都带着这个名称），所以不能改为 {name}；"
        "如需新站点，请在本机另一个文件夹重新载入赛事（--db 新文件夹/day.json）",
    ),
    "err.station_named": ("station {name}", "站点 {name}"),
    "err.station_replacing": (
        "station {name} (replacing {replaces})",
        "站点 {name}（替换 {replaces}）",
    ),
    "err.name_replacing": ("{name} replacing {replaces}", "{name}（替换 {replaces}）"),
    "err.bad_station_name": (
        "a station's name must be 1 to {most} printable characters, not {name}",
        "站点名称须为 1 到 {most} 个可打印字符，而不是 {name}",
    ),
    "err.cannot_archive": (
        "Could not move the day {path} aside ({why}); nothing was moved.",
        "无法将赛事数据 {path} 移到一旁（{why}）；未移动任何文件。",
    ),
    "err.cannot_write": ("cannot write {path}: {why}", "无法写入 {path}：{why}"),
    # stations: share, merge, push
    "err.cannot_write_bundle": (
        "Could not write the bundle {path}: {why}.",
        "无法写入数据包 {path}：{why}。",
    ),
    "err.not_merged": (
        "{path} was not merged: {why}; nothing was changed.",
        "{path} 未合并：{why}；未做任何更改。",
    ),
    "err.bundle_too_large": (
        "it is {size} bytes, too large to be a bundle",
        "文件有 {size} 字节，太大，不是数据包",
    ),
    "err.bundle_unreadable": ("it cannot be read ({why})", "无法读取（{why}）"),
    "err.bundle_cut_last_line": (
        "it is cut off (its last line is incomplete)",
        "文件不完整（最后一行残缺）",
    ),
    "err.bundle_too_short": (
        "it is not a timing-console bundle (too short)",
        "不是计时台数据包（太短）",
    ),
    "err.bundle_line_damaged": (
        "line {line} is damaged (its checksum does not match)",
        "第{line}行已损坏（校验和不符）",
    ),
    "err.not_a_bundle": ("it is not a timing-console bundle", "不是计时台数据包"),
    "err.bundle_version": (
        "it is bundle version {version}, this program reads up to {reads}",
        "数据包版本为 {version}，本程序最高只能读取 {reads}",
    ),
    "err.bundle_cut_end": ("it is cut off (its end line is missing)", "文件不完整（缺少结束行）"),
    "err.bundle_mismatch": (
        "its contents do not match its end line (damaged or cut)",
        "内容与结束行不符（已损坏或不完整）",
    ),
    "err.bundle_header": ("its header is incomplete", "文件头不完整"),
    "err.bundle_not_record": ("line {line} is not a record", "第{line}行不是记录"),
    "err.bundle_out_of_order": (
        "line {line}: station {station}'s records are out of order",
        "第{line}行：站点 {station} 的记录顺序错乱",
    ),
    "err.other_day": (
        "it holds another day ({title}), not {day}",
        "它属于另一场赛事（{title}），不是 {day}",
    ),
    "err.day_label_practice": ("{title} {date} (practice)", "{title} {date}（演练）"),
    "err.copied_station": (
        "its record {seq} of station {name} differs from the one this database holds: two "
        "laptops carry station {name}'s id (a copied database?); load the day afresh on one "
        "of them with its own `--station NAME`",
        "其中站点 {name} 的第{seq}条记录与本数据库中的不同：两台电脑带着同一个站点 {name} 的"
        "标识（数据库被复制过？）；请在其中一台上用自己的 `--station 名称` 重新载入赛事",
    ),
    "err.cannot_read_journal": (
        "Cannot read the journal {path}: {why}.",
        "无法读取日志 {path}：{why}。",
    ),
    "err.cannot_read_station": (
        "Cannot read the station records {path}: {why}.",
        "无法读取站点记录 {path}：{why}。",
    ),
    "err.cannot_read_file": ("Cannot read {path}: {why}.", "无法读取 {path}：{why}。"),
    "err.cannot_note_bundles": (
        "Could not note the merged bundles in {path}: {why}.",
        "无法在 {path} 中记下已合并的数据包：{why}。",
    ),
    "err.cannot_lock_folder": ("Cannot lock {path}: {why}.", "无法锁定 {path}：{why}。"),
    "err.holds_other_station": (
        "{path} holds station {held}, not {name}.",
        "{path} 存放的是站点 {held}，不是 {name}。",
    ),
    "err.not_this_station": (
        "records of another station are not {name}'s to keep.",
        "其他站点的记录不能存为站点 {name} 的。",
    ),
    "err.station_out_of_order": (
        "station {name}'s records are out of order at {seq}.",
        "站点 {name} 的记录在第{seq}条处顺序错乱。",
    ),
    "err.cannot_save_station": (
        "Could not save station {name}'s records to {path}: {why}.",
        "无法将站点 {name} 的记录保存到 {path}：{why}。",
    ),
    "err.station_record": (
        "station {station} record {seq}: {why}",
        "站点 {station} 第{seq}条记录：{why}",
    ),
    "err.not_conflict_station": (
        "{name} is not one of the conflict's stations ({choices})",
        "{name} 不是该冲突涉及的站点（{choices}）",
    ),
    "err.no_such_conflict": (
        "there is no open conflict {id}; see `timing-console conflicts`",
        "没有未决冲突 {id}；请查看 `timing-console conflicts`",
    ),
    "err.choice_needs_reason": (
        "a choice needs a reason (--reason TEXT)",
        "裁决需要填写理由（--reason 理由）",
    ),
    "err.desk_knows_more": (
        "the desk holds {name}'s records up to {acked}, this laptop only up to {last}: it is "
        "not the laptop the desk knows as {name} (a copied or restored database?)",
        "成绩台已有站点 {name} 到第{acked}条的记录，本机只有到第{last}条：本机不是成绩台所知"
        "的 {name}（数据库被复制或恢复过？）",
    ),
    "err.push_and_code": (
        "--push and --code go together: the desk's address and its pairing code",
        "--push 与 --code 须同时给出：成绩台的地址和它的配对码",
    ),
    "err.damaged_copies_kept": (
        "{db} holds no intact day, and damaged copies were kept aside ({kept}); load the day "
        "file again with `timing-console load DAYFILE` instead of opening the sample day over "
        "them",
        "{db} 中没有完好的赛事数据，损坏的副本已另存（{kept}）；请用 `timing-console load "
        "赛事文件` 重新载入赛事，而不要在其上打开示例赛事",
    ),
    # the desk's pairing code
    "err.cannot_read_code": (
        "cannot read the pairing code in {path}: {why}",
        "无法读取 {path} 中的配对码：{why}",
    ),
    "err.no_code_kept": (
        "{path} holds no pairing code; start the board with --new-code to make a new one "
        "(every station then needs it)",
        "{path} 中没有配对码；请用 --new-code 启动公告板生成新配对码（之后每个站点都需要新码）",
    ),
    "err.sample_missing": (
        "the bundled sample day is missing (looked for sample/{name})",
        "缺少随附的示例赛事（查找的是 sample/{name}）",
    ),
    # reading a day file and its sheets (the file and line are said by `problem.*`)
    "day.cannot_read": ("cannot read the day file: {why}", "无法读取赛事文件：{why}"),
    "day.not_utf8": ("is not UTF-8 text; save it as UTF-8", "不是 UTF-8 文本；请另存为 UTF-8"),
    "day.bad_toml": ("is not valid TOML: {why}", "不是有效的 TOML：{why}"),
    "day.bad_date": (
        "'date' must be the day's calendar date as YYYY-MM-DD (e.g. 2026-09-20), not {value}",
        "“date”须为比赛当天的日期，写作 年-月-日（如 2026-09-20），而不是 {value}",
    ),
    "csv.bad_utf16": (
        "starts like UTF-16 text but does not decode as UTF-16",
        "看似 UTF-16 文本，但无法按 UTF-16 解码",
    ),
    "csv.bad_encoding": (
        "is neither UTF-8 nor GBK text; save it from Excel as 'CSV UTF-8'",
        "既不是 UTF-8 也不是 GBK 文本；请在 Excel 中另存为“CSV UTF-8”",
    ),
    "csv.bad_csv": ("is not valid CSV: {why}", "不是有效的 CSV：{why}"),
    "csv.column_twice": (
        "the header names column '{column}' twice",
        "表头中“{column}”列出现了两次",
    ),
    "csv.no_column": ("the header has no column {named}", "表头缺少列：{named}"),
    "csv.no_columns": ("the header has no columns {named}", "表头缺少列：{named}"),
    "csv.empty": ("is empty", "是空文件"),
    "csv.no_header": (
        "has no header row; expected {english} or {chinese}",
        "没有表头行；应为 {english} 或 {chinese}",
    ),
    "csv.too_many_cells": (
        "has {cells} cells but the header has {width}; put the events in one quoted cell",
        "这一行有 {cells} 格，但表头只有 {width} 列；请把项目放在同一个带引号的单元格里",
    ),
    "csv.cell_empty": ("the {column} is empty", "{column}为空"),
    "csv.not_whole": ("{column} '{cell}' is not a whole number", "{column}“{cell}”不是整数"),
    "csv.col.event": ("event", "项目"),
    "csv.col.heat": ("heat", "组别"),
    "csv.col.lane": ("lane", "道次"),
    "csv.col.bib": ("bib", "号码"),
    "day.source_file": (
        "'{key}' needs the table's file, like "
        '{key} = {{ file = "报名.xlsx", sheet = "报名表" }}',
        '“{key}”须写明表格文件，如 {key} = {{ file = "报名.xlsx", sheet = "报名表" }}',
    ),
    "day.source_sheet": (
        "the sheet of '{key}' must be a sheet's name in quotes",
        "“{key}”的 sheet 须为带引号的工作表名称",
    ),
    "day.sheet_of_csv": (
        "'{key}' names a sheet, but its file is not an Excel workbook (.xlsx); "
        "a CSV has no sheets: remove the sheet",
        "“{key}”指定了工作表，但其文件不是 Excel 工作簿（.xlsx）；CSV 没有工作表，请删去 sheet",
    ),
    # an Excel workbook as a table (the file, sheet, row and column are said by `problem.*`)
    "xlsx.damaged": (
        "cannot be opened as an Excel workbook (.xlsx): it is damaged or another kind of file; "
        "open it in Excel or WPS and save it again as .xlsx",
        "无法作为 Excel 工作簿（.xlsx）打开：文件已损坏或不是工作簿；请用 Excel 或 WPS 打开后重新"
        "另存为 .xlsx",
    ),
    "xlsx.old_or_locked": (
        "is an Excel 97-2003 workbook (.xls) or has a password; "
        "save it from Excel or WPS as an .xlsx workbook without a password",
        "是 Excel 97-2003 工作簿（.xls）或设有密码；"
        "请在 Excel 或 WPS 中另存为不设密码的 .xlsx 工作簿",
    ),
    "xlsx.no_sheets": ("holds no worksheet", "没有任何工作表"),
    "xlsx.no_sheet": (
        "has no sheet '{sheet}'; its sheets: {sheets}",
        "没有名为“{sheet}”的工作表；其中的工作表有：{sheets}",
    ),
    "xlsx.too_many_cells": (
        "has a cell in column {column}, beyond the header's {width} columns; "
        "give that column a heading or clear it",
        "{column} 列有内容，超出了表头的 {width} 列；请为该列加上表头或清空它",
    ),
    "err.read_only_alone": (
        "--read-only opens the console to watch a day: it takes no command and no --push",
        "--read-only 只用于以只读方式打开计时台观看比赛，不能与命令或 --push 同用",
    ),
}
"""key: (English, Chinese), for every error of the day's files."""
