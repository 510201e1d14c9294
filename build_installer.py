"""Build the field installer of the terminal with PyInstaller, then smoke-test the bundle.

    python build_installer.py              # build dist/tessera-pos/ and the .tar.gz, then smoke-test it
    python build_installer.py --smoke-only # test an existing build

The archive ``dist/tessera-pos-VERSION-linux-x86_64.tar.gz`` unpacks to ``tessera-pos/`` with
``install.sh``: a technician runs ``sudo ./install.sh`` to put the terminal in /opt/tessera-pos, link
``/usr/local/bin/tessera-pos`` and add a desktop entry. Where ``dpkg-deb`` is found, the same bundle is
also packaged as ``dist/tessera-pos_VERSION_amd64.deb`` (``/opt/tessera-pos``, ``/usr/bin/tessera-pos``,
the desktop entry; ``Depends`` on the few system libraries the bundle does not carry).

Small bundle: the terminal's bundle leaves out what only the server, the tests or other Qt
programs use (``EXCLUDES``), then drops the collected files the terminal never loads (``unwanted``:
Qt translations of languages we do not ship, Qt plugins for networking, SQL, QML) and strips the
symbols of the binaries that can take it (``strippable``: not the auditwheel-patched libraries,
which ``strip`` corrupts, so not PyInstaller's own ``--strip``).

The smoke test runs the bundled binary, not the source tree: ``--self-test`` (window, sample card
decode, throwaway database, PDF test page; it prints the start time), then init, enroll, sale,
member show, card print and the cashier window on demo data. Any failure fails the build with
its reason; at the end the sizes (before and after the trimming), the start time and the build
time are printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
BUNDLE = DIST / "tessera-pos"
SHIPPED_LANGUAGES = ("en", "it", "ro", "ko")  # resources/i18n/tessera_*.ts
START_TARGET_S = 2.0
SELF_TEST_TIMEOUT_S = 180

# The server and its PostgreSQL driver: the terminal talks to it over HTTP only (sync.client).
SERVER_EXCLUDES = (
    "sync.server", "fastapi", "starlette", "uvicorn", "httptools", "uvloop", "watchfiles", "websockets",
    "python_multipart", "multipart", "jinja2", "email_validator",
    "psycopg", "psycopg_binary", "psycopg_c", "psycopg_pool", "psycopg2", "asyncpg",
)
# Test and development tools that the import graph drags in through optional imports (not PyYAML:
# python-escpos, the receipt printer library, reads its printer profiles with it).
TOOL_EXCLUDES = (
    "pytest", "_pytest", "pytestqt", "pytest_timeout", "pluggy", "iniconfig", "hypothesis", "schemathesis",
    "mypy", "mypyc", "librt", "ast_serialize", "ruff", "importlinter", "grimp", "segno", "tests",
    "playwright", "greenlet", "pyee",
    "numpy.f2py", "IPython", "tkinter", "_tkinter", "setuptools", "pkg_resources", "pip",
    "readline", "curses",
    # httpx's command line (click, rich) and mako's syntax highlighting (pygments) are optional imports.
    "click", "rich", "pygments",
)
# phonenumbers: the terminal parses and formats numbers; place names, carriers and time zones of
# numbers are 40 MB of data it never reads.
PHONE_EXCLUDES = (
    "phonenumbers.geocoder", "phonenumbers.geodata", "phonenumbers.carrier", "phonenumbers.carrierdata",
    "phonenumbers.timezone", "phonenumbers.tzdata",
)
# Pillow is only the scanner's fallback reader (odd WebP files): no AVIF, colour management, fonts or Qt.
PIL_EXCLUDES = (
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._imagingcms", "PIL.ImageCms", "PIL._imagingft", "PIL.ImageQt",
    "PIL._imagingtk", "PIL.ImageTk",
)
# The window uses QtCore, QtGui and QtWidgets only (the camera list falls back to OpenCV without
# QtMultimedia); every other binding module pulls in its Qt libraries and plugins.
QT_EXCLUDES = tuple(f"PySide6.{m}" for m in (
    "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "QtQuickTest", "QtQmlFeatures", "QtQuick3D",
    "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras",
    "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets", "QtWebView",
    "QtPdf", "QtPdfWidgets", "QtDesigner", "QtUiTools", "QtHelp", "QtMultimedia", "QtMultimediaWidgets",
    # (QtOpenGL and QtOpenGLWidgets stay: pyqtgraph, the manager's charts, imports both even when it draws
    # without OpenGL, as the self-test's chart check finds.)
    "QtSpatialAudio", "QtTextToSpeech", "QtNetwork", "QtNetworkAuth", "QtHttpServer", "QtDBus",
    "QtPrintSupport", "QtSql", "QtSvg", "QtSvgWidgets", "QtTest", "QtXml", "QtConcurrent",
    "QtCharts", "QtDataVisualization", "QtGraphs", "QtGraphsWidgets", "QtBluetooth", "QtNfc",
    "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtSerialBus", "QtRemoteObjects", "QtScxml",
    "QtStateMachine", "QtLabsStyleKit", "QtAxContainer",
))
EXCLUDES = (*SERVER_EXCLUDES, *TOOL_EXCLUDES, *PHONE_EXCLUDES, *PIL_EXCLUDES, *QT_EXCLUDES)

QT = PurePosixPath("PySide6/Qt")
# Plugin folders of Qt features the terminal does not use (networking, SQL, QML, printing dialogs,
# Wayland compositors); the display platforms, image formats, input and themes stay.
UNWANTED_PLUGINS = frozenset({
    "tls", "networkinformation", "sqldrivers", "qmltooling", "designer", "printsupport", "position",
    "multimedia", "sceneparsers", "renderers", "geometryloaders", "webview", "texttospeech",
    "wayland-graphics-integration-server", "qmllint", "qmlls",
})
# Single plugins that drag in libraries for nothing: the GTK theme (the machine's GTK, Pango and Cairo,
# 8 MB, and a crash risk on another distribution; our style sheet sets the look), the VNC platform and
# the TUIO network touch input (both need QtNetwork), the Vulkan display platform. Image formats: the
# window's only image files are its SVG icons (the style sheet's @ICONS@; PNG is built into QtGui) and
# camera frames reach Qt as pixels; image files (demo folders, the scanner's fallback) are read by
# OpenCV or Pillow, never by Qt. TIFF, WebP, ICNS, TGA and WBMP go (1.6 MB); JPEG, GIF and ICO stay.
UNWANTED_PLUGIN_FILES = frozenset({
    "platformthemes/libqgtk3.so", "platforms/libqvnc.so", "generic/libqtuiotouchplugin.so",
    "platforms/libqvkkhrdisplay.so",
    "imageformats/libqtiff.so", "imageformats/libqwebp.so", "imageformats/libqicns.so",
    "imageformats/libqtga.so", "imageformats/libqwbmp.so",
})
# Loaded with ctypes (pyzbar), not named by any binary: kept even though no ELF file needs it.
DLOPENED = frozenset({"libzbar.so.0"})
QT_TRANSLATION = re.compile(r"qt(base)?_(?P<lang>[a-z]{2})(_[A-Z]{2})?\.qm")

# A backslash at a line end inside INSTALL_SH is Python's line continuation, not the shell's: the script
# gets that command on one line.
INSTALL_SH = """#!/bin/sh
# Installs the Tessera terminal into /opt/tessera-pos (run as root).
set -e
here="$(cd "$(dirname "$0")" && pwd)"
if command -v apt-get >/dev/null 2>&1; then
  apt-get install -y -qq libzbar0 libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libfontconfig1 \
