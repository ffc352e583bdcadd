"""The bundle dialogs: export on the patient's computer, import on the clinic's."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from test_ui_shell import make_window

from gmi.bench.data import simple_trials, write_journal
from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.ui.bundle_dialogs import ExportBundleDialog, ImportBundleDialog


def practised(store: DataStore, days: int = 3):
    profile = store.profiles.create("P-9", "hand", "right", name="Cora Lind")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 11, 1, 9).astimezone()
    for n in range(days):
        write_journal(folder, profile.id, "laterality", start + timedelta(days=n),
                      simple_trials(1), headline="done")
    return profile


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_settings_sends_a_bundle_the_clinic_imports(qtbot, store: DataStore, tmp_path) -> None:
    profile = practised(store)
    window = make_window(qtbot, store)
    window.show_settings()
    window.settings_screen.send_button.click()
    dialog: ExportBundleDialog = window.settings_screen.send_dialog
    assert dialog.isVisible() and not dialog.photos_box.isEnabled()
    dialog.passphrase.setText("blue kettle 42")
    dialog.again.setText("blue kettle 4")
    assert not dialog.save(str(tmp_path / "x.gmibundle"))
    assert "not the same" in dialog.status.text()
    dialog.again.setText("blue kettle 42")
    dialog.code_box.setChecked(True)
    bundle = tmp_path / "cora.gmibundle"
    assert dialog.save(str(bundle))
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)
    assert dialog.summary.sessions == 3 and dialog.summary.pseudonymised
    assert "Saved" in dialog.status.text() and "3 sessions, 0 check-ins" in dialog.status.text()

    clinic = DataStore(DataRoot(tmp_path / "clinic", "command line"))
    importer = ImportBundleDialog(clinic, bundle)
    qtbot.addWidget(importer)
    importer.passphrase.setText("blue kettle 41")
    before = snapshot(clinic.root.path)
    importer.start()
    qtbot.waitUntil(lambda: importer.import_button.isEnabled(), timeout=10_000)
    assert "passphrase does not open this bundle" in importer.status.text()
    assert snapshot(clinic.root.path) == before
    importer.passphrase.setText("blue kettle 42")
    importer.start()
    qtbot.waitUntil(lambda: importer.result_ is not None, timeout=10_000)
    assert "Added 3 sessions." in importer.status.text()
    assert not importer.start()  # Enter again after success: nothing runs twice
    assert "Added 3 sessions." in importer.status.text()
    [copy] = clinic.profiles.list()[0]
    assert copy.id == profile.id and copy.name == "" and copy.code == "P-9"
    assert len(clinic.sessions(profile.id).list()) == 3


def test_a_short_passphrase_is_refused_before_anything_is_written(qtbot, store: DataStore,
                                                                  tmp_path) -> None:
    profile = practised(store, days=1)
    dialog = ExportBundleDialog(store, profile)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("short")
    dialog.again.setText("short")
    assert not dialog.save(str(tmp_path / "x.gmibundle"))
    assert "at least 8 characters" in dialog.status.text()
    assert not (tmp_path / "x.gmibundle").exists()


def test_a_dialog_stays_open_while_its_job_runs(qtbot, store: DataStore, tmp_path) -> None:
    import threading

    profile = practised(store, days=1)
    dialog = ExportBundleDialog(store, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    gate = threading.Event()
    dialog.jobs.submit(lambda _progress: gate.wait(10))  # a job that waits for us
    dialog.reject()
    assert dialog.isVisible()  # the result must be seen, so no closing mid-way
    assert not dialog.save(str(tmp_path / "x.gmibundle"))  # and no second job
    gate.set()
    qtbot.waitUntil(lambda: not dialog.jobs.busy, timeout=5000)
    dialog.reject()
    assert not dialog.isVisible()
