"""Shared helpers of the whole-program benchmarks (pty_echo.py, startup.py,
idle_cpu.py): building agendum and the fixture writer, throw-away environments, and
programs run in a pseudo-terminal of a set size whose output is read and timed.
Python standard library only."""

import fcntl
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Escape sequences: CSI (parameters, intermediates, final byte), OSC (to BEL or ST),
# DCS, PM, APC and SOS strings (to ST),
# charset designations, and the other two-byte ones.
ESCAPE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P^_X][^\x1b]*\x1b\\"
    rb"|\x1b[()*+].|\x1b[@-_]|\x1b."
)


def text_of(data):
    """The printable text of terminal output, escape sequences taken out."""
    return ESCAPE.sub(b"", data)


def fail(msg):
    print(f"{os.path.basename(sys.argv[0])}: {msg}", file=sys.stderr)
    sys.exit(1)


def build():
    """A quiet release build of agendum; its path."""
    r = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    if r.returncode != 0:
        fail("cargo build --release failed")
    return os.path.join(ROOT, "target", "release", "agendum")


def compared_builds(ap, spec, taken=()):
    """`--compare LABEL=PATH,...` as {label: absolute path}; a usage error (before
    anything is built) for an entry without both, a label given twice or among `taken`,
    or a path that is not an executable."""
    builds = {}
    for entry in (c for c in spec.split(",") if c):
        label, _, path = entry.partition("=")
        if not label or not path or "@" in label or label in builds or label in taken:
            others = f", none of {', '.join(taken)}" if taken else ""
            ap.error(f"--compare {entry!r}: LABEL=PATH, each label once, without '@'{others}")
        if not os.access(path, os.X_OK):
            ap.error(f"--compare {entry!r}: {path} is not an executable")
        builds[label] = os.path.abspath(path)
    return builds


def build_fixtures():
    """The fixture writer (benches/fixtures.rs) built with the release profile; its path."""
    r = subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bench", "fixtures", "--message-format=json"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        fail("cargo build --release --bench fixtures failed")
    for line in r.stdout.splitlines():
        m = json.loads(line)
        if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "fixtures" and m.get("executable"):
            return m["executable"]
    fail("the fixture writer's executable was not found")


def busy_others(seconds=1.0, limit=0.05):
    """Processes other than this one that used more than `limit` of a core over
    `seconds`: (pid, name, share). A leftover process spinning a core (one traced with
    strace --seccomp-bpf whose tracer was killed spun for an hour at 66%) moves every
    figure by a fifth, the ratios too."""
    def times():
        out = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            name = stat[stat.find("(") + 1:stat.rfind(")")]
            fields = stat[stat.rfind(")") + 2:].split()
            out[pid] = (name, int(fields[11]) + int(fields[12]))
        return out
    tick = os.sysconf("SC_CLK_TCK")
    before = times()
    time.sleep(seconds)
    after = times()
    busy = []
    for pid, (name, t) in after.items():
        if pid in before:
            share = (t - before[pid][1]) / tick / seconds
            if share > limit:
                busy.append((int(pid), name, share))
    return sorted(busy, key=lambda b: -b[2])


def warn_if_busy():
    """Says on standard error which other processes are busy before a measurement."""
    busy = busy_others()
    if busy:
        listed = ", ".join(f"{name} (pid {pid}, {share:.0%} of a core)" for pid, name, share in busy)
        print(f"warning: other processes are busy, the figures will be disturbed: {listed}",
              file=sys.stderr)


def ensure_editors(names):
    missing = [n for n in names if shutil.which(n) is None]
    if not missing:
        return
    cmd = ["apt-get", "install", "-y", "-q"] + missing
    if subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
        if subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode != 0:
            fail(f"could not install {' '.join(missing)}")


