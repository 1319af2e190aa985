#!/usr/bin/env python3
"""Idle CPU of the moderator's screen, and of a notetaker's view beside it.

What it measures: the CPU time (schedstat of every thread, in ns) each process uses
while a meeting sits idle with every clock running: item 1 taken up (its timer runs)
and someone given the floor (the speaker's timer runs), then no input for the
measured duration. Cases:
- demo: agendas/demo.toml, a new meeting (its folder holds the 6 items' notes files
  agendum makes, empty), Tom Becker at the floor;
- 200 notes: the 200-item agenda, every item's notes file holding about 5 KB (written
  by benches/fixtures.rs as the screen stores a meeting), P5 at the floor;
each without and with a notetaker's view (`agendum notes FOLDER`, same computer)
attached in a second PTY. Every program runs in its own PTY of 120x40 with a
throw-away HOME, XDG_CONFIG_HOME and XDG_DATA_HOME (the notetaker shares the
moderator's: same computer). Its output is read all along (as a terminal would), and
at the end the moderator must still show the floor taken and have redrawn its clocks.
When strace is there, the syscalls per second of each process are counted afterwards
over a separate window (strace -c -f -p PID), so that tracing does not weigh on the
CPU figure.

Run from the crate's root (builds agendum and the fixture writer in release):

    python3 benches/idle_cpu.py           # 30 s per case
    python3 benches/idle_cpu.py 60        # another duration, in seconds
    python3 benches/idle_cpu.py --quick   # smoke run: 3 s per case, no strace

Target: at most 0.1% of one core for each process, whatever the number of files.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptybench as pb  # noqa: E402

COLS, ROWS = 120, 40


def start_meeting(case, binary, base, fixtures_kept):
    run = os.path.join(base, "run")
    shutil.rmtree(run, ignore_errors=True)
    if case == "demo":
        env = pb.throwaway_env(run)
        out = os.path.join(run, "out")
        os.makedirs(out)
        argv = [binary, os.path.join(pb.ROOT, "agendas", "demo.toml"), "--output-dir", out]
        folder = os.path.join(out, "2026-11-26-wg-opendata-12")
        who, query, done = "Tom Becker", "q+ Tom", "Agenda 0/8"
    else:
        shutil.copytree(fixtures_kept, run, symlinks=True)
        env = pb.throwaway_env(run)
        out = os.path.join(run, "out")
        argv = [binary, os.path.join(run, "agenda200.toml"), "--output-dir", out]
        folder = os.path.join(out, "2026-11-26-wg-bench-120")
        who, query, done = "Participant Número 5 Surname5", "q+ P5", "Agenda 0/300"
    c = pb.Child(argv, env, COLS, ROWS)
    c.wait_for(done, timeout=60)
    c.drain(0.3)
    mark = len(c.out)
    c.send("n")
    c.wait_for("taken up", since=mark)
    c.drain(0.3)
    mark = len(c.out)
    c.send(":")
    c.drain(0.2)
    c.send(query)
    c.drain(0.2)
    c.send("\r")
    c.wait_for("queued (", since=mark)
    c.drain(0.3)
    mark = len(c.out)
    c.send(" ")
    c.wait_for("has the floor", since=mark)
    c.wait_for("\u25b6 " + who[:20], since=mark)
    c.drain(0.3)
    return c, env, folder, who


def syscalls_per_second(pid, seconds):
    if shutil.which("strace") is None:
        return None
    out = f"/tmp/agendum-idle-strace-{pid}.txt"
    p = subprocess.Popen(["strace", "-c", "-f", "-q", "-o", out, "-p", str(pid)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    p.send_signal(signal.SIGINT)
    p.wait()
    # strace -c's table: % time, seconds, usecs/call, calls, [errors,] syscall.
    total, top = None, []
    try:
        with open(out) as f:
            for line in f:
                fields = line.split()
                if len(fields) >= 5 and fields[0].replace(".", "").isdigit():
                    if fields[-1] == "total":
                        total = int(fields[3])
                    else:
                        top.append((int(fields[3]), fields[-1]))
        os.remove(out)
    except (OSError, ValueError):
        return None
    if total is None:
        return None
    top.sort(reverse=True)
    return total / seconds, ", ".join(f"{name} {n / seconds:.1f}" for n, name in top[:3])


def measure(case, notetaker, binary, base, kept, duration, strace_s):
    c, env, folder, who = start_meeting(case, binary, base, kept)
    procs = [("moderator", c)]
    try:
        if notetaker:
            n = pb.Child([binary, "notes", folder], env, COLS, ROWS)
            n.read(10)
            n.drain(1.0)
            if n.proc.poll() is not None or not n.out:
                pb.fail("the notetaker's view never showed its screen")
            procs.append(("notetaker", n))
        before = {name: p.cpu_ns() for name, p in procs}
        out_before = len(c.out)
        end = time.monotonic() + duration
        while time.monotonic() < end:
            for _, p in procs:
                p.read(0.0)
            time.sleep(0.05)
            for _, p in procs:
                while p.read(0.0) is not None:
                    pass
        after = {name: p.cpu_ns() for name, p in procs}
        if len(c.out) == out_before:
            pb.fail(f"the moderator's clocks did not move in {duration} s")
        if c.proc.poll() is not None:
            pb.fail("the moderator's screen exited")
        for _, p in procs:
            if p.proc.poll() is not None:
                pb.fail(f"{p.name} exited during the measurement")
        rows = []
        for name, p in procs:
            ns = after[name] - before[name]
            sc = syscalls_per_second(p.pid, strace_s) if strace_s else None
            rows.append((name, ns / 1e6, 100.0 * ns / 1e9 / duration, sc, p.rss_kib()))
        return rows
    finally:
        for _, p in procs:
            p.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("duration", nargs="?", type=float, default=30.0, help="seconds per case")
    ap.add_argument("--strace", type=float, default=10.0,
                    help="seconds of syscall counting per process (0: none)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 3 s per case")
    a = ap.parse_args()
    if a.quick:
        a.duration, a.strace = 3.0, 0.0
    binary = pb.build()
    fixtures = pb.build_fixtures()
    pb.warn_if_busy()
    base = pb.tempdir("agendum-idle-")
    results = []
    try:
        kept = os.path.join(base, "notes200")
        env = pb.throwaway_env(kept)
        if subprocess.run([fixtures, kept, "notes200"], env=env, stdout=subprocess.DEVNULL).returncode:
            pb.fail("the fixture writer failed")
        for case in ("demo", "200 notes"):
            for notetaker in (False, True):
                rows = measure(case, notetaker, binary, base, kept, a.duration, a.strace)
                results.append((case, notetaker, rows))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"\nidle with every clock running, {a.duration:g} s per case, CPU from each thread's "
          f"schedstat; % of one core (target <= 0.1%)\n")
    head = f"{'case':10} {'notetaker':9} {'process':10} {'CPU ms':>7} {'% core':>7} {'syscalls/s':>11} {'RSS MiB':>8}  most frequent syscalls /s"
    print(head)
    print("-" * len(head))
    for case, nt, rows in results:
        for name, cpu_ms, pct, sc, rss in rows:
            scs = f"{sc[0]:11.1f}" if sc is not None else f"{'-':>11}"
            most = sc[1] if sc is not None else ""
            print(f"{case:10} {'yes' if nt else 'no':9} {name:10} {cpu_ms:7.1f} {pct:7.3f} {scs} {rss / 1024:8.1f}  {most}")


if __name__ == "__main__":
    main()
