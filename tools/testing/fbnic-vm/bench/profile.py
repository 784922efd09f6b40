#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Per-function guest instruction profile between two plugin dumps.

The instruction-count plugin (insn-count.c) writes every translated
block's running count on "dump NAME" ("insndump NAME" on the guest's
control port, in a run started with FBNIC_PROFILE=1). Two dumps taken
around an operation, minus each other, say how many guest instructions
each block ran for it; this script charges every block to the symbol
it starts in and prints the functions that ran the most.

Symbols come from any number of files in the /proc/kallsyms or
System.map format ("ADDR TYPE NAME [MODULE]"; other lines are ignored):
the kernel build's System.map (the guest kernel has no KASLR) and the
guest's module symbols, which a guest script can print with
grep '\\[fbnic\\]' /proc/kallsyms into the run's output.log.

usage: profile.py BEFORE AFTER SYMBOLS... [--top N]
"""

import bisect
import re
import sys

SYM_LINE = re.compile(r"([0-9a-f]{16}) ([tTwW]) (\S+)(?:\s+\[(\S+)\])?\s*$")
USER_TOP = 1 << 47


def read_dump(path):
    """{block address: instructions} of one dump"""
    counts = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            addr, insns = line.split()
            counts[int(addr, 16)] = int(insns)
    return counts


def read_symbols(paths):
    """Sorted (address, name) of every text symbol in the files"""
    syms = {}
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = SYM_LINE.search(line)
                if not m:
                    continue
                addr = int(m.group(1), 16)
                if addr == 0:
                    continue
                name = m.group(3)
                if m.group(4):
                    name += f" [{m.group(4)}]"
                syms.setdefault(addr, name)
    return sorted(syms.items())


def profile(before, after, syms):
    """{function: instructions} for the blocks that ran in between"""
    addrs = [a for a, _ in syms]
    per_fn = {}
    for addr, insns in after.items():
        delta = insns - before.get(addr, 0)
        if delta <= 0:
            continue
        if addr < USER_TOP:
            name = "[user space]"
        else:
            i = bisect.bisect_right(addrs, addr) - 1
            name = syms[i][1] if i >= 0 else "[unknown]"
        per_fn[name] = per_fn.get(name, 0) + delta
    return per_fn


def main(argv):
    top = 40
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) < 3:
        sys.exit(__doc__)
    per_fn = profile(read_dump(argv[0]), read_dump(argv[1]),
                     read_symbols(argv[2:]))
    total = sum(per_fn.values())
    by_module = {}
    for name, n in per_fn.items():
        mod = name.split(" [")[1][:-1] if " [" in name else (
            "user" if name == "[user space]" else "vmlinux")
        by_module[mod] = by_module.get(mod, 0) + n
    print(f"# {total} guest instructions")
    for mod, n in sorted(by_module.items(), key=lambda kv: -kv[1]):
        print(f"# {n:>14} {100 * n / total:5.1f}%  {mod}")
    for name, n in sorted(per_fn.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{n:>14} {100 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
