#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's "bench ..." lines into a Markdown table with ratios.

usage: report.py OUTPUT_LOG

Each row is one (direction, frame size): packets/s and Mbit/s for this
repo's driver and upstream's, measured in the same VM run, their ratio
(ours/upstream), and guest instructions per packet spent in the driver
module and in the whole guest, counted by the QEMU TCG plugin. The
instruction counts are deterministic; the rates are wall-clock figures
on a shared machine, so only their ratio within one run means much.
"""

import sys


def parse(path):
    rows = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        if not line.startswith("bench driver="):
            continue
        fields = dict(kv.split("=", 1) for kv in line.split()[1:])
        key = (fields["dir"], int(fields["frame"]))
        rows.setdefault(key, {})[fields["driver"]] = fields
    return rows


def per_pkt(f, what):
    pkts = int(f["pkts"])
    return int(f[what]) / pkts if pkts else float("nan")


def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = parse(sys.argv[1])
    if not rows:
        sys.exit("no benchmark results in " + sys.argv[1])
    print("| dir | frame | pps ours | pps upstream | ratio | Mbit/s ours | "
          "Mbit/s upstream | ratio | driver insns/pkt ours | upstream | "
          "ratio | guest insns/pkt ours | upstream | ratio |")
    print("|" + "---|" * 14)
    for (direction, frame), by_drv in sorted(rows.items()):
        o, u = by_drv.get("ours"), by_drv.get("upstream")
        if not o or not u:
            print(f"| {direction} | {frame} | incomplete: "
                  f"{', '.join(by_drv)} only |")
            continue
        po, pu = float(o["pps"]), float(u["pps"])
        mo, mu = float(o["mbps"]), float(u["mbps"])
        do, du = per_pkt(o, "insns_driver"), per_pkt(u, "insns_driver")
        to, tu = per_pkt(o, "insns_total"), per_pkt(u, "insns_total")
        print(f"| {direction} | {frame} | {po:.0f} | {pu:.0f} | "
              f"{ratio(po, pu)} | {mo:.1f} | {mu:.1f} | {ratio(mo, mu)} | "
              f"{do:.0f} | {du:.0f} | {ratio(do, du)} | {to:.0f} | "
              f"{tu:.0f} | {ratio(to, tu)} |")


if __name__ == "__main__":
    main()
