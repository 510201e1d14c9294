"""What the installer build decides without building: excludes, trimming rules, archive name, self-test.

The frozen bundle itself is built and self-tested by ``build_installer.py`` (CI runs it after the
suite); here the self-test runs in-process on the source tree. The .deb's control fields and file list
are read where ``build_installer.py`` left one in dist/ (skipped elsewhere).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

import pytest
from PySide6.QtWidgets import QApplication

import build_installer
from pos_app.ui import selftest

ROOT = Path(__file__).resolve().parents[1]


def excluded(module: str) -> bool:
    return any(module == e or module.startswith(e + ".") for e in build_installer.EXCLUDES)


@pytest.mark.parametrize("module", ["sync.server", "sync.server.app", "fastapi", "starlette", "uvicorn",
                                    "psycopg", "psycopg_binary", "pytest", "hypothesis", "mypy"])
def test_excludes_name_the_server_and_the_test_tools(module: str) -> None:
    assert excluded(module)


@pytest.mark.parametrize("module", ["QtQml", "QtQuick", "QtWebEngineCore", "Qt3DCore", "QtPdf", "QtDesigner",
                                    "QtNetwork", "QtMultimedia"])
def test_excludes_name_the_qt_modules_the_window_does_not_use(module: str) -> None:
    assert excluded(f"PySide6.{module}")


@pytest.mark.parametrize("module", ["PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "pydantic",
                                    "sync.protocol", "sync.client", "httpx", "cv2", "numpy", "sqlalchemy",
                                    "alembic", "phonenumbers", "PIL.Image", "reportlab", "zxingcpp",
                                    "pyzbar", "yaml", "escpos"])
def test_excludes_keep_what_the_terminal_imports(module: str) -> None:
    assert not excluded(module)


def test_the_self_test_passes_with_every_excluded_module_missing() -> None:
    """The bundle's view of the world: each excluded module fails to import, as it would there."""
    code = f"""
import importlib.abc, sys
EXCLUDES = {list(build_installer.EXCLUDES)!r}
class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == e or name.startswith(e + ".") for e in EXCLUDES):
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Missing())
import importlib, importlib.util, pkgutil, pos_app
for found in pkgutil.walk_packages(pos_app.__path__, "pos_app."):
    if not found.name.endswith("__main__") and ".migrations" not in found.name:
        importlib.import_module(found.name)
# What the terminal loads inside functions, on first use (scanning, PDFs, receipt printing).
for lazy in ("cv2", "pyzbar.pyzbar", "zxingcpp", "barcode", "reportlab.pdfgen.canvas", "PIL.Image",
             "escpos.printer"):
    if importlib.util.find_spec(lazy.split(".")[0]) is not None:
        importlib.import_module(lazy)
from pos_app.ui import selftest
code = selftest.main([])
loaded = sorted(m for m in sys.modules if any(m == e or m.startswith(e + ".") for e in EXCLUDES))
print("loaded-excluded:", loaded)
sys.stdout.flush()
import os; os._exit(code)  # no final garbage collection of the Qt bindings (see tests/conftest.py)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test: passed" in done.stdout
    assert "loaded-excluded: []" in done.stdout


def test_archive_name_carries_the_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert build_installer.project_version() == version
    assert (build_installer.archive_name(version, "Linux", "x86_64")
            == f"tessera-pos-{version}-linux-x86_64.tar.gz")


@pytest.mark.parametrize(("rel", "dropped"), [
    ("PySide6/Qt/translations/qtbase_it.qm", False),
    ("PySide6/Qt/translations/qt_ko.qm", False),
    ("PySide6/Qt/translations/qt_en.qm", False),
    ("PySide6/Qt/translations/qtbase_de.qm", True),
    ("PySide6/Qt/translations/qt_help_it.qm", True),
    ("PySide6/Qt/translations/qtdeclarative_it.qm", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", True),
    ("PySide6/Qt/plugins/imageformats/libqwebp.so", True),
    ("PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", False),
    ("resources/i18n/tessera_de.qm", False),
])
def test_unwanted_drops_foreign_qt_translations_and_unused_plugins(rel: str, dropped: bool) -> None:
    assert build_installer.unwanted(PurePosixPath(rel)) is dropped


@pytest.mark.parametrize(("rel", "dynamic", "allowed"), [
    ("libpython3.11.so.1.0", " 0x0f (RPATH)  Library rpath: [/root/.pyenv/versions/3.11.7/lib]", True),
    ("sqlalchemy/engine/_row_cy.so", "", True),
    ("numpy.libs/libscipy_openblas64_.so", "", False),
    ("PIL/_imaging.cpython-311-x86_64-linux-gnu.so", " 0x0f (RPATH)  Library rpath: [$ORIGIN/../pillow.libs]",
     False),
    ("numpy/_core/_multiarray_umath.so", " 0x1d (RUNPATH)  Library runpath: [$ORIGIN/../../numpy.libs]",
     False),
])
def test_strip_leaves_the_auditwheel_patched_libraries_alone(rel: str, dynamic: str, allowed: bool) -> None:
    assert build_installer.strippable(PurePosixPath(rel), dynamic) is allowed


def test_the_bundled_sample_is_a_card_barcode() -> None:
    from pos_app.core import cards

    card = selftest.decode_sample(selftest.sample_path())
    assert cards.is_valid(card)


def test_self_test_passes_in_process(qapp: QApplication, capsys: pytest.CaptureFixture[str]) -> None:
    assert selftest.main([]) == 0
    out = capsys.readouterr().out
    assert "self-test: window shown" in out
    assert "written and read back" in out
    assert out.rstrip().endswith("self-test: passed")


@pytest.mark.parametrize(("content", "reason"), [
    (None, "no such file"),
    (b"not an image at all", "not an image"),
])
def test_self_test_fails_on_a_broken_sample_with_one_line(qapp: QApplication, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          content: bytes | None, reason: str) -> None:
    sample = tmp_path / "card.png"
    if content is not None:
        sample.write_bytes(content)
    assert selftest.main(["--sample", str(sample)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("self-test failed: sample card: ")
    assert str(sample) in err[0] and reason in err[0]


def test_self_test_fails_on_a_blank_image(qapp: QApplication, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import cv2
    import numpy as np

    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((120, 300), 255, np.uint8))
    assert selftest.main(["--sample", str(blank)]) == 1
    assert "no card barcode found" in capsys.readouterr().err


@pytest.mark.parametrize(("version", "debian"), [
    ("0.1.0", "0.1.0"), ("1.2.0rc1", "1.2.0~rc1"), ("1.2.0a2", "1.2.0~a2"), ("1.2.0.dev3", "1.2.0~dev3"),
])
def test_deb_name_carries_the_version_as_debian_orders_it(version: str, debian: str) -> None:
    assert build_installer.deb_name(version, "x86_64") == f"tessera-pos_{debian}_amd64.deb"


@pytest.mark.parametrize("zbar_bundled", [True, False])
def test_deb_control_depends_on_zbar_only_when_the_bundle_lacks_it(zbar_bundled: bool) -> None:
    control = build_installer.deb_control("0.1.0", "amd64", 400_000, glibc="2.36", zbar_bundled=zbar_bundled)
    fields = dict(line.split(": ", 1) for line in control.splitlines() if not line.startswith(" "))
    depends = fields["Depends"].split(", ")
    assert depends[0] == "libc6 (>= 2.36)"
    assert {"libgl1", "libegl1", "libxcb1", "libfontconfig1"} <= set(depends)
    assert ("libzbar0" in depends) is not zbar_bundled
    assert control.endswith("\n") and fields["Installed-Size"] == "400000"


def built_deb() -> Path:
    """The .deb of this version, where ``build_installer.py`` built it (else the test is skipped)."""
    deb = build_installer.DIST / build_installer.deb_name(build_installer.project_version())
    if not deb.exists() or shutil.which("dpkg-deb") is None:
        pytest.skip(f"no {deb.name} in dist/ (built by build_installer.py where dpkg-deb is found)")
    return deb


def test_the_built_deb_has_its_control_fields() -> None:
    deb = built_deb()
    info = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(re.findall(r"^ ([A-Za-z-]+): (.*)$", info, re.MULTILINE))
    assert fields["Package"] == "tessera-pos"
    assert fields["Version"] == build_installer.deb_version(build_installer.project_version())
    assert fields["Architecture"] == build_installer.deb_arch()
    assert fields["Maintainer"] and fields["Description"]
    depends = fields["Depends"].split(", ")
    assert depends[0].startswith("libc6 (>= 2.")
    assert {"libgl1", "libegl1", "libxcb1", "libfontconfig1"} <= set(depends)
    assert int(fields["Installed-Size"]) * 1024 >= build_installer.tree_size(build_installer.BUNDLE) * 0.9


def test_the_built_deb_installs_the_bundle_under_opt_with_a_link_and_a_desktop_entry() -> None:
    deb = built_deb()
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    entries = {}
    for line in listing.splitlines():
        mode, owner, _size, _day, _time, name = line.split(None, 5)
        entries[name.split(" -> ")[0]] = (mode, owner, name)
    assert {owner for _mode, owner, _name in entries.values()} == {"root/root"}
    assert entries["./opt/tessera-pos/tessera-pos"][0] == "-rwxr-xr-x"
    assert entries["./usr/bin/tessera-pos"][0].startswith("l")
    assert entries["./usr/bin/tessera-pos"][2].endswith(" -> /opt/tessera-pos/tessera-pos")
    assert entries["./usr/share/applications/tessera-pos.desktop"][0] == "-rw-r--r--"
    assert "./opt/tessera-pos/_internal/resources/sample_card.png" in entries
    assert any(n.startswith("./opt/tessera-pos/_internal/libpython3") for n in entries)
    assert "./opt/tessera-pos/install.sh" not in entries
    outside = [n for n in entries
               if n not in ("./", "./opt/") and not n.startswith(("./opt/tessera-pos/", "./usr/"))]
    assert not outside
