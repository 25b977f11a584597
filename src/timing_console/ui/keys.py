"""Every key this product describes, in English and Chinese, keyed by id.

Footer and help texts come from here: a `Binding` by its `id`, and the keys a
screen reads itself (in `on_key`, listed in its `TIMING_KEYS`) by a help id.

Textual reads a screen's `BINDINGS` once, when the class is created, and the
footer shows each binding's `description`. So a screen class declares its
bindings in English, and `localised` gives the same screen as a subclass whose
`BINDINGS` carry the descriptions in the console's language.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar, cast

from textual.binding import Binding
from textual.dom import DOMNode

BINDING_TEXT: dict[str, tuple[str, str]] = {
    # Binding id: (English, Chinese)
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
    # help id: (English, Chinese)
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


def text(table: dict[str, tuple[str, str]], text_id: str, lang: str) -> str:
    """One entry of a table in `lang` (`zh` or `en`); an unknown id shows as itself."""
    en, zh = table.get(text_id, (text_id, text_id))
    return zh if lang == "zh" else en


def bind(keys: str, action: str, binding_id: str, **options: Any) -> Binding:
    """A binding described by its id's English text."""
    return Binding(keys, action, BINDING_TEXT[binding_id][0], id=binding_id, **options)


CONSOLE_KEYS: list[Binding] = [
    bind("s", "app.standings", "standings"),
    bind("a", "app.awards", "awards"),
    bind("question_mark", "app.help", "help"),
    bind("q", "app.quit_console", "quit"),
    bind("x", "app.toggle_sound", "mute", show=False),
    bind("ctrl+p", "app.command_palette", "palette", show=False, priority=True),
]
"""Keys of every screen that works on the day, listed last in each screen's `BINDINGS`.

The footer shows the palette key apart, at its right end.
"""

N = TypeVar("N", bound=DOMNode)

_LOCALISED: dict[tuple[type[DOMNode], str], type[DOMNode]] = {}


def bindings_of(node_class: type[DOMNode]) -> list[Binding]:
    """The bindings of this product that a class has, its own replacing its bases' key by key."""
    by_key: dict[str, list[Binding]] = {}
    for base in reversed(node_class.__mro__):
        declared: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(vars(base).get("BINDINGS", ())):
            declared.setdefault(binding.key, []).append(binding)
        by_key.update(declared)
    return [b for bindings in by_key.values() for b in bindings if b.id in BINDING_TEXT]


def localised(node_class: type[N], lang: str) -> type[N]:
    """The class itself in English; in Chinese, a subclass with its key descriptions in Chinese.

    The subclass keeps the name (so CSS and `isinstance` see the same screen) and
    is made once per class and language.
    """
    if lang != "zh":
        return node_class
    made = _LOCALISED.get((node_class, lang))
    if made is None:
        bindings = [
            replace(b, description=text(BINDING_TEXT, b.id or "", lang))
            for b in bindings_of(node_class)
        ]
        namespace = {
            "BINDINGS": bindings,
            "__module__": node_class.__module__,
            "__qualname__": node_class.__qualname__,
            "__doc__": node_class.__doc__,
        }
        made = type(node_class.__name__, (node_class,), namespace)
        _LOCALISED[(node_class, lang)] = made
    return cast(type[N], made)
