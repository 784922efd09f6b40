#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
Native XDP on fbnic with real frames from the remote end: a program that
drops the test's frames keeps them from the stack and the driver counts
them as dropped; one that bounces them with XDP_TX sends every one back
out of the port (the remote end receives them, the stack sees none).
Both programs pass all other traffic, which must keep flowing, also with
MTU 9000 (multi-buffer frames).
"""

import time
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_pr
from lib.py import cmd, defer, ip, KsftSkipEx
from fbnic_dp import fbnic_env, send_frames, new_marker, FrameCatcher, \
    link_stats, wait_link_stats, KernelLog

FRAMES = 50
SIZES = (60, 1500)
PROG_DIR = Path(__file__).parent
# How long frames and counters may take (the waits end once they are in)
WAIT_S = 30


def attach(cfg, prog):
    """Attach one of the test's programs in native (driver) mode"""
    obj = PROG_DIR / f"xdp_fbnic_{prog}.bpf.o"
    if not obj.exists():
        raise KsftSkipEx(f"{obj.name} was not built")
    ip(f"link set dev {cfg.ifname} xdpdrv obj {obj} sec xdp.frags")
    defer(ip, f"link set dev {cfg.ifname} xdpdrv off")
    mode = ip(f"-d link show dev {cfg.ifname}", json=True)[0]
    ksft_eq(mode.get("xdp", {}).get("mode"), 1, "not attached in driver mode")


def remote_rx_packets(cfg):
    """Packets the remote end's interface received"""
    out = ip(f"-s link show dev {cfg.remote_ifname}", json=True,
             host=cfg.remote)
    return out[0]["stats64"]["rx"]["packets"]


def wait_remote_rx(cfg, start, want):
    """Packets the remote end received since @start, once @want did"""
    end = time.monotonic() + WAIT_S
    while True:
        got = remote_rx_packets(cfg) - start
        if got >= want or time.monotonic() >= end:
            return got
        time.sleep(0.2)


def other_traffic_flows(cfg):
    """What the program passes still reaches the stack"""
    cmd(f"ping -c 3 -W 5 {cfg.remote_addr}")


def send_all_sizes(cfg, marker):
    """FRAMES frames of each size to the own address"""
    for size in SIZES:
        send_frames(cfg, [(cfg.dev["address"], marker)], FRAMES, size=size)


def xdp_drop(cfg):
    """The test's frames are dropped before the stack, and counted"""
    attach(cfg, "drop")
    log = KernelLog()
    catcher = FrameCatcher(cfg)
    defer(catcher.close)
    before = link_stats(cfg)
    marker = new_marker()
    send_all_sizes(cfg, marker)
    other_traffic_flows(cfg)
    # Once the driver counted them all as dropped, none can still be on
    # its way to the stack
    want = FRAMES * len(SIZES)
    after = wait_link_stats(cfg, before, {("rx", "dropped"): want},
                            timeout=WAIT_S)
    ksft_eq(catcher.count(marker, timeout=0), 0,
            "dropped frames reached the stack")
    dropped = after["rx"]["dropped"] - before["rx"]["dropped"]
    ksft_pr(f"rx_dropped grew by {dropped}")
    ksft_ge(dropped, want, "XDP drops not counted in rx_dropped")
    ksft_eq(log.problems(), [], "kernel log")


def xdp_tx(cfg):
    """The test's frames go back out of the port; the stack sees none"""
    attach(cfg, "tx")
    log = KernelLog()
    catcher = FrameCatcher(cfg)
    defer(catcher.close)
    remote_before = remote_rx_packets(cfg)
    before = link_stats(cfg)
    marker = new_marker()
    send_all_sizes(cfg, marker)
    want = FRAMES * len(SIZES)
    bounced = wait_remote_rx(cfg, remote_before, want)
    other_traffic_flows(cfg)
    # Once the driver counted them all as sent, none can still be on its
    # way to the stack
    after = wait_link_stats(cfg, before, {("tx", "packets"): want},
                            timeout=WAIT_S)
    ksft_eq(catcher.count(marker, timeout=0), 0,
            "bounced frames reached the stack")
    sent = after["tx"]["packets"] - before["tx"]["packets"]
    ksft_pr(f"tx_packets grew by {sent}, the remote end received {bounced}")
    ksft_ge(sent, want, "XDP_TX frames not sent (or not counted)")
    ksft_ge(bounced, want, "the remote end did not receive the bounced frames")
    ksft_eq(after["tx"]["dropped"] - before["tx"]["dropped"], 0, "tx_dropped")
    ksft_eq(log.problems(), [], "kernel log")


def xdp_jumbo(cfg):
    """With MTU 9000 the frags program runs on multi-buffer frames too"""
    mtu = cfg.dev["mtu"]
    ip(f"link set dev {cfg.ifname} mtu 9000")
    defer(ip, f"link set dev {cfg.ifname} mtu {mtu}")
    ip(f"link set dev {cfg.remote_ifname} mtu 9000", host=cfg.remote)
    defer(ip, f"link set dev {cfg.remote_ifname} mtu {mtu}", host=cfg.remote)
    attach(cfg, "tx")
    cmd(f"ping -c 3 -W 5 -M do -s 8000 {cfg.remote_addr}")
    remote_before = remote_rx_packets(cfg)
    send_frames(cfg, [(cfg.dev["address"], new_marker())], FRAMES, size=8000)
    ksft_ge(wait_remote_rx(cfg, remote_before, FRAMES), FRAMES,
            "8000-byte frames not bounced")


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([xdp_drop, xdp_tx, xdp_jumbo], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
