#!/usr/bin/env python3
"""The report as a user meets it: `agendum report` on a meeting of 200 items with about
1 MB of notes, start to exit, and its peak memory.

What it measures: the fixture writer (benches/fixtures.rs, `notes200`: the 200-item
agenda, 5 KB of typical notes per item, written through the library's Store as the
screen writes them) makes the meeting once; then `agendum report FOLDER` is run again
and again (each run reads the journal, replays it, renders the report and writes every
format the meeting asks for into the folder). Wall time from spawn to exit, and the
child's peak RSS (ru_maxrss).

An anchor, when given: `--scribe PATH` runs W3C's scribe.perl on the same notes as an
IRC log (each item a `Topic:`, each notes line said by the scribe), interleaved run by
run with agendum. scribe.perl is not on this machine by default (no network is needed
for the rest); without it the figures stand alone.

Run from the crate's root (builds agendum and the fixture writer in release):

    python3 benches/report.py               # 15 runs
    python3 benches/report.py --runs 30 --scribe /path/to/scribe.perl
    python3 benches/report.py --format md   # report.md alone
    python3 benches/report.py --quick       # smoke run: 2 runs
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptybench as pb  # noqa: E402


def timed(argv, env, stdout=subprocess.DEVNULL):
    """Wall seconds and peak RSS (MiB) of one run of `argv`, which must succeed."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        pb.fail(f"{' '.join(argv)} failed: {err.strip()}")
    return wall, usage.ru_maxrss / 1024


def irc_log(folder, path):
    """The meeting's notes files as an IRC log scribe.perl reads."""
    notes = os.path.join(folder, "notes")
    with open(path, "w") as out:
        out.write("<scribe> scribe: scribe\n")
        for name in sorted(os.listdir(notes)):
            if not name.endswith(".md"):
                continue
            out.write(f"<scribe> Topic: {name[:-3]}\n")
            with open(os.path.join(notes, name)) as f:
                for line in f:
                    line = line.strip()
                    if line:
                        out.write(f"<scribe> {line}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--scribe", help="path to W3C's scribe.perl, run on the same notes as an anchor")
    ap.add_argument("--format", help="the forms to write (agendum report --format), e.g. md; default: the meeting's")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    runs = 2 if a.quick else a.runs
    binary = pb.build()
    fixtures = pb.build_fixtures()
    pb.warn_if_busy()
    base = pb.tempdir("agendum-report-")
    try:
        env = pb.throwaway_env(base)
        r = subprocess.run([fixtures, base, "notes200"], env=env, stdout=subprocess.PIPE, text=True)
        if r.returncode != 0:
            pb.fail("the fixture writer failed")
        folder = r.stdout.strip().splitlines()[-1]
        size = sum(os.path.getsize(os.path.join(folder, "notes", n))
                   for n in os.listdir(os.path.join(folder, "notes")))
        argv = [binary, "report", folder] + (["--format", a.format] if a.format else [])
        cases = {"agendum report": argv}
        if a.scribe:
            log = os.path.join(base, "notes.irc")
            irc_log(folder, log)
            cases["scribe.perl"] = ["perl", a.scribe, log]
        walls = {c: [] for c in cases}
        rss = {c: [] for c in cases}
        for _ in range(runs):
            for case, argv in cases.items():
                w, m = timed(argv, env)
                walls[case].append(w)
                rss[case].append(m)
        written = sorted(n for n in os.listdir(folder) if n.startswith("report"))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"\nthe report of 200 items, {size / 1e6:.2f} MB of notes, {runs} runs "
          f"(agendum wrote: {', '.join(written)})\n")
    head = f"{'program':16} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'RSS MiB':>8}"
    print(head)
    print("-" * len(head))
    for case in cases:
        w = walls[case]
        print(f"{case:16} {pb.median(w) * 1000:10.1f} {min(w) * 1000:8.1f} "
              f"{max(w) * 1000:8.1f} {max(rss[case]):8.1f}")
    if "scribe.perl" in cases:
        ratio = pb.median(walls["scribe.perl"]) / pb.median(walls["agendum report"])
        print(f"\nscribe.perl / agendum (medians): {ratio:.1f}x (target >= 30x)")


if __name__ == "__main__":
    main()
