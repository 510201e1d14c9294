"""Scanner benchmark: real photographs and a synthetic camera set, three decoders.

    .venv/bin/python bench/scan_bench.py [--photos DIR] [--frames N] [--runs N] [--stages] [--explain]
        [--load N] [--budget-clock cpu|wall] [--save-decisions FILE] [--compare FILE]

Prints a markdown table: correct decodes, false positives, median and p95 ms
per frame, both CPU time of the decoding thread (what the pipeline's budget
counts) and wall-clock time, for plain pyzbar, plain zxing-cpp and the Tessera
pipeline (``pos_app.scanning.decode_frame``, default budget). Not a test:
numbers depend on the machine. With ``--runs N`` every decoder is timed N times
and the run with the median wall p95 is printed (the machine may be shared).
The load average before and after is printed: the machine is often shared.

Load: ``--load N`` runs N processes that spin on a core each for the whole run
(they end by themselves after ``--load-seconds``). The second table says
whether every frame was decided the same way (texts read, stages run, budget
spent or not) in all N runs, with a digest of the shown run's decisions; to
compare a quiet run with a loaded one, ``--save-decisions`` one and
``--compare`` the other. ``--budget-clock wall`` restores the old wall-clock
budget, to see what load did to it.

Photos: the zxing-cpp sample photographs in ../shared/benchdata/scan-photos
(never copied into the repo). A result counts as correct when one decoded text
equals the expected text after line endings are normalised (CRLF and CR become
LF, in the label and in every decoder's output, the plain libraries' included):
ten QR labels were saved with LF while their codes hold CRLF. Any result in a
falsepositives-* folder is a false positive. Synthetic: member cards (Code 128 of a card number) and signed
QR tokens warped into 1280x720 frames with scale, rotation, perspective, blur,
noise, glare and low light, from a fixed seed and cached as JPEG (what a webcam
delivers) in bench/out/synth. Any text other than the expected one, or any
text on a frame without a code, counts as a false positive.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pos_app.core import cards, qrtoken  # noqa: E402
from pos_app.scanning import decode as dec  # noqa: E402
from pos_app.scanning import stages  # noqa: E402

DEFAULT_PHOTOS = REPO / ".." / "shared" / "benchdata" / "scan-photos"
SYNTH_DIR = REPO / "bench" / "out" / "synth"
SEED = 20240601
SYNTH_VERSION = 1
IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"}


@dataclass
class Sample:
    name: str
    path: Path
    expected: str | None  # None: no code in the image
    # On synthetic frames the truth is exact, so any other text is a misread;
    # photo labels are not (line endings, two codes in one photo), so there only
    # a read on a code-free image counts.
    misread_counts: bool = False


Decoder = Callable[[np.ndarray], list[str]]


def plain(backend_name: str) -> Decoder:
    backend = dec.available_backends()[backend_name]

    def run(frame: np.ndarray) -> list[str]:
        gray = dec.to_gray(frame)
        return [d.text for d in backend.decode(gray) if d.text]

    return run


TRACES: list[dec.Trace] = []  # one per pipeline call: what each frame ran (the stage table, the decisions)


def pipeline(frame: np.ndarray) -> list[str]:
    trace = dec.Trace()
    TRACES.append(trace)
    return [d.text for d in dec.decode_frame(frame, trace=trace)]


def normalized(text: str) -> str:
    """Line endings compared loosely (see the module docstring); nothing else."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


DECODERS: dict[str, Decoder] = {}


def decoders() -> dict[str, Decoder]:
    if not DECODERS:
        DECODERS.update({"pyzbar": plain("zbar"), "zxing-cpp": plain("zxing"), "pipeline": pipeline})
    return DECODERS


# --------------------------------------------------------------------------- photo set


def photo_samples(root: Path) -> list[Sample]:
    out: list[Sample] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        negative = folder.name.startswith("falsepositives")
        for image in sorted(folder.iterdir()):
            if image.suffix.lower() not in IMAGE_EXTS:
                continue
            expected = None
            if not negative:
                txt = image.with_suffix(".txt")
                if not txt.exists():
                    continue
                expected = txt.read_text(encoding="utf-8")
            out.append(Sample(f"{folder.name}/{image.name}", image, expected))
    return out


def load(sample: Sample) -> np.ndarray | None:
    # Photos are read like the CLI does (grayscale); synthetic frames stay BGR
    # like camera frames, so the pipeline pays for the colour conversion.
    if sample.path.suffix == ".jpg" and sample.path.parent == SYNTH_DIR:
        return cv2.imread(str(sample.path), cv2.IMREAD_COLOR)
    try:
        return dec.read_image(sample.path)
    except dec.ImageError:
        return None


