"""The therapist's overview of every patient on this computer.

One row per patient: last session, days practised in the last 14, current
stage, trends and the flags worth a call. Sorted by flags first, so the
people to ring are at the top; any column sorts, the search box narrows by
code or name, and Enter or a double click opens that patient's history.
The numbers come from `gmi.clinic` (a derived index); reading them
runs off the GUI thread, since the very first build on a big clinic
machine takes a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmi.app.jobs import JobResult, Progress
from gmi.clinic.overview import PatientRow, clinic_overview, search_rows, sort_rows
from gmi.model.clinic_flags import Trend, trend_reading
from gmi.model.words import counted
from gmi.store import DataStore
from gmi.ui.jobs import gui_runner
from gmi.ui.theme import NOTICE_BG
from gmi.ui.widgets import label

# (heading, sort key in gmi.clinic.overview.SORT_KEYS)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Patient", "name"),
    ("Worth a call", "flags"),
    ("Last session", "last_session"),
    ("Days practised\nlast 14", "days_14"),
    ("Stage", "stage"),
    ("Affected side\nleft/right", "affected"),
    ("Unaffected\nside", "unaffected"),
    ("Pain\nthis week", "pain"),
)
AFFECTED_COLUMN, UNAFFECTED_COLUMN, PAIN_COLUMN = 5, 6, 7
# Colours say better or worse for that measure (accuracy up is better, pain up is
# worse); the tooltip says it in words, so colour is never the only sign.
READING_BG = {"better": "#DCEFE2", "worse": "#F7DCD3"}
FLAGS_COLUMN = 1


def _last(row: PatientRow, today: date) -> str:
    if row.last_session is None:
        return "never"
    days = row.days_since if row.days_since is not None else (today - row.last_session).days
    when = {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
    shown = f"{row.last_session:%d %b}" if row.last_session.year == today.year else \
        f"{row.last_session:%d %b %Y}"
    return f"{shown.lstrip('0')} ({when})"


def _trend(trend: Trend | None, percent: bool) -> str:
    """Compact: arrow, this week, the week before; '-' when there is too little."""
    if trend is None or not trend.arrow or trend.recent is None or trend.before is None:
        return "-"
    if percent:
        return f"{trend.arrow} {trend.recent:.0%} (was {trend.before:.0%})"
    return f"{trend.arrow} {trend.recent:.1f} (was {trend.before:.1f})"


def cells(row: PatientRow, today: date) -> list[str]:
    """The row's text, column by column (also what the tests read)."""
    who = row.display_name if row.display_name == row.code or not row.code else \
        f"{row.display_name} ({row.code})"
    return [
        who,
        "\n".join(row.flags) or "-",
        _last(row, today),
        str(row.days_14),
        row.stage_title or "-",
        _trend(row.affected_trend, percent=True),
        _trend(row.unaffected_trend, percent=True),
        _trend(row.pain_trend, percent=False),
    ]


def readings(row: PatientRow) -> dict[int, str]:
    """'better' / 'worse' / 'steady' per trend column (the colour's meaning)."""
    return {AFFECTED_COLUMN: trend_reading(row.affected_trend, higher_is_better=True),
            UNAFFECTED_COLUMN: trend_reading(row.unaffected_trend, higher_is_better=True),
            PAIN_COLUMN: trend_reading(row.pain_trend, higher_is_better=False)}


READING_WORDS = {"better": "Better", "worse": "Worse", "steady": "No clear change",
                 "": "Not enough to compare"}


def tooltips(row: PatientRow) -> dict[int, str]:
    """The full words behind compact cells: what the number is, and whether the change is
    better or worse for that measure (an up arrow is better for accuracy, worse for pain)."""
    read = readings(row)
    affected = row.affected_side or "affected"
    unaffected = {"left": "right", "right": "left"}.get(row.affected_side, "unaffected")
    tips = {}
    for column, side, role, trend in (
            (AFFECTED_COLUMN, affected, "affected", row.affected_trend),
            (UNAFFECTED_COLUMN, unaffected, "unaffected", row.unaffected_trend)):
        note = trend.note if trend is not None else "no side recorded"
        tips[column] = (f"{READING_WORDS[read[column]]}. Left/right accuracy on pictures of "
                        f"the {role} ({side}) side: {note}. Up means more answers correct.")
    tips[PAIN_COLUMN] = (f"{READING_WORDS[read[PAIN_COLUMN]]}. Pain: {row.pain_trend.note}. "
                         "Up means more pain.")
    if row.problems:
        tips[1] = "Could not be read: " + "; ".join(row.problems)
    tips[0] = (f"{row.body_part} · affected side: {row.affected_side}" if row.body_part
               else "Profile details damaged")
    return tips


