#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
fbnic's rings at their smallest. Ring sizes below the minimum are
refused. A flood from the remote end runs tiny Rx rings out of buffers:
with flow control the device holds frames back and none is lost; without
it, and with several queues, they are dropped, the driver counts every
frame it lost, nothing goes missing silently. Reception recovers. With
a tiny Tx ring, many flows fill it: the queues stop and wake as often as
each other, and none times out.
"""

import time
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_gt, \
    ksft_pr, ksft_true
from lib.py import cmd, defer, ethtool, CmdExitFailure
from fbnic_dp import fbnic_env, iperf3, iperf3_bytes, new_marker, \
    send_frames, settle_stats, FrameCatcher, KernelLog, Snapshot

# Smallest rings the driver takes: a power of two that holds the
# descriptors of two worst-case frames, and at least 64 entries
RING_MIN = 64
FLOOD_FRAMES = 4000
FLOOD_SIZE = 1000
AFTER_FRAMES = 20
# Interrupt delay that lets a tiny Tx ring fill between completions
SLOW_IRQ_US = 2000
# Rx interrupt moderation for the flood without flow control: a long
# timer, and a frame threshold no ring of RING_MIN entries can reach
FLOOD_IRQ_US = 10000
FLOOD_IRQ_FRAMES = 16 * RING_MIN


def ring_params(cfg):
    """`ethtool -g` as JSON"""
    return ethtool(f"-g {cfg.ifname}", json=True)[0]


def keep_rings(cfg):
    """Put the current ring sizes back at the end of the test"""
    cur = ring_params(cfg)
    defer(ethtool, f"-G {cfg.ifname} rx {cur['rx']} rx-mini "
          f"{cur['rx-mini']} rx-jumbo {cur['rx-jumbo']} tx {cur['tx']}")


def pause_params(cfg):
    """`ethtool -a` as {"autonegotiate": "on", "rx": ..., "tx": ...}"""
    cur = {}
    for line in ethtool(f"-a {cfg.ifname}").stdout.splitlines()[1:]:
        key, _, val = line.partition(":")
        cur[key.strip().lower()] = val.strip()
    return cur


def set_pause(cfg, onoff, required=True):
    """
    Flow control on or off both ways, put back at the end. When it cannot
    be set and is not @required, the driver's default (on) stays.
    """
    try:
        cur = pause_params(cfg)
        ethtool(f"-A {cfg.ifname} rx {onoff} tx {onoff}")
    except CmdExitFailure as err:
        why = f"flow control cannot be set (ethtool -a/-A): " \
              f"{err.cmd.stderr.strip()}"
        if required:
            raise AssertionError(why) from err
        ksft_pr(why, "- the driver's default applies")
        return
    defer(ethtool, f"-A {cfg.ifname} rx {cur['rx']} tx {cur['tx']}")


def ring_minimum(cfg):
    """Rings take their minimum size and refuse smaller ones"""
    keep_rings(cfg)
    for ring in ("rx", "rx-mini", "rx-jumbo", "tx"):
        try:
            ethtool(f"-G {cfg.ifname} {ring} {RING_MIN // 2}")
        except CmdExitFailure:
            pass
        else:
            raise AssertionError(f"{ring} ring of {RING_MIN // 2} accepted")
    ethtool(f"-G {cfg.ifname} rx {RING_MIN} rx-mini {RING_MIN} "
            f"rx-jumbo {RING_MIN} tx {RING_MIN}")
    cur = ring_params(cfg)
    for ring in ("rx", "rx-mini", "rx-jumbo", "tx"):
        ksft_eq(cur[ring], RING_MIN, f"{ring} ring size")
    cmd(f"ping -c 3 -W 5 {cfg.remote_addr}")


def combined_channels(cfg):
    """The current number of combined channels (`ethtool -l`)"""
    out = ethtool(f"-l {cfg.ifname}").stdout
    current = out.split("Current hardware settings:")[1]
    for line in current.splitlines():
        if line.startswith("Combined:"):
            return int(line.split()[1])
    return 0


def require_queues(cfg, count):
    """At least @count queue pairs, for the length of the test"""
    cur = combined_channels(cfg)
    if cur >= count:
        return
    defer(ethtool, f"-L {cfg.ifname} combined {cur}")
    ethtool(f"-L {cfg.ifname} combined {count}")


def nic_sum(snap, prefix, suffix):
    """Sum of the `ethtool -S` counters named prefix<N>suffix"""
    return sum(v for k, v in snap.nic.items()
               if k.startswith(prefix) and k.endswith(suffix))


def tiny_rx_rings(cfg):
    """Several queues, all with the smallest Rx rings"""
    require_queues(cfg, 2)
    keep_rings(cfg)
    ethtool(f"-G {cfg.ifname} rx {RING_MIN} rx-mini {RING_MIN} "
            f"rx-jumbo {RING_MIN}")
    time.sleep(1)


def flood(cfg, catcher):
    """
    The remote end floods us with FLOOD_FRAMES frames. Returns the
    counter snapshots around it and how many the packet socket got.
    """
    marker = new_marker()
    before = Snapshot(cfg)
    send_frames(cfg, [(cfg.dev["address"], marker)], FLOOD_FRAMES,
                size=FLOOD_SIZE, burst=True)
    got = catcher.count(marker, want=FLOOD_FRAMES, timeout=10)
    settle_stats(cfg)
    return before, Snapshot(cfg), got


def check_recovery(cfg, catcher):
    """The rings refill: paced frames all arrive again"""
    marker = new_marker()
    send_frames(cfg, [(cfg.dev["address"], marker)], AFTER_FRAMES)
    ksft_eq(catcher.count(marker, want=AFTER_FRAMES, timeout=10),
            AFTER_FRAMES, "frames after the flood")


def rx_exhaustion_pause(cfg):
    """
    A flood into tiny Rx rings with flow control: the device holds frames
    back until the driver makes room, so every one of them arrives.
    """
    set_pause(cfg, "on", required=False)
    tiny_rx_rings(cfg)
    log = KernelLog()
    catcher = FrameCatcher(cfg)
    before, after, got = flood(cfg, catcher)
    ksft_pr(f"flood of {FLOOD_FRAMES}: {got} caught, "
            f"{before.link_delta(after, 'rx', 'packets')} received")
    ksft_eq(got, FLOOD_FRAMES, "frames lost with flow control on")
    ksft_eq(before.drops(after), {}, "drop counters moved")
    check_recovery(cfg, catcher)
    catcher.close()
    ksft_eq(log.problems(), [], "kernel log")


def rx_exhaustion_drop(cfg):
    """
    A flood into tiny Rx rings without flow control: queues drop what
    they have no room for, the driver counts every lost frame (nothing
    goes missing silently), and reception recovers.
    """
    set_pause(cfg, "off")
    tiny_rx_rings(cfg)
    # Rx interrupts only from the timer, every FLOOD_IRQ_US: with the
    # frame threshold (half a ring by default) the guest drains the rings
    # as fast as the machine lets it, and a fast one keeps up
    cur = ethtool(f"-c {cfg.ifname}", json=True)[0]
    defer(ethtool, f"-C {cfg.ifname} rx-usecs {cur['rx-usecs']} "
          f"rx-frames {cur['rx-frames']}")
    ethtool(f"-C {cfg.ifname} rx-usecs {FLOOD_IRQ_US} "
            f"rx-frames {FLOOD_IRQ_FRAMES}")
    log = KernelLog()
    catcher = FrameCatcher(cfg)
    before, after, got = flood(cfg, catcher)

    rcvd = before.link_delta(after, "rx", "packets")
    overruns = before.qstat_delta(after, "rx-hw-drop-overruns")
    hw_drops = before.qstat_delta(after, "rx-hw-drops")
    ring_drops = (nic_sum(after, "rxq", "_hw_bdq_drop") +
                  nic_sum(after, "rxq", "_hw_cq_drop") -
                  nic_sum(before, "rxq", "_hw_bdq_drop") -
                  nic_sum(before, "rxq", "_hw_cq_drop"))
    ksft_pr(f"flood of {FLOOD_FRAMES}: {got} caught, {rcvd} received, "
            f"{overruns} ring overruns, {hw_drops} hw drops")
    ksft_gt(overruns, 0, "the flood lost nothing: rings not exhausted")
    ksft_ge(hw_drops, overruns, "hw-drops include the overruns")
    ksft_eq(ring_drops, overruns, "ethtool -S ring drops vs qstats")
    ksft_ge(before.link_delta(after, "rx", "missed_errors") +
            before.link_delta(after, "rx", "fifo_errors") +
            before.link_delta(after, "rx", "over_errors") +
            before.link_delta(after, "rx", "dropped"), overruns,
            "rtnl stats do not show the losses")
    ksft_ge(got + hw_drops, FLOOD_FRAMES, "frames lost without being counted")
    check_recovery(cfg, catcher)
    catcher.close()
    ksft_eq(log.problems(), [], "kernel log")


def bql_out_of_the_way(cfg):
    """
    Let byte queue limits allow as much as they ever may: BQL would
    otherwise stop a queue before its ring is full, and how soon depends
    on timing (it learns from completions).
    """
    for bql in Path(f"/sys/class/net/{cfg.ifname}/queues").glob(
            "tx-*/byte_queue_limits"):
        old = (bql / "limit_min").read_text().strip()
        (bql / "limit_min").write_text((bql / "limit_max").read_text())
        defer((bql / "limit_min").write_text, old)


def tx_ring_full(cfg):
    """Many flows into a tiny Tx ring: stops and wakes, no timeout"""
    require_queues(cfg, 2)
    keep_rings(cfg)
    ethtool(f"-G {cfg.ifname} tx {RING_MIN}")
    bql_out_of_the_way(cfg)
    # Completions handled every few ms only: the ring fills in between
    cur = ethtool(f"-c {cfg.ifname}", json=True)[0]
    defer(ethtool, f"-C {cfg.ifname} rx-usecs {cur['rx-usecs']} "
          f"tx-usecs {cur['tx-usecs']}")
    ethtool(f"-C {cfg.ifname} rx-usecs {SLOW_IRQ_US} tx-usecs {SLOW_IRQ_US}")
    time.sleep(1)
    log = KernelLog()
    before = Snapshot(cfg)
    report = iperf3(cfg, seconds=4, reverse=True, streams=8)
    settle_stats(cfg)
    after = Snapshot(cfg)

    stops = before.qstat_delta(after, "tx-stop")
    wakes = before.qstat_delta(after, "tx-wake")
    ksft_pr(f"iperf3 sent {iperf3_bytes(report)} bytes; "
            f"queues stopped {stops} times, woken {wakes} times")
    ksft_gt(stops, 0, "a full Tx ring never stopped its queue")
    ksft_eq(wakes, stops, "stopped queues not woken once idle")
    ksft_eq(before.link_delta(after, "tx", "dropped"), 0, "tx_dropped")
    ksft_true(not log.problems(), f"kernel log: {log.problems()}")
    cmd(f"ping -c 3 -W 5 {cfg.remote_addr}")


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([ring_minimum, rx_exhaustion_pause, rx_exhaustion_drop,
                  tx_ring_full], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
