#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
Native XDP on fbnic with real frames from the remote end: a program that
drops the test's frames keeps them from the stack and the driver counts
them as dropped; one that bounces them with XDP_TX sends every one back
out of the port (the remote end receives them, the stack sees none).
Both programs pass all other traffic, which must keep flowing, also with
MTU 9000 (multi-buffer frames).

XDP_REDIRECT: through a device map back out of the fbnic itself (its
ndo_xdp_xmit sends them, counted per queue under ethtool -S
xdp_tx_queue_*), also multi-buffer; through a CPU map to another CPU,
where they reach the stack; and from another device (a veth whose
program redirects to the fbnic), whose frames live in that device's
memory.
"""

import os
import re
import time

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_pr
from lib.py import cmd, defer, ip
from fbnic_dp import fbnic_env, send_frames, new_marker, FrameCatcher, \
    link_stats, wait_link_stats, KernelLog, SENDER, attach_xdp, map_set_u32

FRAMES = 50
SIZES = (60, 1500)
# How long frames and counters may take (the waits end once they are in)
WAIT_S = 30


def xdpq_counters(cfg):
    """Sums of ethtool -S xdp_tx_queue_*_{packets,dropped}"""
    out = cmd(f"ethtool -S {cfg.ifname}").stdout
    sums = {"packets": 0, "dropped": 0}
    for m in re.finditer(r"xdp_tx_queue_\d+_(packets|dropped): (\d+)", out):
        sums[m.group(1)] += int(m.group(2))
    return sums


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


def jumbo_mtu(cfg):
    """MTU 9000 on both ends of the wire until the case ends"""
    mtu = cfg.dev["mtu"]
    ip(f"link set dev {cfg.ifname} mtu 9000")
    defer(ip, f"link set dev {cfg.ifname} mtu {mtu}")
    ip(f"link set dev {cfg.remote_ifname} mtu 9000", host=cfg.remote)
    defer(ip, f"link set dev {cfg.remote_ifname} mtu {mtu}", host=cfg.remote)


def send_all_sizes(cfg, marker):
    """FRAMES frames of each size to the own address"""
    for size in SIZES:
        send_frames(cfg, [(cfg.dev["address"], marker)], FRAMES, size=size)


def xdp_drop(cfg):
    """The test's frames are dropped before the stack, and counted"""
    attach_xdp(cfg, "drop")
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
    attach_xdp(cfg, "tx")
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
    jumbo_mtu(cfg)
    attach_xdp(cfg, "tx")
    cmd(f"ping -c 3 -W 5 -M do -s 8000 {cfg.remote_addr}")
    remote_before = remote_rx_packets(cfg)
    send_frames(cfg, [(cfg.dev["address"], new_marker())], FRAMES, size=8000)
    ksft_ge(wait_remote_rx(cfg, remote_before, FRAMES), FRAMES,
            "8000-byte frames not bounced")


def check_bounced_by_xmit(cfg, send, want):
    """
    @send makes @want frames that a program redirects out of the fbnic:
    the remote end receives them all, the fbnic's TWQ1 counters count
    them sent and none dropped, and the stack sees none of them.
    """
    log = KernelLog()
    remote_before = remote_rx_packets(cfg)
    q_before = xdpq_counters(cfg)
    send()
    bounced = wait_remote_rx(cfg, remote_before, want)
    other_traffic_flows(cfg)
    end = time.monotonic() + WAIT_S
    while True:
        q_after = xdpq_counters(cfg)
        sent = q_after["packets"] - q_before["packets"]
        if sent >= want or time.monotonic() >= end:
            break
        time.sleep(0.2)
    ksft_pr(f"xdp_tx_queue_*_packets grew by {sent}, "
            f"the remote end received {bounced}")
    ksft_ge(sent, want, "redirected frames not sent (or not counted)")
    ksft_ge(bounced, want, "the remote end did not receive them")
    ksft_eq(q_after["dropped"] - q_before["dropped"], 0,
            "xdp_tx_queue_*_dropped")
    ksft_eq(log.problems(), [], "kernel log")


