"""A laptop's terminal at 80×24 (and 100 columns): every label, key and prompt still shows.

What was cut at 80 columns: the count boxes of a 7-lane countdown read only
"Lane…", the footer lost `q Quit` off its end; at 100 columns the no-sound
line was cut before it said what to do (space starts the clock at once).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widget import Widget

from tests.support.screenkit import open_screen, status_line, time_up
from timing_console.sound.speaker import Speaker
from timing_console.ui.heat.countdown import CountdownScreen
from timing_console.ui.heat.counts import CountBox
from timing_console.ui.heat.race import RaceScreen
from timing_console.ui.screens.programme import ProgrammeScreen

SEVEN_LANES = "shuttlecock"
NO_DEVICE = (
    "没有可用的音频设备 · no audio device: sounddevice: PortAudio library not found; "
    "未找到播放程序 · no player found (pw-play, paplay, aplay)"
)
"""What a laptop without sound says, word for word (the longest reason there is)."""


def quit_key(screen: Widget) -> Widget:
    """The footer's `q Quit`."""
    found = [k for k in screen.query("FooterKey") if getattr(k, "description", "") == "Quit"]
    assert len(found) == 1, "no Quit in the footer"
    return found[0]


def whole_on_screen(widget: Widget, width: int) -> bool:
    region = widget.region
    return region.width > 0 and region.x >= 0 and region.right <= width


async def test_the_footer_keeps_quit_at_80_columns(make_app, pilot_size=(80, 24)):
    app = make_app()
    async with app.run_test(size=pilot_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)
        assert whole_on_screen(quit_key(app.screen), 80)
        screen = await open_screen(app, pilot, RaceScreen, "paddle-ball-run")
        await pilot.pause()
        assert whole_on_screen(quit_key(screen), 80)


async def test_seven_count_boxes_at_80_columns_each_name_their_lane(
    make_app, press_at, clock, repo
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, SEVEN_LANES)
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock)
        boxes = list(screen.query(CountBox))
        assert len(boxes) == 7
        titles = [str(box.border_title) for box in boxes]
        for box, title in zip(boxes, titles, strict=True):
            assert str(box.lane) in title and "…" not in title
            assert cell_len(title) + 2 <= box.outer_size.width - 4, title  # drawn whole
        assert len({t.replace(str(b.lane), "#") for b, t in zip(boxes, titles, strict=True)}) == 1


async def test_the_seven_boxes_keep_their_whole_titles_on_a_wide_screen(make_app, press_at, clock):
    app = make_app()
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, SEVEN_LANES)
        await press_at(pilot, "space")
        await time_up(screen, pilot, clock)
        assert [str(b.border_title) for b in screen.query(CountBox)] == [
            f"Lane {n}" for n in range(1, 8)
        ]


async def test_without_sound_the_line_says_first_that_space_starts_the_clock(make_app):
    app = make_app(speaker=Speaker.silent(NO_DEVICE))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, CountdownScreen, SEVEN_LANES)
        status = screen.query_one("#status")
        room = status.size.height * status.content_region.width  # the cells it can show
        text = status_line(screen)
        said = text[: room // 2]  # wide characters take two cells: a conservative cut
        assert "Space starts the clock at once; call the start aloud." in said
        assert NO_DEVICE in text