class ClinicOverview(QWidget):
    """Lists every patient; emits `open_patient(profile_id)`."""

    open_patient = Signal(str)
    imported = Signal()

    def __init__(self, store: DataStore, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._today = today
        self.rows: list[PatientRow] = []
        self.shown: list[PatientRow] = []
        self.sort_column = FLAGS_COLUMN  # flags first: the people to call on top
        self.descending = True
        self.jobs = gui_runner(self, "gmi-clinic")
        self._again = False
        self._first_build = False
        self.progress: tuple[int, int] = (0, 0)  # (patients read, all patients)

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(label("All patients on this computer", "subtitle"), 1)
        self.import_button = QPushButton("Import a bundle…")
        self.import_button.setToolTip("A locked file a patient sent (USB stick or e-mail)")
        self.import_button.clicked.connect(lambda: self.import_bundle())
        top.addWidget(self.import_button)
        box.addLayout(top)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by code or name")
        self.search.setAccessibleName("Search patients")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._fill())
        box.addWidget(self.search)
        self.status = label("", "muted")
        box.addWidget(self.status)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([heading for heading, _ in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self.sort_by)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Flags wrap inside a column about 30 characters wide at any text size; the
        # last column takes what is left, and a large text size scrolls sideways.
        header.setSectionResizeMode(FLAGS_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(FLAGS_COLUMN, self.fontMetrics().averageCharWidth() * 30)
        header.setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda r, _c: self._open(r))
        self.table.installEventFilter(self)
        box.addWidget(self.table, 1)

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Read every patient again (in the background); the table updates when done."""
        if self.jobs.busy:
            self._again = True
            return
        self._first_build = not self.store.layout.clinic_index_file.exists()
        self._show_progress(0, 0)
        layout, today = self.store.layout, self._today()

        def build(progress: Progress) -> list[PatientRow]:  # on the worker: no widgets
            return clinic_overview(layout, today,
                                   progress=lambda done, total: progress(done, total))

        self.jobs.submit(build, self._loaded, self._show_progress, name="clinic-overview")

    def _show_progress(self, done: int, total: int, _words: str = "") -> None:
        self.progress = (done, total)
        count = f" ({done} of {total} patients)" if total else ""
        self.status.setText(
            f"Preparing the overview for the first time; with many patients this takes a "
            f"while, once{count}…" if self._first_build else f"Reading{count}…")

    def _loaded(self, result: JobResult[list[PatientRow]]) -> None:
        if result.error is not None:
            self.status.setText(f"The overview could not be read: {result.error}")
        else:
            self.rows = result.value or []
            flagged = sum(bool(r.flags) for r in self.rows)
            problems = sum(len(r.problems) for r in self.rows)
            words = [counted(len(self.rows), "patient"),
                     f"{flagged} worth a call"]
            if problems:
                words.append(f"{problems} file(s) could not be read")
            self.status.setText(" · ".join(words) + ". Enter or double-click opens a "
                                "patient's history.")
            self._fill()
        if self._again:
            self._again = False
            self.refresh()

    def sort_by(self, column: int) -> None:
        """A second click on the same heading reverses the order."""
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column = column
            self.descending = COLUMNS[column][1] in ("flags", "last_session", "days_14")
        self._fill()

    def _fill(self) -> None:
        key = COLUMNS[self.sort_column][1]
        found = search_rows(self.rows, self.search.text())
        self.shown = sort_rows(found, key, self.descending)
        order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(self.sort_column, order)
        today = self._today()
        self.table.setRowCount(len(self.shown))
        warm = QBrush(QColor(NOTICE_BG))
        for r, row in enumerate(self.shown):
            tips = tooltips(row)
            read = readings(row)
            for c, text in enumerate(cells(row, today)):
                item = QTableWidgetItem(text)
                if read.get(c) in READING_BG:
                    item.setBackground(QBrush(QColor(READING_BG[read[c]])))
                elif row.flags:
                    item.setBackground(warm)
                if c in tips:
                    item.setToolTip(tips[c])
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.profile_id)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()

    # -- opening a patient, importing ------------------------------------------------
    def _open(self, row: int) -> None:
        if not 0 <= row < len(self.shown):
            return
        if self.shown[row].damaged:
            self.status.setText("This patient's details are damaged, so their history cannot "
                                "open here; restore them under Person. The sessions are kept.")
            return
        self.open_patient.emit(self.shown[row].profile_id)

    def eventFilter(self, watched, event) -> bool:  # Enter on a row opens it
        if (watched is self.table and isinstance(event, QKeyEvent)
                and event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._open(self.table.currentRow())
            return True
        return super().eventFilter(watched, event)

    def import_bundle(self, path: str | None = None) -> None:
        from pathlib import Path

        from gmi.bundles.format import SUFFIX
        from gmi.ui.bundle_dialogs import ImportBundleDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import a patient's bundle", "",
                                                  f"GMI bundle (*{SUFFIX})")
            if not path:
                return
        self.import_dialog = ImportBundleDialog(self.store, Path(path), self)
        self.import_dialog.imported.connect(lambda _result: self._after_import())
        self.import_dialog.open()

    def _after_import(self) -> None:
        self.refresh()
        self.imported.emit()

    def shutdown(self) -> None:
        self.jobs.shutdown()