>/dev/null || true
fi
rm -rf /opt/tessera-pos
cp -a "$here" /opt/tessera-pos
ln -sf /opt/tessera-pos/tessera-pos /usr/local/bin/tessera-pos
mkdir -p /usr/share/applications
cat > /usr/share/applications/tessera-pos.desktop <<EOF
@DESKTOP_ENTRY@EOF
echo "Tessera installed. Run tessera-pos: the first start opens the setup wizard; then tessera-pos doctor"
"""
# The desktop entry written by install.sh and shipped in the .deb.
DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=Tessera POS
Exec=/opt/tessera-pos/tessera-pos
Terminal=false
Categories=Office;
"""
INSTALL_SH = INSTALL_SH.replace("@DESKTOP_ENTRY@", DESKTOP_ENTRY)

# The .deb (dpkg-deb): the same bundle in /opt/tessera-pos, /usr/bin/tessera-pos linking to it, the desktop
# entry. The bundle carries its Python, Qt with its X11 client libraries (xcb-*, xkbcommon, fontconfig,
# freetype), OpenCV, zbar and OpenSSL. From the system it takes glibc (the build machine's or newer, as
# the .tar.gz does), libGL, libEGL and libxcb (DT_NEEDED by Qt and not bundled: they belong to the
# machine's graphics stack) and fontconfig's configuration and a font (libfontconfig1 brings both). The
# Wayland client libraries are needed on a Wayland session only (X11 and XWayland use xcb), libdrm by
# the EGLFS and linuxfb platforms only, a CJK font by the Korean screens.
DEB_PACKAGE = "tessera-pos"
DEB_MAINTAINER = "Tessera <tessera@example.org>"
DEB_DEPENDS = ("libgl1", "libegl1", "libxcb1", "libfontconfig1")
DEB_RECOMMENDS = ("libwayland-client0", "libwayland-cursor0", "libwayland-egl1", "libdrm2")
DEB_SUGGESTS = ("fonts-noto-cjk",)
DEB_ARCHITECTURES = {"x86_64": "amd64", "aarch64": "arm64"}


