"""The console's words in English and Chinese.

Event names always show in both languages (officials read either); everything
else follows `--lang`, defaulting to the locale and English otherwise.
"""

from __future__ import annotations

import locale
import os
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

STRINGS: dict[str, tuple[str, str]] = {
    # key: (English, Chinese)
    "programme": ("Programme", "赛程"),
    "standings": ("Standings", "成绩"),
    "awards": ("Prizes", "获奖名单"),
    "participation": ("Participation", "纪念奖"),
    "team": ("Team points", "团体积分"),
    "help": ("Keys", "按键说明"),
    "heat_col": ("Heat", "组别"),
    "athletes": ("Athletes", "人数"),
    "lane": ("Lane", "道"),
    "athlete": ("Athlete", "姓名"),
    "unit": ("Unit", "单位"),
    "state": ("State", "状态"),
    "time": ("Time", "成绩"),
    "marks": ("Marks", "判罚"),
    "count": ("Count", "个数"),
    "shots": ("Shots", "投篮"),
    "place": ("Place", "名次"),
    "result": ("Result", "成绩"),
    "prize": ("Prize", "奖"),
    "points": ("Points", "积分"),
    "progress": ("Progress", "进度"),
    "next": ("next", "下一组"),
    "ready": ("to run", "待赛"),
    "running": ("running", "进行中"),
    "done": ("done", "已完成"),
    "rerun": ("needs re-run", "需重赛"),
    "interrupted": ("interrupted", "中断"),
    "waiting": ("waiting", "待发"),
    "on_course": ("running", "比赛中"),
    "finished": ("finished", "完成"),
    "shooting": ("shooting", "投篮中"),
    "counting": ("counting", "计数中"),
    "first_basket": ("1st basket", "首次投中"),
    "too_close": ("too close to call", "需终点裁判确认"),
    "pending": ("pending", "待赛"),
    "saved": ("saved", "已保存"),
    "quit_running": (
        "A heat is running. Quit anyway? Its clock keeps its start.",
        "有比赛正在进行，确定退出？",
    ),
    "close_running": (
        "Lanes are still running. Close the heat and mark them DNF?",
        "仍有道次未完成，关闭并记为DNF？",
    ),
    "close_missing": (
        "Some lanes have no count. Close and mark them DNF?",
        "部分道次没有个数，关闭并记为DNF？",
    ),
    "rerun_ask": (
        "Re-run: [y] the whole heat (false start), a lane digit for one lane, [escape] cancel",
        "重赛：y 整组重赛，数字键单道重赛，Esc 取消",
    ),
    "resumed": (
        "Interrupted heat resumed: the clock continues from its stored start.",
        "中断的比赛已恢复：计时从原起点继续。",
    ),
    "which_lane": ("{what}: which lane?", "{what}：哪一道？"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "time_up": (
        "Time! Type each lane's count, Enter for the next.",
        "时间到！输入各道个数，回车下一道。",
    ),
    "ten_left": ("10 seconds left", "还剩10秒"),
    "closed": ("Heat closed as final.", "本组成绩已确认。"),
    "no_day": ("No day loaded.", "未载入赛事。"),
}


BINDING_WORDS: dict[str, str] = {
    "Back": "返回",
    "Undo": "撤销",
    "Re-run": "重赛",
    "Close heat": "确认成绩",
    "Close": "关闭",
    "Standings": "成绩",
    "Prizes": "获奖",
    "Keys": "按键",
    "Quit": "退出",
    "Open heat": "进入",
    "Yes": "是",
    "No": "否",
    "List": "列表",
    "Next list": "下一列表",
    "Event": "项目",
    "Next event": "下一项目",
    "Athlete": "运动员",
}
"""Footer and help descriptions of key bindings, in Chinese."""

HELP_WORDS: dict[str, str] = {
    "Results / history": "成绩 / 修改记录",
    "Move through the rows": "上下移动",
    "Prize list / participation / team table": "获奖名单 / 纪念奖 / 团体积分",
    "Move through the list": "上下移动",
    "Open the athlete's results and history": "打开该运动员的成绩和修改记录",
    "Start the countdown": "开始倒计时",
    "During the countdown: one more on that lane's live tally": "倒计时中：该道现场计数加一",
    "At 0: type the count of the lane marked ▏ (starts from its tally)": (
        "时间到：输入标有 ▏ 的那一道的个数（从现场计数开始）"
    ),
    "At 0: save the lane's count, go to the next lane": "时间到：保存该道个数，转到下一道",
    "At 0: next lane (shift+tab ↑ ←: previous)": "时间到：下一道（shift+tab ↑ ←：上一道）",
    "Did not start (before the start; again to take back)": "未出发（开始前；再按一次撤销）",
    "Did not finish": "未完成",
    "Re-run the heat (false start) or, with a digit, one lane": (
        "本组重赛（抢跑），或加道号只重赛一道"
    ),
    "At 0: delete the last digit; once every count is in: undo": (
        "时间到：删除最后一位数字；全部录完后：撤销"
    ),
    "Close the heat as final": "结束本组，成绩生效",
    "Basket for the athlete shooting": "投中",
    "Miss for the athlete shooting": "未投中",
    "Did not start (before that athlete's first shot; again to take back)": (
        "未出场（该运动员投第一球前；再按一次撤销）"
    ),
    "Re-run one athlete: their shots are voided, kept, and they shoot again": (
        "重投：该运动员原成绩作废（保留记录），重新投篮"
    ),
    "Undo the last shot": "撤销最后一球",
    "Choose a heat": "选择组别",
    "Open the heat": "打开该组",
    "Find a heat or an athlete": "查找组别或运动员",
    "Start all lanes (the gun)": "发令，所有道开始计时",
    "Finish that lane": "该道到达终点",
    "Restart: ball fell, back to the start, clock runs on (托球跑)": (
        "重新出发：球落地，回起点，计时不停（托球跑）"
    ),
    "Drop: picked up on the spot, no penalty (双腿夹球走)": (
        "掉球：原地捡起继续，不罚（双腿夹球走）"
    ),
    "Foul: foot down / hand on ball, result void": "犯规：脚落地 / 手触球，成绩无效",
    "Did not start (before the gun; again to take back)": "未出发（发令前；再按一次撤销）",
    "Undo the last action of this heat": "撤销本组最后一步操作",
    "Previous / next event": "上一个 / 下一个项目",
    "Move through the athletes": "在运动员之间移动",
}
"""Help-screen descriptions of the timing keys, in Chinese."""


def detect_lang(explicit: str | None = None) -> str:
    """`zh` or `en`: the flag wins, then the locale, then English."""
    if explicit in ("zh", "en"):
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "zh" if current.lower().startswith("zh") else "en"


def localise_bindings(node: DOMNode, lang: str) -> None:
    """Give one screen's (or the app's) key descriptions in the console's language.

    Bindings are class data shared by every instance, so the translation is
    made on the instance's own binding map and never on the class.
    """
    if lang != "zh":
        return
    bindings_map = node._bindings
    for key, bindings in bindings_map.key_to_bindings.items():
        words = BINDING_WORDS
        bindings_map.key_to_bindings[key] = [
            replace(b, description=words.get(b.description, b.description)) for b in bindings
        ]


class Words:
    """Look-ups in one language."""

    def __init__(self, lang: str) -> None:
        """Choose the language (`zh` or `en`)."""
        self.lang = lang

    def __call__(self, key: str, **fmt: object) -> str:
        """The word for `key`, formatted; an unknown key shows as itself."""
        en, zh = STRINGS.get(key, (key, key))
        text = zh if self.lang == "zh" else en
        return text.format(**fmt) if fmt else text

    def heat(self, n: int) -> str:
        """'heat 2' / '第2组'."""
        return f"第{n}组" if self.lang == "zh" else f"heat {n}"
