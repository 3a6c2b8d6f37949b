#!/usr/bin/env python3
"""Paired timing of `govdict validate` builds against the bare read of one file.

Runs the floor (`floor csv FILE`, or `floor xlsx|xlsb|ods FILE` for a workbook: the bare
calamine read) and then each build on FILE, round after round, so that
the machine's slow and fast moments fall on all of them alike, and prints the best and the
median wall and CPU time of each, and the ratio of each best wall time to the floor's.
With one build this is the figure of the README; with several it compares them.

    python3 bench/pair.py [--rounds N] [--floor PATH] FILE GOVDICT...

成对计时：轮流运行纯解析下限和各个 govdict 版本，输出最佳与中位耗时及与下限之比。
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


FLOOR = "floor (bare read)"


def run(cmd, ok_codes):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    # A run that failed measured nothing: stop rather than print its time.
    if done.returncode not in ok_codes:
        message = done.stderr.decode("utf-8", "replace")[:500]
        sys.exit(f"{cmd[0]} exited with {done.returncode}: {message}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--floor", default=os.path.join(root, "target/release/examples/floor"))
    parser.add_argument("file")
    parser.add_argument("govdict", nargs="+")
    args = parser.parse_args()
    extension = os.path.splitext(args.file)[1].lower().lstrip(".")
    mode = extension if extension in ("xlsx", "xlsb", "ods") else "csv"
    commands = {FLOOR: [args.floor, mode, args.file]}
    for build in args.govdict:
        commands[build] = [build, "validate", "--format", "json", "--max-findings", "1000", args.file]
    times = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, cmd in commands.items():
            # The floor must succeed; validate exits 1 when it finds errors, which is a result.
            ok_codes = (0,) if name == FLOOR else (0, 1)
            times[name].append(run(cmd, ok_codes))
    floor = min(w for w, _ in times[FLOOR])
    floor_median = statistics.median(w for w, _ in times[FLOOR])
    print(f"{args.rounds} rounds, load {' '.join(open('/proc/loadavg').read().split()[:3])}")
    for name, runs in times.items():
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(
            f"{name:40s} wall best {min(walls):.2f} s, median {statistics.median(walls):.2f} s;"
            f" cpu best {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s;"
            f" best / floor best {min(walls) / floor:.2f}x;"
            f" median / floor median {statistics.median(walls) / floor_median:.2f}x"
        )


if __name__ == "__main__":
    main()
