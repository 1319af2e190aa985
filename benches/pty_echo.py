#!/usr/bin/env python3
"""Key-to-echo latency of agendum, nano and vim through a real pseudo-terminal.

What it measures: each program is started in its own PTY (window size set with
TIOCSWINSZ before it starts) with a throw-away HOME, XDG_CONFIG_HOME and
XDG_DATA_HOME, on the same text: 100,000 words of notes, prose paragraphs of 120 words
one line each (as benches/screen.rs makes them). agendum: the demo agenda, the text
as item 1's notes file in the meeting folder (taken in at start), item 1 taken up
(`n`), the notes editor entered (`i`: the cursor is at the end of the notes). nano:
`nano FILE`, Alt-/ to the end. vim: `vim -u NONE -N FILE`, `G` then `A`.
Then one key byte is written to the PTY's master and the time taken until that
character shows in the program's output (escape sequences parsed out, so a letter
that ends a CSI sequence is not taken for it; agendum's once-a-second clock redraw
writes only digits, so it cannot be mistaken either) is the sample. Before the next
key the output must have been quiet for 30 ms, plus a random 0-20 ms. Letters are
timed; a space after every fifth letter is typed but not timed. Programs are kept
running side by side and get rounds of 25 keys in turn. After the measured keys each
program is typed into until it has had 1,000 keys in all, and its VmRSS (from
/proc/PID/status of the program's own process) is read.

Run from the crate's root (builds agendum with `cargo build --release`):

    python3 benches/pty_echo.py                      # 300 keys after 50 warm-up, 120x40 and 80x24
    python3 benches/pty_echo.py --keys 500 --sizes 120x40 --programs agendum,nano
    python3 benches/pty_echo.py --quick              # smoke run: a few seconds
    python3 benches/pty_echo.py --compare before=/tmp/agendum-old --programs agendum,nano
                                                     # another build beside, interleaved

Needs Linux, nano and vim (installed with apt-get when missing).
"""

import argparse
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptybench as pb  # noqa: E402

QUIET = 0.030
LETTERS = "etaoinshrdlucmfwypvbgk"


def start(name, binary, size, base, text):
    cols, rows = size
    d = os.path.join(base, f"{name}-{cols}x{rows}")
    env = pb.throwaway_env(d)
    if name == "agendum":
        out = os.path.join(d, "out")
        notes = os.path.join(out, "2026-11-26-wg-opendata-12", "notes")
        os.makedirs(notes)
        with open(os.path.join(notes, "01-welcome-and-adoption-of-the-agenda.md"), "w") as f:
            f.write(text)
        c = pb.Child([binary, os.path.join(pb.ROOT, "agendas", "demo.toml"), "--output-dir", out],
                     env, cols, rows)
        c.wait_for("Agenda 0/", timeout=30)
        c.drain(0.3)
        mark = len(c.out)
        c.send("n")
        c.wait_for("taken up", timeout=10, since=mark)
        c.drain(0.3)
        mark = len(c.out)
        c.send("i")
        c.drain(0.5)
        if b"December" not in pb.text_of(bytes(c.out)):
            pb.fail("agendum's notes pane does not show the notes file's text")
    else:
        path = os.path.join(d, "notes.md")
        with open(path, "w") as f:
            f.write(text)
        if name == "nano":
            c = pb.Child(["nano", path], env, cols, rows)
            c.wait_for("GNU nano", timeout=30)
            c.drain(0.3)
            c.send("\x1b/")  # Alt-/: the end of the file
        else:
            c = pb.Child(["vim", "-u", "NONE", "-N", path], env, cols, rows)
            c.wait_for("notes.md", timeout=30)
            c.drain(0.3)
            c.send("GA")
        c.drain(0.3)
    c.keys = 0
    c.samples = []
    c.next_letter = 0
    return c


