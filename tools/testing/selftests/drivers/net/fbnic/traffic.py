#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
Traffic with the remote end through fbnic: iperf3 TCP and UDP in both
directions. The interface counters and the queue statistics grow by at
least the bytes iperf3 moved, and no drop counter of the driver moves.
"""

from lib.py import ksft_run, ksft_exit, ksft_pr, ksft_eq, ksft_ge
from fbnic_dp import fbnic_env, iperf3, iperf3_bytes, settle_stats, \
    Snapshot, KernelLog

SECONDS = 3


def check_run(cfg, reverse, udp_rate=None):
    """One iperf3 run, then the counters of the direction it used"""
    log = KernelLog()
    before = Snapshot(cfg)
    report = iperf3(cfg, seconds=SECONDS, reverse=reverse, udp_rate=udp_rate)
    settle_stats(cfg)
    after = Snapshot(cfg)

    moved = iperf3_bytes(report)
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
