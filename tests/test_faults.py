"""Faults (issue 16): no orphans, no leftover folders, concurrent sweeps, the msolve binary.

Each test starts the command line as a user would (``python -m neuromanifold.cli``), kills it
with SIGTERM, SIGINT or SIGKILL while msolve or sweep workers run, and checks that within 5 s no
process it started is alive and its temporary folder (``TMPDIR``) is empty.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from neuromanifold.algebra import PolynomialSystem, count_solutions
from neuromanifold.algebra.msolve import MsolveTimeoutError, find_msolve
from neuromanifold.experiments import ResultStore, load_spec, run_sweep

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="process trees are read from /proc"
)

SIGNALS = [signal.SIGTERM, signal.SIGINT, signal.SIGKILL]
GRACE = 5.0  # seconds a killed command's children have to disappear
OURS = ("neuromanifold", "pymp-", "tmp")  # temporary names of msolve's files, pools, tempfile

# Stands in for msolve: records its pid and arguments, then waits (as a long msolve run does).
FAKE_MSOLVE = """#!/bin/sh
echo "$@" > "{args}"
echo $$ > "{pid}"
exec sleep 60
"""


# ---------------------------------------------------------------------------------------------
# process trees from /proc


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[19])


def _descendants(root: int) -> dict[int, int]:
    """Living descendants of ``root``: pid → start time."""
    children: dict[int, list[tuple[int, int]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            info = _stat(int(entry))
            if info is not None and info[0] != "Z":
                children.setdefault(info[1], []).append((int(entry), info[2]))
    out: dict[int, int] = {}
    stack = [root]
    while stack:
        for pid, start in children.get(stack.pop(), []):
            out[pid] = start
            stack.append(pid)
    return out


def _alive(pid: int, start: int) -> bool:
    info = _stat(pid)
    return info is not None and info[0] != "Z" and info[2] == start


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _age(pid: int) -> float:
    """Seconds since the process started."""
    info = _stat(pid)
    if info is None:
        return 0.0
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - info[2] / os.sysconf("SC_CLK_TCK")


def _env(tmp: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment with the sources first on PYTHONPATH and TMPDIR an empty folder."""
    tmpdir = tmp / "tmpdir"
    tmpdir.mkdir(exist_ok=True)
    src = str(Path(__file__).resolve().parents[1] / "src")
    path = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)
    env = {k: v for k, v in os.environ.items() if k != "NEUROMANIFOLD_MSOLVE"}
    return {**env, "TMPDIR": str(tmpdir), "PYTHONPATH": path, **(extra or {})}


