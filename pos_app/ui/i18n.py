"""Languages: pick one, compile its .ts to .qm when needed, install the translators.

The ``.ts`` sources live in ``resources/i18n/``. A build step (``python -m
pos_app.ui.i18n``) writes the ``.qm`` files next to them; a plain checkout
compiles the one it needs on first start into the user cache dir (keyed by the
source's hash, so an edited ``.ts`` is picked up at the next start).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont

from pos_app.base import assets
from pos_app.base.files import atomic_path

log = logging.getLogger("tessera.ui.i18n")

LANGUAGES = {"en": "English", "it": "Italiano", "ro": "Română", "ko": "한국어"}
DEFAULT = "en"
# First family the machine has wins; Hangul needs a CJK font (Noto Sans CJK KR on Linux).
_LATIN_FONTS = ["Segoe UI", "Noto Sans", "DejaVu Sans", "Helvetica Neue", "Arial"]
_KOREAN_FONTS = ["Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic",
                 "Droid Sans Fallback"]


def pick_language(option: str = "", system: str | None = None) -> str:
    """Options.language if we have it, else the OS locale's language, else English."""
    for candidate in (option, system if system is not None else QLocale.system().name()):
        code = (candidate or "").replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT


def locale_for(language: str) -> QLocale:
    """The OS locale when it speaks this language (keeps its country), else the language's default."""
    system = QLocale.system()
    if system.name().split("_")[0] == language:
        return system
    return QLocale(language)


def ts_file(language: str) -> Path:
    return assets.path(f"i18n/tessera_{language}.ts")


def lrelease() -> str | None:
    import PySide6

    bundled = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    if bundled.exists():
        return str(bundled)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_ts(source: Path, target: Path) -> None:
    tool = lrelease()
    if tool is None:
        raise FileNotFoundError("lrelease not found (install PySide6)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target, mode=0o644) as tmp:  # not a secret: the bundle's .qm files are world-readable
        subprocess.run([tool, "-silent", str(source), "-qm", str(tmp)], check=True, capture_output=True,
                       timeout=60)


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("tessera", appauthor=False)) / "i18n"


def qm_file(language: str) -> Path | None:
    """A compiled translation for ``language``, compiling it on first use; None if impossible."""
    source = ts_file(language)
    if not source.exists():
        return None
    built = source.with_suffix(".qm")
    if built.exists() and built.stat().st_mtime >= source.stat().st_mtime:
        return built
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cached = cache_dir() / f"tessera_{language}-{digest}.qm"
    if cached.exists():
        return cached
    try:
        compile_ts(source, cached)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("cannot compile %s: %s", source.name, exc)
        return None
    return cached


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Make ``language`` current: translators, default QLocale, a font that has its glyphs."""
    for old in getattr(app, "_tessera_translators", []):
        app.removeTranslator(old)
    QLocale.setDefault(locale_for(language))
    translators: list[QTranslator] = []
    qm = qm_file(language) if language != DEFAULT else None
    if qm is not None:
        ours = QTranslator(app)
        if ours.load(str(qm)):
            translators.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != DEFAULT:
        base = QTranslator(app)
        if base.load(f"qtbase_{language}", qt_dir):
            translators.append(base)
    for translator in translators:
        app.installTranslator(translator)
    app.setProperty("tessera_language", language)
    app._tessera_translators = translators  # type: ignore[attr-defined]
    return translators


def ui_font(language: str, point_size: int = 13) -> QFont:
    font = QFont()
    families = _KOREAN_FONTS + _LATIN_FONTS if language == "ko" else _LATIN_FONTS + _KOREAN_FONTS
    font.setFamilies(families)
    font.setPointSize(point_size)
    return font


def build_all(out_dir: Path | None = None) -> list[Path]:
    """The build step: compile every .ts next to itself (or into ``out_dir``)."""
    written = []
    for language in LANGUAGES:
        source = ts_file(language)
        if source.exists():
            target = (out_dir or source.parent) / source.with_suffix(".qm").name
            compile_ts(source, target)
            written.append(target)
    return written


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(path)
