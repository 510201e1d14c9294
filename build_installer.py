"""Build the field installer of the terminal with PyInstaller, then smoke-test the bundle.

    python build_installer.py              # build dist/tessera-pos/ and the .tar.gz, then smoke-test it
    python build_installer.py --smoke-only # test an existing build

The archive unpacks to ``tessera-pos/`` with ``install.sh``: a technician runs
``sudo ./install.sh`` to put the terminal in /opt/tessera-pos, link
``/usr/local/bin/tessera-pos`` and add a desktop entry. The smoke test runs the
bundled binary, not the source tree: init, enroll, sale, member show, card print,
and the cashier window opened offscreen on demo data.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
BUNDLE = DIST / "tessera-pos"
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
[Desktop Entry]
Type=Application
Name=Tessera POS
Exec=/opt/tessera-pos/tessera-pos
Terminal=false
Categories=Office;
EOF
echo "Tessera installed. Run: tessera-pos init, then tessera-pos doctor"
"""


def pyinstaller_args() -> list[str]:
    sep = os.pathsep
    args = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--onedir", "--name", "tessera-pos",
        "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
        "--specpath", str(ROOT / "build"),
        "--add-data", f"{ROOT / 'resources'}{sep}resources",
        "--add-data", f"{ROOT / 'pos_app' / 'store' / 'migrations'}{sep}pos_app/store/migrations",
        "--collect-all", "zxingcpp", "--collect-submodules", "pos_app",
        "--hidden-import", "pos_app.ui.app", "--exclude-module", "tkinter",
    ]
    zbar = shutil.which("ldconfig") and subprocess.run(
        ["ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in (zbar or "").splitlines():
        if "libzbar.so.0" in line and "=>" in line:
            args += ["--add-binary", f"{line.split('=>')[1].strip()}{sep}."]
            break
    return [*args, str(ROOT / "pos_app" / "__main__.py")]


def build() -> Path:
    # Compiled translations go into the bundle, so a terminal never compiles them on first start.
    subprocess.run([sys.executable, "-m", "pos_app.ui.i18n"], check=True, cwd=ROOT)
    subprocess.run(pyinstaller_args(), check=True, cwd=ROOT)
    (BUNDLE / "install.sh").write_text(INSTALL_SH)
    (BUNDLE / "install.sh").chmod(0o755)
    archive = DIST / f"tessera-pos-{platform.system().lower()}-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(BUNDLE, arcname="tessera-pos")
    return archive


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
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TESSERA_STARTUP_PROBE": "1"}
        window = subprocess.run([str(binary), "--demo"], capture_output=True, text=True, timeout=120, env=env)
        if window.returncode != 0 or "ready" not in window.stdout:
            raise SystemExit(f"smoke test failed: the bundled window did not open: {window.stderr[-300:]}")
        print(f"smoke test passed: {binary}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke-only", action="store_true")
    args = parser.parse_args()
    if not args.smoke_only:
        print(f"built {build()}")
    smoke(BUNDLE / "tessera-pos")
    return 0


if __name__ == "__main__":
    sys.exit(main())
