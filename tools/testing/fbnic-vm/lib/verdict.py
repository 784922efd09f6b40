#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The run's verdict, counted by test case, from its KTAP output.

usage: verdict.py KTAP_LOG EXPECTED [REPORT]

KTAP_LOG is everything the run printed: the host's static checks and
qtest, then the guest's kselftest runs and rig checks. EXPECTED names,
one per line, every top-level test the run must have reported (as in
"ok 3 selftests: drivers/net: ping.py"). REPORT, if given, gets one line
per counted case.

Counting:
- A test whose output holds KTAP results of its own (the cases of a
  kselftest Python test, a KUnit suite, a qtest) counts those, down to
  the innermost level; a test without cases counts as one result. The
  "TEST: name [ OK ]" lines of the kernel's shell test library count as
  cases too.
- "ok ... # SKIP" is skipped, "# XFAIL" passed. Cases the rig leaves out
  of a test ("rig-skip-case NAME # SKIP WHY" lines, kernel-selftests.txt)
  count as skipped.
- A failure is also counted when: a plan ("1..N") does not match the
  results that followed it; a test failed while all its cases passed
  (it crashed, or timed out, after them); an expected test never
  reported; a test reported twice.

Prints the failures, then "N passed, N failed, N skipped"; exits 1 when
anything failed or nothing passed.
"""

import re
import sys

RESULT = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*-?\s*(.*)$")
PLAN = re.compile(r"^1\.\.(\d+)")
HEADER = re.compile(r"^K?TAP version \d+")
DIRECTIVE = re.compile(r"^\s+#\s*(SKIP|XFAIL|TODO|TIMEOUT)\b\s*(.*)$", re.I)
SHELL_CASE = re.compile(r"^TEST: (.*?)\s+\[\s*(OK|FAIL|SKIP|XFAIL)\s*\]")
RIG_SKIP = re.compile(r"^rig-skip-case (\S+)(?:\s+#\s*SKIP\s*(.*))?$")


class Case:
    """One counted result: PASS, FAIL or SKIP, with its name and why"""

    def __init__(self, name, status, why="", output=()):
        self.name, self.status, self.why = name, status, why
        # What the test printed before this result (its own level)
        self.output = list(output)

    def __repr__(self):
        return f"{self.status} {self.name}" + (f" ({self.why})" if self.why
                                                else "")


def child_line(line):
    """The line one level down, or None if it is not a nested line"""
    if line.startswith("# "):
        return line[2:]
    if line == "#":
        return ""
    if line.startswith("    "):
        return line[4:]
    return None


def parse_result(line):
    """(ok, name, directive, reason) of a result line, or None"""
    m = RESULT.match(line)
    if not m:
        return None
    ok = m.group(1) == "ok"
    # The description ends where a comment starts; a comment may be a
    # directive (SKIP, XFAIL, TODO, TIMEOUT)
    name, _, comment = m.group(3).partition(" # ")
    d = DIRECTIVE.match(" # " + comment) if comment else None
    directive, reason = "", comment.strip()
    if d:
        directive, reason = d.group(1).upper(), d.group(2).strip()
    return ok, name.strip(), directive, reason


def count_stream(lines, prefix):
    """
    Cases of one level of KTAP output. @lines are this level's lines;
    each result takes the nested lines before it (down one level) as its
    own output. Returns (cases, top-level results seen by name).
    """
    cases, results, body = [], [], []
    plan, seen_in_plan = None, 0

    def close_plan():
        if plan is not None and seen_in_plan != plan:
            cases.append(Case(prefix + "(plan)", "FAIL",
                              f"plan 1..{plan}, {seen_in_plan} results"))

    for line in lines:
        line = line.rstrip("\r\n")
        sub = child_line(line)
        if sub is not None:
            body.append(sub)
            continue
        if HEADER.match(line):
            close_plan()
            plan, seen_in_plan = None, 0
            continue
        p = PLAN.match(line)
        if p:
            close_plan()
            plan, seen_in_plan = int(p.group(1)), 0
            continue
        r = parse_result(line)
        if r is None:
            continue
        seen_in_plan += 1
        results.append(r[1])
        cases.extend(count_result(r, body, prefix))
        body = []
    close_plan()
    # A test that indents a whole report of its own (kunit.sh shows
    # the KUnit results it read) has its results one level further down
    if prefix and not results and body:
        cases = count_stream(body, prefix)[0]
    return cases, results


def count_result(result, body, prefix):
    """The cases one result stands for, given the output nested under it"""
    ok, name, directive, reason = result
    full = prefix + name
    inner, _ = count_stream(body, full + ": ")
    inner += rig_skips(body, full + ": ")
    if not inner:
        inner = shell_cases(body, full + ": ")
    if not inner:
        if directive == "SKIP" or (directive == "TODO" and not ok):
            return [Case(full, "SKIP", reason, body)]
        if ok or directive == "XFAIL":
            return [Case(full, "PASS", "", body)]
        return [Case(full, "FAIL", f"{directive} {reason}".strip() or
                     "failed", body)]
    if not ok and directive != "XFAIL" and \
       not any(c.status == "FAIL" for c in inner):
        why = f"{directive} {reason}".strip() or "exit status"
        inner.append(Case(full, "FAIL", f"failed after its cases: {why}"))
    return inner


def rig_skips(body, prefix):
    """Cases the rig left out of a test, each a skip with its reason"""
    out = []
    for line in body:
        m = RIG_SKIP.match(line)
        if m:
            out.append(Case(prefix + m.group(1), "SKIP",
                            m.group(2) or "left out by the rig"))
    return out


def shell_cases(body, prefix):
    """'TEST: name [ OK ]' lines of the kernel's shell test library"""
    out = []
    for line in body:
        m = SHELL_CASE.match(line)
        if m:
            status = {"OK": "PASS", "XFAIL": "PASS", "SKIP": "SKIP"}.get(
                m.group(2), "FAIL")
            out.append(Case(prefix + m.group(1), status))
    return out


def main(argv):
    """Command line: see the module's documentation"""
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        cases, results = count_stream(f.readlines(), "")
    with open(argv[2], encoding="utf-8") as f:
        expected = [l.strip() for l in f if l.strip()]
    for name in expected:
        n = results.count(name)
        if n == 0:
            cases.append(Case(name, "FAIL", "expected to run, did not"))
        elif n > 1:
            cases.append(Case(name, "FAIL", f"reported {n} times"))
    if len(argv) == 4:
        with open(argv[3], "w", encoding="utf-8") as f:
            for c in cases:
                f.write(f"{c!r}\n")
    count = {s: sum(c.status == s for c in cases)
             for s in ("PASS", "FAIL", "SKIP")}
    for c in cases:
        if c.status == "FAIL":
            print(f"# FAIL: {c.name}" + (f" ({c.why})" if c.why else ""))
    print(f"{count['PASS']} passed, {count['FAIL']} failed, "
          f"{count['SKIP']} skipped")
    return 0 if count["FAIL"] == 0 and count["PASS"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
