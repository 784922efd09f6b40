#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Case-by-case comparison of the two passes of a fidelity run.

usage: fidelity.py tests OUTPUT_LOG
       fidelity.py table OUTPUT_LOG AGAIN_LOG FIDELITY_MD TITLE

OUTPUT_LOG is what the guest's fidelity.sh printed: the kernel's driver
tests once with this repo's fbnic ("fbnic-vm: fidelity driver=ours ...")
and once with upstream's ("driver=upstream").

"tests" prints the tests (as "collection:test") that have a case whose
result differs between the drivers: the rig runs those again, in a
second VM, to see which differences repeat.

"table" compares the passes; AGAIN_LOG is the second run's output ("-"
if there was none). FIDELITY_MD is the committed explanation of the
differences: every heading "### PATTERN" under "## Differences
explained" explains the cases PATTERN (a shell glob over the case names
of the table) matches. TITLE says when and with what the run was made.
The file is rewritten with the new table between its table markers, and
the table is printed too. Exits 1 if the run is incomplete (a pass
missing or cut short, a pass that did not keep its driver loaded) or if
a difference that repeated (or was not run again) has no explanation.
"""

import fnmatch
import re
import sys

from verdict import count_stream

START = re.compile(r"^fbnic-vm: fidelity driver=(\w+) module=(\S+)$")
END = re.compile(r"^fbnic-vm: fidelity driver=(\w+) end module=(\S+)$")
BEGIN_MARK = "<!-- fidelity-table:begin -->"
END_MARK = "<!-- fidelity-table:end -->"
DRIVERS = ("ours", "upstream")
# What a failing case printed that says why, in the kernel's Python
# test library (a failed check, the exception that ended the case) and
# its shell one
EVIDENCE = re.compile(r"^(Check failed|[\w.]*(Error|Exception|Expired|Ex)\b:|"
                      r"FAIL|.*timed out)")
PREFIX = re.compile(r"^(Exception|Check)\|\s?")


def split_passes(lines):
    """{driver: (lines, start id, end id)} of the passes in the log"""
    passes, cur, body, start = {}, None, [], None
    for line in lines:
        line = line.rstrip("\r\n")
        m = START.match(line)
        if m:
            cur, body, start = m.group(1), [], m.group(2)
            continue
        m = END.match(line)
        if m and m.group(1) == cur:
            passes[cur] = (body, start, m.group(2))
            cur = None
            continue
        if cur:
            body.append(line)
    return passes


def short_name(name):
    """A case's name without the kselftest runner's prefix"""
    return name[len("selftests: "):] if name.startswith("selftests: ") \
        else name


def evidence(case):
    """One line of what a failed or skipped case printed about why"""
    if case.status == "SKIP":
        return case.why
    if case.status == "PASS":
        return "-"
    lines = [PREFIX.sub("", l.strip("# ").strip()) for l in case.output]
    lines = [l for l in lines if l]
    hits = [l for l in lines if EVIDENCE.search(l)]
    text = (hits or lines or [case.why])[-1]
    return text if len(text) <= 150 else text[:147] + "..."


def explanations(md):
    """Glob patterns of the '### ' headings of the explained section"""
    pats, on = [], False
    for line in md.splitlines():
        if line.startswith("## "):
            on = line.strip() == "## Differences explained"
        elif on and line.startswith("### "):
            pats.append(line[4:].strip().strip("`"))
    return pats


def cell(text):
    """Text made safe for a Markdown table cell"""
    return text.replace("|", "\\|").replace("\n", " ")


def status(cases, drv, name):
    """PASS, FAIL or SKIP of a case in one driver's pass, or none"""
    c = cases[drv].get(name)
    return c.status if c else "none"


def differing(cases):
    """Names of the cases whose results differ between the drivers"""
    names = list(dict.fromkeys(n for drv in DRIVERS for n in cases[drv]))
    diffs = [n for n in names
             if status(cases, "ours", n) != status(cases, "upstream", n)]
    return names, diffs


def test_of(name):
    """'collection:test' of a case's name (selftests: COLL: TEST: case)"""
    parts = short_name(name).split(": ")
    return f"{parts[0]}:{parts[1]}" if len(parts) > 1 else None