# --------------------------------------------------------------------------- synthetic set


def _symbol(kind: str, text: str, module: int) -> np.ndarray:
    """The symbol with its quiet zone, black on white, `module` pixels per module."""
    if kind == "card":
        import barcode

        bars = barcode.get("code128", text).build()[0]
        row = np.array([0 if b == "1" else 255 for b in "0" * 10 + bars + "0" * 10], np.uint8)
        height = max(int(len(row) * 0.35), 30)
        img = np.repeat(np.repeat(row[None, :], height, axis=0), module, axis=1)
        return np.repeat(img, module, axis=0)
    import segno

    qr = segno.make(text, error="m")
    matrix = np.array([list(r) for r in qr.matrix], np.uint8)
    matrix = np.pad(matrix, 4)
    img = np.where(matrix == 1, 0, 255).astype(np.uint8)
    return np.kron(img, np.ones((module, module), np.uint8))


def _background(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    base = rng.uniform(40, 190)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    grad = base + rng.uniform(-40, 40) * xx / w + rng.uniform(-40, 40) * yy / h
    # putText needs 8-bit images; the frame goes back to float for lighting.
    img = np.clip(np.dstack([grad * rng.uniform(0.8, 1.2) for _ in range(3)]), 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(3, 12))):  # clutter: boxes and text
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        color = tuple(float(c) for c in rng.uniform(0, 255, 3))
        cv2.rectangle(
            img, (x0, y0), (x0 + int(rng.integers(20, 300)), y0 + int(rng.integers(20, 200))), color, -1
        )
    for _ in range(int(rng.integers(0, 4))):
        org = (int(rng.integers(0, w - 200)), int(rng.integers(30, h)))
        cv2.putText(
            img, "TOTAL 12.50 EUR", org, cv2.FONT_HERSHEY_SIMPLEX, rng.uniform(0.5, 1.5), (20, 20, 20), 2
        )
    return img.astype(np.float32)


