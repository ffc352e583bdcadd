"""Calm, readable look: warm paper background, one quiet accent colour.

Text size is a setting for people with tired eyes or pain-related fatigue;
every size in the style sheet derives from one base point size, so the whole
app scales together and layouts reflow instead of clipping.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from gmi.model.text_size import TextSize
from gmi.resources import asset

BASE_POINTS: dict[TextSize, int] = {"normal": 11, "large": 13, "larger": 15, "largest": 18}
TEXT_SIZE_LABELS: dict[TextSize, str] = {
    "normal": "Normal", "large": "Large", "larger": "Larger", "largest": "Largest",
}

PAPER = "#F6F3EE"
CARD = "#FFFFFF"
LINE = "#E2DBD0"
INK = "#2E3A3F"
MUTED = "#56636A"
ACCENT = "#2F6F62"
ACCENT_DARK = "#24574D"
ACCENT_SOFT = "#E4EFEB"
FOCUS = "#D98E32"
NOTICE_BG = "#FFF5E1"
NOTICE_LINE = "#E6C37A"


def icon_path(name: str) -> str:
    """A file path Qt can load for an icon under assets/icons/."""
    return str(asset("icons", name)).replace("\\", "/")


def style_sheet(points: int) -> str:
    big = round(points * 1.9)
    mid = round(points * 1.35)
    small = max(9, round(points * 0.9))
    pad = round(points * 0.7)
    return f"""
    QWidget {{ color: {INK}; font-size: {points}pt; }}
    QMainWindow, QDialog, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
        background: {PAPER};
    }}
    QLabel#title {{ font-size: {big}pt; font-weight: 600; }}
    QLabel#subtitle {{ font-size: {mid}pt; font-weight: 600; }}
    QLabel#muted {{ color: {MUTED}; }}
    QLabel#small {{ color: {MUTED}; font-size: {small}pt; }}
    QLabel#win {{
        font-size: {mid}pt; color: {ACCENT_DARK}; background: {ACCENT_SOFT};
        border: 1px solid #BFD8CF; border-radius: 10px; padding: {pad}px;
    }}
    QLabel#brand {{ font-size: {mid}pt; font-weight: 600; color: {ACCENT_DARK}; }}
    QFrame#card {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 12px; }}
    QFrame#card[state="off"] {{ background: #FBF9F6; }}
    QFrame#card[state="done"] {{ background: {ACCENT_SOFT}; border-color: #BFD8CF; }}
    QFrame#card QLabel {{ background: transparent; }}
    QFrame#topbar {{ background: {CARD}; border-bottom: 1px solid {LINE}; }}
    QFrame#notice {{
        background: {NOTICE_BG}; border: 1px solid {NOTICE_LINE}; border-radius: 10px;
    }}
    QFrame#notice QLabel {{ background: transparent; }}
    QPushButton {{
        background: {CARD}; border: 1px solid #CFC6B8; border-radius: 10px;
        padding: {pad // 2}px {pad}px; min-height: {round(points * 2.2)}px;
    }}
    QPushButton:hover {{ background: #F1ECE4; }}
    QPushButton:focus {{ border: 3px solid {FOCUS}; }}
    QPushButton:disabled {{ color: #9AA3A7; background: #F3F0EA; }}
    QPushButton#primary {{
        background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK};
        font-weight: 600; font-size: {mid}pt; padding: {pad}px {pad * 2}px;
    }}
    QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
    QPushButton#primary:focus {{ border: 3px solid {FOCUS}; }}
    QPushButton#primary:disabled {{ background: #A9C3BC; color: #F4F8F7; border-color: #A9C3BC; }}
    QPushButton:checked {{
        background: {ACCENT}; color: white; border: 2px solid {ACCENT_DARK};
    }}
    QSlider::groove:horizontal {{ height: 6px; background: #E2DBD0; border-radius: 3px; }}
    QSlider::sub-page:horizontal {{ background: {ACCENT}; border-radius: 3px; }}
    QSlider::handle:horizontal {{
        background: white; border: 2px solid {ACCENT}; width: {round(points * 1.6)}px;
        margin: -{round(points * 0.55)}px 0; border-radius: {round(points * 0.8)}px;
    }}
    QSlider:focus {{ border: 2px solid {FOCUS}; border-radius: 6px; }}
    QProgressBar {{ background: #E9E3D9; border: none; border-radius: 4px; }}
    QProgressBar::chunk {{ background: {ACCENT}; border-radius: 4px; }}
    QTabWidget::pane {{ border: none; background: {PAPER}; }}
    QTabBar::tab {{
        background: transparent; color: {MUTED}; padding: {pad // 2}px {pad}px;
        border: none; border-bottom: 3px solid transparent;
    }}
    QTabBar::tab:selected {{ color: {ACCENT_DARK}; border-bottom: 3px solid {ACCENT}; }}
    QTabBar::tab:focus {{ background: #FBEBD5; }}
    QPlainTextEdit {{ background: {CARD}; border: 1px solid #CFC6B8; border-radius: 8px; }}
    QPlainTextEdit:focus {{ border: 3px solid {FOCUS}; }}
    QPushButton#nav {{ border: none; background: transparent; color: {MUTED}; }}
    QPushButton#nav:hover {{ background: #F1ECE4; }}
    QPushButton#nav:checked {{ color: {ACCENT_DARK}; background: {ACCENT_SOFT}; }}
    QPushButton#nav:focus {{ border: 3px solid {FOCUS}; }}
    QPushButton#person {{ text-align: left; padding: {pad}px; }}
    QLineEdit, QComboBox, QTimeEdit {{
        background: {CARD}; border: 1px solid #CFC6B8; border-radius: 8px;
        padding: {pad // 2}px; min-height: {round(points * 2)}px;
    }}
    QComboBox::drop-down {{
        subcontrol-origin: padding; subcontrol-position: center right;
        width: {round(points * 2.2)}px; border: none;
    }}
    QTimeEdit::up-button, QTimeEdit::down-button {{
        subcontrol-origin: border; width: {round(points * 2)}px; border: none;
        background: transparent;
    }}
    QTimeEdit::up-button {{ subcontrol-position: top right; }}
    QTimeEdit::down-button {{ subcontrol-position: bottom right; }}
    QTimeEdit::up-arrow {{
        image: url("{icon_path("chevron-up.svg")}");
        width: {round(points * 1.1)}px; height: {round(points * 1.1)}px;
    }}
    QTimeEdit::down-arrow {{
        image: url("{icon_path("chevron-down.svg")}");
        width: {round(points * 1.1)}px; height: {round(points * 1.1)}px;
    }}
    QComboBox::down-arrow {{
        image: url("{icon_path("chevron-down.svg")}");
        width: {round(points * 1.3)}px; height: {round(points * 1.3)}px;
    }}
    QRadioButton::indicator, QCheckBox::indicator {{
        width: {round(points * 1.4)}px; height: {round(points * 1.4)}px;
    }}
    QLineEdit:focus, QComboBox:focus, QTimeEdit:focus {{ border: 3px solid {FOCUS}; }}
    QRadioButton, QCheckBox {{ spacing: {pad}px; padding: 4px; }}
    QRadioButton:focus, QCheckBox:focus {{ background: #FBEBD5; border-radius: 6px; }}
    QLabel#error {{ color: #9A3B2E; }}
    QLabel#ok {{ color: {ACCENT_DARK}; }}
    """


def apply_theme(app: QApplication, text_size: TextSize) -> None:
    points = BASE_POINTS[text_size]
    font = QFont(app.font())
    font.setPointSize(points)
    app.setFont(font)
    app.setStyleSheet(style_sheet(points))


def repolish(widget) -> None:
    """Re-apply the style after a dynamic property (e.g. card state) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def apply_text_size(text_size: TextSize) -> None:
    """The chosen text size, for the whole running application."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, text_size)
