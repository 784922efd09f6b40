#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
The kernel log by record sequence number (/dev/kmsg), for tests that look
at what was logged while they ran.

A mark is the sequence number of the next record the kernel will log.
Counting lines of `dmesg` instead stops working once the log buffer
wraps: old lines drop off the front and the count no longer moves. With
sequence numbers, records logged after the mark are found whatever
wrapped, and records lost to the wrap are reported as such.

    kmsg.py mark                   print a mark
    kmsg.py since MARK             print "LEVEL: text" for every record
                                   from MARK on; records overwritten
                                   before they were read are reported on
                                   stderr
    kmsg.py since MARK --problems  the same for warning level or worse
                                   only, records lost to the wrap
                                   reported among them; like grep, exit
                                   0 if it printed anything, 1 if not
"""

import errno
import os
import sys

LEVELS = ("emerg", "alert", "crit", "err", "warning", "notice", "info",
          "debug")
WARNING = LEVELS.index("warning")


def records():
    """Every record in the buffer: [(seq, level, text)], oldest first"""
    out = []
    fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    try:
        while True:
            try:
                raw = os.read(fd, 8192)
            except BlockingIOError:
                break
            except OSError as err:
                # EPIPE: the reader's next record was overwritten; the
                # next read goes on with the oldest one left
                if err.errno == errno.EPIPE:
                    continue
                raise
            prefix, _, msg = raw.decode(errors="replace").partition(";")
            fields = prefix.split(",")
            # continuation lines of a record (" KEY=value") follow
            text = msg.split("\n")[0]
            out.append((int(fields[1]), int(fields[0]) & 7, text))
    finally:
        os.close(fd)
    return out


def mark():
    """The sequence number the next record will have"""
    recs = records()
    return recs[-1][0] + 1 if recs else 0


def since(seq):
    """
    Records from sequence number @seq on, and how many of them the buffer
    no longer holds (overwritten before they could be read).
    """
    recs = [r for r in records() if r[0] >= seq]
    lost = recs[0][0] - seq if recs else 0
    return recs, lost


def problems(recs):
    """Records at warning level or worse"""
    return [r for r in recs if r[1] <= WARNING]


def main():
    """Command line: see the module's documentation"""
    args = sys.argv[1:]
    if args == ["mark"]:
        print(mark())
        return 0
    if len(args) in (2, 3) and args[0] == "since" and \
       (len(args) == 2 or args[2] == "--problems"):
        recs, lost = since(int(args[1]))
        only_problems = len(args) == 3
        if only_problems:
            recs = problems(recs)
        for _, level, text in recs:
            print(f"{LEVELS[level]}: {text}")
        if lost:
            print(f"kmsg: {lost} records since the mark were overwritten",
                  file=sys.stdout if only_problems else sys.stderr)
        if only_problems:
            return 0 if recs or lost else 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