def make_frame(rng: np.random.Generator, kind: str, text: str | None) -> np.ndarray:
    h, w = 720, 1280
    frame = _background(rng, h, w)
    if text is not None:
        module = 6
        sym = _symbol(kind, text, module).astype(np.float32)
        sh, sw = sym.shape
        modules_across = sw / module
        # Pixels per module in the frame: 1.2 (far, hard) .. 5 (close).
        ppm = rng.uniform(1.2, 5.0) if kind == "card" else rng.uniform(1.6, 7.0)
        size = modules_across * ppm
        scale = size / sw
        angle = rng.uniform(-180, 180) if rng.random() < 0.6 else rng.uniform(-12, 12)
        src = np.float32([[0, 0], [sw, 0], [sw, sh], [0, sh]])
        c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
        pts = (src - [sw / 2, sh / 2]) * scale
        pts = pts @ np.float32([[c, s], [-s, c]])
        jitter = rng.uniform(0, 0.12) if rng.random() < 0.5 else 0.0
        pts += rng.uniform(-jitter, jitter, pts.shape) * size
        half = np.abs(pts).max(axis=0) + 5
        cx = rng.uniform(half[0], max(half[0] + 1, w - half[0]))
        cy = rng.uniform(half[1], max(half[1] + 1, h - half[1]))
        dst = (pts + np.float32([cx, cy])).astype(np.float32)
        sigma = max(0.0, 0.5 / scale - 0.5)  # prefilter against aliasing when shrinking
        if sigma > 0:
            sym = cv2.GaussianBlur(sym, (0, 0), sigma)
        m = cv2.getPerspectiveTransform(src, dst)
        warped = cv2.warpPerspective(sym, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
        mask = cv2.warpPerspective(np.ones_like(sym), m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
        ink = rng.uniform(0.75, 1.0)  # printed paper or a phone screen
        sym_bgr = np.dstack([warped * ink] * 3) + (1 - ink) * 40
        frame = frame * (1 - mask[..., None]) + sym_bgr * mask[..., None]
    # Lighting: uneven, sometimes dark (gain then amplifies noise).
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1 + rng.uniform(-0.35, 0.35) * (xx / w - 0.5) + rng.uniform(-0.35, 0.35) * (yy / h - 0.5)
    dark = rng.random() < 0.25
    if dark:
        light *= rng.uniform(0.15, 0.4)
    frame = frame * light[..., None]
    if rng.random() < 0.3:  # glare from a shop light on laminate or a screen
        gx, gy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
        rad = rng.uniform(30, 140)
        blob = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * rad**2)) * rng.uniform(120, 255)
        frame = frame + blob[..., None]
    if rng.random() < 0.6:
        if rng.random() < 0.5:
            frame = cv2.GaussianBlur(frame, (0, 0), rng.uniform(0.6, 2.2))
        else:  # motion blur: a hand moving the card
            length = int(rng.integers(3, 12))
            kernel = np.zeros((length, length), np.float32)
            kernel[length // 2, :] = 1 / length
            rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
            kernel = cv2.warpAffine(kernel, rot, (length, length))
            frame = cv2.filter2D(frame, -1, kernel / max(kernel.sum(), 1e-6))
    noise = rng.uniform(2, 8) * (3 if dark else 1)
    frame = frame + rng.normal(0, noise, frame.shape)
    return np.clip(frame, 0, 255).astype(np.uint8)


def synthetic_samples(n: int) -> list[Sample]:
    manifest = SYNTH_DIR / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text())
        if data.get("version") == SYNTH_VERSION and data.get("n") == n:
            return [Sample(s["name"], SYNTH_DIR / s["name"], s["expected"], True) for s in data["samples"]]
    SYNTH_DIR.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    prng = random.Random(SEED)
    key = qrtoken.demo_private_key()
    issued = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    samples: list[Sample] = []
    blanks = max(n // 10, 1)
    for i in range(n + blanks):
        if i >= n:
            kind, text = "blank", None
        elif i % 2 == 0:
            kind, text = "card", cards.generate(prng)
        else:
            kind = "qr"
            text = qrtoken.sign(cards.generate(prng), issued, key, qrtoken.DEMO_KEY_ID)
        frame = make_frame(rng, kind, text)
        name = f"{i:04d}-{kind}.jpg"
        quality = int(rng.integers(70, 96))
        cv2.imwrite(str(SYNTH_DIR / name), frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
        samples.append(Sample(name, SYNTH_DIR / name, text, True))
    manifest.write_text(
        json.dumps(
            {
                "version": SYNTH_VERSION,
                "n": n,
                "samples": [{"name": s.name, "expected": s.expected} for s in samples],
            }
        )
    )
    return samples


# --------------------------------------------------------------------------- measuring


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values or [0.0])
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Score:
    correct: int = 0
    false_positives: int = 0
    positives: int = 0
    negatives: int = 0
    cpu: list[float] = field(default_factory=list)  # ms of the decoding thread's CPU time per frame
    wall: list[float] = field(default_factory=list)  # ms of wall-clock time per frame
    # Per sample: the texts read and, for the pipeline, the stages run and why it stopped.
    decisions: dict[str, str] = field(default_factory=dict)
    traces: list[dec.Trace] = field(default_factory=list)

    def p95(self) -> float:
        return _p95(self.wall)

    def row(self, name: str) -> str:
        cpu, wall = self.cpu or [0.0], self.wall or [0.0]
        return (
            f"| {name} | {self.correct} / {self.positives} | {self.false_positives} "
            f"| {statistics.median(cpu):.1f} | {_p95(cpu):.1f} "
            f"| {statistics.median(wall):.1f} | {_p95(wall):.1f} |"
        )

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.decisions, sort_keys=True).encode()).hexdigest()[:12]


def decision(texts: Sequence[str], trace: dec.Trace | None) -> str:
    read = json.dumps(sorted(texts))
    if trace is None:
        return read
    how = " > ".join(trace.labels)
    how += " | budget spent" if trace.budget_spent else ""
    how += " | early reject" if trace.rejected_early else ""
    return f"{how} => {read}"


def measure(samples: Sequence[Sample], decoder: Decoder, failures: list[str] | None = None) -> Score:
    score = Score()
    for sample in samples:
        frame = load(sample)
        if sample.expected is None:
            score.negatives += 1
        else:
            score.positives += 1
        if frame is None:
            if failures is not None and sample.expected is not None:
                failures.append(sample.name)
            continue
        traced = len(TRACES)
        c0, t0 = time.thread_time(), time.perf_counter()
        texts = decoder(frame)
        score.cpu.append((time.thread_time() - c0) * 1000)
        score.wall.append((time.perf_counter() - t0) * 1000)
        trace = TRACES[-1] if len(TRACES) > traced else None
        if trace is not None:
            score.traces.append(trace)
        texts = [normalized(t) for t in texts]
        score.decisions[sample.name] = decision(texts, trace)
        if sample.expected is None:
            score.false_positives += bool(texts)
        else:
            expected = normalized(sample.expected)
            ok = expected in texts
            score.correct += ok
            if sample.misread_counts:
                score.false_positives += any(t != expected for t in texts)
            if not ok and failures is not None:
                failures.append(sample.name)
    TRACES.clear()
    return score