def project_version() -> str:
    """pyproject.toml's version: the one source of the release number."""
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def archive_name(version: str, system: str | None = None, machine: str | None = None) -> str:
    system = (system or platform.system()).lower()
    return f"tessera-pos-{version}-{system}-{machine or platform.machine()}.tar.gz"


def deb_version(version: str) -> str:
    """A PEP 440 version as Debian orders it: pre-releases and dev builds sort before the release."""
    return re.sub(r"\.?(a|b|rc|dev)(\d*)", r"~\1\2", version)


def deb_arch(machine: str | None = None) -> str:
    machine = machine or platform.machine()
    return DEB_ARCHITECTURES.get(machine, machine)


def deb_name(version: str, machine: str | None = None) -> str:
    return f"{DEB_PACKAGE}_{deb_version(version)}_{deb_arch(machine)}.deb"


def deb_control(version: str, arch: str, installed_kib: int, *, glibc: str, zbar_bundled: bool) -> str:
    """The .deb's DEBIAN/control. ``glibc``: the build machine's (the bundled libraries were linked
    against it); ``zbar_bundled``: libzbar.so.0 is in the bundle (else the system's libzbar0 is needed)."""
    depends = [f"libc6 (>= {glibc})" if glibc else "libc6", *DEB_DEPENDS]
    if not zbar_bundled:
        depends.append("libzbar0")
    return (f"Package: {DEB_PACKAGE}\n"
            f"Version: {deb_version(version)}\n"
            f"Architecture: {arch}\n"
            f"Maintainer: {DEB_MAINTAINER}\n"
            f"Installed-Size: {installed_kib}\n"
            f"Depends: {', '.join(depends)}\n"
            f"Recommends: {', '.join(DEB_RECOMMENDS)}\n"
            f"Suggests: {', '.join(DEB_SUGGESTS)}\n"
            "Section: misc\n"
            "Priority: optional\n"
            "Description: Tessera loyalty terminal (offline-first)\n"
            " The cashier window and the tessera-pos command of a Tessera till: member cards and\n"
            " phone QR codes scanned with a webcam or a USB scanner, points earned and redeemed\n"
            " against the till's own database, synced with the loyalty server when online.\n"
            " A self-contained bundle (its own Python, Qt, OpenCV and zbar) in /opt/tessera-pos.\n")


