#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
fbnic's MTU: the range it advertises is the device's (IPv6's minimum up
to the largest frame the MAC takes), values outside it are refused, the
MTU changes while traffic runs in both directions without upsetting the
kernel and traffic flows afterwards, and jumbo frames cross the wire and
are counted in the right RMON size bucket.
"""

import json
import time

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_pr, \
    KsftSkipEx
from lib.py import bkg, cmd, defer, ethtool, ip, rand_port, \
    wait_port_listen, CmdExitFailure
from fbnic_dp import fbnic_env, iperf3, iperf3_bytes, link_stats, \
    wait_link_stats, KernelLog

# The MAC takes frames up to 9742 bytes (fbnic_csr.h), Ethernet header
# included; fbnic, like every IPv6-capable device, goes down to 1280
MAX_FRAME = 9742
MIN_MTU = 1280
MAX_MTU = MAX_FRAME - 14
JUMBO_MTU = 9000
# Changes made while iperf3 runs, and the time each one lasts
MTU_STEPS = [9000, 1280, 4000, 1500]
STEP_S = 2
# What iperf3 sends each way after the changes (-n: the same amount
# whatever the machine's speed)
AFTER_BYTES = "1M"
# How long frames and counters may take (the waits end once they are in)
WAIT_S = 30


def link_info(cfg, host=None, ifname=None):
    """`ip -d link show` of a netdev"""
    return ip(f"-d link show dev {ifname or cfg.ifname}", json=True,
              host=host)[0]


def set_mtu(cfg, mtu, host=None, ifname=None):
    """Set the MTU and check it reads back"""
    ifname = ifname or cfg.ifname
    ip(f"link set dev {ifname} mtu {mtu}", host=host)
    ksft_eq(link_info(cfg, host, ifname)["mtu"], mtu, f"{ifname} MTU")


def keep_mtu(cfg, host=None, ifname=None):
    """Put the current MTU back at the end of the test"""
    mtu = link_info(cfg, host, ifname)["mtu"]
    defer(ip, f"link set dev {ifname or cfg.ifname} mtu {mtu}", host=host)


def mtu_range(cfg):
    """The advertised range is the device's; the bounds hold"""
    info = link_info(cfg)
    ksft_eq(info["min_mtu"], MIN_MTU, "min_mtu")
    ksft_eq(info["max_mtu"], MAX_MTU, "max_mtu")
    keep_mtu(cfg)
    for bad in (MIN_MTU - 1, MAX_MTU + 1):
        try:
            ip(f"link set dev {cfg.ifname} mtu {bad}")
        except CmdExitFailure:
            pass
        else:
            raise AssertionError(f"MTU {bad} accepted")
        ksft_eq(link_info(cfg)["mtu"], info["mtu"], f"MTU after {bad}")
    for good in (MIN_MTU, MAX_MTU, info["mtu"]):
        set_mtu(cfg, good)


def mtu_under_traffic(cfg):
    """Change the MTU while iperf3 runs both ways, then traffic flows"""
    cfg.require_cmd("iperf3", local=True, remote=True)
    keep_mtu(cfg)
    log = KernelLog()
    port = rand_port()
    server = bkg(f"iperf3 -s -1 -p {port}", fail=False)
    wait_port_listen(port, deadline=WAIT_S)
    seconds = len(MTU_STEPS) * STEP_S + 2
    client = bkg(f"iperf3 -c {cfg.addr} -p {port} -t {seconds} --bidir -J",
                 host=cfg.remote, fail=False)
    time.sleep(1)
    for mtu in MTU_STEPS:
        set_mtu(cfg, mtu)
        time.sleep(STEP_S)
    client.process(terminate=False, fail=False, timeout=seconds + 30)
    server.process(terminate=True, fail=False)
    if client.ret == 0:
        report = json.loads(client.stdout)
        ksft_pr(f"iperf3 across the changes: {iperf3_bytes(report)} bytes")
    else:
        # A connection may give up while the MTU shrinks under it
        ksft_pr("iperf3 across the changes ended early:", client.stderr)

    # The data path works in both directions at the final MTU: a fixed
    # amount of data crosses each way and the netdev counts it
    cmd(f"ping -c 3 -W 5 -s 1400 -M do {cfg.remote_addr}")
    for reverse, direction in ((False, "rx"), (True, "tx")):
        before = link_stats(cfg)
        moved = iperf3_bytes(iperf3(cfg, reverse=reverse,
                                    nbytes=AFTER_BYTES))
        after = wait_link_stats(cfg, before, {(direction, "bytes"): moved},
                                timeout=WAIT_S)
        counted = after[direction]["bytes"] - before[direction]["bytes"]
        ksft_pr(f"{direction} after the changes: iperf3 moved {moved}"
                f" bytes, {direction}_bytes grew by {counted}")
        ksft_ge(moved, 50000, f"{direction} after changes")
        ksft_ge(counted, moved, f"{direction}_bytes after changes")
    ksft_eq(log.problems(), [], "kernel log")


def rmon_jumbo(cfg, direction):
    """Frames counted in the RMON size buckets beyond 8 KB"""
    out = ethtool(f"--json -S {cfg.ifname} --groups rmon").stdout
    rmon = json.loads(out)[0]["rmon"]
    return sum(b["val"] for b in rmon[f"{direction}-pktsNtoM"]
               if b["low"] >= 8192)


def jumbo_ping(cfg):
    """Jumbo frames cross the wire both ways, unfragmented"""
    peer = link_info(cfg, host=cfg.remote, ifname=cfg.remote_ifname)
    if peer.get("max_mtu", 0) < JUMBO_MTU:
        raise KsftSkipEx(f"the remote end takes no MTU of {JUMBO_MTU}")
    keep_mtu(cfg)
    keep_mtu(cfg, host=cfg.remote, ifname=cfg.remote_ifname)
    set_mtu(cfg, JUMBO_MTU)
    set_mtu(cfg, JUMBO_MTU, host=cfg.remote, ifname=cfg.remote_ifname)
    log = KernelLog()
    rx0, tx0 = rmon_jumbo(cfg, "rx"), rmon_jumbo(cfg, "tx")

    count = 3
    for ver, hdrs in (("4", 28), ("6", 48)):
        if not cfg.addr_v[ver]:
            continue
        size = JUMBO_MTU - hdrs
        # -w: ping waits for all its replies, however late
        cmd(f"ping -{ver} -c {count} -w {WAIT_S} -M do -s {size} "
            f"{cfg.remote_addr_v[ver]}")
        cmd(f"ping -{ver} -c {count} -w {WAIT_S} -M do -s {size} "
            f"{cfg.addr_v[ver]}", host=cfg.remote)
    # Each ping is a request one way and a reply the other: the MAC
    # counts them as they pass (the wait ends once it has)
    end = time.monotonic() + WAIT_S
    while (rmon_jumbo(cfg, "rx") - rx0 < 2 * count or
           rmon_jumbo(cfg, "tx") - tx0 < 2 * count) and \
            time.monotonic() < end:
        time.sleep(0.1)
    ksft_ge(rmon_jumbo(cfg, "rx") - rx0, 2 * count, "jumbo frames received")
    ksft_ge(rmon_jumbo(cfg, "tx") - tx0, 2 * count, "jumbo frames sent")
    ksft_eq(log.problems(), [], "kernel log")


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([mtu_range, mtu_under_traffic, jumbo_ping], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
