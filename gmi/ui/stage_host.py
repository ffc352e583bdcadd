"""How the window runs a stage screen, whatever the stage.

A stage screen is built from a :class:`StageContext` and emits ``finished``
when the person leaves it (done or stopped); the window then refreshes Home.
Stages register a factory in :data:`STAGE_SCREENS` as they are built.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from gmi.app.stage import StageContext
from gmi.model.stages import Stage

StageFactory = Callable[[StageContext], QWidget]


def _laterality(context: StageContext) -> QWidget:
    from gmi.app.laterality import NoPictures
    from gmi.model.task_words import task_words
    from gmi.ui.laterality import LateralityScreen
    from gmi.ui.stage_message import StageMessage

    try:
        return LateralityScreen(context)
    except NoPictures as exc:  # no drawn pictures and no photos: say so, never crash
        return StageMessage(task_words(context.profile.body_part).title, str(exc))


def _imagery(context: StageContext) -> QWidget:
    from gmi.ui.imagery import ImageryScreen

    return ImageryScreen(context)


def _mirror(context: StageContext) -> QWidget:
    from gmi.ui.mirror import MirrorScreen

    return MirrorScreen(context)


def _tracking(context: StageContext) -> QWidget:
    from gmi.ui.tracking import TrackingScreen

    return TrackingScreen(context)


STAGE_SCREENS: dict[Stage, StageFactory] = {
    "laterality": _laterality, "imagery": _imagery, "mirror": _mirror, "tracking": _tracking,
}