def throwaway_env(base):
    """A throw-away HOME, XDG_CONFIG_HOME and XDG_DATA_HOME under `base`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TMUX"))}
    for d in ("home", "config", "data"):
        os.makedirs(os.path.join(base, d), exist_ok=True)
    env.update(HOME=os.path.join(base, "home"), XDG_CONFIG_HOME=os.path.join(base, "config"),
               XDG_DATA_HOME=os.path.join(base, "data"), TERM="xterm-256color", LANG="C.UTF-8",
               LC_ALL="C.UTF-8")
    env.pop("EDITOR", None)
    env.pop("VISUAL", None)
    return env


def words_text(words=100_000):
    """100,000 words of notes as benches/screen.rs makes them: prose in paragraphs of
    120 words, one line each, a blank line between, an action every tenth paragraph."""
    vocab = ["the", "group", "discussed", "draft", "metadata", "profile", "and", "agreed", "that",
             "comments", "from", "municipal", "portals", "need", "review", "before", "December"]
    out = []
    for i in range(words):
        out.append(vocab[i % len(vocab)])
        if i % 120 == 119:
            out.append(".\n\n")
            if i % 1200 == 1199:
                out.append(f"ACTION: Kwame: follow up on paragraph {i} due 2026-12-10\n")
        else:
            out.append(" ")
    return "".join(out)


class Child:
    """A program in a pseudo-terminal of `cols`×`rows`, set before it starts. The
    process is the program itself (no shell), so its pid is the one to measure."""

    def __init__(self, argv, env, cols, rows, cwd=None):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.t_spawn = time.monotonic()

        def ctty():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=cwd, start_new_session=True, preexec_fn=ctty,
                                     close_fds=True)
        os.close(slave)
        self.fd = master
        os.set_blocking(master, False)
        self.out = bytearray()
        self.last_output = None
        self.first_output = None
        self.name = os.path.basename(argv[0])

    @property
    def pid(self):
        return self.proc.pid

    def read(self, timeout):
        """Reads what is there within `timeout` seconds; the time it arrived, or None."""
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            data = b""
        now = time.monotonic()
        if not data:
            if self.proc.poll() is not None:
                raise EOFError(f"{self.name} exited ({self.proc.returncode})")
            return None
        self.out += data
        self.last_output = now
        if self.first_output is None:
            self.first_output = now
        # Answer the cursor position query (crossterm and vim ask at start).
        if b"\x1b[6n" in data:
            os.write(self.fd, b"\x1b[1;1R")
        return now

    def drain(self, quiet, limit=10.0):
        """Reads until `quiet` seconds pass with no output (at most `limit` seconds)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if self.read(quiet) is None:
                return True
        return False

    def wait_for(self, pattern, timeout=10.0, since=0):
        """Waits until the output's text (from byte `since`) holds `pattern`; the time."""
        pat = pattern.encode() if isinstance(pattern, str) else pattern
        end = time.monotonic() + timeout
        while True:
            if pat in text_of(bytes(self.out[since:])):
                return time.monotonic()
            left = end - time.monotonic()
            if left <= 0:
                tail = text_of(bytes(self.out[-3000:])).decode("utf-8", "replace")
                fail(f"{self.name} never showed {pattern!r} within {timeout:.0f} s; last text:\n{tail}")
            self.read(min(left, 0.05))

    def send(self, data):
        os.write(self.fd, data.encode() if isinstance(data, str) else data)

    def rss_kib(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return None

    def cpu_ns(self):
        """CPU time of all the process's threads in nanoseconds (schedstat's time on
        the CPU): the 100 Hz ticks of /proc/PID/stat count a few per minute when idle."""
        total = 0
        task = f"/proc/{self.pid}/task"
        for tid in os.listdir(task):
            try:
                with open(f"{task}/{tid}/schedstat") as f:
                    total += int(f.read().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                pass  # a thread that ended meanwhile
        return total

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        try:
            os.close(self.fd)
        except OSError:
            pass


def percentile(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def median(xs):
    return percentile(xs, 50)


def tempdir(prefix):
    return tempfile.mkdtemp(prefix=prefix)
