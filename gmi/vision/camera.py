"""Cameras behind one interface, and the capture thread that feeds the screen.

A :class:`FrameSource` gives BGR frames: a real camera (OpenCV), a video file
(looped, paced at its own frame rate) or a synthetic pattern (tests, demo,
benchmarks). :class:`CaptureThread` reads it off the GUI thread, runs the
per-frame kernel (the mirror) into one of three buffers allocated once, and
publishes only the newest: a slow screen drops stale frames, it never queues
them. A camera that fails is reopened by itself; frames are never written to
disk.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np


class CameraError(RuntimeError):
    """The camera cannot give pictures; the message is for the person."""


class FrameSource:
    """Base class: open, read frames, close."""

    name = "camera"
    width = 640
    height = 480
    fps = 30.0

    def open(self) -> None:  # pragma: no cover - trivial default
        pass

    def read(self, out: np.ndarray | None = None) -> np.ndarray | None:
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - trivial default
        pass


class _Pacer:
    """Sleeps so frames come at `fps`, like a real camera would deliver them."""

    def __init__(self, fps: float) -> None:
        self.period_ns = int(1e9 / fps)
        self.next_ns = 0

    def wait(self) -> None:
        now = time.perf_counter_ns()
        if self.next_ns == 0 or now - self.next_ns > 5 * self.period_ns:
            self.next_ns = now  # start, or fell far behind: do not burst to catch up
        delay = self.next_ns - now
        if delay > 0:
            time.sleep(delay / 1e9)
        self.next_ns += self.period_ns


class SyntheticSource(FrameSource):
    """A moving pattern with a frame counter: no camera needed.

    `outage` = (start_s, end_s) after opening, during which reading fails as
    if the camera had been unplugged (for tests of recovery).
    """

    def __init__(self, width: int = 640, height: int = 480, fps: float = 30.0,
                 paced: bool = True, outage: tuple[float, float] | None = None) -> None:
        self.width, self.height, self.fps = width, height, fps
        self.name = f"synthetic {width}x{height} at {fps:g} fps"
        self.paced = paced
        self.outage = outage
        self._pacer = _Pacer(fps)
        self._n = 0
        self._opened_ns = 0
        yy, xx = np.mgrid[0:height, 0:width]
        self._background = np.stack([
            (xx * 255 // max(1, width - 1)).astype(np.uint8),
            (yy * 255 // max(1, height - 1)).astype(np.uint8),
            np.full((height, width), 90, np.uint8)], axis=2)

    def open(self) -> None:
        if self._opened_ns == 0:
            self._opened_ns = time.perf_counter_ns()
        if self._in_outage():
            raise CameraError("The camera is not connected.")

    def _in_outage(self) -> bool:
        if self.outage is None:
            return False
        elapsed = (time.perf_counter_ns() - self._opened_ns) / 1e9
        return self.outage[0] <= elapsed < self.outage[1]

    def read(self, out: np.ndarray | None = None) -> np.ndarray | None:
        if self.paced:
            self._pacer.wait()
        if self._in_outage():
            raise CameraError("The camera stopped sending pictures.")
        frame = out if out is not None else np.empty((self.height, self.width, 3), np.uint8)
        np.copyto(frame, self._background)
        x = int((self._n * 7) % max(1, self.width - 60)) + 30
        cv2.circle(frame, (x, self.height // 2), max(8, self.height // 10), (40, 40, 220), -1)
        cv2.putText(frame, str(self._n), (10, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8,
                    (255, 255, 255), 2)
        self._n += 1
        return frame


class VideoFileSource(FrameSource):
    """A video file played at its own frame rate, looping."""

    def __init__(self, path: Path | str, loop: bool = True, paced: bool = True) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.loop = loop
        self.paced = paced
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        if not self.path.is_file():
            raise CameraError(f"The video file {self.path} was not found.")
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            raise CameraError(f"The video file {self.path} cannot be played.")
        self._cap = cap
        self.width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        self.height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self.fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
        self._pacer = _Pacer(self.fps)

    def read(self, out: np.ndarray | None = None) -> np.ndarray | None:
        if self._cap is None:
            raise CameraError("The video is not open.")
        if self.paced:
            self._pacer.wait()
        ok, frame = self._cap.read(out)
        if not ok and self.loop:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read(out)
        return frame if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class OpenCVDevice(FrameSource):
    """A webcam through OpenCV (V4L2 on Linux), MJPG where the camera offers it."""

    def __init__(self, index: int = 0, width: int = 1280, height: int = 720,
                 fps: float = 30.0, mjpg: bool = True) -> None:
        self.index = index
        self.width, self.height, self.fps = width, height, fps
        self.mjpg = mjpg
        self.name = f"camera {index}"
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        backend = cv2.CAP_V4L2 if sys.platform.startswith("linux") else cv2.CAP_ANY
        cap = cv2.VideoCapture(self.index, backend)
        if not cap.isOpened():
            cap.release()
            raise CameraError(f"No camera was found (camera {self.index}). Is it plugged in, "
                              "or is another program using it?")
        if self.mjpg:
            cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*"MJPG"))
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # newest frame, not a queue of old ones
        self.width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)) or self.width
        self.height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)) or self.height
        self.fps = cap.get(cv2.CAP_PROP_FPS) or self.fps
        self._cap = cap

    def read(self, out: np.ndarray | None = None) -> np.ndarray | None:
        if self._cap is None:
            raise CameraError("The camera is not open.")
        ok, frame = self._cap.read(out)
        if not ok:
            raise CameraError("The camera stopped sending pictures.")
        return frame

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


@dataclass(frozen=True)
class FrameInfo:
    index: int
    captured_ns: int  # perf_counter_ns right after the frame arrived


@dataclass(frozen=True)
class CaptureStats:
    state: str  # "starting", "running", "lost", "no camera", "stopped"
    fps: float
    frames: int
    dropped: int  # published but replaced before anyone took them
    errors: int
    message: str = ""


Kernel = Callable[[np.ndarray, np.ndarray], np.ndarray]


class CaptureThread:
    """Reads a FrameSource on its own thread and publishes only the newest frame.

    Three output buffers: one being written, one published, one held by the
    screen; the writer never touches the other two, so nothing tears and
    nothing is copied for the screen.
    """

    def __init__(self, source: FrameSource, kernel: Kernel | None = None,
                 on_frame: Callable[[], None] | None = None, retry_s: float = 1.0,
                 max_read_errors: int = 5,
                 tap: Callable[[np.ndarray, int, int], None] | None = None) -> None:
        self.source = source
        self.kernel = kernel
        # sees each raw (unmirrored) frame before the kernel, e.g. the hand tracker
        self.tap = tap
        self.on_frame = on_frame
        self.retry_s = retry_s
        self.max_read_errors = max_read_errors
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._buffers: list[np.ndarray] = []
        self._raw: np.ndarray | None = None
        self._info: list[FrameInfo | None] = [None, None, None]
        self._latest = -1
        self._held = -1
        self._fresh = False
        self._frames = self._dropped = self._errors = 0
        self._times: deque[int] = deque(maxlen=120)
        self._state = "starting"
        self._message = ""
        self._ever_opened = False

    # -- control ----------------------------------------------------------------
    def start(self) -> CaptureThread:
        self._thread = threading.Thread(target=self._run, name="capture", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._lock:
            self._state = "stopped"

    # -- the screen's side ------------------------------------------------------------
    def take(self) -> tuple[np.ndarray, FrameInfo] | None:
        """The newest frame, held for the caller until its next take (None before any)."""
        with self._lock:
            if self._latest < 0:
                return None
            if self._fresh:
                self._held = self._latest
                self._fresh = False
            held = self._held if self._held >= 0 else self._latest
            return self._buffers[held], self._info[held]  # type: ignore[return-value]

    def stats(self) -> CaptureStats:
        with self._lock:
            times = list(self._times)
            state, message = self._state, self._message
            frames, dropped, errors = self._frames, self._dropped, self._errors
        fps = 0.0
        if len(times) >= 2 and times[-1] > times[0]:
            fps = (len(times) - 1) * 1e9 / (times[-1] - times[0])
        if state == "running" and times and time.perf_counter_ns() - times[-1] > 2e9:
            state, message = "lost", "No pictures from the camera for a moment."
        return CaptureStats(state, fps, frames, dropped, errors, message)

    # -- the capture thread -------------------------------------------------------------
    def _set_state(self, state: str, message: str = "") -> None:
        with self._lock:
            self._state, self._message = state, message

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.source.open()
            except CameraError as exc:
                self._set_state("lost" if self._ever_opened else "no camera", str(exc))
                self._stop.wait(self.retry_s)
                continue
            except Exception as exc:  # a broken driver must not kill the thread
                self._set_state("no camera", f"The camera could not be opened ({exc}).")
                self._stop.wait(self.retry_s)
                continue
            self._ever_opened = True
            self._set_state("running")
            self._read_until_failure()
            self.source.close()
        self.source.close()

    def _read_until_failure(self) -> None:
        errors_in_row = 0
        while not self._stop.is_set():
            target = self._free_buffer_index()
            try:
                frame = self._read_one(target)
            except CameraError as exc:
                self._count_error()
                self._set_state("lost", str(exc))
                self._stop.wait(self.retry_s)
                return
            except Exception:  # garbage from a driver counts as an error
                frame = None
            if frame is None:
                self._count_error()
                errors_in_row += 1
                if errors_in_row >= self.max_read_errors:
                    self._set_state("lost", "The camera is sending unreadable pictures.")
                    self._stop.wait(self.retry_s)
                    return
                continue
            errors_in_row = 0
            captured = time.perf_counter_ns()
            self._publish(target, captured)
            if self.tap is not None:
                raw = self._raw if self.kernel is not None else frame
                self.tap(raw, self._frames, captured)

    def _read_one(self, target: int) -> np.ndarray | None:
        shape = (self.source.height, self.source.width, 3)
        if self.kernel is None:
            buf = self._buffer(target, shape)
            frame = self.source.read(buf)
            if frame is None or frame.shape != shape or frame.dtype != np.uint8:
                return None
            if frame is not buf:
                np.copyto(buf, frame)
            return buf
        if self._raw is None or self._raw.shape != shape:
            self._raw = np.empty(shape, np.uint8)
        frame = self.source.read(self._raw)
        if frame is None or frame.shape != shape or frame.dtype != np.uint8:
            return None
        buf = self._buffer(target, shape)
        self.kernel(frame, buf)
        return buf

    def _buffer(self, index: int, shape: tuple[int, int, int]) -> np.ndarray:
        with self._lock:
            if len(self._buffers) < 3 or self._buffers[0].shape != shape:
                self._buffers = [np.empty(shape, np.uint8) for _ in range(3)]
                self._latest = self._held = -1
                self._fresh = False
            return self._buffers[index]

    def _free_buffer_index(self) -> int:
        with self._lock:
            return next(i for i in range(3) if i not in (self._latest, self._held))

    def _publish(self, index: int, captured_ns: int) -> None:
        with self._lock:
            if self._fresh:
                self._dropped += 1  # the previous frame was never shown
            self._frames += 1
            self._info[index] = FrameInfo(self._frames, captured_ns)
            self._latest = index
            self._fresh = True
            self._times.append(captured_ns)
            self._state = "running"
            self._message = ""
        notify = self.on_frame
        if notify is not None:
            try:
                notify()
            except RuntimeError:  # the screen went away between frames
                self.on_frame = None

    def _count_error(self) -> None:
        with self._lock:
            self._errors += 1


def open_source(camera_index: int | None, override: str | None = None) -> FrameSource | None:
    """The source the app should use: the chosen camera, or None for no camera.

    `override` (the GMI_CAMERA environment variable) is for demos and
    screenshots: "synthetic", "synthetic:1280x720@60" or "file:/path/video.mp4".
    """
    if override:
        kind, _, arg = override.partition(":")
        if kind == "file":
            return VideoFileSource(arg)
        if kind == "synthetic":
            size, _, fps = (arg or "640x480@30").partition("@")
            w, _, h = size.partition("x")
            return SyntheticSource(int(w), int(h), float(fps or 30))
        raise CameraError(f"GMI_CAMERA='{override}' is not understood; use 'synthetic' or "
                          "'file:PATH'.")
    if camera_index is None:
        return None
    return OpenCVDevice(camera_index)
