#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
Traffic with the remote end through fbnic: iperf3 TCP and UDP in both
directions, a fixed amount of data each. The interface counters and the
queue statistics grow by at least the bytes iperf3 moved, and no drop
counter of the driver moves.
"""

import time

from lib.py import ksft_run, ksft_exit, ksft_pr, ksft_eq, ksft_ge
from fbnic_dp import fbnic_env, iperf3, iperf3_bytes, Snapshot, KernelLog

# What iperf3 sends (-n), whatever the machine's speed: about a second
# of TCP under TCG, two of UDP at its 2 Mbit/s
TCP_BYTES = "1M"
UDP_BYTES = "512K"
# How long the counters may take to show what iperf3 saw arrive (the wait
# ends as soon as they do)
COUNT_WAIT_S = 30


def counted(cfg, before, direction, moved):
    """
    A snapshot once the netdev's byte counters and queue statistics of
    @direction ("rx" or "tx") grew by @moved bytes (Tx completions may
    come after the remote end got the data), or after COUNT_WAIT_S
    """
    end = time.monotonic() + COUNT_WAIT_S
    while True:
        after = Snapshot(cfg)
        if (before.link_delta(after, direction, "bytes") >= moved and
                before.qstat_delta(after, f"{direction}-bytes") >= moved) \
                or time.monotonic() >= end:
            return after
        time.sleep(0.1)


def check_run(cfg, reverse, udp_rate=None):
    """One iperf3 run, then the counters of the direction it used"""
    log = KernelLog()
    before = Snapshot(cfg)
    report = iperf3(cfg, reverse=reverse, udp_rate=udp_rate,
                    nbytes=UDP_BYTES if udp_rate else TCP_BYTES)
    moved = iperf3_bytes(report)
    after = counted(cfg, before, "tx" if reverse else "rx", moved)

    ksft_pr(f"iperf3 moved {moved} bytes")
    ksft_ge(moved, 100000, "iperf3 moved next to nothing")
    # Payload bytes: the frames carry more, with their headers
    if reverse:
        ksft_ge(before.link_delta(after, "tx", "bytes"), moved,
                "tx_bytes grew by less than iperf3 sent")
        ksft_ge(before.qstat_delta(after, "tx-bytes"), moved,
                "qstats tx-bytes grew by less than iperf3 sent")
        ksft_ge(before.qstat_delta(after, "tx-packets"),
                moved // cfg.dev["mtu"], "qstats tx-packets")
    else:
        ksft_ge(before.link_delta(after, "rx", "bytes"), moved,
                "rx_bytes grew by less than iperf3 received")
        ksft_ge(before.qstat_delta(after, "rx-bytes"), moved,
                "qstats rx-bytes grew by less than iperf3 received")
        ksft_ge(before.qstat_delta(after, "rx-packets"),
                moved // cfg.dev["mtu"], "qstats rx-packets")
    ksft_eq(before.drops(after), {}, "drop counters moved")
    ksft_eq(log.problems(), [], "kernel log")


def tcp_rx(cfg):
    """The remote end sends TCP to us"""
    check_run(cfg, reverse=False)


def tcp_tx(cfg):
    """We send TCP to the remote end"""
    check_run(cfg, reverse=True)


def udp_rx(cfg):
    """The remote end sends UDP to us, at a rate TCG sustains"""
    check_run(cfg, reverse=False, udp_rate="2M")


def udp_tx(cfg):
    """We send UDP to the remote end"""
    check_run(cfg, reverse=True, udp_rate="2M")


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([tcp_rx, tcp_tx, udp_rx, udp_tx], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
