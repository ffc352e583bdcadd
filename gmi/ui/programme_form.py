"""The programme as a form: what a therapist changes, in words, units and ranges.

Stages are an ordered checklist offering only what the body part supports;
counts and times are spin boxes with units and the protocol's own ranges;
views and exercises are the body part's; progression criteria read as
sentences; a live line says how long the day will be. The form edits a copy
of the whole protocol (fields it does not show, such as postures and mirror
prompts, are kept), and every change is validated by the protocol model
itself, with the message shown next to the field it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gmi.model.plan import about_minutes, stage_minutes
from gmi.model.protocol import (
    EXERCISES,
    VIEWS,
    Protocol,
    angle_choices,
    exercise_name,
)
from gmi.model.stages import STAGE_TITLES, STAGES_FOR
from gmi.model.words import counted
from gmi.ui.widgets import label

FEEDBACK_WORDS = {"practice": "during practice pictures only", "always": "after every picture",
                  "never": "never"}
STIMULI_WORDS = {"rendered": "drawn pictures", "own": "the person's own photos",
                 "mixed": "drawn pictures and own photos"}
MIRROR_WORDS = {"split": "split screen (half mirrored)", "flip": "whole picture flipped"}
VIVIDNESS_WORDS = {"per_image": "after each position", "per_block": "once after the block"}


class TitleEdit(QLineEdit):
    """A line edit as wide as its title at the current text size (the form keeps
    fields at their size hint, so a fixed width cut the title at larger text)."""

    def __init__(self) -> None:
        super().__init__()
        self.textChanged.connect(lambda _text: self.updateGeometry())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        wide = self.fontMetrics().horizontalAdvance(max(self.text(), "M" * 16, key=len))
        return QSize(max(hint.width(), wide + 4 * self.fontMetrics().averageCharWidth()),
                     hint.height())


def spin(low: int, high: int, suffix: str, name: str, one: str | None = None) -> QSpinBox:
    """A whole-number box with its unit; `one` is the unit's singular (" picture"),
    shown when the value is 1, so the box never reads "1 pictures"."""
    box = QSpinBox()
    box.setRange(low, high)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    box.setToolTip(f"{name}: {low} to {high}{suffix}")
    if one is not None:
        box.valueChanged.connect(lambda value: box.setSuffix(one if value == 1 else suffix))
        box.setSuffix(one if box.value() == 1 else suffix)
    return box


def dspin(low: float, high: float, step: float, suffix: str, name: str,
          decimals: int = 1) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setAccessibleName(name)
    box.setToolTip(f"{name}: {low:g} to {high:g}{suffix}")
    return box


def pain_check() -> QCheckBox:
    """Whether a stage asks pain again; off by default, as the check-in asks once a day."""
    check = QCheckBox("before and after this stage")
    check.setAccessibleName("Rate pain before and after this stage")
    check.setToolTip("Off: pain is rated once a day, at the check-in. On: asked again "
                     "before and after this stage, starting from the check-in's answer.")
    return check


def combo(words: dict, name: str) -> QComboBox:
    box = QComboBox()
    for value, text in words.items():
        box.addItem(text, value)
    box.setAccessibleName(name)
    return box


ANGLE_WORDS = {1: "1 (upright only)", 4: "4 (every 90°)", 6: "6 (every 60°)",
               8: "8 (every 45°)", 12: "12 (every 30°)"}

class ProgrammeForm(QWidget):
    """Emits `edited(Protocol)` when a change gives a valid protocol."""

    edited = Signal(object)
    invalid = Signal(str)  # a field holds a value the protocol refuses: what to fix

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base: Protocol | None = None
        self._loading = False
        self.errors: dict[str, QLabel] = {}  # field path -> the label beside it
        self._setters: list[Callable[[dict], None]] = []  # copy widget values into data
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.summary_label = label("", "")
        self.summary_label.setAccessibleName("The day's length")
        self.box.addWidget(self.summary_label)
        self.body = QWidget()
        self.box.addWidget(self.body)

    # -- building ------------------------------------------------------------------------
    def _error(self, path: str) -> QLabel:
        error = label("", "error")
        error.setVisible(False)
        self.errors[path] = error
        return error

    @staticmethod
    def _form(group: QGroupBox) -> QFormLayout:
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        return form

    def _row(self, form: QFormLayout, text: str, widget: QWidget, path: str) -> None:
        holder = QWidget()
        row = QVBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(widget)
        row.addWidget(self._error(path))
        form.addRow(text, holder)
        self._watch(widget)

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.valueChanged.connect(self._changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._changed)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._changed)

    def _build(self, body_part: str) -> None:
        """The fields for `body_part` (rebuilt only when the body part changes)."""
        old = self.body
        self.body = QWidget()
        self.errors.clear()
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(0, 0, 0, 0)
        left, right = QVBoxLayout(), QVBoxLayout()
        self.columns.addLayout(left)
        self.columns.addLayout(right)
        self._halves = (left, right)

        general = QGroupBox("Programme")
        form = self._form(general)
        self.title_edit = TitleEdit()
        self.title_edit.setAccessibleName("Title")
        self._row(form, "Title", self.title_edit, "title")
        self.sessions_spin = spin(1, 10, " a day", "Sessions a day")
        self._row(form, "Sessions", self.sessions_spin, "sessions_per_day")
        stages = QWidget()
        srow = QVBoxLayout(stages)
        srow.setContentsMargins(0, 0, 0, 0)
        self.stage_boxes: dict[str, QCheckBox] = {}
        for n, stage in enumerate(STAGES_FOR[body_part], start=1):
            check = QCheckBox(f"{n}. {STAGE_TITLES[stage]}")
            check.setAccessibleName(f"Stage {STAGE_TITLES[stage]}")
            self.stage_boxes[stage] = check
            srow.addWidget(check)
            self._watch(check)
        srow.addWidget(label("In clinical order; each opens after the one before.", "small",
                             wrap=False))
        srow.addWidget(self._error("stages"))
        form.addRow("Stages", stages)
        left.addWidget(general)

        lat = QGroupBox(f"1. {STAGE_TITLES['laterality']}")
        form = self._form(lat)
        self.trials_spin = spin(1, 400, " pictures", "Pictures per session", " picture")
        self._row(form, "Pictures per session", self.trials_spin, "laterality.trials")
        self.practice_spin = spin(0, 100, " pictures", "Practice pictures first", " picture")
        self._row(form, "Practice pictures first", self.practice_spin,
                  "laterality.practice_trials")
        self.angles_combo = combo({n: ANGLE_WORDS[n] for n in angle_choices(body_part)},
                                  "Angles")  # only what this body part may be turned by
        self._row(form, "Angles", self.angles_combo, "laterality.angles")
        views = QWidget()
        vrow = QHBoxLayout(views)
        vrow.setContentsMargins(0, 0, 0, 0)
        self.view_boxes: dict[str, QCheckBox] = {}
        for view in VIEWS[body_part]:
            check = QCheckBox(view)
            check.setAccessibleName(f"View {view}")
            self.view_boxes[view] = check
            vrow.addWidget(check)
        vrow.addStretch(1)
        self._row(form, "Views", views, "laterality.views")
        for check in self.view_boxes.values():
            self._watch(check)
        self.limit_spin = dspin(0.6, 60.0, 0.5, " s", "Time limit per picture")
        self._row(form, "Time limit per picture", self.limit_spin, "laterality.time_limit_s")
        self.pause_spin = dspin(0.2, 5.0, 0.1, " s", "Pause between pictures")
        self._row(form, "Pause between pictures", self.pause_spin, "laterality.pause_between_s")
        self.feedback_combo = combo(FEEDBACK_WORDS, "Say right or wrong")
        self._row(form, "Say right or wrong", self.feedback_combo, "laterality.feedback")
        self.stimuli_combo = combo(STIMULI_WORDS, "Pictures")
        self._row(form, "Pictures", self.stimuli_combo, "laterality.stimuli")
        left.addWidget(lat)

        imagery = QGroupBox(f"2. {STAGE_TITLES['imagery']}")
        form = self._form(imagery)
        self.images_spin = spin(1, 50, " positions", "Positions per session", " position")
        self._row(form, "Positions per session", self.images_spin, "imagery.images")
        self.reps_spin = spin(1, 20, " times", "Repetitions of each", " time")
        self._row(form, "Repetitions of each", self.reps_spin, "imagery.repetitions")
        self.hold_spin = dspin(1.0, 120.0, 1.0, " s", "Hold each image")
        self._row(form, "Hold each image", self.hold_spin, "imagery.hold_s")
        self.vivid_combo = combo(VIVIDNESS_WORDS, "Ask how vivid")
        self._row(form, "Ask how vivid", self.vivid_combo, "imagery.vividness")
        self.imagery_pain_check = pain_check()
        self._row(form, "Rate pain", self.imagery_pain_check, "imagery.pain_before_after")
        right.addWidget(imagery)

        mirror = QGroupBox(f"3. {STAGE_TITLES['mirror']}")
        form = self._form(mirror)
        self.mode_combo = combo(MIRROR_WORDS, "Mirror")
        self._row(form, "Mirror", self.mode_combo, "mirror.mode")
        self.minutes_spin = dspin(0.5, 60.0, 0.5, " min", "Minutes per session")
        self._row(form, "Minutes per session", self.minutes_spin, "mirror.minutes")
        self.mirror_pain_check = pain_check()
        self._row(form, "Rate pain", self.mirror_pain_check, "mirror.pain_before_after")
        right.addWidget(mirror)

        self.exercise_boxes: dict[str, tuple[QCheckBox, QSpinBox]] = {}
        if "tracking" in STAGES_FOR[body_part]:
            tracking = QGroupBox(f"4. {STAGE_TITLES['tracking']}")
            form = self._form(tracking)
            kinds = EXERCISES.get(body_part, ())
            for kind in kinds:
                row = QWidget()
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                check = QCheckBox(exercise_name(kind).capitalize())
                reps = spin(1, 200, " repetitions", f"Repetitions of {exercise_name(kind)}",
                            " repetition")
                line.addWidget(check)
                line.addWidget(reps)
                line.addStretch(1)
                self.exercise_boxes[kind] = (check, reps)
                self._watch(check)
                self._watch(reps)
                form.addRow(row)
            form.addRow(self._error("tracking.exercises"))
            right.addWidget(tracking)

        crit = QGroupBox("When the next stage opens")
        form = self._form(crit)
        self.acc_spin = spin(50, 100, " % correct", "Accuracy on each side")
        self._row(form, "Left or right? ends when each side reaches", self.acc_spin,
                  "progression.accuracy")
        self.rt_spin = dspin(0.5, 20.0, 0.1, " s", "Median response time at most")
        self._row(form, "answering within", self.rt_spin, "progression.rt_ms")
        self.gap_acc_spin = spin(0, 100, " %", "Largest accuracy gap between sides")
        self._row(form, "with the sides apart by at most", self.gap_acc_spin,
                  "progression.side_gap_accuracy")
        self.gap_rt_spin = dspin(0.0, 10.0, 0.05, " s", "Largest speed gap between sides",
                                 decimals=2)
        self._row(form, "and in speed by at most", self.gap_rt_spin,
                  "progression.side_gap_rt_ms")
        self.stable_spin = spin(1, 60, " days", "Stable for", " day")
        self._row(form, "every day for", self.stable_spin, "progression.stable_days")
        self.practice_days_spin = spin(1, 60, " days", "Practice days", " day")
        self._row(form, "Imagery and mirror end after practice on", self.practice_days_spin,
                  "progression.practice_days")
        self.window_spin = spin(1, 90, " days", "Within the last", " day")
        self._row(form, "within the last", self.window_spin, "progression.window_days")
        self.flare_spin = dspin(0.5, 10.0, 0.5, " points", "Pain rise counted as a flare")
        self._row(form, "A flare is pain rising by", self.flare_spin, "progression.flare_points")
        right.addWidget(crit)
        left.addStretch(1)
        right.addStretch(1)

        self.box.replaceWidget(old, self.body)
        old.deleteLater()
        self._body_part = body_part

    def resizeEvent(self, event) -> None:
        """Two columns when both fit in the window, else one (large text sizes)."""
        super().resizeEvent(event)
        halves = getattr(self, "_halves", None)
        if halves is None:
            return
        needed = sum(h.sizeHint().width() for h in halves) + 48
        direction = (QBoxLayout.Direction.LeftToRight if needed <= self.window().width() - 60
                     else QBoxLayout.Direction.TopToBottom)
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    # -- values --------------------------------------------------------------------------
    def load(self, protocol: Protocol) -> None:
        """Show `protocol` (without emitting `edited`)."""
        if self.base is None or self.base.body_part != protocol.body_part:
            self._build(protocol.body_part)
        self.base = protocol
        self._loading = True
        try:
            p = protocol
            self.title_edit.setText(p.title)
            self.sessions_spin.setValue(p.sessions_per_day)
            for stage, check in self.stage_boxes.items():
                check.setChecked(stage in p.stages)
            lat = p.laterality
            self.trials_spin.setValue(lat.trials)
            self.practice_spin.setValue(lat.practice_trials)
            self.angles_combo.setCurrentIndex(self.angles_combo.findData(lat.angles))
            for view, check in self.view_boxes.items():
                check.setChecked(view in lat.views)
            self.limit_spin.setValue(lat.time_limit_s)
            self.pause_spin.setValue(lat.pause_between_s)
            self.feedback_combo.setCurrentIndex(self.feedback_combo.findData(lat.feedback))
            self.stimuli_combo.setCurrentIndex(self.stimuli_combo.findData(lat.stimuli))
            self.images_spin.setValue(p.imagery.images)
            self.reps_spin.setValue(p.imagery.repetitions)
            self.hold_spin.setValue(p.imagery.hold_s)
            self.vivid_combo.setCurrentIndex(self.vivid_combo.findData(p.imagery.vividness))
            self.imagery_pain_check.setChecked(p.imagery.pain_before_after)
            self.mode_combo.setCurrentIndex(self.mode_combo.findData(p.mirror.mode))
            self.minutes_spin.setValue(p.mirror.minutes)
            self.mirror_pain_check.setChecked(p.mirror.pain_before_after)
            chosen = {e.kind: e.target_reps for e in p.tracking.exercises}
            for kind, (check, reps) in self.exercise_boxes.items():
                check.setChecked(kind in chosen)
                reps.setValue(chosen.get(kind, 10))
            g = p.progression
            self.acc_spin.setValue(round(g.accuracy * 100))
            self.rt_spin.setValue(g.rt_ms / 1000)
            self.gap_acc_spin.setValue(round(g.side_gap_accuracy * 100))
            self.gap_rt_spin.setValue(g.side_gap_rt_ms / 1000)
            self.stable_spin.setValue(g.stable_days)
            self.practice_days_spin.setValue(g.practice_days)
            self.window_spin.setValue(g.window_days)
            self.flare_spin.setValue(g.flare_points)
        finally:
            self._loading = False
        self._show_errors({})
        self._summarise(protocol)

    def data(self) -> dict:
        """The base protocol's data with the form's values written over it."""
        assert self.base is not None
        data = self.base.model_dump(mode="json")
        data["title"] = self.title_edit.text()
        data["sessions_per_day"] = self.sessions_spin.value()
        data["stages"] = [s for s, c in self.stage_boxes.items() if c.isChecked()]
        lat = data["laterality"]
        lat["trials"] = self.trials_spin.value()
        lat["practice_trials"] = self.practice_spin.value()
        lat["angles"] = self.angles_combo.currentData()
        lat["views"] = [v for v, c in self.view_boxes.items() if c.isChecked()]
        lat["time_limit_s"] = round(self.limit_spin.value(), 2)
        lat["pause_between_s"] = round(self.pause_spin.value(), 2)
        lat["feedback"] = self.feedback_combo.currentData()
        lat["stimuli"] = self.stimuli_combo.currentData()
        data["imagery"].update(images=self.images_spin.value(),
                               repetitions=self.reps_spin.value(),
                               hold_s=round(self.hold_spin.value(), 2),
                               vividness=self.vivid_combo.currentData(),
                               pain_before_after=self.imagery_pain_check.isChecked())
        data["mirror"].update(mode=self.mode_combo.currentData(),
                              minutes=round(self.minutes_spin.value(), 2),
                              pain_before_after=self.mirror_pain_check.isChecked())
        if self.exercise_boxes:
            data["tracking"]["exercises"] = [
                {"kind": kind, "target_reps": reps.value()}
                for kind, (check, reps) in self.exercise_boxes.items() if check.isChecked()]
        g = data["progression"]
        g.update(accuracy=self.acc_spin.value() / 100,
                 rt_ms=round(self.rt_spin.value() * 1000),
                 side_gap_accuracy=self.gap_acc_spin.value() / 100,
                 side_gap_rt_ms=round(self.gap_rt_spin.value() * 1000),
                 stable_days=self.stable_spin.value(),
                 practice_days=self.practice_days_spin.value(),
                 window_days=self.window_spin.value(),
                 flare_points=self.flare_spin.value())
        return data

    def protocol(self) -> tuple[Protocol | None, dict[str, str]]:
        """The form as a protocol, or None and each problem by field path."""
        data = self.data()
        problems: dict[str, str] = {}
        if not data["stages"]:
            problems["stages"] = "Choose at least one stage."
        if not data["laterality"]["views"]:
            problems["laterality.views"] = "Choose at least one view."
        if self.exercise_boxes and "tracking" in data["stages"] \
                and not data["tracking"]["exercises"]:
            problems["tracking.exercises"] = "Choose at least one exercise."
        if problems:
            return None, problems
        try:
            return Protocol.model_validate(data), {}
        except ValidationError as exc:
            for error in exc.errors():
                path = ".".join(str(p) for p in error["loc"] if not isinstance(p, int))
                message = error["msg"].removeprefix("Value error, ")
                if not path and ":" in message:  # the model's own "field: why" messages
                    path, _, message = message.partition(": ")
                problems[path if path in self.errors else "title"] = message
            return None, problems

    def _show_errors(self, problems: dict[str, str]) -> None:
        for path, error in self.errors.items():
            error.setText(problems.get(path, ""))
            error.setVisible(path in problems)

    def _changed(self, *_args) -> None:
        if self._loading or self.base is None:
            return
        protocol, problems = self.protocol()
        self._show_errors(problems)
        if protocol is not None:
            self.base = protocol
            self._summarise(protocol)
            self.edited.emit(protocol)
        else:
            self.summary_label.setText("Fix the field marked in red to see the day's length.")
            self.invalid.emit("; ".join(problems.values()))

    def _summarise(self, protocol: Protocol) -> None:
        """The day's length, live: each stage's minutes, one session and the whole day."""
        first = protocol.stages_in_order[0]
        one = stage_minutes(protocol, first)
        per_day = protocol.sessions_per_day
        parts = [f"{about_minutes(stage_minutes(protocol, s))} of “{STAGE_TITLES[s]}”"
                 for s in protocol.stages_in_order]
        text = (f"One session now: {parts[0]}. {counted(per_day, 'session')} a day, "
                f"{about_minutes(one * per_day)} in all.")
        if len(parts) > 1:
            text += " Later stages: " + "; ".join(parts[1:]) + "."
        self.summary_label.setText(text)