def explain(samples: Sequence[Sample]) -> None:
    """Which single thorough stage, unbudgeted, reads the images the cheap stages miss."""
    from pos_app.scanning.stages import Frame

    stages = dec.THOROUGH_STAGES
    print("\n| image | " + " | ".join(s.label for s in stages) + " |")
    print("|---" * (len(stages) + 1) + "|")
    backends = dec.available_backends()
    for sample in samples:
        frame = load(sample)
        if frame is None or sample.expected is None or min(frame.shape[:2]) < 8:
            continue
        gray = dec.to_gray(frame)
        expected = normalized(sample.expected)
        cheap = Frame(gray, backends)
        if expected in [normalized(d.text) for d in dec.run_stages(cheap, dec.CHEAP_STAGES)]:
            continue
        hits = []
        for stage in stages:
            state = Frame(gray, backends)
            dec.run_stages(state, dec.CHEAP_STAGES)  # fills what later stages reuse
            read = [normalized(d.text) for d in dec.run_stages(state, [stage])]
            hits.append("x" if expected in read else "")
        print(f"| {sample.name} | " + " | ".join(hits) + " |")


def stage_table(traces: Sequence[dec.Trace]) -> None:
    """Per pipeline stage: frames it ran on, frames it settled, cost; rescues per 100 ms of CPU."""
    cpu: dict[str, list[float]] = {}
    wall: dict[str, list[float]] = {}
    wins: dict[str, int] = {}
    for trace in traces:
        for run in trace.stages:
            cpu.setdefault(run.label, []).append(run.cpu_ms)
            wall.setdefault(run.label, []).append(run.wall_ms)
            wins[run.label] = wins.get(run.label, 0) + (run.found > 0)
    print("\n| stage | frames run on | frames read | mean CPU ms | p95 CPU ms | p95 wall ms "
          "| reads per 100 CPU ms |")
    print("|---|---|---|---|---|---|---|")
    for stage in dec.CHEAP_STAGES + dec.THOROUGH_STAGES:
        times = cpu.get(stage.label, [])
        if not times:
            print(f"| {stage.label} | 0 | 0 | - | - | - | - |")
            continue
        total = sum(times)
        rate = 100 * wins[stage.label] / total if total else 0.0
        print(
            f"| {stage.label} | {len(times)} | {wins[stage.label]} | {total / len(times):.1f} "
            f"| {_p95(times):.1f} | {_p95(wall[stage.label]):.1f} | {rate:.1f} |"
        )
    rejected = sum(t.rejected_early for t in traces)
    spent = sum(t.budget_spent for t in traces)
    print(f"\nearly rejects: {rejected}; stopped by the budget: {spent}; frames: {len(traces)}")


# --------------------------------------------------------------------------- load and decisions


def start_load(n: int, seconds: float) -> list[subprocess.Popen[bytes]]:
    """N processes that spin on a core each and end by themselves after ``seconds`` (sooner: stop_load)."""
    spin = f"import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"
    return [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(n)]


