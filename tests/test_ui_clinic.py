"""The therapist's overview of all patients, driven through real widgets."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from test_ui_shell import make_window

from gmi.bench.data import write_checkin
from gmi.bench.data import write_journal as write_session
from gmi.store import DataStore
from gmi.store.pin import hash_pin
from gmi.ui.clinic import (
    AFFECTED_COLUMN,
    FLAGS_COLUMN,
    PAIN_COLUMN,
    READING_BG,
    UNAFFECTED_COLUMN,
    ClinicOverview,
    cells,
)

TODAY = date.today()


def at(ago: int) -> datetime:
    day = TODAY - timedelta(days=ago)
    return datetime(day.year, day.month, day.day, 10).astimezone()


def clinic(store: DataStore) -> dict[str, str]:
    """Three patients: one practising well, one away for a week, one in a pain flare."""
    layout = store.layout
    ids = {}
    for code, name in (("P-1", "Ada Berg"), ("P-2", "Ben Cole"), ("P-3", "Cy Dunn")):
        ids[code] = store.profiles.create(code, "hand", "right", name=name).id
    for ago in range(14):
        write_session(layout.sessions_dir(ids["P-1"]), ids["P-1"], "imagery", at(ago))
    for ago in range(7, 14):
        write_session(layout.sessions_dir(ids["P-2"]), ids["P-2"], "mirror", at(ago))
    for ago in range(14):
        write_session(layout.sessions_dir(ids["P-3"]), ids["P-3"], "laterality", at(ago))
        write_checkin(layout, ids["P-3"], TODAY - timedelta(days=ago), 7 if ago < 7 else 3)
    return ids


def loaded(qtbot, overview: ClinicOverview) -> None:
    overview.refresh()
    qtbot.waitUntil(lambda: not overview.jobs.busy and overview.table.rowCount() > 0,
                    timeout=10_000)


def column(overview: ClinicOverview, n: int) -> list[str]:
    return [overview.table.item(r, n).text() for r in range(overview.table.rowCount())]


def test_the_people_worth_a_call_come_first(qtbot, store: DataStore) -> None:
    clinic(store)
    overview = ClinicOverview(store)
    qtbot.addWidget(overview)
    loaded(qtbot, overview)
    names = column(overview, 0)
    assert set(names[:2]) == {"Ben Cole (P-2)", "Cy Dunn (P-3)"} and names[2] == "Ada Berg (P-1)"
    flags = dict(zip(names, column(overview, FLAGS_COLUMN), strict=True))
    assert "Pain up 4.0 points this week (7.0 vs 3.0)." in flags["Cy Dunn (P-3)"]
    assert "7 days" in flags["Ben Cole (P-2)"]
    assert flags["Ada Berg (P-1)"] == "-"
    assert dict(zip(names, column(overview, 3), strict=True))["Ada Berg (P-1)"] == "14"
    pain = dict(zip(names, column(overview, PAIN_COLUMN), strict=True))["Cy Dunn (P-3)"]
    assert pain == "↑ 7.0 (was 3.0)"
    item = overview.table.item(names.index("Cy Dunn (P-3)"), PAIN_COLUMN)
    assert item.toolTip().startswith("Worse. Pain: 7.0 of 10") and "Up means more pain" in \
        item.toolTip()
    assert item.background().color().name().upper() == READING_BG["worse"].upper()
    assert "3 patients · 2 worth a call" in overview.status.text()
    assert overview.store.layout.clinic_index_file.exists()  # a derived cache, now built


def test_columns_sort_both_ways_and_search_narrows(qtbot, store: DataStore) -> None:
    clinic(store)
    overview = ClinicOverview(store)
    qtbot.addWidget(overview)
    loaded(qtbot, overview)
    overview.table.horizontalHeader().sectionClicked.emit(0)  # by name, A to Z
    assert column(overview, 0) == ["Ada Berg (P-1)", "Ben Cole (P-2)", "Cy Dunn (P-3)"]
    overview.table.horizontalHeader().sectionClicked.emit(0)  # again: Z to A
    assert column(overview, 0) == ["Cy Dunn (P-3)", "Ben Cole (P-2)", "Ada Berg (P-1)"]
    overview.table.horizontalHeader().sectionClicked.emit(3)  # most days practised first
    assert column(overview, 0)[0] in ("Ada Berg (P-1)", "Cy Dunn (P-3)")
    assert column(overview, 0)[-1] == "Ben Cole (P-2)"
    qtbot.keyClicks(overview.search, "p-2")
    assert column(overview, 0) == ["Ben Cole (P-2)"]
    overview.search.clear()
    qtbot.keyClicks(overview.search, "dunn")
    assert column(overview, 0) == ["Cy Dunn (P-3)"]


def therapist_window(qtbot, store: DataStore):
    """A clinic machine: three patients, a PIN set, Ada chosen; the Therapist area shown."""
    ids = clinic(store)
    store.save_settings(store.load_settings().model_copy(
        update={"therapist_pin": hash_pin("2468"), "active_profile_id": ids["P-1"]}))
    window = make_window(qtbot, store)
    window.show_therapist()
    return ids, window, window.therapist_screen


def test_enter_opens_the_patients_history(qtbot, store: DataStore) -> None:
    ids, window, screen = therapist_window(qtbot, store)
    screen.pin_edit.setText("2468")
    assert screen.unlock()
    assert screen.area.currentWidget() is screen.clinic  # several patients: everyone first
    overview = screen.clinic
    qtbot.waitUntil(lambda: overview.table.rowCount() == 3, timeout=10_000)
    qtbot.keyClicks(overview.search, "Ben")
    overview.table.setCurrentCell(0, 0)
    qtbot.keyClick(overview.table, Qt.Key.Key_Return)
    assert screen.area.currentIndex() == 1  # History
    assert screen.profile.id == ids["P-2"] and window.profile.id == ids["P-2"]
    assert "Ben Cole" in window.person_button.text()
    qtbot.waitUntil(lambda: "Practised on 7 days" in screen.history_summary.text(),
                    timeout=20_000)  # prepared off the GUI thread


def test_an_imported_bundle_appears_in_the_overview(qtbot, store: DataStore, tmp_path) -> None:
    from gmi.bundles.bundle import export
    from gmi.store.paths import DataRoot

    home = DataStore(DataRoot(tmp_path / "home", "command line"))
    profile = home.profiles.create("H-1", "foot", "left", name="Dee Ek")
    for ago in range(3):
        write_session(home.layout.sessions_dir(profile.id), profile.id, "laterality", at(ago))
    bundle = tmp_path / "dee.gmibundle"
    export(home, profile.id, bundle, "river stone 9", kdf_n=2**10)

    clinic(store)
    overview = ClinicOverview(store)
    qtbot.addWidget(overview)
    loaded(qtbot, overview)
    overview.import_bundle(str(bundle))
    dialog = overview.import_dialog
    dialog.passphrase.setText("river stone 9")
    dialog.start()
    qtbot.waitUntil(lambda: overview.table.rowCount() == 4, timeout=10_000)
    row = next(r for r in overview.rows if r.code == "H-1")
    assert cells(row, TODAY)[0] == "Dee Ek (H-1)" and row.days_14 == 3


def test_unlocking_again_reads_the_overview_again(qtbot, store: DataStore) -> None:
    _ids, _window, screen = therapist_window(qtbot, store)
    jobs = []
    real_submit = screen.clinic.jobs.submit
    screen.clinic.jobs.submit = lambda work, *a, **k: jobs.append(work) or real_submit(
        work, *a, **k)
    screen.pin_edit.setText("2468")
    screen.unlock()
    qtbot.waitUntil(lambda: screen.clinic.table.rowCount() == 3, timeout=10_000)
    qtbot.wait(100)
    assert len(jobs) == 1  # read once, not once per signal
    store.profiles.create("P-4", "foot", "left", name="Eve Fry")
    screen.lock()
    screen.pin_edit.setText("2468")
    screen.unlock()  # "All patients" is the current tab already: no tab-change signal
    qtbot.waitUntil(lambda: screen.clinic.table.rowCount() == 4, timeout=10_000)


def test_a_damaged_profile_is_listed_and_says_why_it_cannot_open(qtbot,
                                                                 store: DataStore) -> None:
    ids = clinic(store)
    (store.layout.profile_dir(ids["P-2"]) / "profile.json").write_text("{ not json")
    overview = ClinicOverview(store)
    qtbot.addWidget(overview)
    loaded(qtbot, overview)
    opened = []
    overview.open_patient.connect(opened.append)
    [row] = [n for n, r in enumerate(overview.shown) if r.damaged]
    assert "()" not in overview.table.item(row, 0).text()
    overview.table.setCurrentCell(row, 0)
    qtbot.keyClick(overview.table, Qt.Key.Key_Return)
    assert opened == [] and "damaged" in overview.status.text()


def test_the_first_build_says_how_far_it_is(qtbot, store: DataStore) -> None:
    clinic(store)
    overview = ClinicOverview(store)
    qtbot.addWidget(overview)
    seen = []
    overview.status.setText = lambda text, real=overview.status.setText: (
        seen.append(text), real(text))[1]
    loaded(qtbot, overview)
    assert seen[0].startswith("Preparing the overview for the first time")
    assert overview.progress == (3, 3)
    progress = [text for text in seen if "of 3 patients" in text]
    assert progress and progress[-1].startswith("Preparing the overview for the first time")
    assert "(3 of 3 patients)" in progress[-1]  # the newest count, said before the table


def test_unsaved_programme_changes_are_not_dropped_by_opening_another(qtbot,
                                                                      store: DataStore) -> None:
    ids, window, screen = therapist_window(qtbot, store)
    screen.pin_edit.setText("2468")
    screen.unlock()
    overview = screen.clinic
    qtbot.waitUntil(lambda: overview.table.rowCount() == 3, timeout=10_000)
    assert not screen.unsaved
    screen.editor.setPlainText(screen.editor.toPlainText().replace("trials = 40", "trials = 60"))
    assert screen.unsaved
    screen.open_patient(ids["P-2"])
    assert screen.profile.id == ids["P-1"] and window.profile.id == ids["P-1"]
    assert "not saved" in overview.status.text()
    assert screen.save_programme() and not screen.unsaved
    screen.open_patient(ids["P-2"])
    assert screen.profile.id == ids["P-2"] and not screen.unsaved


def test_accuracy_is_shown_per_side_and_up_reads_as_better(qtbot, store: DataStore) -> None:
    """Affected and unaffected sides apart; an up arrow is better for accuracy (green,
    'Better' in words) where for pain it is worse."""
    import random

    from gmi.bench.data import laterality_trials

    pid = store.profiles.create("S-1", "hand", "left", name="Sid").id
    rng = random.Random(2)
    for ago in range(14):
        # the left (affected) side improves this week; right stays as it was
        trials, summary = laterality_trials(rng, 0.9 if ago < 7 else 0.6, trials=40,
                                            exact=True)
        write_session(store.layout.sessions_dir(pid), pid, "laterality", at(ago), trials,
                      summary)
    overview = ClinicOverview(store)
    qtbot.addWidget(overview)
    loaded(qtbot, overview)
    row = overview.shown[0]
    assert row.affected_trend is not None and row.unaffected_trend is not None
    affected = overview.table.item(0, AFFECTED_COLUMN)
    assert affected.text().startswith("↑") and affected.toolTip().startswith("Better.")
    assert "affected (left) side" in affected.toolTip()
    assert affected.background().color().name().upper() == READING_BG["better"].upper()
    unaffected = overview.table.item(0, UNAFFECTED_COLUMN)
    assert "unaffected (right) side" in unaffected.toolTip()
