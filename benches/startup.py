#!/usr/bin/env python3
"""Start to first frame: agendum on new and resumed meetings, nano as the anchor.

What it measures: the time from spawning the program in a PTY (120x40, set with
TIOCSWINSZ before it starts; throw-away HOME, XDG_CONFIG_HOME, XDG_DATA_HOME and meeting
folder) until its first full frame is out: the output has shown the frame's last row
(agendum: the hint line's "q quit", with the case's check text; nano: its help lines'
"Exit") and then stayed quiet for 100 ms; the figure is the time of the last byte
before that quiet. Also reported: the time to the first byte of output.

Cases, interleaved run by run:
- new-demo: a new meeting on agendas/demo.toml;
- new-200: a new meeting on the 200-item agenda of benches/support (300 people);
- resume-2: resuming a 2-line journal on it (the items, item 1 taken up);
- resume-100k: resuming a 100,000-event journal on it (benches/core.rs's mix);
- nano: nano opening a 100,000-word file.
The meetings are written by the fixture writer (benches/fixtures.rs, through the
library's Store, as the screen stores them) once, kept aside, and put back before each
run; each run's screen is checked for the resume (its status line and current item),
so a failed resume fails the benchmark.

Run from the crate's root (builds agendum and the fixture writer in release):

    python3 benches/startup.py            # 15 runs of each case
    python3 benches/startup.py --runs 30
    python3 benches/startup.py --quick    # smoke run: 2 runs
    python3 benches/startup.py --compare before=/tmp/agendum-old
                                          # another build's runs beside, as CASE@before
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptybench as pb  # noqa: E402

COLS, ROWS = 120, 40
QUIET = 0.100

# Per case: what the first frame must show.
CHECKS = {
    "new-demo": ["Agenda 0/8", "q quit"],
    "new-200": ["Agenda 0/300", "q quit"],
    "resume-2": ["resumed the meeting at item 1;", "q quit"],
    "resume-100k": ["resumed the meeting at item 200;", "Agenda 199/300", "q quit"],
    "nano": ["GNU nano", "Exit"],
}


def prepare(base, fixtures):
    """The fixtures, each generated where its runs will find it and kept aside."""
    os.makedirs(base, exist_ok=True)
    for kind in ("resume2", "resume100k"):
        run = os.path.join(base, kind)
        env = pb.throwaway_env(run)
        r = subprocess.run([fixtures, run, kind], env=env, stdout=subprocess.PIPE, text=True)
        if r.returncode != 0:
            pb.fail(f"the fixture writer failed on {kind}")
        shutil.copytree(run, run + ".kept", symlinks=True)
    r = subprocess.run([fixtures, os.path.join(base, "agenda"), "agenda"],
                       env=pb.throwaway_env(os.path.join(base, "agenda-env")))
    if r.returncode != 0:
        pb.fail("the fixture writer failed on the agenda")
    with open(os.path.join(base, "words.md"), "w") as f:
        f.write(pb.words_text())


def argv_env(case, binary, base):
    if case in ("resume-2", "resume-100k"):
        kind = case.replace("-", "")
        run = os.path.join(base, kind)
        shutil.rmtree(run)
        shutil.copytree(run + ".kept", run, symlinks=True)
        env = pb.throwaway_env(run)
        return [binary, os.path.join(run, "agenda200.toml"), "--output-dir", os.path.join(run, "out")], env
    run = os.path.join(base, "run-" + case)
    shutil.rmtree(run, ignore_errors=True)
    env = pb.throwaway_env(run)
    out = os.path.join(run, "out")
    os.makedirs(out)
    if case == "new-demo":
        return [binary, os.path.join(pb.ROOT, "agendas", "demo.toml"), "--output-dir", out], env
    if case == "new-200":
        return [binary, os.path.join(base, "agenda", "agenda200.toml"), "--output-dir", out], env
    path = os.path.join(run, "words.md")
    shutil.copy(os.path.join(base, "words.md"), path)
    return ["nano", path], env


def one(case, binary, base):
    argv, env = argv_env(case, binary, base)
    c = pb.Child(argv, env, COLS, ROWS)
    try:
        for text in CHECKS[case]:
            c.wait_for(text, timeout=60)
        c.drain(QUIET, limit=10)
        return c.first_output - c.t_spawn, c.last_output - c.t_spawn
    finally:
        c.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--cases", default=",".join(CHECKS))
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2 runs of each")
    ap.add_argument("--compare", default="",
                    help="LABEL=PATH,...: other agendum binaries run on the same cases, "
                         "interleaved, as CASE@LABEL")
    a = ap.parse_args()
    if a.quick:
        a.runs = 2
    compared = pb.compared_builds(ap, a.compare)
    pb.ensure_editors(["nano"])
    binaries = {"": pb.build()}
    binaries.update(("@" + label, path) for label, path in compared.items())
    cases = [c + label for c in a.cases.split(",") for label in binaries
             if not (label and c == "nano")]
    fixtures = pb.build_fixtures()
    pb.warn_if_busy()
    base = pb.tempdir("agendum-startup-")
    first = {c: [] for c in cases}
    frame = {c: [] for c in cases}
    try:
        prepare(base, fixtures)
        def run(case):
            name, _, label = case.partition("@")
            return one(name, binaries["@" + label if label else ""], base)
        for case in cases:  # one unmeasured run each: the files in the page cache
            run(case)
        for _ in range(a.runs):
            for case in cases:
                f, t = run(case)
                first[case].append(f * 1000)
                frame[case].append(t * 1000)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"\nstart to first frame, {COLS}x{ROWS} PTY, {a.runs} runs each, interleaved (ms)\n")
    w = max(len(c) for c in cases)
    head = f"{'case':{w}} {'first byte':>10} {'frame median':>13} {'min':>7} {'p90':>7} {'max':>7} {'/ nano':>7}"
    print(head)
    print("-" * len(head))
    nano = pb.median(frame["nano"]) if "nano" in frame else None
    for case in cases:
        m = pb.median(frame[case])
        ratio = f"{m / nano:7.1f}" if nano else ""
        print(f"{case:{w}} {pb.median(first[case]):10.1f} {m:13.1f} {min(frame[case]):7.1f} "
              f"{pb.percentile(frame[case], 90):7.1f} {max(frame[case]):7.1f} {ratio}")


if __name__ == "__main__":
    main()