def xdp_redirect_devmap(cfg):
    """Redirected to the fbnic itself, the frames go out by ndo_xdp_xmit"""
    maps = attach_xdp(cfg, "devmap")
    map_set_u32(maps["fbnic_tx_port"], 0, cfg.ifindex)
    catcher = FrameCatcher(cfg)
    defer(catcher.close)
    marker = new_marker()
    check_bounced_by_xmit(cfg, lambda: send_all_sizes(cfg, marker),
                          FRAMES * len(SIZES))
    ksft_eq(catcher.count(marker, timeout=0), 0,
            "redirected frames reached the stack")


def xdp_redirect_jumbo(cfg):
    """ndo_xdp_xmit sends multi-buffer frames too (MTU 9000)"""
    jumbo_mtu(cfg)
    maps = attach_xdp(cfg, "devmap")
    map_set_u32(maps["fbnic_tx_port"], 0, cfg.ifindex)
    cmd(f"ping -c 3 -W 5 -M do -s 8000 {cfg.remote_addr}")
    marker = new_marker()
    check_bounced_by_xmit(
        cfg, lambda: send_frames(cfg, [(cfg.dev["address"], marker)], FRAMES,
                                 size=8000),
        FRAMES)


def xdp_redirect_cpumap(cfg):
    """Redirected to CPU 0's map thread, the frames reach the stack there"""
    maps = attach_xdp(cfg, "cpumap")
    map_set_u32(maps["fbnic_cpus"], 0, 64)	# CPU 0, a 64-frame queue
    log = KernelLog()
    catcher = FrameCatcher(cfg)
    defer(catcher.close)
    before = link_stats(cfg)
    marker = new_marker()
    send_all_sizes(cfg, marker)
    want = FRAMES * len(SIZES)
    # The program redirects them or loses them: it never passes them
    got = catcher.count(marker, want=want, timeout=WAIT_S)
    other_traffic_flows(cfg)
    after = link_stats(cfg)
    ksft_pr(f"{got} of {want} redirected frames reached the stack")
    ksft_ge(got, want, "frames redirected to a CPU did not reach the stack")
    ksft_eq(after["rx"]["dropped"] - before["rx"]["dropped"], 0,
            "rx_dropped")
    ksft_eq(log.problems(), [], "kernel log")


def xdp_xmit_from_veth(cfg):
    """
    Frames a veth's program redirects to the fbnic leave by its
    ndo_xdp_xmit, from the veth's memory. The veth's peer, in a netns of
    its own, takes the remote end's MAC address so that the swapped
    frames are addressed to the remote end.
    """
    ns = f"fbnic-xv-{os.getpid()}"
    veth, peer = "fbnicxv0", "fbnicxv1"
    remote_mac = ip(f"link show dev {cfg.remote_ifname}", json=True,
                    host=cfg.remote)[0]["address"]
    ip(f"netns add {ns}")
    defer(ip, f"netns del {ns}")
    ip(f"link add {veth} type veth peer name {peer} netns {ns}")
    defer(ip, f"link del {veth}")
    ip(f"link set dev {peer} address {remote_mac}", ns=ns)
    ip(f"link set dev {veth} up")
    ip(f"link set dev {peer} up", ns=ns)
    maps = attach_xdp(cfg, "devmap", ifname=veth)
    map_set_u32(maps["fbnic_tx_port"], 0, cfg.ifindex)
    veth_mac = ip(f"link show dev {veth}", json=True)[0]["address"]
    marker = new_marker()

    def send():
        for size in SIZES:
            cmd(f"ip netns exec {ns} python3 {SENDER} {peer} {FRAMES} "
                f"{size} {veth_mac},{marker.hex()}", timeout=600)
    check_bounced_by_xmit(cfg, send, FRAMES * len(SIZES))


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([xdp_drop, xdp_tx, xdp_jumbo, xdp_redirect_devmap,
                  xdp_redirect_jumbo, xdp_redirect_cpumap,
                  xdp_xmit_from_veth], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