def type_key(c, timed, quiet=QUIET, jitter=0.020):
    """One key: a letter, or a space after every fifth; returns the latency (s) of a
    letter, None for a space."""
    if c.keys % 6 == 5:
        ch = " "
    else:
        ch = LETTERS[c.next_letter % len(LETTERS)]
        c.next_letter += 1
    mark = len(c.out)
    t0 = time.monotonic()
    c.send(ch)
    c.keys += 1
    latency = None
    if ch != " ":
        want = ch.encode()
        while True:
            left = t0 + 5.0 - time.monotonic()
            if left <= 0:
                pb.fail(f"{c.name} did not echo {ch!r} within 5 s")
            at = c.read(left)
            if at is not None and want in pb.text_of(bytes(c.out[mark:])):
                latency = at - t0
                break
    # Quiet before the next key, and a jitter so keys do not lock to the clocks.
    c.drain(quiet, limit=5.0)
    time.sleep(random.uniform(0, jitter))
    if timed and latency is not None:
        c.samples.append(latency)
    return latency


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, default=300, help="timed letters per program and size")
    ap.add_argument("--warmup", type=int, default=50, help="keys before timing starts")
    ap.add_argument("--round", type=int, default=25, help="keys per program per round")
    ap.add_argument("--sizes", default="120x40,80x24")
    ap.add_argument("--programs", default="agendum,nano,vim")
    ap.add_argument("--rss-keys", type=int, default=1000,
                    help="keys typed in all before VmRSS is read")
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    ap.add_argument("--compare", default="",
                    help="LABEL=PATH,...: other agendum binaries typed into beside, in turn")
    a = ap.parse_args()
    if a.quick:
        a.keys, a.warmup, a.round, a.sizes, a.rss_keys = 20, 5, 10, "80x24", 0
    programs = a.programs.split(",")
    compared = pb.compared_builds(ap, a.compare, taken=("agendum", "nano", "vim"))
    sizes = [tuple(int(v) for v in s.split("x")) for s in a.sizes.split(",")]
    pb.ensure_editors([p for p in programs if p != "agendum"])
    binary = pb.build() if "agendum" in programs else None
    pb.warn_if_busy()
    text = pb.words_text(a.words)
    base = pb.tempdir("agendum-echo-")
    rows = []
    try:
        for size in sizes:
            children = [start(p, binary, size, base, text) for p in programs]
            for label, path in compared.items():
                c = start("agendum", path, size, os.path.join(base, label), text)
                c.name = label
                children.append(c)
            try:
                for c in children:
                    for _ in range(a.warmup):
                        type_key(c, timed=False)
                while any(len(c.samples) < a.keys for c in children):
                    for c in children:
                        n = 0
                        while n < a.round and len(c.samples) < a.keys:
                            if type_key(c, timed=True) is not None:
                                n += 1
                for c in children:
                    while c.keys < a.rss_keys:
                        type_key(c, timed=False, quiet=0.005, jitter=0)
                    c.drain(0.2)
                    rows.append((size, c.name, c.samples, c.rss_kib(), c.keys))
            finally:
                for c in children:
                    c.close()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    report(rows, a, compared)


def report(rows, a, compared):
    print(f"\nkey to echo through a PTY, {a.words} words of notes, {a.keys} timed letters "
          f"after {a.warmup} warm-up keys, 30 ms quiet between keys (ms)\n")
    head = f"{'size':8} {'program':8} {'median':>7} {'p90':>7} {'p99':>7} {'max':>7} {'RSS MiB':>8} {'keys':>5}"
    print(head)
    print("-" * len(head))
    med = {}
    for size, name, s, rss, keys in rows:
        ms = [x * 1000 for x in s]
        med[(size, name)] = pb.median(ms)
        print(f"{size[0]}x{size[1]:<5} {name:8} {pb.median(ms):7.2f} {pb.percentile(ms, 90):7.2f} "
              f"{pb.percentile(ms, 99):7.2f} {max(ms):7.2f} {rss / 1024:8.1f} {keys:5}")
    print()
    for size in sorted({r[0] for r in rows}, reverse=True):
        for mine in ["agendum", *compared]:
            ag = med.get((size, mine))
            for other in ("nano", "vim"):
                if ag is not None and (size, other) in med:
                    print(f"{size[0]}x{size[1]}: median {mine}/{other} = {ag / med[(size, other)]:.2f}")


if __name__ == "__main__":
    main()
