#!/usr/bin/env bash
# Idle CPU of the moderator's screen.
#
# What it measures: the CPU time (user + system, from /proc/PID/stat) that agendum
# uses while a meeting sits idle with every clock running: the demo agenda, item 1
# taken up (its timer runs) and Tom Becker at the microphone (the speaker's timer
# runs). The screen redraws once a second for the clocks and otherwise sleeps until
# input, so the figure should stay under 0.5% of one core.
#
# How it runs: a release build, started in a detached tmux session (its own server,
# 120x40) with a throw-away HOME, XDG_CONFIG_HOME, XDG_DATA_HOME and meeting folder; keys are sent
# with tmux, then the process is left alone for the measured duration.
#
# Run from the crate's root:
#
#     bash benches/idle_cpu.sh        # 60 seconds
#     bash benches/idle_cpu.sh 10     # another duration, in seconds
#
# Needs tmux and Linux's /proc. Figures and method are in BENCHMARKS.md.

set -euo pipefail

DURATION="${1:-60}"
SOCKET=agendum-idle
SESSION=agendum-idle

cd "$(dirname "$0")/.."
ROOT="$PWD"

cargo build --release --quiet
BIN="$ROOT/target/release/agendum"

TMP="$(mktemp -d)"
mkdir -p "$TMP/home" "$TMP/config" "$TMP/out"

tmx() { tmux -u -L "$SOCKET" -f /dev/null "$@"; }

cleanup() {
    tmx kill-server 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

screen() { tmx capture-pane -p -t "$SESSION"; }

# Waits up to 10 seconds for TEXT on the screen.
wait_for() {
    local text="$1"
    for _ in $(seq 100); do
        if screen | grep -qF -- "$text"; then
            return 0
        fi
        sleep 0.1
    done
    echo "idle_cpu: the screen never showed \"$text\"; it shows:" >&2
    screen >&2 || true
    exit 1
}

tmx new-session -d -s "$SESSION" -x 120 -y 40 \
    env HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" TERM=xterm-256color \
    "$BIN" "$ROOT/agendas/demo.toml" --output-dir "$TMP/out"

wait_for "Agenda 0/"

# Every clock running: item 1 taken up, then Tom in the queue and given the floor.
tmx send-keys -t "$SESSION" n
wait_for "meeting 0"
tmx send-keys -t "$SESSION" :
tmx send-keys -t "$SESSION" -l 'q+ Tom'
tmx send-keys -t "$SESSION" Enter
wait_for "Tom Becker"
tmx send-keys -t "$SESSION" Space
wait_for "▶ Tom Becker"

# The pane's process: `env` execs agendum, so it is agendum itself.
PID="$(tmx list-panes -t "$SESSION" -F '#{pane_pid}' | head -n1)"
if [[ "$(cat "/proc/$PID/comm")" != agendum ]]; then
    PID="$(pgrep -P "$PID" -x agendum | head -n1)"
fi

# utime and stime, fields 14 and 15, counted after the command name (which is in
# parentheses and may hold spaces).
ticks() {
    local stat rest
    stat="$(cat "/proc/$PID/stat")"
    rest="${stat##*) }"
    # rest starts at field 3 (state), so fields 14 and 15 are its 12th and 13th.
    awk '{ print $12 + $13 }' <<<"$rest"
}

HZ="$(getconf CLK_TCK)"
FIRST="$(screen)"
before="$(ticks)"
sleep "$DURATION"
after="$(ticks)"

# Still running, and the clocks went on: Tom has the floor, and the screen changed.
SHOWN="$(screen)"
if ! grep -qF -- "▶ Tom Becker" <<<"$SHOWN"; then
    echo "idle_cpu: at the end Tom Becker no longer has the floor; the screen shows:" >&2
    echo "$SHOWN" >&2
    exit 1
fi
if [[ "$SHOWN" == "$FIRST" ]]; then
    echo "idle_cpu: the clocks did not move in $DURATION s; the screen shows:" >&2
    echo "$SHOWN" >&2
    exit 1
fi

awk -v t="$((after - before))" -v hz="$HZ" -v d="$DURATION" 'BEGIN {
    s = t / hz
    printf "idle for %d s with every clock running: %.2f s of CPU (%d ticks at %d Hz), %.3f%% of one core (target < 0.5%%)\n", d, s, t, hz, 100 * s / d
}'