def build_deb(bundle: Path, version: str) -> Path:
    """Package ``bundle`` as ``dist/tessera-pos_VERSION_ARCH.deb`` with dpkg-deb, every file root's."""
    staging = ROOT / "build" / "deb"
    shutil.rmtree(staging, ignore_errors=True)
    opt = staging / "opt" / "tessera-pos"
    # install.sh stays out: installing the package is the install.
    shutil.copytree(bundle, opt, symlinks=True,
                    ignore=lambda d, names: ["install.sh"] if Path(d) == bundle else [])
    (staging / "usr" / "bin").mkdir(parents=True)
    (staging / "usr" / "bin" / "tessera-pos").symlink_to("/opt/tessera-pos/tessera-pos")
    (staging / "usr" / "share" / "applications").mkdir(parents=True)
    desktop = staging / "usr" / "share" / "applications" / "tessera-pos.desktop"
    desktop.write_text(DESKTOP_ENTRY)
    desktop.chmod(0o644)
    installed_kib = -(-tree_size(staging) // 1024)
    (staging / "DEBIAN").mkdir()
    (staging / "DEBIAN" / "control").write_text(deb_control(
        version, deb_arch(), installed_kib, glibc=platform.libc_ver()[1],
        zbar_bundled=(bundle / "_internal" / "libzbar.so.0").exists()))
    for path in [staging, *staging.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    for old in DIST.glob(f"{DEB_PACKAGE}_*.deb"):  # as for the archive: never an older version's
        old.unlink()
    deb = DIST / deb_name(version)
    # xz as in Debian's own packages, on one thread: the build machine is shared.
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--threads-max=1", "--build",
                    str(staging), str(deb)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(staging)
    return deb


def pyinstaller_args() -> list[str]:
    sep = os.pathsep
    args = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--onedir", "--noupx",
        "--name", "tessera-pos",
        "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
        "--specpath", str(ROOT / "build"),
        "--add-data", f"{ROOT / 'resources'}{sep}resources",
        "--add-data", f"{ROOT / 'pos_app' / 'store' / 'migrations'}{sep}pos_app/store/migrations",
        "--collect-all", "zxingcpp", "--collect-submodules", "pos_app",
        "--hidden-import", "pos_app.ui.app", "--hidden-import", "pos_app.ui.selftest",
    ]
    for module in EXCLUDES:
        args += ["--exclude-module", module]
    if importlib.util.find_spec("escpos") is not None:  # its printer profiles (capabilities.json); no hook
        args += ["--collect-data", "escpos"]
    zbar = shutil.which("ldconfig") and subprocess.run(
        ["ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in (zbar or "").splitlines():
        if "libzbar.so.0" in line and "=>" in line:
            args += ["--add-binary", f"{line.split('=>')[1].strip()}{sep}."]
            break
    return [*args, str(ROOT / "pos_app" / "__main__.py")]


def unwanted(rel: PurePosixPath) -> bool:
    """A collected file (path inside ``_internal``) the terminal never loads."""
    if rel.parts[:2] != QT.parts:
        return False
    inside = rel.relative_to(QT)
    if inside.parts[0] == "translations":
        match = QT_TRANSLATION.fullmatch(inside.name)
        return match is None or match["lang"] not in SHIPPED_LANGUAGES
    if inside.parts[0] != "plugins" or len(inside.parts) < 3:
        return False
    return inside.parts[1] in UNWANTED_PLUGINS or "/".join(inside.parts[1:]) in UNWANTED_PLUGIN_FILES


def prune(internal: Path) -> int:
    """Delete the unwanted files, then the libraries nothing left needs; bytes freed."""
    freed = 0
    for path in sorted(internal.rglob("*")):
        rel = PurePosixPath(path.relative_to(internal).as_posix())
        if path.is_file() and not path.is_symlink() and unwanted(rel):
            freed += path.stat().st_size
            path.unlink()
    return freed + prune_unreachable(internal)


def is_library(rel: PurePosixPath) -> bool:
    """A shared library PyInstaller collected as a dependency (not a module or plugin loaded by name)."""
    if ".so" not in rel.name or rel.name in DLOPENED:
        return False
    parent = rel.parent
    return ((parent == PurePosixPath(".") and rel.name.startswith("lib")) or parent == QT / "lib"
            or parent.name.endswith(".libs"))


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\).*\[(.+)\]", out)


def prune_unreachable(internal: Path) -> int:
    """Delete the collected libraries that no remaining module, plugin or library needs (DT_NEEDED).

    The dependencies of a plugin dropped by ``unwanted`` stay collected otherwise. Roots are the
    extension modules, Qt plugins, libpython and ``DLOPENED``; without readelf nothing is deleted.
    """
    if not shutil.which("readelf"):
        return 0
    libraries: dict[str, list[Path]] = {}
    roots: list[Path] = []
    for path in internal.rglob("*"):
        if not path.is_file() or not is_elf(path.resolve()):
            continue
        rel = PurePosixPath(path.relative_to(internal).as_posix())
        if is_library(rel) and not rel.name.startswith("libpython"):
            libraries.setdefault(rel.name, []).append(path)
        elif not path.is_symlink():
            roots.append(path)
    reached: set[Path] = set()
    todo = [p.resolve() for p in roots]
    while todo:
        real = todo.pop()
        if real in reached:
            continue
        reached.add(real)
        todo += [lib.resolve() for name in needed(real) for lib in libraries.get(name, [])]
    freed = 0
    for path in sorted({p for paths in libraries.values() for p in paths}, key=lambda p: p.is_symlink()):
        if path.resolve() not in reached:
            freed += 0 if path.is_symlink() else path.stat().st_size
            path.unlink()
    return freed


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def strippable(rel: PurePosixPath, dynamic: str) -> bool:
    """May ``strip`` touch this ELF file? ``dynamic`` is its ``readelf -d`` output.

    auditwheel vendors libraries into ``<package>.libs/`` and points the extension modules at them with
    an RPATH patched in by patchelf; ``strip`` breaks such files ("ELF load command address/offset not
    page-aligned" when numpy loads), so they are left as the wheel shipped them (already stripped).
    """
    if any(part.endswith(".libs") for part in rel.parts[:-1]):
        return False
    return not re.search(r"\((RPATH|RUNPATH)\).*\.libs", dynamic)


def strip_binaries(internal: Path) -> int:
    """Strip the symbol tables of the bundled ELF files that take it; bytes freed (0 without binutils)."""
    strip, readelf = shutil.which("strip"), shutil.which("readelf")
    if not strip or not readelf:
        print("strip/readelf not found: binaries left unstripped")
        return 0
    freed = 0
    for path in sorted(internal.rglob("*")):
        if not path.is_file() or path.is_symlink() or not is_elf(path):
            continue
        dynamic = subprocess.run([readelf, "-d", str(path)], capture_output=True, text=True).stdout
        if not strippable(PurePosixPath(path.relative_to(internal).as_posix()), dynamic):
            continue
        before = path.stat().st_size
        stripped = path.with_name(path.name + ".stripped")
        done = subprocess.run([strip, "-o", str(stripped), str(path)], capture_output=True)
        if done.returncode == 0 and stripped.stat().st_size < before:
            shutil.copymode(path, stripped)
            stripped.replace(path)
            freed += before - path.stat().st_size
        else:
            stripped.unlink(missing_ok=True)
    return freed


def tree_size(root: Path) -> int:
    """Bytes of the files under ``root`` (what ``du -sb`` counts for files, without directory blocks)."""
    return sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() or p.is_symlink())


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)"