def stop_load(procs: Sequence[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(10)


def differing(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


CHEAP_LABELS = {stage.label for stage in dec.CHEAP_STAGES}


def loadavg() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, default=DEFAULT_PHOTOS)
    parser.add_argument("--frames", type=int, default=300, help="synthetic frames with a code")
    parser.add_argument("--only", choices=["photos", "synthetic"], default=None)
    parser.add_argument("--explain", action="store_true", help="per-stage rescue table for misses")
    parser.add_argument("--failures", action="store_true", help="list what the pipeline misses")
    parser.add_argument("--stages", action="store_true", help="per-stage reads and cost of the pipeline")
    parser.add_argument("--runs", type=int, default=1, help="time each set N times, print the median run")
    parser.add_argument("--decoders", default="pyzbar,zxing-cpp,pipeline", help="comma-separated subset")
    parser.add_argument("--load", type=int, default=0, help="run N busy processes during the run")
    parser.add_argument("--load-seconds", type=float, default=900.0, help="the busy processes end by then")
    parser.add_argument("--budget-clock", choices=["cpu", "wall"], default="cpu",
                        help="what the pipeline's budget counts (wall: the old behaviour, to compare)")
    parser.add_argument("--save-decisions", type=Path, help="write every frame's decisions (JSON)")
    parser.add_argument("--compare", type=Path, help="count frames whose decisions differ from a saved run")
    args = parser.parse_args(argv)
    dec.single_threaded_opencv()  # as the terminal's decode worker does: the budget counts one thread
    if args.budget_clock == "wall":
        stages.BUDGET_CLOCK = time.perf_counter_ns

    sets: list[tuple[str, list[Sample]]] = []
    if args.only in (None, "photos"):
        root = args.photos.resolve()
        if not root.is_dir():
            print(f"photo folder not found: {root}", file=sys.stderr)
            return 2
        sets.append(("photos", photo_samples(root)))
    if args.only in (None, "synthetic"):
        sets.append(
            (
                f"synthetic 720p ({args.frames} + {max(args.frames // 10, 1)} blank)",
                synthetic_samples(args.frames),
            )
        )

    print(f"load average before: {loadavg()} ({os.cpu_count()} cores); busy processes: {args.load}; "
          f"budget clock: {args.budget_clock}; runs: {args.runs}\n")
    procs = start_load(args.load, args.load_seconds)
    try:
        saved = measure_sets(args, sets)
    finally:
        stop_load(procs)
    print(f"\nload average after: {loadavg()}")
    if args.save_decisions:
        args.save_decisions.write_text(json.dumps(saved, indent=1, sort_keys=True))
    if args.compare:
        compare(saved, json.loads(args.compare.read_text()))
    return 0


def measure_sets(args: argparse.Namespace, sets: Sequence[tuple[str, list[Sample]]]) -> dict[str, Any]:
    """The table, the decisions check and the optional extras; returns the decisions shown, per set."""
    print("| set | decoder | correct | false positives | CPU median ms | CPU p95 ms "
          "| wall median ms | wall p95 ms |")
    print("|---|---|---|---|---|---|---|---|")
    wanted = [d.strip() for d in args.decoders.split(",") if d.strip()]
    checks: list[str] = []
    saved: dict[str, Any] = {}
    for set_name, samples in sets:
        traces: list[dec.Trace] = []
        for name, decoder in decoders().items():
            if name not in wanted:
                continue
            results: list[tuple[Score, list[str]]] = []
            for _ in range(max(args.runs, 1)):
                failures: list[str] = []
                results.append((measure(samples, decoder, failures), failures))
            results.sort(key=lambda r: r[0].p95())
            score, failures = results[len(results) // 2]
            print(f"| {set_name} {score.row(name)}")
            changed = {n for other, _ in results for n in differing(score.decisions, other.decisions)}
            thorough = sum(len(t.stages) for t in score.traces) - sum(
                1 for t in score.traces for r in t.stages if r.label in CHEAP_LABELS
            )
            checks.append(
                f"| {set_name} | {name} | {score.digest()} | {len(changed)} of {len(score.decisions)} "
                f"| {thorough if score.traces else '-'} |"
            )
            saved.setdefault(set_name, {})[name] = score.decisions
            if name == "pipeline":
                traces = score.traces
            if args.failures and name == "pipeline":
                print("<!-- pipeline misses: " + ", ".join(failures) + " -->")
        if args.stages and traces:
            stage_table(traces)
        if args.explain:
            explain(samples)
    print(f"\n| set | decoder | decisions digest | frames decided differently in the {args.runs} runs "
          "| thorough stages run |")
    print("|---|---|---|---|---|")
    print("\n".join(checks))
    return saved


def compare(now: dict[str, Any], before: dict[str, Any]) -> None:
    """Frames whose texts or stages differ from a saved run (e.g. quiet against loaded)."""
    print("\n| set | decoder | frames decided differently from the saved run |")
    print("|---|---|---|")
    shown: list[str] = []
    for set_name, by_decoder in now.items():
        for name, decisions in by_decoder.items():
            old = before.get(set_name, {}).get(name)
            if old is None:
                continue
            diff = differing(decisions, old)
            print(f"| {set_name} | {name} | {len(diff)} of {len(decisions)} |")
            shown += [f"  {set_name} {name} {n}:\n    saved: {old.get(n)}\n    now:   {decisions.get(n)}"
                      for n in diff[:10]]
    if shown:
        print("\n" + "\n".join(shown))


if __name__ == "__main__":
    raise SystemExit(main())
