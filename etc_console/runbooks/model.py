"""Typed runbooks: steps with checks, branches and escalation contacts.

A step branches in exactly one way: `next` (a plain step), `yes` and `no` (a yes/no
question), `option` entries (a multiple-choice question), or `end = true`.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

YES, NO = "yes", "no"
CONTINUE = "done"  # the answer that moves a plain step on


class StepKind(StrEnum):
    ACTION = "action"
    YES_NO = "yes_no"
    CHOICE = "choice"
    END = "end"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckSpec(_Entry):
    """A check to run at a step: a configured probe, or a whitelisted SSH command.

    `command` is the id of a read-only command that the deep-probe engine keeps in its
    whitelist; the runbook never contains a shell command line.
    """

    probe: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    command: Id | None = None
    expect: str = ""

    @model_validator(mode="after")
    def _one_target(self):
        if (self.probe is None) == (self.command is None):
            raise ValueError("a check names exactly one of probe (a probe id) or command (a whitelisted command id)")
        return self

    @property
    def kind(self) -> str:
        return "probe" if self.probe is not None else "command"

    @property
    def target(self) -> str:
        return self.probe if self.probe is not None else self.command


class Option(_Entry):
    id: Id
    label: Text
    next: Id


class Contact(_Entry):
    """A person to escalate to; name and phone are placeholders a site fills in."""

    id: Id
    role: Text
    name: str = "（待填写）"
    phone: str = "（待填写）"
    when: str = ""


class Step(_Entry):
    id: Id
    title: Text
    instruction: Text
    question: str = ""
    inferred: bool = False
    check: CheckSpec | None = None
    recovery_check: CheckSpec | None = None
    escalate: list[Id] = []
    next: Id | None = None
    yes: Id | None = None
    no: Id | None = None
    option: list[Option] = []
    end: bool = False

    @model_validator(mode="after")
    def _one_branch_form(self):
        forms = [self.next is not None, self.yes is not None or self.no is not None, bool(self.option), self.end]
        if sum(forms) != 1:
            raise ValueError("a step sets exactly one of: next, yes and no, option entries, or end = true")
        if (self.yes is None) != (self.no is None):
            raise ValueError("a yes/no step sets both yes and no")
        ids = [option.id for option in self.option]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids within a step must be unique")
        if len(self.option) == 1:
            raise ValueError("a multiple-choice step needs at least two options; use next for one way on")
        return self

    @property
    def kind(self) -> StepKind:
        if self.end:
            return StepKind.END
        if self.yes is not None:
            return StepKind.YES_NO
        if self.option:
            return StepKind.CHOICE
        return StepKind.ACTION

    def branches(self) -> dict[str, str]:
        """Return each answer this step takes mapped to the id of the step it leads to."""
        if self.kind == StepKind.YES_NO:
            return {YES: self.yes, NO: self.no}
        if self.kind == StepKind.CHOICE:
            return {option.id: option.next for option in self.option}
        if self.kind == StepKind.ACTION:
            return {CONTINUE: self.next}
        return {}

    def answer_label(self, answer: str) -> str:
        """Return the Chinese label of an answer, for the timeline and the report."""
        for option in self.option:
            if option.id == answer:
                return option.label
        return {YES: "是", NO: "否", CONTINUE: "已完成"}.get(answer, answer)


class AppliesTo(_Entry):
    """Conditions for suggesting a runbook: listed subsystems and keywords score, listed sources filter (all when empty)."""

    subsystems: list[Id] = []
    sources: list[str] = []
    keywords: list[str] = []


class Runbook(_Entry):
    id: Id
    title: Text
    version: Annotated[int, Field(ge=1)] = 1
    inferred: bool = False
    summary: str = ""
    applies_to: AppliesTo = AppliesTo()
    start: Id
    report_items: list[str] = []
    step: Annotated[list[Step], Field(min_length=2)]
    # Set by the loader: the file the runbook came from and the SHA-256 of its bytes.
    source_file: str = ""
    digest: str = ""

    def get_step(self, step_id: str) -> Step:
        """Return the step with this id; raise KeyError when there is none."""
        for step in self.step:
            if step.id == step_id:
                return step
        raise KeyError(step_id)
