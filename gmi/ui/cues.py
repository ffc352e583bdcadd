"""A soft chime and an optional spoken prompt, where this computer can do them.

Qt's multimedia and speech modules need system sound libraries that some
machines lack; then cues are silently off (the screen shows every prompt in
words anyway). Nothing here ever raises into a practice session.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QUrl

from gmi.resources import asset


class Cues(QObject):
    def __init__(self, chime: bool = True, speech: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effect = None
        self._speech = None
        if chime:
            with contextlib.suppress(Exception):  # no QtMultimedia or no sound system
                from PySide6.QtMultimedia import QSoundEffect

                self._effect = QSoundEffect(self)
                self._effect.setSource(QUrl.fromLocalFile(str(asset("sounds", "chime.wav"))))
                self._effect.setVolume(0.35)
        if speech:
            with contextlib.suppress(Exception):  # no QtTextToSpeech or no engine
                from PySide6.QtTextToSpeech import QTextToSpeech

                self._speech = QTextToSpeech(self)

    @property
    def can_chime(self) -> bool:
        return self._effect is not None

    @property
    def can_speak(self) -> bool:
        return self._speech is not None

    def chime(self) -> None:
        if self._effect is not None:
            with contextlib.suppress(Exception):
                self._effect.play()

    def say(self, text: str) -> None:
        if self._speech is not None:
            with contextlib.suppress(Exception):
                self._speech.say(text)
