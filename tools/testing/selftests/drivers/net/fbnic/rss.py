#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
fbnic's receive queues: RSS spreads many flows over the queues of its
indirection table and follows the table and the key when they change
(per-queue statistics tell where packets went), the device holds the key
and tables the driver reports whatever part of them changed, the number
of channels changes while traffic runs, and interrupt coalescing
settings read back as set.
"""

import ipaddress
import random
import re
import time

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_lt, \
    ksft_pr
from lib.py import bkg, cmd, defer, ethtool, rand_port, wait_port_listen, \
    CmdExitFailure, EthtoolFamily
from fbnic_dp import emu_hmp, fbnic_env, iperf3, iperf3_bytes, \
    qstats_queues, settle_stats, KernelLog

FLOWS = 8
# What the flows carry together: a fixed amount (iperf3 -n), not a time,
# so that the packet counts below do not depend on the machine's speed
FLOW_BYTES = FLOWS * 256 * 1024
# The most TCP payload a 1500-byte frame carries: a flow of N bytes came
# in at least N / MSS_MAX packets
MSS_MAX = 1460

# The RSS registers in BAR0 (fbnic_regs.h): the key, 425 bits from the
# top of the first register on, and two tables of 256 queue numbers
RSS_KEY = 0x21030
RSS_KEY_BITS = 425
RSS_KEY_REGS = 14
RSS_TBL = 0x23480
RSS_TBL_SIZE = 256


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
    report = iperf3(cfg, nbytes=FLOW_BYTES, streams=FLOWS, reverse=reverse,
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


def flow_packets(report):
    """
    The fewest packets each data flow of @report can have come in, from
    the bytes it carried, in the order of its "connected" list
    """
    got = {s["receiver"]["socket"]: s["receiver"]["bytes"]
           for s in report["end"]["streams"]}
    return [-(-got[c["socket"]] // MSS_MAX)
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


def keep_key(cfg):
    """Put the RSS key back at the end of the test"""
    key = rss_config(cfg)["hkey"]
    defer(cfg.ethnl.rss_set, {"header": {"dev-index": cfg.ifindex},
                              "hkey": key})


def set_key(cfg):
    """A new random RSS key, the only thing the request changes"""
    key = random.randbytes(len(rss_config(cfg)["hkey"]))
    cfg.ethnl.rss_set({"header": {"dev-index": cfg.ifindex}, "hkey": key})
    return key


def check_spread(cfg):
    """
    Flows over both queues of an even table, each to the queue the
    Toeplitz hash of its addresses and ports picks under the key and
    table the driver reports. The client ports are chosen so that the
    flows hash to both queues.
    """
    rss = rss_config(cfg)
    port = rand_port()
    first = spreading_client_ports(cfg, rss, port)
    deltas, report = rx_packets_per_queue(cfg, port=port, cport=first)
    want = predicted_queues(rss, report)
    ksft_pr("Flows per queue by the hash:",
            {q: want.count(q) for q in (0, 1)})
    ksft_eq(sorted(set(want)), [0, 1], "flows iperf3 used spread")
    least = flow_packets(report)
    for queue in (0, 1):
        ksft_ge(deltas[queue],
                sum(n for q, n in zip(want, least) if q == queue),
                f"queue {queue} got fewer packets than its flows carried")


def rss_spread(cfg):
    """An even table spreads the flows over both queues by their hash"""
    with_two_queues(cfg)
    ethtool(f"-X {cfg.ifname} equal 2")
    check_spread(cfg)


def rss_new_key(cfg):
    """
    A new key alone, as a rehash under load sets it (the kernel's
    rss_ctx.py test_hitless_key_update), leaves the table as it was and
    moves the flows to where the new key hashes them
    """
    with_two_queues(cfg)
    ethtool(f"-X {cfg.ifname} equal 2")
    keep_key(cfg)
    indir = rss_config(cfg)["indir"]
    key = set_key(cfg)
    rss = rss_config(cfg)
    ksft_eq(rss["hkey"], key, "key read back")
    ksft_eq(rss["indir"], indir, "table after a new key")
    check_spread(cfg)


def bar0_words(cfg, offset, count):
    """@count registers from BAR0 byte @offset, read by the emulator"""
    path = f"/sys/bus/pci/devices/{cfg.bdf}/resource"
    with open(path, encoding="utf-8") as res:
        base = int(res.readline().split()[0], 16)
    out = emu_hmp(f"xp /{count}wx {base + offset:#x}")
    words = [int(w, 16) for line in out.splitlines() if ":" in line
             for w in line.split(":", 1)[1].split()]
    ksft_eq(len(words), count, f"registers read at {offset:#x}")
    return words


def key_bits(key, nbits):
    """The first RSS_KEY_BITS bits of @key (bytes, @nbits long) as a number"""
    return int.from_bytes(key, "big") >> (nbits - RSS_KEY_BITS)


def check_device_rss(cfg, what, context=None):
    """
    The device's key and main table, and with @context the extra table,
    are those the driver reports (ethtool -x)
    """
    rss = rss_config(cfg)
    regs = bar0_words(cfg, RSS_KEY, RSS_KEY_REGS)
    dev_key = b"".join(r.to_bytes(4, "big") for r in regs)
    ksft_eq(hex(key_bits(dev_key, 32 * RSS_KEY_REGS)),
            hex(key_bits(rss["hkey"], 8 * len(rss["hkey"]))),
            f"device key {what}")
    ksft_eq(bar0_words(cfg, RSS_TBL, RSS_TBL_SIZE), rss["indir"],
            f"device main table {what}")
    if context is None:
        return
    want = [0] * RSS_TBL_SIZE
    if context:
        want = cfg.ethnl.rss_get({"header": {"dev-index": cfg.ifindex},
                                  "context": context})["indir"]
    ksft_eq(bar0_words(cfg, RSS_TBL + 4 * RSS_TBL_SIZE, RSS_TBL_SIZE),
            want, f"device extra table {what}")


def rss_device_state(cfg):
    """
    Each RSS change writes only its own part to the device (a new key
    alone must not cost two table rewrites); after any sequence of them
    the device's key and tables are still those the driver reports.
    Read back through the emulator, so on the VM rig only.
    """
    with_two_queues(cfg)
    keep_key(cfg)
    check_device_rss(cfg, "at the start")
    set_key(cfg)
    check_device_rss(cfg, "after a new key")
    ethtool(f"-X {cfg.ifname} equal 1")
    check_device_rss(cfg, "after equal 1")
    ethtool(f"-X {cfg.ifname} default")
    check_device_rss(cfg, "after default")
    key = random.randbytes(len(rss_config(cfg)["hkey"]))
    ethtool(f"-X {cfg.ifname} weight 1 3 hkey " +
            ":".join(f"{b:02x}" for b in key))
    check_device_rss(cfg, "after a new table and key")
    ethtool(f"-X {cfg.ifname} default")
    ethtool(f"-L {cfg.ifname} combined 1")
    check_device_rss(cfg, "after combined 1")
    ethtool(f"-L {cfg.ifname} combined 2")
    check_device_rss(cfg, "after combined 2")

    out = ethtool(f"-X {cfg.ifname} context new weight 0 1").stdout
    ctx = int(re.search(r"New RSS context is (\d+)", out).group(1))
    delete = defer(ethtool, f"-X {cfg.ifname} context {ctx} delete")
    check_device_rss(cfg, "with a context", context=ctx)
    ethtool(f"-X {cfg.ifname} context {ctx} equal 2")
    check_device_rss(cfg, "after the context's table changed", context=ctx)
    set_key(cfg)
    check_device_rss(cfg, "after a new key with a context", context=ctx)
    delete.exec()
    check_device_rss(cfg, "after the context went", context=0)


def rss_weight(cfg):
    """A table that names one queue only sends every flow there"""
    with_two_queues(cfg)
    for only, other in ((0, 1), (1, 0)):
        weights = " ".join("1" if q == only else "0" for q in (0, 1))
        ethtool(f"-X {cfg.ifname} weight {weights}")
        deltas, report = rx_packets_per_queue(cfg)
        ksft_ge(deltas[only], sum(flow_packets(report)),
                f"queue {only} got fewer packets than the flows carried")
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
    # A fixed amount each way. iperf3 -n ends once the sender has sent it
    # all; the receiver's count then leaves out what was still on its way
    # (in socket buffers, at most a fraction of it): most must be in
    ksft_ge(iperf3_bytes(iperf3(cfg, nbytes=FLOW_BYTES)), FLOW_BYTES // 2,
            "Rx after changes")
    ksft_ge(iperf3_bytes(iperf3(cfg, nbytes=FLOW_BYTES, reverse=True)),
            FLOW_BYTES // 2, "Tx after changes")
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
        ksft_run([rss_spread, rss_new_key, rss_device_state, rss_weight,
                  channels_under_traffic, coalesce_readback], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
