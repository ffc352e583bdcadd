"""The Home trail picture: clearer with practice, never gone, calm and stable."""

from __future__ import annotations

import itertools
import statistics

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage

from gmi.ui.trail import MAX_DETAILS, path_half_width, path_points, render_trail, trail_picture

W, H = 600, 200


def make_picture(qtbot, clarity: float = 0.2, steps: int = 0, description: str = "",
                 width: int = W):
    view = trail_picture(clarity, steps, description, width=width)
    qtbot.addWidget(view)
    return view


def picture(qtbot, clarity: float, steps: int = 0, width: int = W, height: int = H) -> QImage:
    image = make_picture(qtbot, clarity, steps, width=width).pixmap().toImage()
    assert (image.width(), image.height()) == (width, height)
    return image


def box_colour(image: QImage, x: float, y: float) -> tuple[float, float, float]:
    """Mean RGB of the 3x3 block around (x, y), so one blade of grass cannot decide."""
    colours = [image.pixelColor(round(x) + dx, round(y) + dy)
               for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    return (sum(c.red() for c in colours) / 9, sum(c.green() for c in colours) / 9,
            sum(c.blue() for c in colours) / 9)


def difference(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def near_path(width: int = W, height: int = H) -> list:
    """Centre points on the near part of the path, where it is wide enough to sample."""
    return [p for p in path_points(width, height) if height * 0.62 < p.y() < height * 0.97]


def path_contrast(image: QImage, width: int = W, height: int = H) -> float:
    """Median colour difference between the path's centre and the grass beside it."""
    values = []
    for point in near_path(width, height):
        reach = 3.0 * path_half_width(width, height, point.y(), 1.0)
        centre = box_colour(image, point.x(), point.y())
        for side in (-reach, reach):
            values.append(difference(centre, box_colour(image, point.x() + side, point.y())))
    return statistics.median(values)


def grass_contrast(image: QImage, width: int = W, height: int = H) -> float:
    """The same measure between two patches of grass: the picture's own texture."""
    values = []
    for point in near_path(width, height):
        half = path_half_width(width, height, point.y(), 1.0)
        for sign in (-1, 1):
            values.append(difference(box_colour(image, point.x() + sign * 3.0 * half, point.y()),
                                     box_colour(image, point.x() + sign * 4.0 * half, point.y())))
    return statistics.median(values)


def differing_pixels(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return sum(1 for y in range(0, a.height()) for x in range(0, a.width())
               if a.pixel(x, y) != b.pixel(x, y))


def test_the_path_centre_line_runs_from_the_bottom_toward_the_horizon() -> None:
    points = path_points(W, H)
    assert points[0].y() >= H * 0.97
    assert points[-1].y() < H * 0.5
    assert all(a.y() > b.y() for a, b in itertools.pairwise(points))
    assert all(0 < p.x() < W for p in points if p.y() < H)


def test_the_path_is_clearer_at_full_clarity_than_at_a_little(qtbot) -> None:
    faint = path_contrast(picture(qtbot, 0.2))
    half = path_contrast(picture(qtbot, 0.5))
    clear = path_contrast(picture(qtbot, 1.0))
    assert faint < half < clear
    assert clear > 1.8 * faint


def test_the_path_never_fades_to_nothing(qtbot) -> None:
    for width, height in ((W, H), (240, 80), (1400, 467)):
        image = picture(qtbot, 0.0, width=width, height=height)
        floor = max(12.0, 2.0 * grass_contrast(image, width, height))
        assert path_contrast(image, width, height) > floor, (width, height)


def test_the_same_state_paints_the_same_pixels(qtbot) -> None:
    first = picture(qtbot, 0.63, 7)
    second = picture(qtbot, 0.63, 7)
    assert first == second
    assert picture(qtbot, 0.64, 7) != first


def test_days_practised_add_detail_up_to_a_cap(qtbot) -> None:
    bare = picture(qtbot, 0.7, 0)
    few = picture(qtbot, 0.7, 3)
    many = picture(qtbot, 0.7, 20)
    assert 0 < differing_pixels(bare, few) < differing_pixels(bare, many)
    assert picture(qtbot, 0.7, MAX_DETAILS) == picture(qtbot, 0.7, 1000)
    assert picture(qtbot, 0.7, -4) == bare


def test_clarity_is_clamped_and_nan_is_the_faintest(qtbot) -> None:
    assert picture(qtbot, 5.0) == picture(qtbot, 1.0)
    assert picture(qtbot, -1.0) == picture(qtbot, 0.0)
    assert picture(qtbot, float("nan")) == picture(qtbot, 0.0)
    assert make_picture(qtbot, float("nan"), -3).property("clarity") == 0.0
    assert make_picture(qtbot, 2.5, 12).property("clarity") == 1.0
    assert make_picture(qtbot, float("inf"), 1).property("clarity") == 1.0


def test_a_new_state_is_a_new_picture(qtbot) -> None:
    assert picture(qtbot, 0.9, 15) != picture(qtbot, 0.1, 0)


def test_the_description_names_the_picture_for_screen_readers(qtbot) -> None:
    text = "Your trail: 9 of the last 14 days practised"
    view = make_picture(qtbot, 0.6, 9, text)
    assert view.accessibleName() == text
    assert view.toolTip() == text
    assert make_picture(qtbot).accessibleName() != ""  # never an unnamed image


def test_it_keeps_a_three_to_one_shape(qtbot) -> None:
    for width in (240, 600, 900, 1400):
        view = make_picture(qtbot, width=width)
        assert abs(view.height() - width / 3) <= 1 and view.width() == width
        assert view.pixmap().size() == view.size()


def test_it_has_rounded_corners_and_draws_at_every_width(qtbot) -> None:
    for width in (240, 260, 600, 1400):
        height = width // 3
        for dpr in (1.0, 2.0):
            image = render_trail(width, height, dpr, 0.5, 5).toImage()
            assert image.width() == round(width * dpr)
            right, bottom = image.width() - 1, image.height() - 1
            for x, y in ((0, 0), (right, 0), (0, bottom), (right, bottom)):
                assert image.pixelColor(x, y).alpha() == 0  # the card shows through
            assert image.pixelColor(image.width() // 2, image.height() // 2).alpha() == 255


def test_nothing_moves(qtbot) -> None:
    view = make_picture(qtbot, 0.5, 5)
    view.show()
    qtbot.waitExposed(view)
    assert view.findChildren(QTimer) == []
    first = view.grab().toImage()
    qtbot.wait(150)
    assert view.grab().toImage() == first


def test_a_trail_painted_before_is_read_back_not_painted_again(qtbot, tmp_path, monkeypatch
                                                               ) -> None:
    import gmi.ui.trail as trail

    painted = render_trail(480, 160, 1.0, 0.63, 12).toImage()
    calls: list[float] = []
    real = trail.render_trail
    monkeypatch.setattr(trail, "render_trail",
                        lambda *a: calls.append(a[3]) or real(*a))
    first = trail.kept_trail(tmp_path, 480, 160, 1.0, 0.63, 12).toImage()
    again = trail.kept_trail(tmp_path, 480, 160, 1.0, 0.631, 12).toImage()  # same to 0.01
    assert calls == [0.63]  # painted once, then read from the folder
    assert again == first == painted.convertToFormat(first.format())
    for n in range(6):  # a new picture a day: only the newest few are kept
        trail.kept_trail(tmp_path, 480, 160, 1.0, 0.1 * n, 12)
    assert len(list(tmp_path.glob("trail-*.png"))) == trail.KEPT_PICTURES
    unusable = tmp_path / "a-file"
    unusable.write_text("not a folder")
    assert not trail.kept_trail(unusable, 480, 160, 1.0, 0.5, 3).isNull()  # painted anyway