def table(title, cases, again, pats):
    """
    The Markdown table, and the differences that nothing explains.
    @again: the cases of the second run, or None if there was none.
    """
    names, diffs = differing(cases)
    same = [n for n in names if n not in diffs]

    def repeated(n):
        # A case the second run did not report is no evidence that the
        # difference went away
        return again is None or \
            any(n not in again[d] for d in DRIVERS) or \
            status(again, "ours", n) != status(again, "upstream", n)

    unexplained = []
    out = [title, ""]
    out.append("| driver | passed | failed | skipped |")
    out.append("| --- | --- | --- | --- |")
    for drv in DRIVERS:
        st = [c.status for c in cases[drv].values()]
        out.append(f"| {drv} | {st.count('PASS')} | {st.count('FAIL')} | "
                   f"{st.count('SKIP')} |")
    out += ["", f"### Differences ({len(diffs)})", ""]
    if again is not None:
        out.append("Run again (the tests with a difference, both drivers, "
                   "in a second VM): \"again\" gives the results there, "
                   "ours / upstream's.")
        out.append("")
    out.append("| case | ours | upstream | again | explained by | why "
               "(ours / upstream's output) |")
    out.append("| --- | --- | --- | --- | --- | --- |")
    for n in diffs:
        s = short_name(n)
        pat = next((p for p in pats if fnmatch.fnmatchcase(s, p)), None)
        if not pat and repeated(n):
            unexplained.append(s)
        why = " / ".join(evidence(cases[d][n]) if n in cases[d] else "-"
                         for d in DRIVERS)
        rerun = "-" if again is None else \
            f"{status(again, 'ours', n)} / {status(again, 'upstream', n)}"
        if not repeated(n):
            rerun += " (did not repeat)"
        out.append(f"| {cell(s)} | {status(cases, 'ours', n)} | "
                   f"{status(cases, 'upstream', n)} | {rerun} | "
                   f"{cell(pat) if pat else '**nothing**'} | {cell(why)} |")
    out += ["", f"### Same result ({len(same)})", ""]
    out.append("| case | both | why (failed or skipped) |")
    out.append("| --- | --- | --- |")
    for n in same:
        c = cases["ours"][n]
        why = "" if c.status == "PASS" else evidence(c)
        out.append(f"| {cell(short_name(n))} | {c.status} | {cell(why)} |")
    return "\n".join(out) + "\n", unexplained


def read_passes(path):
    """(cases by driver, problems) of one fidelity run's output"""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    passes = split_passes(lines)
    bad = []
    for drv in DRIVERS:
        if drv not in passes:
            bad.append(f"{path}: the pass with {drv}'s driver is missing "
                       "or cut short")
        elif passes[drv][1] != passes[drv][2] or passes[drv][1] == "none":
            bad.append(f"{path}: {drv}'s pass did not keep its driver "
                       f"loaded (module {passes[drv][1]} -> "
                       f"{passes[drv][2]})")
    if not bad and passes["ours"][1] == passes["upstream"][1]:
        bad.append(f"{path}: both passes ran the same module")
    if not any(l.startswith("fbnic-vm: fidelity complete") for l in lines):
        bad.append(f"{path}: the guest did not finish the fidelity run")
    cases = {}
    for drv in DRIVERS:
        found = count_stream(passes[drv][0], "")[0] if drv in passes else []
        cases[drv] = {c.name: c for c in found}
    return cases, bad


def write_table(md_path, text):
    """Put @text between FIDELITY.md's table markers"""
    with open(md_path, encoding="utf-8") as f:
        md = f.read()
    if BEGIN_MARK in md and END_MARK in md:
        head = md.split(BEGIN_MARK)[0]
        tail = md.split(END_MARK, 1)[1]
        md = f"{head}{BEGIN_MARK}\n{text}{END_MARK}{tail}"
    else:
        md = f"{md.rstrip()}\n\n{BEGIN_MARK}\n{text}{END_MARK}\n"
    with open(md_path, "w", encoding="utf-8") as f:
        f.write(md)


def main(argv):
    """Command line: see the module's documentation"""
    if len(argv) == 3 and argv[1] == "tests":
        cases, _ = read_passes(argv[2])
        tests = {test_of(n) for n in differing(cases)[1]}
        for t in sorted(t for t in tests if t):
            print(t)
        return 0
    if len(argv) != 6 or argv[1] != "table":
        sys.exit(__doc__)
    cases, bad = read_passes(argv[2])
    again = None
    if argv[3] != "-":
        again, bad2 = read_passes(argv[3])
        bad += bad2
    with open(argv[4], encoding="utf-8") as f:
        pats = explanations(f.read())
    text, unexplained = table(argv[5], cases, again, pats)
    write_table(argv[4], text)
    print(text)
    for u in unexplained:
        bad.append(f"difference not explained: {u}")
    for b in bad:
        print(f"# FAIL: {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