def build() -> tuple[Path, dict[str, int]]:
    # Compiled translations go into the bundle, so a terminal never compiles them on first start.
    subprocess.run([sys.executable, "-m", "pos_app.ui.i18n"], check=True, cwd=ROOT)
    subprocess.run(pyinstaller_args(), check=True, cwd=ROOT)
    sizes = {"collected": tree_size(BUNDLE)}
    internal = BUNDLE / "_internal"
    sizes["pruned"] = prune(internal)
    sizes["stripped"] = strip_binaries(internal)
    (BUNDLE / "install.sh").write_text(INSTALL_SH)
    (BUNDLE / "install.sh").chmod(0o755)
    sizes["unpacked"] = tree_size(BUNDLE)
    for old in DIST.glob("tessera-pos-*.tar.gz"):  # an older version's archive must not be shipped by mistake
        old.unlink()
    archive = DIST / archive_name(project_version())
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(BUNDLE, arcname="tessera-pos")
    sizes["archive"] = archive.stat().st_size
    if shutil.which("dpkg-deb"):
        deb = build_deb(BUNDLE, project_version())
        sizes["deb"] = deb.stat().st_size
        print(f"built {deb}")
    else:
        print("dpkg-deb not found: no .deb built")
    return archive, sizes


def self_test(binary: Path) -> float | None:
    """Run ``--self-test`` on the bundle; the seconds from process start to the window shown."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        proc = subprocess.run([str(binary), "--self-test"], capture_output=True, text=True, env=env,
                              timeout=SELF_TEST_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"self-test of the bundle failed: no answer in {SELF_TEST_TIMEOUT_S} s") from None
    print(proc.stdout, end="")
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        reason = next((line for line in reversed(lines) if line.startswith("self-test failed")),
                      lines[-1] if lines else "no message")
        raise SystemExit(f"self-test of the bundle failed (exit {proc.returncode}): {reason}")
    found = re.search(r"window shown ([0-9.]+) s", proc.stdout)
    return float(found.group(1)) if found else None


def run(binary: Path, data_dir: Path, *args: str) -> dict[str, object] | list[object]:
    env = {**os.environ, "TESSERA_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([str(binary), *args], capture_output=True, text=True, env=env, timeout=120)
    if proc.returncode != 0:
        raise SystemExit(f"smoke test failed: tessera-pos {' '.join(args)} -> exit {proc.returncode}: "
                         f"{proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout) if "--json" in args else {}


def smoke(binary: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="tessera-smoke-") as tmp:
        data = Path(tmp) / "data"
        run(binary, data, "init", "--demo", "--json")
        member = run(binary, data, "member", "enroll", "--name", "Smoke Test",
                     "--email", "smoke@example.org", "--json")
        assert isinstance(member, dict)
        card = str(member["card"])
        sale = run(binary, data, "sale", "--card", card, "--amount", "42.00",
                   "--receipt", "SMOKE-1", "--json")
        shown = run(binary, data, "member", "show", card, "--json")
        assert (isinstance(sale, dict) and isinstance(shown, dict)
                and shown["balance"] == sale["balance"]), (sale, shown)
        pdf = Path(tmp) / "card.pdf"
        run(binary, data, "card", "print", card, "--out", str(pdf))
        assert pdf.stat().st_size > 0
        checks = run(binary, data, "doctor", "--json")  # exit 1 (raised by run) if a required one fails
        assert isinstance(checks, list) and {"database", "decoders", "printer", "logs"} <= {
            c["check"] for c in checks if isinstance(c, dict)}, checks
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TESSERA_STARTUP_PROBE": "1"}
        window = subprocess.run([str(binary), "--demo"], capture_output=True, text=True, timeout=120, env=env)
        if window.returncode != 0 or "ready" not in window.stdout:
            raise SystemExit(f"smoke test failed: the bundled window did not open: {window.stderr[-300:]}")
        print(f"smoke test passed: {binary}")


def summary(sizes: dict[str, int], start: float | None, build_s: float | None) -> Iterable[str]:
    if "unpacked" in sizes:
        yield f"size as collected by PyInstaller: {mb(sizes['collected'])}"
        yield (f"trimmed: {mb(sizes['pruned'])} of unused Qt files and libraries, "
               f"{mb(sizes['stripped'])} of symbols")
        yield f"size unpacked: {mb(sizes['unpacked'])}; archive: {mb(sizes['archive'])}"
        if "deb" in sizes:
            yield f".deb: {mb(sizes['deb'])}"
    if start is not None:
        verdict = "within" if start <= START_TARGET_S else "OVER"
        yield (f"start: window shown {start:.2f} s after process start "
               f"({verdict} the {START_TARGET_S:g} s target)")
    if build_s is not None:
        yield f"build time: {build_s:.0f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke-only", action="store_true")
    args = parser.parse_args()
    began = time.monotonic()
    sizes: dict[str, int] = {}
    if not args.smoke_only:
        archive, sizes = build()
        print(f"built {archive}")
    build_s = None if args.smoke_only else time.monotonic() - began
    binary = BUNDLE / "tessera-pos"
    start = self_test(binary)
    smoke(binary)
    for line in summary(sizes, start, build_s):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
