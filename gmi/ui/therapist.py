"""The therapist's area, behind a PIN: programme, history, reports, and a preview
of the body part's pictures (its contact sheet, `gmi.app.preview`).

The programme is edited as its TOML file with live validation (every error
names the field) and a preview of what a session will be; stages can be
opened early. History draws the same trend charts as the PDF report.
History and the pictures are built off the GUI thread (`gmi.app.history`,
`gmi.app.preview`, through the screen's job runner); the screen says so
meanwhile and shows the result.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase, QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.history import HistoryPicture, HistoryQuery, ReportSaved
from gmi.app.jobs import JobResult, Progress
from gmi.app.preview import SheetPicture, preview_sheet
from gmi.model.plan import about_minutes, stage_minutes
from gmi.model.presets import presets
from gmi.model.protocol import Protocol, ProtocolError, parse_protocol, protocol_to_toml
from gmi.model.protocol_diff import describe_changes
from gmi.model.stages import STAGE_ORDER, STAGE_TITLES, STAGES_FOR
from gmi.model.words import counted
from gmi.report.export import ExportRange, rows, sessions_in, to_csv, to_json
from gmi.store import DataStore, StoreError
from gmi.store.files import write_atomic
from gmi.store.profiles import Profile
from gmi.store.protocols import CUSTOM, active_protocol, apply_protocol
from gmi.ui.clinic import ClinicOverview
from gmi.ui.jobs import gui_runner
from gmi.ui.pin_lock import PinLock
from gmi.ui.programme_form import ProgrammeForm
from gmi.ui.widgets import card, label, scroll_page


def preview(protocol: Protocol) -> str:
    """What a day under `protocol` will be, in a few words."""
    stages = ", ".join(STAGE_TITLES[s] for s in protocol.stages_in_order)
    first = protocol.stages_in_order[0]
    return (f"Stages in order: {stages}. Now: {STAGE_TITLES[first]} "
            f"({about_minutes(stage_minutes(protocol, first))} a session), "
            f"{counted(protocol.sessions_per_day, 'session')} a day.")


class TherapistScreen(QWidget):
    changed = Signal()  # the programme changed: Home must refresh
    patient_chosen = Signal(object)  # a Profile opened from the overview of all patients

    def __init__(self, store: DataStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.profile: Profile | None = None
        self.history = HistoryQuery(store)
        self.jobs = gui_runner(self, "gmi-therapist")
        self._saved_text = ""  # the programme as saved for the person shown
        self.pages = QStackedWidget()
        self.pin_lock = PinLock(store)
        self.pin_lock.opened.connect(self._open_area)
        self.area = QTabWidget()
        self.area.addTab(scroll_page(self._build_programme()), "Programme")
        self.area.addTab(self._build_history(), "History")
        self.area.addTab(self._build_reports(), "Reports")
        self.clinic = ClinicOverview(store)
        self.clinic.open_patient.connect(self.open_patient)
        self.area.addTab(self.clinic, "All patients")
        self.area.addTab(self._build_pictures(), "Preview pictures")
        self.area.currentChanged.connect(self._tab_changed)
        self.pages.addWidget(self.pin_lock)
        self.pages.addWidget(self.area)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    # -- the lock -------------------------------------------------------------------
    @property
    def pin_edit(self) -> QLineEdit:
        return self.pin_lock.pin_edit

    @property
    def pin_error(self) -> QLabel:
        return self.pin_lock.pin_error

    def lock(self) -> None:
        self.pin_lock.show_lock()
        self.pages.setCurrentWidget(self.pin_lock)

    def unlock(self) -> bool:
        """The PIN typed on the lock page opens the area (see `gmi.ui.pin_lock`)."""
        return self.pin_lock.unlock()

    def _open_area(self) -> None:
        self.pages.setCurrentWidget(self.area)
        self.load_programme()
        self._prepare_history()
        if self.area.currentWidget() is self.clinic:
            self.clinic.refresh()  # the tab is shown already: no change signal comes
        elif self.profile is None or len(self.store.profiles.list()[0]) > 1:
            self.area.setCurrentWidget(self.clinic)  # a clinic machine: everyone first

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.refresh_history()
        elif self.area.widget(index) is self.clinic:
            self.clinic.refresh()
        elif self.area.widget(index) is self.pictures_area:
            self.refresh_pictures()

    def open_patient(self, profile_id: str) -> None:
        """From the overview: this patient's history (the screen stays unlocked)."""
        profile = self.store.profiles.get(profile_id)
        if profile is None:
            return
        if self.profile is not None and profile.id != self.profile.id and self.unsaved:
            self.clinic.status.setText(
                f"The programme for {self.profile.display_name} has changes that are not "
                "saved. Save them under Programme (or choose the programme again to undo "
                "them), then open another patient.")
            return
        self.profile = profile
        self.load_programme()
        self.area.setCurrentIndex(1)
        self.patient_chosen.emit(profile)

    @property
    def unsaved(self) -> bool:
        """The programme editor holds changes not saved for the person shown."""
        return self.editor.toPlainText() != self._saved_text

    # -- programme -------------------------------------------------------------------
    def _build_programme(self) -> QWidget:
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(24, 16, 24, 16)
        self.who_label = label("", "subtitle")
        box.addWidget(self.who_label)
        row = QHBoxLayout()
        row.addWidget(label("Programme:", "muted", wrap=False))
        self.preset_combo = QComboBox()
        self.preset_combo.activated.connect(self._preset_chosen)
        row.addWidget(self.preset_combo, 1)
        box.addLayout(row)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setAccessibleName("Protocol file")
        self.editor.setMinimumHeight(200)
        self.editor.textChanged.connect(self.validate)
        self.form = ProgrammeForm()
        self.form.edited.connect(self._form_edited)
        self.form.invalid.connect(self._form_invalid)
        self._syncing = False  # the form is writing the TOML: do not reload the form
        self.programme_tabs = QTabWidget()
        self.programme_tabs.addTab(self.form, "Form")  # the whole tab scrolls, not the form
        self.programme_tabs.addTab(self.editor, "Advanced (TOML file)")
        box.addWidget(self.programme_tabs, 1)
        self.validation_label = label("", "muted")
        box.addWidget(self.validation_label)
        self.preview_label = label("", "muted")
        box.addWidget(self.preview_label)
        overrides, obox = card()
        obox.addWidget(label("Open a stage early (overrides the criteria)", "muted"))
        self.override_boxes: dict[str, QCheckBox] = {}
        orow = QHBoxLayout()
        for stage in STAGE_ORDER[1:]:
            check = QCheckBox(STAGE_TITLES[stage])
            self.override_boxes[stage] = check
            orow.addWidget(check)
        obox.addLayout(orow)
        box.addWidget(overrides)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save for this person")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save_programme)
        self.import_button = QPushButton("Import file…")
        self.import_button.clicked.connect(self.import_file)
        self.export_button = QPushButton("Export file…")
        self.export_button.clicked.connect(self.export_file)
        self.pictures_button = QPushButton("Preview pictures")
        self.pictures_button.setToolTip("Every posture and view of this body part, as the "
                                        "patient will see them")
        self.pictures_button.clicked.connect(
            lambda: self.area.setCurrentWidget(self.pictures_area))
        self.lock_button = QPushButton("Lock")
        self.lock_button.clicked.connect(self.lock)
        # Two rows: in one, five buttons do not fit 1366 pixels at the largest text.
        files = QHBoxLayout()
        for button in (self.save_button, self.pictures_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.import_button, self.export_button):
            files.addWidget(button)
        files.addStretch(1)
        files.addWidget(self.lock_button)
        # The words scroll at large text sizes; the buttons stay in view below them.
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll_page(content), 1)
        buttons.setContentsMargins(24, 4, 24, 0)
        files.setContentsMargins(24, 4, 24, 12)
        column.addLayout(buttons)
        column.addLayout(files)
        return page

    def set_profile(self, profile: Profile | None) -> None:
        self.profile = profile
        self.lock()

    def load_programme(self) -> None:
        if self.profile is None:
            self.who_label.setText("Choose who is practising first.")
            self.editor.setPlainText("")
            self._saved_text = ""
            return
        p = self.profile
        self.who_label.setText(f"{p.display_name} · {p.affected_side} {p.body_part}")
        self.preset_combo.clear()
        for preset in presets().values():
            if preset.body_part == p.body_part:
                self.preset_combo.addItem(preset.title, preset.id)
        self.preset_combo.addItem("Edited for this person", CUSTOM)
        current = active_protocol(self.store.layout, p)
        index = self.preset_combo.findData(CUSTOM if p.protocol == CUSTOM else current.id)
        self.preset_combo.setCurrentIndex(max(0, index))
        self.editor.setPlainText(protocol_to_toml(current))
        self._saved_text = self.editor.toPlainText()
        for stage, check in self.override_boxes.items():
            check.setChecked(stage in p.unlocked)
            check.setVisible(stage in STAGES_FOR[p.body_part])  # no hand-only stage for a foot

    def _form_edited(self, protocol: Protocol) -> None:
        """The form changed a value: the TOML view follows (the Advanced tab stays in sync)."""
        self._syncing = True
        try:
            self.editor.setPlainText(protocol_to_toml(protocol))
        finally:
            self._syncing = False
        if self.preset_combo.currentData() != CUSTOM:
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(CUSTOM))

    def _form_invalid(self, problem: str) -> None:
        """A field in the form is refused: nothing is saved until it is fixed."""
        self.save_button.setEnabled(False)
        self.validation_label.setText(f"Not saved yet: {problem}")
        self.validation_label.setObjectName("error")
        self._repolish(self.validation_label)

    def _preset_chosen(self) -> None:
        chosen = self.preset_combo.currentData()
        if chosen != CUSTOM:
            self.editor.setPlainText(protocol_to_toml(presets()[chosen]))

    def validate(self) -> Protocol | None:
        """Live: parse the editor's text; say what is wrong, or preview the day."""
        try:
            protocol = parse_protocol(self.editor.toPlainText(), "This protocol")
        except ProtocolError as exc:
            self.validation_label.setText(str(exc))
            self.validation_label.setObjectName("error")
            self.preview_label.setText("")
            self.save_button.setEnabled(False)
            self._repolish(self.validation_label)
            return None
        problem = ""
        if self.profile is not None and protocol.body_part != self.profile.body_part:
            problem = (f"This is a {protocol.body_part} protocol; "
                       f"{self.profile.display_name} practises with a {self.profile.body_part}.")
        if not problem and not self._syncing:
            self.form.load(protocol)  # typed in the Advanced tab: the form follows
        self.validation_label.setText(problem or "The protocol is valid.")
        self.validation_label.setObjectName("error" if problem else "ok")
        self._repolish(self.validation_label)
        self.preview_label.setText("" if problem else preview(protocol))
        self.save_button.setEnabled(not problem and self.profile is not None)
        return None if problem else protocol

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def save_programme(self) -> bool:
        protocol = self.validate()
        if protocol is None or self.profile is None:
            return False
        unlocked = [s for s, c in self.override_boxes.items()
                    if c.isChecked() and s in STAGES_FOR[self.profile.body_part]]
        try:
            updated = apply_protocol(self.store.layout, self.store.profiles, self.profile,
                                     protocol, unlocked,  # type: ignore[arg-type]
                                     how="programme edited")
        except StoreError as exc:
            self.validation_label.setText(f"Could not save: {exc.message}")
            return False
        self.profile = updated
        self.validation_label.setText("Saved. Home shows the new programme.")
        self._saved_text = self.editor.toPlainText()
        self.changed.emit()
        return True

    def import_file(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import a protocol", "",
                                                  "Protocols (*.toml)")
        if not path:
            return
        try:
            self.editor.setPlainText(Path(path).read_text("utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            self.validation_label.setText(f"{path} could not be read ({exc}).")
            return
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(CUSTOM))
        protocol = self.validate()
        if protocol is not None and self.profile is not None:
            changes = describe_changes(active_protocol(self.store.layout, self.profile),
                                       protocol)
            words = ("Compared with the current programme:\n" + "\n".join(
                f"•  {line}" for line in changes)) if changes else (
                "The same as the current programme.")
            self.preview_label.setText(f"{self.preview_label.text()}\n{words}")

    def export_file(self, path: str | None = None) -> None:
        protocol = self.validate()
        if protocol is None:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the protocol",
                                                  f"{protocol.id}.toml", "Protocols (*.toml)")
        if path:
            Path(path).write_text(protocol_to_toml(protocol), encoding="utf-8")
            self.validation_label.setText(f"Exported to {path}.")

    # -- history -------------------------------------------------------------------
    def _build_history(self) -> QWidget:
        page = QWidget()
        self.history_box = QVBoxLayout(page)
        self.history_summary = label("", "muted")
        self.history_box.addWidget(self.history_summary)
        self.history_chart = QLabel()
        self.history_chart.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.history_chart.setAccessibleName("Trend charts")
        self.history_box.addWidget(self.history_chart)
        self.history_box.addStretch(1)
        self.history_picture: HistoryPicture | None = None  # the one shown
        self.history_area = scroll_page(page)
        for widget in (self.history_summary, self.history_chart):
            widget.installEventFilter(self)  # the wheel scrolls the page over any of it
        return self.history_area

    def eventFilter(self, watched, event) -> bool:
        """A wheel over the history's words or charts scrolls the page, wherever it is."""
        if (event.type() == QEvent.Type.Wheel
                and watched in (self.history_summary, self.history_chart)):
            QApplication.sendEvent(self.history_area.viewport(), event)
            return True
        return super().eventFilter(watched, event)

    def _prepare_history(self) -> None:
        """Read the person's journals on a worker now, so History opens quickly later."""
        if self.profile is not None:
            profile, query = self.profile, self.history
            self.jobs.submit(lambda _progress: query.prepare(profile),
                             newest_only="prepare", name="history-prepare")

    def refresh_history(self) -> None:
        """Build the history on a worker; a newer request replaces an older one."""
        if self.profile is None:
            return
        profile, query = self.profile, self.history
        width = max(700, self.area.width() - 80)
        scale = self.devicePixelRatioF()
        self.history_summary.setText(f"Preparing the history of {profile.display_name}…")
        self.history_chart.setEnabled(False)  # the old charts, greyed, until the new ones
        self.jobs.submit(lambda _progress: query.picture(profile, width, scale),
                         lambda result: self._history_ready(profile, result),
                         newest_only="history", name="history")

    def _history_ready(self, profile: Profile, result: JobResult[HistoryPicture]) -> None:
        if self.profile is None or profile.id != self.profile.id:
            return  # another patient was opened meanwhile; their history is on its way
        self.history_chart.setEnabled(True)
        if result.error is not None:
            self.history_summary.setText(f"The history could not be prepared: {result.error}")
            return
        picture = result.value
        assert picture is not None
        self.history_picture = picture
        self.history_summary.setText("\n".join(picture.summary))
        if not picture.rgba:
            self.history_chart.clear()
            return
        image = QImage(picture.rgba, picture.width, picture.height,
                       QImage.Format.Format_RGBA8888)
        pixmap = QPixmap.fromImage(image)  # a deep copy: the bytes may go
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.history_chart.setPixmap(pixmap)

    # -- preview pictures ------------------------------------------------------------
    def _build_pictures(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(16, 12, 16, 12)
        self.pictures_words = label("", "muted")
        box.addWidget(self.pictures_words)
        self.pictures_sheet = QLabel()
        self.pictures_sheet.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.pictures_sheet.setAccessibleName("Contact sheet of the pictures")
        box.addWidget(self.pictures_sheet)
        box.addStretch(1)
        self.pictures_shown: SheetPicture | None = None
        self._pictures_for: tuple[str, tuple[str, ...]] | None = None  # body part, views
        self.pictures_area = scroll_page(page)
        self.pictures_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        return self.pictures_area

    def _programme_views(self) -> tuple[str, ...]:
        """The views of the programme as edited now (saved or not)."""
        try:
            return tuple(parse_protocol(self.editor.toPlainText()).laterality.views)
        except ProtocolError:
            return ()

    def refresh_pictures(self) -> None:
        """Draw the body part's contact sheet on a worker, fitted to the tab's width."""
        if self.profile is None:
            self.pictures_words.setText("Choose who is practising first.")
            return
        part = self.profile.body_part
        width = max(600, self.pictures_area.viewport().width() - 40)
        # the sheet may scroll sideways; its words wrap within what is seen, not its width
        self.pictures_words.setMaximumWidth(self.pictures_area.viewport().width() - 32)
        views = self._programme_views()
        if self._pictures_for == (part, views):
            return  # this sheet is on screen already
        self.pictures_words.setText(f"Drawing every {part} picture…")
        self.pictures_sheet.setEnabled(False)  # an older sheet, greyed, until the new one
        self.jobs.submit(lambda _progress: preview_sheet(part, width, views),
                         lambda result: self._pictures_ready((part, views), result),
                         newest_only="pictures", name="pictures")

    def _pictures_ready(self, key: tuple[str, tuple[str, ...]],
                        result: JobResult[SheetPicture]) -> None:
        self.pictures_sheet.setEnabled(True)
        if result.error is not None:
            self.pictures_words.setText(f"The pictures could not be drawn: {result.error}")
            return
        sheet = result.value
        assert sheet is not None
        if self.profile is None or sheet.body_part != self.profile.body_part:
            return  # another patient was opened meanwhile
        self.pictures_shown = sheet
        self._pictures_for = key
        self.pictures_words.setText(sheet.words)
        image = QImage(sheet.bgr, sheet.width, sheet.height, sheet.width * 3,
                       QImage.Format.Format_BGR888)
        self.pictures_sheet.setPixmap(QPixmap.fromImage(image))  # a deep copy

    # -- reports --------------------------------------------------------------------
    def _build_reports(self) -> QWidget:
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(24, 16, 24, 16)
        row = QHBoxLayout()
        self.from_date = QDateEdit(QDate.currentDate().addDays(-28))
        self.to_date = QDateEdit(QDate.currentDate())
        for text, edit in (("From", self.from_date), ("to", self.to_date)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            row.addWidget(label(text, "muted", wrap=False))
            row.addWidget(edit)
        row.addStretch(1)
        box.addLayout(row)
        self.pseudonymise_box = QCheckBox("Show the code only, not the name")
        box.addWidget(self.pseudonymise_box)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton("Save PDF report…")
        self.pdf_button.setObjectName("primary")
        self.pdf_button.clicked.connect(lambda: self.make_report())
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.clicked.connect(lambda: self.make_export("csv"))
        self.json_button = QPushButton("Export JSON…")
        self.json_button.clicked.connect(lambda: self.make_export("json"))
        for button in (self.pdf_button, self.csv_button, self.json_button):
            buttons.addWidget(button)
        box.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()  # an empty grey bar says nothing: shown once a report is made
        box.addWidget(self.progress)
        self.report_label = label("", "muted")
        self.report_label.hide()  # likewise, until there is something to say
        box.addWidget(self.report_label)
        box.addStretch(1)
        return content

    def _span(self) -> ExportRange:
        def day(edit: QDateEdit) -> date:
            d = edit.date()
            return date(d.year(), d.month(), d.day())

        return ExportRange(day(self.from_date), day(self.to_date))

    def make_report(self, path: str | None = None) -> None:
        if self.profile is None or not self.pdf_button.isEnabled():
            return  # one report at a time
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save the report",
                                                  f"report-{self.profile.code}.pdf", "PDF (*.pdf)")
        if not path:
            return
        profile, query, target = self.profile, self.history, Path(path)
        span, hide = self._span(), self.pseudonymise_box.isChecked()
        self.pdf_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self._say("Preparing the report…")

        def write(progress: Progress) -> ReportSaved:  # on the worker: no widgets
            return query.report(profile, target, span, hide,
                                progress=lambda f: progress(round(100 * f), 100))

        self.jobs.submit(write, self._report_ready,
                         lambda done, _total, _words: self.progress.setValue(done),
                         name="pdf-report")

    def _report_ready(self, result: JobResult[ReportSaved]) -> None:
        self.pdf_button.setEnabled(True)
        if result.error is not None:
            self.progress.setValue(0)
            self.progress.hide()
            error = result.error
            words = error.message if isinstance(error, StoreError) else str(error)
            self._say(f"The report could not be saved: {words}")
            return
        saved = result.value
        assert saved is not None
        self.progress.setValue(100)
        note = "" if saved.sessions else " There were no sessions in this range."
        self._say(f"Saved {counted(saved.pages, 'page')} to {saved.path}.{note}")

    def _say(self, words: str) -> None:
        self.report_label.setText(words)
        self.report_label.show()

    def make_export(self, kind: str, path: str | None = None) -> None:
        if self.profile is None:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export", f"{self.profile.code}.{kind}")
        if not path:
            return
        span = self._span()
        journals = sessions_in(self.store.sessions(self.profile.id), span)
        hide = self.pseudonymise_box.isChecked()
        text = (to_json(self.profile, journals, hide) if kind == "json"
                else to_csv(rows(self.profile, journals, hide)))
        write_atomic(Path(path), text.encode("utf-8"))  # owner-only: health data
        self._say(f"Exported {counted(len(journals), 'session')} to {path}.")

    def shutdown(self) -> None:
        """No report, history or overview reaches the screen after this."""
        self.jobs.shutdown()
        self.clinic.shutdown()
