"""The output folder: reportkit replaces only what it wrote, and a command's outputs land whole.

Builds here run as users run them, in their own processes, so that they can be killed, interrupted
and run side by side. `REPORTKIT_KILLS` sets how many times the kill test kills a build (`make fuzz`
raises it).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportkit.outputs import MANIFEST_NAME, OutputFolderError, refuse_unsafe_folder
from tests.conftest import MINI, run_cli

KILLS = int(os.environ.get("REPORTKIT_KILLS", "6"))
# gzip writes the time of compression into sitemap.xml.gz: its bytes differ between two builds of one text.
UNSTABLE = {"site/sitemap.xml.gz"}


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a digest of its bytes (or only its presence, where unstable)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() or path.is_symlink():
            relative = path.relative_to(folder).as_posix()
            found[relative] = (
                "present" if relative in UNSTABLE else hashlib.sha256(path.read_bytes()).hexdigest()
            )
    return found


def tree_with_times(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        path.relative_to(folder).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build_process(content: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "reportkit.cli", "build", "--content", str(content), "--out", str(out)]
    return subprocess.Popen([*command, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.reportkit-"))


@pytest.fixture
def two_drafts(tmp_path: Path) -> tuple[Path, Path]:
    """The small fixture report, and the same with one recommendation reworded."""
    old, new = tmp_path / "old-drafts", tmp_path / "new-drafts"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    section = new / "chapters" / "recommendations.yaml"
    text = section.read_text("utf-8")
    section.write_text(text.replace("States should cooperate.", "Member States should cooperate."), "utf-8")
    assert section.read_text("utf-8") != text
    return old, new


@pytest.fixture
def complete_builds(two_drafts: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path, float]:
    """A complete build of each draft, and how long a build takes here (the kill test aims inside it)."""
    old, new = two_drafts
    for drafts, name in ((old, "old-build"), (new, "new-build")):
        started = time.monotonic()
        process = build_process(drafts, tmp_path / name)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        seconds = time.monotonic() - started
    return tmp_path / "old-build", tmp_path / "new-build", seconds


# ── never a file that is not reportkit's ────────────────────────────────────────────────────────


def test_a_folder_holding_other_files_is_refused_and_left_untouched(mini: Path, tmp_path: Path) -> None:
    folder = tmp_path / "H"
    for relative, text in {
        "site/blog/post.html": "<p>my blog</p>",
        "pages/drafts/notes.md": "my notes",
        "report.docx": "my own report",
    }.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text)
    before = tree_with_times(folder)

    result = run_cli("build", "--content", mini, "--out", folder)

    assert result.exit_code == 2
    assert (
        f"{folder}:1:1: error[output-folder]: the output folder '{folder}' holds files reportkit did not "
        "write: pages/drafts/notes.md, report.docx, site/blog/post.html"
    ) in result.stderr
    assert "move those files elsewhere, or choose another --out folder" in result.stderr
    assert tree_with_times(folder) == before
    assert leftovers(folder) == []


def test_a_file_added_to_an_output_folder_stops_the_next_build(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", "--content", mini, "--out", out, "--only", "md").exit_code == 0
    (out / "pages").mkdir()
    (out / "pages" / "mine.md").write_text("a page of my own")
    before = tree_with_times(out)

    result = run_cli("build", "--content", mini, "--out", out)

    assert result.exit_code == 2
    assert "holds files reportkit did not write: pages/mine.md" in result.stderr
    assert tree_with_times(out) == before


def test_the_home_folder_is_refused(mini: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "site").mkdir()
    (home / "site" / "index.html").write_text("my home page")
    before = tree_with_times(home)
    environment = {**os.environ, "HOME": str(home)}
    command = [sys.executable, "-m", "reportkit.cli", "build", "--content", str(mini), "--out", str(home)]
    completed = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
    assert completed.returncode == 2
    assert f"{home}:1:1: error[output-folder]: '{home}' is the home folder" in completed.stderr
    assert tree_with_times(home) == before


def test_the_content_folder_and_the_folders_holding_it_are_refused(tmp_path: Path) -> None:
    meeting = tmp_path / "meeting"
    shutil.copytree(MINI, meeting / "content")
    before = tree_with_times(meeting)
    for out in (meeting / "content", meeting, tmp_path):
        result = run_cli("build", "--content", meeting / "content", "--out", out)
        assert result.exit_code == 2, out
        assert "error[output-folder]: the output folder" in result.stderr
    assert "holds the content folder" in result.stderr
    assert tree_with_times(meeting) == before


def test_the_watcher_reports_a_refused_folder_and_carries_on(mini: Path, tmp_path: Path) -> None:
    from reportkit.watch import Rebuilder

    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("not reportkit's")
    rebuild = Rebuilder(mini, out, html=False)()
    assert not rebuild.result.prepared.ok
    [problem] = rebuild.result.prepared.diagnostics
    assert problem.code == "output-folder" and "mine.txt" in problem.message
    (out / "mine.txt").unlink()
    assert Rebuilder(mini, out, html=False)().result.prepared.ok


def test_the_root_of_the_file_system_is_refused() -> None:
    with pytest.raises(OutputFolderError, match="is the root of the file system"):
        refuse_unsafe_folder(Path("/"), None)


def test_a_folder_of_an_earlier_reportkit_is_adopted_once(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", "--content", mini, "--out", out).exit_code == 0
    (out / MANIFEST_NAME).unlink()  # as an earlier reportkit left it
    (out / ".site.new-abc123").mkdir()  # with a half-built site of an interrupted build of the time

    result = run_cli("build", "--content", mini, "--out", out)

    assert result.exit_code == 0, result.stderr
    assert "written by an earlier reportkit, which kept no record of its outputs; adopting" in result.stderr
    assert not (out / ".site.new-abc123").exists()
    recorded = json.loads((out / MANIFEST_NAME).read_text())["files"]
    assert "report.docx" in recorded and "site/index.html" in recorded
    assert "adopting" not in run_cli("build", "--content", mini, "--out", out).stderr


def test_outputs_no_longer_produced_are_removed_and_other_commands_outputs_kept(
    mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run_cli("circulate", "--content", mini, "--out", out, "--as", "v1").exit_code == 0
    assert run_cli("build", "--content", mini, "--out", out).exit_code == 0
    # A page an earlier build wrote for a chapter that has since been removed from the drafts.
    (out / "pages" / "gone-chapter.md").write_text("# Gone")
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    manifest["files"].append("pages/gone-chapter.md")
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))

    assert run_cli("build", "--content", mini, "--out", out).exit_code == 0

    assert not (out / "pages" / "gone-chapter.md").exists()
    assert (out / "circulation" / "v1" / "recommendations.docx").is_file()
    files = json.loads((out / MANIFEST_NAME).read_text())["files"]
    assert sorted(files) == sorted(f for f in tree(out) if f != MANIFEST_NAME)


# ── whole or not at all ─────────────────────────────────────────────────────────────────────────


def test_a_killed_build_leaves_one_complete_build(
    complete_builds: tuple[Path, Path, float], two_drafts: tuple[Path, Path], tmp_path: Path
) -> None:
    old_build, new_build, seconds = complete_builds
    old_tree, new_tree = tree(old_build), tree(new_build)
    assert old_tree != new_tree
    randomness = random.Random(int(os.environ.get("REPORTKIT_KILL_SEED", "7")))
    out = tmp_path / "out"
    outcomes = []
    for _ in range(KILLS):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_build, out)
        process = build_process(two_drafts[1], out)
        time.sleep(randomness.uniform(0.0, seconds * 1.1))
        process.kill()
        process.wait()
        found = tree(out)
        assert found in (old_tree, new_tree), sorted(set(found.items()) ^ set(old_tree.items()))[:10]
        outcomes.append("new" if found == new_tree else "old")

    process = build_process(two_drafts[1], out)
    assert process.wait(timeout=120) == 0
    assert tree(out) == new_tree
    assert leftovers(out) == []  # the interrupted builds' staging folders were cleared
    print(f"kill -9 at {KILLS} random moments: {outcomes.count('old')} old, {outcomes.count('new')} new")


def test_ctrl_c_ends_a_build_with_one_line_and_exit_130(
    complete_builds: tuple[Path, Path, float], two_drafts: tuple[Path, Path], tmp_path: Path
) -> None:
    old_build, new_build, seconds = complete_builds
    out = tmp_path / "out"
    shutil.copytree(old_build, out)
    process = build_process(two_drafts[1], out)
    time.sleep(max(0.5, seconds * 0.45))  # past start-up, in the middle of the build
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    if f"wrote {out / 'site'}" in stderr and process.returncode in (0, -signal.SIGINT):
        # Finished before Ctrl-C arrived (or as the interpreter was exiting, which the signal then ends).
        pytest.skip("the build finished before Ctrl-C arrived")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == (
        "interrupted; the output folder holds the outputs of the last completed command"
    )
    assert tree(out) in (tree(old_build), tree(new_build))
    assert leftovers(out) == []


def test_two_builds_into_one_folder_take_turns(two_drafts: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = two_drafts
    out = tmp_path / "out"
    first, second = build_process(old, out), build_process(new, out)
    assert first.wait(timeout=180) == 0, first.stderr.read() if first.stderr else ""
    assert second.wait(timeout=180) == 0, second.stderr.read() if second.stderr else ""
    assert run_cli("build", "--content", old, "--out", tmp_path / "alone-old").exit_code == 0
    assert run_cli("build", "--content", new, "--out", tmp_path / "alone-new").exit_code == 0
    assert tree(out) in (tree(tmp_path / "alone-old"), tree(tmp_path / "alone-new"))
    assert leftovers(out) == []


def test_a_build_waits_for_the_lock_and_says_so(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    descriptor = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)  # as another reportkit command writing there would hold it
    try:
        process = build_process(mini, out, "--only", "md")
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.strip() == f"waiting for another reportkit command writing to {out} …"
        assert process.poll() is None and not out.exists()
    finally:
        os.close(descriptor)
    assert process.wait(timeout=60) == 0
    assert (out / "report.md").is_file()


def test_leftovers_of_interrupted_builds_are_cleared(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    staging = tmp_path / ".out.reportkit-new-x1y2"
    (staging / "site").mkdir(parents=True)
    (staging / "site" / "index.html").write_text("half a site")
    assert run_cli("build", "--content", mini, "--out", out, "--only", "md").exit_code == 0
    assert leftovers(out) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    """A 12 MB tmpfs, to fill: needs root and mount; skipped where the system refuses."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_full_disk_is_a_clear_error_and_the_earlier_outputs_stay(
    small_disk: Path, two_drafts: tuple[Path, Path]
) -> None:
    old, new = two_drafts
    out = small_disk / "out"
    assert run_cli("build", "--content", old, "--out", out).exit_code == 0
    before = tree_with_times(out)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 600_000))  # room for the DOCX, not the site

    result = run_cli("build", "--content", new, "--out", out)

    assert result.exit_code == 2
    assert (
        f"{out}:1:1: error[cannot-write]: cannot write to '{out}': No space left on device" in result.stderr
    )
    assert "free some space and run the command again; the earlier outputs are unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_with_times(out) == before
    assert leftovers(out) == []
