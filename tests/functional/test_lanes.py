"""The lanes table: every line shows its whole cells, whatever order rows arrive in."""

from __future__ import annotations

from textual.app import App, ComposeResult

from timing_console.ui.heat.lanes import LaneTable


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LaneTable(id="lanes")


def shown(table: LaneTable) -> list[str]:
    return [str(line.content) for line in table.lines.values()]


async def test_a_wider_later_row_widens_the_lines_already_shown():
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(LaneTable)
        table.add_column("Lane", key="lane", width=4)
        table.add_column("Marks", key="marks")
        table.add_row("1", "⚠ too close to call", key="1")
        table.add_row("3", "⚠ too close to call R@2.78", key="3")
        await pilot.pause()
        first, second = shown(table)
        assert "⚠ too close to call" in first and "…" not in first
        assert second.endswith("⚠ too close to call R@2.78")
        assert first.index("⚠") == second.index("⚠")


async def test_a_cell_growing_later_widens_every_line():
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(LaneTable)
        table.add_column("Lane", key="lane", width=4)
        table.add_column("Athlete", key="athlete")
        table.add_column("Time", key="time", width=6)
        table.add_row("1", "a", "", key="1")
        table.add_row("2", "bb", "", key="2")
        table.update_cell("1", "athlete", "1002 罗俊俊俊")
        table.update_cell("2", "time", "12.35")
        await pilot.pause()
        first, second = shown(table)
        assert "1002 罗俊俊俊" in first
        assert first.index("1002") == second.index("bb")
        assert second.rstrip().endswith("12.35")


async def test_several_cells_of_a_row_change_in_one_repaint_of_its_line():
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(LaneTable)
        table.add_column("Lane", key="lane", width=4)
        table.add_column("State", key="state", width=10)
        table.add_column("Time", key="time", width=6)
        table.add_row("1", "on course", "", key="1")
        table.update_row("1", {"state": "finished", "time": "12.35"})
        await pilot.pause()
        assert shown(table) == ["1     finished    12.35"]
        assert table.get_cell("1", "state") == "finished"