def _start_cli(args: list[str], tmp: Path, extra: dict[str, str] | None = None) -> subprocess.Popen:
    """The command line in its own process (SIGINT not ignored, whatever started the tests)."""

    def default_sigint() -> None:  # a shell without job control starts children ignoring it
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(
        [sys.executable, "-m", "neuromanifold.cli", *args],
        cwd=tmp,
        env=_env(tmp, extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=default_sigint,
    )


def _wait_for(condition, timeout: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the command ended early ({proc.returncode}): {err.decode()[-400:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the command did not reach the state to be killed in")
        time.sleep(0.05)


def _kill_and_check(proc: subprocess.Popen, sig: int, tmp: Path) -> None:
    """Kill the command; within GRACE seconds no descendant is alive and TMPDIR is empty."""
    children = _descendants(proc.pid)
    assert children, "nothing to orphan"
    os.kill(proc.pid, sig)
    deadline = time.monotonic() + GRACE
    try:
        proc.wait(timeout=GRACE)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail(f"the command did not end within {GRACE} s of {signal.Signals(sig).name}")
    while time.monotonic() < deadline and any(_alive(p, s) for p, s in children.items()):
        time.sleep(0.05)
    survivors = [f"{p} ({_comm(p)})" for p, s in children.items() if _alive(p, s)]
    for pid in (p for p, s in children.items() if _alive(p, s)):
        os.kill(pid, signal.SIGKILL)  # do not leave them to the next test
    assert not survivors, f"alive {GRACE} s after {signal.Signals(sig).name}: {survivors}"
    left = [p.name for p in (tmp / "tmpdir").iterdir() if p.name.startswith(OURS)]
    assert not left, f"temporary files left behind: {left}"
    _, err = proc.communicate()
    assert b"Traceback" not in err, err.decode()[-600:]


# ---------------------------------------------------------------------------------------------
# msolve dies with the command


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_msolve_dies_with_the_command(tmp_path: Path, sig: int):
    fake = tmp_path / "msolve"
    args, pidfile = tmp_path / "args", tmp_path / "pid"
    fake.write_text(FAKE_MSOLVE.format(args=args, pid=pidfile))
    fake.chmod(0o755)
    proc = _start_cli(
        ["ed-degree", "--variety", "x^2 + y^2 - 1", "--no-real"],
        tmp_path,
        {"NEUROMANIFOLD_MSOLVE": str(fake)},
    )
    _wait_for(lambda: pidfile.exists() and pidfile.read_text().strip(), 60, proc)
    msolve = int(pidfile.read_text())
    assert msolve in _descendants(proc.pid)
    _kill_and_check(proc, sig, tmp_path)
    assert proc.returncode != 0
    # its input and output were never files in a folder
    assert "/proc/self/fd/" in args.read_text()


def test_real_msolve_dies_with_a_killed_command(tmp_path: Path):
    """A quintic surface's real critical points: msolve isolates them for ~10 s (asked by
    name: ``auto`` certifies them faster by homotopy)."""
    proc = _start_cli(
        ["ed-degree", "--variety", "x^5+y^5+z^5+x*y*z^2-3*x^2*y+2*y*z^2-z+1",
         "--backend", "msolve", "--real-timeout", "120"],
        tmp_path,
    )  # fmt: skip

    def long_msolve() -> bool:
        return any(_comm(p) == "msolve" and _age(p) > 1.0 for p in _descendants(proc.pid))

    _wait_for(long_msolve, 90, proc)
    _kill_and_check(proc, signal.SIGKILL, tmp_path)


# ---------------------------------------------------------------------------------------------
# sweep workers die with the command

SLOW_SPEC = """
name = "slow"
architectures = ["fc:3,3,3,3"]
seeds = 4
runs = 4000

[training]
max_iter = 100000
gtol = 1e-14
"""


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_sweep_workers_die_with_the_command(tmp_path: Path, sig: int):
    spec = tmp_path / "slow.toml"
    spec.write_text(SLOW_SPEC)
    proc = _start_cli(
        ["sweep", str(spec), "--executor", "local:2", "--quiet"],
        tmp_path,
    )
    _wait_for(lambda: len(_descendants(proc.pid)) >= 2, 60, proc)
    time.sleep(0.5)  # the workers have started their jobs
    _kill_and_check(proc, sig, tmp_path)
    with ResultStore(tmp_path / "slow.sqlite") as db:
        assert db.count() % 4000 == 0  # whole jobs only


# ---------------------------------------------------------------------------------------------
# two sweeps on one store

SHARED = """
name = "{name}"
architectures = ["lcn:k=2,2", "fc:2,1,2"]
seeds = 2
runs = 4

[training]
max_iter = 50
"""


def _sorted_rows(path: Path) -> list[dict]:
    with ResultStore(path) as db:
        return sorted(db.rows(), key=lambda r: (r["job_key"], r["run_index"]))


def test_concurrent_sweeps_equal_sequential_ones(tmp_path: Path):
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_text(SHARED.format(name="first").replace("seeds = 2", "seeds = 4"))
    second.write_text(SHARED.format(name="second").replace("seeds = 2", "seeds = 4"))
    store = tmp_path / "shared.sqlite"
    # the same sweep twice and another one sharing every job, all at once
    procs = [
        _start_cli(["sweep", str(path), "--store", str(store), "--executor", "serial",
                    "--quiet", "--json"], tmp_path)
        for path in (first, first, second)
    ]  # fmt: skip
    alone = tmp_path / "alone.sqlite"  # meanwhile, one after the other in this process
    run_sweep(first, alone, "serial")
    run_sweep(second, alone, "serial")
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()[-800:]
    assert _sorted_rows(store) == _sorted_rows(alone)
    n = load_spec(first).total_runs
    with ResultStore(store) as db:
        assert db.count("first") == db.count("second") == n
        assert db.count() == 2 * n


def test_a_sweep_sharing_jobs_with_another_exports_all_its_rows(tmp_path: Path):
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_text(SHARED.format(name="first").replace("seeds = 2", "seeds = 1"))
    second.write_text(SHARED.format(name="second").replace("seeds = 2", "seeds = 3"))
    store = tmp_path / "shared.sqlite"
    run_sweep(first, store, "serial")
    out = tmp_path / "second.csv"
    proc = _start_cli(
        ["sweep", str(second), "--store", str(store), "--executor", "serial", "--quiet",
         "--export", str(out)],
        tmp_path,
    )  # fmt: skip
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()[-800:]
    lines = out.read_text().splitlines()
    assert len(lines) == 1 + load_spec(second).total_runs  # header + every run of the sweep
    assert all(",second," in line for line in lines[1:])


# ---------------------------------------------------------------------------------------------
# the msolve binary comes from site-packages or NEUROMANIFOLD_MSOLVE only


def test_msolve_in_the_current_folder_is_not_run(tmp_path: Path):
    marker = tmp_path / "fake-ran"
    fake = tmp_path / "sage_wheels" / "bin" / "msolve"
    fake.parent.mkdir(parents=True)
    fake.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    fake.chmod(0o755)
    first_on_path = {"PATH": f"{fake.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        [sys.executable, "-m", "neuromanifold.cli", "ed-degree", "--variety", "x^2+y^2-1",
         "--no-real", "--json"],
        cwd=tmp_path, env=_env(tmp_path, first_on_path), capture_output=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()[-600:]
    assert b'"ed_degree": 2' in proc.stdout
    assert not marker.exists(), "the msolve in the current folder was run"


def test_find_msolve_ignores_sys_path_and_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake = tmp_path / "sage_wheels" / "bin" / "msolve"
    fake.parent.mkdir(parents=True)
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.delenv("NEUROMANIFOLD_MSOLVE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend("")
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    found = find_msolve()
    assert found.is_absolute() and tmp_path not in found.parents
    assert "site-packages" in found.parts or "dist-packages" in found.parts
    monkeypatch.setenv("NEUROMANIFOLD_MSOLVE", str(fake))  # named explicitly, it is used
    assert find_msolve() == fake


# ---------------------------------------------------------------------------------------------
# an old store (job keys without the sweep's name) is migrated


def test_old_store_is_migrated_and_resumed(tmp_path: Path):
    spec = tmp_path / "old.toml"
    spec.write_text(SHARED.format(name="old").replace("seeds = 2", "seeds = 1"))
    store = tmp_path / "old.sqlite"
    run_sweep(spec, store, "serial")
    before = _sorted_rows(store)
    with sqlite3.connect(store) as db:  # rewrite it as version 0 wrote it
        for table in ("jobs", "runs"):
            db.execute(f"UPDATE {table} SET job_key = substr(job_key, 1, instr(job_key, "
                       "'|sweep=') - 1)")  # fmt: skip
        db.execute("PRAGMA user_version = 0")
    db.close()
    report = run_sweep(spec, store, "serial")
    assert report.ran == 0 and report.skipped == len(load_spec(spec).jobs)
    assert _sorted_rows(store) == before


# ---------------------------------------------------------------------------------------------
# msolve's files where there is no memfd: a temporary folder, removed however the call ends


def test_msolve_without_memfd_uses_a_folder_it_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    tmpdir, args = tmp_path / "tmpdir", tmp_path / "args"
    tmpdir.mkdir()
    recorder = tmp_path / "msolve"  # records its arguments, then runs the real msolve
    recorder.write_text(f'#!/bin/sh\necho "$@" >> {args}\nexec {find_msolve()} "$@"\n')
    recorder.chmod(0o755)
    monkeypatch.setenv("NEUROMANIFOLD_MSOLVE", str(recorder))
    monkeypatch.delattr(os, "memfd_create")
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    monkeypatch.setattr("tempfile.tempdir", None)
    circle = PolynomialSystem.from_text("x^2 + y^2 - 1; x - 2*y")
    assert count_solutions(circle).n_solutions == 2
    assert f"-f {tmpdir}{os.sep}neuromanifold-msolve-" in args.read_text()
    with pytest.raises(MsolveTimeoutError):
        count_solutions(circle, timeout=1e-4)
    assert not list(tmpdir.iterdir())
