#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
fbnic's receive queues: RSS spreads many flows over the queues of its
indirection table and follows the table when it changes (per-queue
statistics tell where packets went), the number of channels changes
while traffic runs, and interrupt coalescing settings read back as set.
"""

import ipaddress
import random
import time

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_lt, \
    ksft_pr
from lib.py import bkg, cmd, defer, ethtool, rand_port, wait_port_listen, \
    CmdExitFailure, EthtoolFamily
from fbnic_dp import fbnic_env, iperf3, iperf3_bytes, qstats_queues, \
    settle_stats, KernelLog

FLOWS = 8
SECONDS = 3


def combined_channels(cfg):
    """The current number of combined channels (`ethtool -l`)"""
    out = ethtool(f"-l {cfg.ifname}").stdout
    for line in out.split("Current hardware settings:")[1].splitlines():
        if line.startswith("Combined:"):
            return int(line.split()[1])
    return 0


def keep_channels(cfg):
    """Put the channel count back at the end of the test"""
    defer(ethtool, f"-L {cfg.ifname} combined {combined_channels(cfg)}")


def rx_packets_per_queue(cfg, reverse=False, port=None, cport=None):
    """
    Rx packets of each queue while iperf3 runs FLOWS flows to us, and
    iperf3's report (its "connected" list names each flow's ports)
    """
    before = qstats_queues(cfg, "rx")
    report = iperf3(cfg, seconds=SECONDS, streams=FLOWS, reverse=reverse,
                    port=port, cport=cport)
    settle_stats(cfg)
    after = qstats_queues(cfg, "rx")
    deltas = {q: after[q]["rx-packets"] - before.get(q, {}).get(
        "rx-packets", 0) for q in after}
    ksft_pr("Rx packets per queue:", deltas)
    return deltas, report


def toeplitz(key, data):
    """The Toeplitz hash of @data (bytes) under @key (bytes)"""
    key_int = int.from_bytes(key, "big")
    key_bits = len(key) * 8
    value = 0
    for bit in range(len(data) * 8):
        if data[bit // 8] & (0x80 >> (bit % 8)):
            value ^= (key_int >> (key_bits - 32 - bit)) & 0xffffffff
    return value


def flow_queue(rss, src, sport, dst, dport):
    """
    Where RSS should put a TCP flow: Toeplitz over source and destination
    address, then source and destination port, indexing the table
    """
    data = (ipaddress.ip_address(src).packed +
            ipaddress.ip_address(dst).packed +
            sport.to_bytes(2, "big") + dport.to_bytes(2, "big"))
    return rss["indir"][toeplitz(rss["hkey"], data) % len(rss["indir"])]


def rss_config(cfg):
    """The device's RSS key and indirection table, over netlink"""
    return cfg.ethnl.rss_get({"header": {"dev-index": cfg.ifindex}})


def predicted_queues(rss, report):
    """
    Queue of each iperf3 data flow of @report (sent by the remote end to
    us) under the key and table @rss
    """
    return [flow_queue(rss, c["local_host"], c["local_port"],
                       c["remote_host"], c["remote_port"])
            for c in report["start"]["connected"]]


def spreading_client_ports(cfg, rss, port):
    """
    A first client port whose FLOWS consecutive ports, talking to @port,
    hash to both queues. The hash is linear in the input bits, so flows
    that differ only in a few low port bits can all land on one queue
    for a given key; picking the ports makes the spread certain.
    """
    for first in random.sample(range(20000, 60000), 4000):
        queues = {flow_queue(rss, cfg.remote_addr, sport, cfg.addr, port)
                  for sport in range(first, first + FLOWS)}
        if len(queues) == 2:
            return first
    raise AssertionError("no client ports spread over both queues: "
                         "does the key ignore the source port?")


def with_two_queues(cfg):
    """Exactly two queue pairs and the default table, restored after"""
    keep_channels(cfg)
    ethtool(f"-L {cfg.ifname} combined 2")
    defer(ethtool, f"-X {cfg.ifname} default")


