"""A reason typed in the console before a decision that changes the record.

A correction, a re-open or a change of line-up is kept with why it was made,
so the reason is one required line typed here, never a default. The same
dialog may ask a few fields first (a new result, a heat and lane) and make the
change itself: a refusal then shows where the referee typed, with what they
typed still there, and nothing is saved until the rules accept it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from timing_console.store.errors import StoreError
from timing_console.ui.keys import bind
from timing_console.words import Words, both

Submit = Callable[[Mapping[str, str], str, bool], None]
"""Makes the change from the typed fields (by id), the reason and the override box;
refuses by raising a ValueError (HeatError, ResultError) whose text is one sentence."""


@dataclass(frozen=True)
class Field:
    """One line the dialog asks for before the reason."""

    id: str
    label: str
    value: str = ""
    placeholder: str = ""


class ReasonScreen(ModalScreen[str | None]):
    """Ask why (after any fields); dismiss with the reason once accepted, None on escape.

    Enter in a field goes to the next one; Enter in the reason confirms, but
    only with a reason: a blank one is answered with a message, not accepted.
    """

    CSS_PATH = "reason.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "cancel", "reason_cancel"),
    ]

    def __init__(
        self,
        question: str,
        words: Words,
        *,
        fields: Sequence[Field] = (),
        submit: Submit | None = None,
        override: str | None = None,
    ) -> None:
        """Ask `question`; `submit` makes the change (else the reason is just returned).

        Args:
            question: What is being decided, shown as typed (never as markup).
            words: The console's language.
            fields: Lines asked before the reason, each given to `submit` by id.
            submit: Makes the change, or raises ValueError to refuse it.
            override: The label of an override box (none shown when None).
        """
        super().__init__()
        self.question = question
        self.words = words
        self.fields = tuple(fields)
        self.submit = submit
        self.override = override

    def compose(self) -> ComposeResult:
        """The question, each field, the reason, the override box, then any refusal."""
        with VerticalScroll():
            yield Label(self.question, id="question", markup=False)
            for field in self.fields:
                yield Label(field.label, markup=False)
                yield Input(
                    field.value, placeholder=field.placeholder, id=f"field-{field.id}", compact=True
                )
            yield Label(both("reason_label"), markup=False)
            yield Input(id="reason", compact=True)
            if self.override is not None:
                yield Checkbox(self.override, id="override", compact=True)
            yield Static(id="problem", markup=False)
            yield Label(self.words("dialog_keys"), classes="keys", markup=False)

    def on_mount(self) -> None:
        """The first line takes the keys."""
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: on to the next line, or confirm from the reason."""
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.confirm()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    def confirm(self) -> None:
        """Accept only with a reason, and only what `submit` accepts."""
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.refuse(self.words("reason_required"))
            return
        if self.submit is not None:
            values = {f.id: self.query_one(f"#field-{f.id}", Input).value for f in self.fields}
            override = self.override is not None and self.query_one("#override", Checkbox).value
            try:
                self.submit(values, reason, override)
            except ValueError as exc:
                self.refuse(self.words.refusal(exc))
                return
            except StoreError as exc:
                self.refuse(self.words("not_saved", why=exc))
                return
        self.dismiss(reason)

    def refuse(self, message: str) -> None:
        """Say why not, keep the dialog and what was typed, and ring."""
        self.query_one("#problem", Static).update(message)
        self.app.bell()

    def action_cancel(self) -> None:
        """Escape: nothing decided, nothing saved."""
        self.dismiss(None)