def rss_spread(cfg):
    """
    An even table spreads the flows over both queues, each flow to the
    queue the Toeplitz hash of its addresses and ports picks. The client
    ports are chosen so that the flows hash to both queues.
    """
    with_two_queues(cfg)
    ethtool(f"-X {cfg.ifname} equal 2")
    rss = rss_config(cfg)
    port = rand_port()
    first = spreading_client_ports(cfg, rss, port)
    deltas, report = rx_packets_per_queue(cfg, port=port, cport=first)
    want = predicted_queues(rss, report)
    ksft_pr("Flows per queue by the hash:",
            {q: want.count(q) for q in (0, 1)})
    ksft_eq(sorted(set(want)), [0, 1], "flows iperf3 used spread")
    for queue in (0, 1):
        ksft_ge(deltas[queue], 200 * want.count(queue),
                f"queue {queue} got too little of its flows")


def rss_weight(cfg):
    """A table that names one queue only sends every flow there"""
    with_two_queues(cfg)
    for only, other in ((0, 1), (1, 0)):
        weights = " ".join("1" if q == only else "0" for q in (0, 1))
        ethtool(f"-X {cfg.ifname} weight {weights}")
        deltas, _ = rx_packets_per_queue(cfg)
        ksft_ge(deltas[only], 1000, f"queue {only} got too little")
        # ARP and ND do not hash: allow a handful
        ksft_lt(deltas[other], 20, f"queue {other} outside the table")


def channels_under_traffic(cfg):
    """Change the queue count while iperf3 runs; traffic flows after"""
    cfg.require_cmd("iperf3", local=True, remote=True)
    keep_channels(cfg)
    log = KernelLog()
    port = rand_port()
    server = bkg(f"iperf3 -s -1 -p {port}", fail=False)
    wait_port_listen(port)
    counts = [1, 4, 2, 3]
    client = bkg(f"iperf3 -c {cfg.addr} -p {port} -t {2 * len(counts) + 2} "
                 f"-P 4 --bidir", host=cfg.remote, fail=False)
    time.sleep(1)
    for count in counts:
        ethtool(f"-L {cfg.ifname} combined {count}")
        ksft_eq(combined_channels(cfg), count, "combined channels")
        time.sleep(2)
    client.process(terminate=False, fail=False, timeout=60)
    server.process(terminate=True, fail=False)
    ksft_pr(f"iperf3 across the changes exited with {client.ret}")
    ksft_ge(iperf3_bytes(iperf3(cfg, seconds=2)), 50000, "Rx after changes")
    ksft_ge(iperf3_bytes(iperf3(cfg, seconds=2, reverse=True)), 50000,
            "Tx after changes")
    ksft_eq(log.problems(), [], "kernel log")


def coalesce_params(cfg):
    """rx-usecs, rx-frames and tx-usecs of `ethtool -c`"""
    cur = ethtool(f"-c {cfg.ifname}", json=True)[0]
    return {k: cur[k] for k in ("rx-usecs", "rx-frames", "tx-usecs")}


def coalesce_readback(cfg):
    """Coalescing settings read back as set; absurd ones are refused"""
    orig = coalesce_params(cfg)
    defer(ethtool, f"-C {cfg.ifname} " +
          " ".join(f"{k} {v}" for k, v in orig.items()))
    want = {"rx-usecs": 50, "rx-frames": 16, "tx-usecs": 100}
    ethtool(f"-C {cfg.ifname} " + " ".join(f"{k} {v}" for k, v in want.items()))
    ksft_eq(coalesce_params(cfg), want, "coalescing read back")
    try:
        ethtool(f"-C {cfg.ifname} rx-usecs 100000000")
    except CmdExitFailure:
        pass
    else:
        raise AssertionError("rx-usecs of 100 s accepted")
    ksft_eq(coalesce_params(cfg), want, "coalescing after a refusal")
    cmd(f"ping -c 3 -W 5 {cfg.remote_addr}")


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        cfg.ethnl = EthtoolFamily()
        ksft_run([rss_spread, rss_weight, channels_under_traffic,
                  coalesce_readback], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
