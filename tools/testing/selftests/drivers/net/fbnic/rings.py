#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
fbnic's rings at their smallest. Ring sizes below the minimum are
refused. A flood from the remote end runs tiny Rx rings out of buffers:
with flow control the device holds frames back and none is lost; without
it, and with several queues, they are dropped, the driver counts every
frame it lost, nothing goes missing silently. Reception recovers. A
tiny Tx ring fills: its queue stops and wakes as often as it stopped,
every frame is sent and none times out.

How soon a ring fills would depend on how fast the host runs the guest
against the emulated device, so the drop and the Tx cases use the
emulator's test controls instead (QOM properties of the NIC, set through
the VM rig's monitor port; qemu/README.md): `queue-irq-hold` keeps the
queues' interrupts from the driver, so it does not poll while the flood
comes in, and `tx-hold` stalls the transmitter, as a link partner's
PAUSE frames would, until a queue has stopped.
"""

import time
from contextlib import contextmanager
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_gt, \
    ksft_lt, ksft_pr, ksft_true
from lib.py import bkg, cmd, defer, ethtool, CmdExitFailure, KsftSkipEx
from fbnic_dp import SENDER, emu_ctl_path, emu_hmp, fbnic_env, \
    new_marker, nic_stats, qstats_queues, send_frames, settle_stats, \
    FrameCatcher, KernelLog, Snapshot

# Smallest rings the driver takes: a power of two that holds the
# descriptors of two worst-case frames, and at least 64 entries
RING_MIN = 64
FLOOD_FRAMES = 4000
FLOOD_SIZE = 1000
AFTER_FRAMES = 20
# Waiting for something the test set up to happen: generous, for a slow
# TCG guest, as nothing is raced
EVENT_TIMEOUT_S = 60

# Rx completions a flood frame takes: its header buffer and metadata (a
# frame of FLOOD_SIZE goes whole into a header buffer, no timestamp)
RCD_PER_FRAME = 2
# Frames an Rx queue takes while the driver does not poll: what its
# completion ring holds, less the entry the device keeps free. Its header
# pages are not the limit (two such frames to each 4 KiB page)
RX_QUEUE_TAKES = (RING_MIN - 1) // RCD_PER_FRAME
# `ethtool -S`: frames the Rx buffer handed to the host's queues
# (dequeue interface 3), to be placed or dropped there
HOST_DEQ = "rxb_deq3_intf_frames"
# Frames not ours that a counter snapshot may catch half counted
SNAPSHOT_SLACK = 2

# The driver's Tx watchdog (FBNIC_TX_TIMEOUT): a queue stopped this long
# without completions counts as hung
TX_WATCHDOG_S = 5
# The longest a queue may stay stopped under tx-hold: well inside it
TX_HOLD_MAX_S = TX_WATCHDOG_S / 2
# How long the held sender may take to start and fill a ring. Generous;
# but a queue stuck for another reason would be held all that time
TX_STOP_WAIT_S = 20
# The driver stops a queue with fewer free descriptors than this
# (FBNIC_TX_DESC_STOP: MAX_SKB_FRAGS + 2 + a gap of 8), and wakes it
# once twice as many are free
TX_DESC_STOP = 17 + 2 + 8
TX_DESC_WAKE = 2 * TX_DESC_STOP
# Frames this host sends into the held transmitter: many rings' worth
TX_FRAMES = 1000
TX_FRAME_SIZE = 1000

# BAR0 registers for the device's view of a Tx queue (fbnic_regs.h)
BAR0_QUEUE = 0x100000
QUEUE_STRIDE = 0x1000
QUEUE_TWQ0_PTRS = 0x010
QUEUE_TCQ_PTRS = 0x208
QM_TWQ_IDLE = 0x2000


def require_emu():
    """The test controls exist only in the emulator, reached on the rig"""
    if not emu_ctl_path():
        raise KsftSkipEx("no emulator control port: not on the VM rig")


@contextmanager
def emu_hold(switch):
    """
    Sets one of the emulator's boolean test controls for the length of
    the block, and always clears it again: a hold left on would stall
    every test after this one.
    """
    try:
        emu_hmp(f"qom-set nic0 {switch} true")
        yield
    finally:
        emu_hmp(f"qom-set nic0 {switch} false")


def wait_for(what, check, timeout=EVENT_TIMEOUT_S):
    """Polls @check until it returns something true, which is returned"""
    end = time.monotonic() + timeout
    while not (got := check()):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
    return got


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


def rxq_drops(snap, queue):
    """Frames Rx queue @queue dropped for want of room (`ethtool -S`)"""
    return (snap.nic.get(f"rxq{queue}_hw_cq_drop", 0) +
            snap.nic.get(f"rxq{queue}_hw_bdq_drop", 0))


def flood_counts(before, after, rxq_before, rxq_after):
    """
    What the counters say about a flood between two snapshots (and the
    per-queue statistics taken with them): frames the device handed the
    host's queues, what became of them, and how many each queue that
    overran took.
    """
    return {
        "host": after.nic[HOST_DEQ] - before.nic[HOST_DEQ],
        "rcvd": before.link_delta(after, "rx", "packets"),
        "driver_drops": before.link_delta(after, "rx", "dropped"),
        "overruns": before.qstat_delta(after, "rx-hw-drop-overruns"),
        "hw_drops": before.qstat_delta(after, "rx-hw-drops"),
        "ring_drops": sum(rxq_drops(after, q) - rxq_drops(before, q)
                          for q in rxq_after),
        "hw_errs": (nic_sum(after, "rxq", "_hw_err") -
                    nic_sum(before, "rxq", "_hw_err")),
        "lost": sum(before.link_delta(after, "rx", name)
                    for name in ("missed_errors", "fifo_errors",
                                 "over_errors", "dropped")),
        "taken": {q: rxq_after[q].get("rx-packets", 0) -
                     rxq_before.get(q, {}).get("rx-packets", 0)
                  for q in rxq_after
                  if rxq_drops(after, q) > rxq_drops(before, q)},
    }


def rx_exhaustion_drop(cfg):
    """
    A flood into tiny Rx rings without flow control, with the queues'
    interrupts held so that the driver does not poll: a queue takes what
    its completion ring holds and drops the rest, the driver counts every
    lost frame (nothing goes missing silently), and reception recovers.
    """
    require_emu()
    set_pause(cfg, "off")
    tiny_rx_rings(cfg)
    log = KernelLog()
    catcher = FrameCatcher(cfg)
    marker = new_marker()
    before = Snapshot(cfg)
    rxq_before = qstats_queues(cfg, "rx")
    with emu_hold("queue-irq-hold"):
        send_frames(cfg, [(cfg.dev["address"], marker)], FLOOD_FRAMES,
                    size=FLOOD_SIZE, burst=True)
        # The sender is done, but frames may still be on their way
        # through the emulator: the driver may poll only once the device
        # has dealt with all of them, or late ones would find room again
        wait_for("the flood to reach the host queues",
                 lambda: nic_stats(cfg)[HOST_DEQ] - before.nic[HOST_DEQ] >=
                 FLOOD_FRAMES)
    settle_stats(cfg)
    cnt = flood_counts(before, Snapshot(cfg), rxq_before,
                       qstats_queues(cfg, "rx"))
    got = catcher.count(marker, timeout=1)
    # Frames not ours (the remote end's own traffic) the host queues got
    extra = cnt["host"] - FLOOD_FRAMES
    ksft_pr(f"flood of {FLOOD_FRAMES}: device gave the host {cnt['host']}, "
            f"{got} caught, {cnt['rcvd']} received, {cnt['overruns']} ring "
            f"overruns, {cnt['hw_drops']} hw drops; queues that overran took "
            f"{cnt['taken']}")

    ksft_gt(cnt["overruns"], 0, "the flood lost nothing: rings not exhausted")
    ksft_ge(extra, 0, "the device handed the host less than the flood")
    # Every frame given to the host is received or counted as dropped;
    # only a frame not ours that passes the device while a snapshot is
    # taken can be counted by the device on one side of it and by the
    # driver on the other
    accounted = cnt["rcvd"] + cnt["driver_drops"] + cnt["ring_drops"] + \
        cnt["hw_errs"]
    ksft_lt(abs(accounted - cnt["host"]), SNAPSHOT_SLACK + 1,
            f"{accounted} frames received or counted as lost, "
            f"{cnt['host']} given to the host")
    # A queue that overran was full: it took exactly what its completion
    # ring holds (plus frames not ours that came around the hold)
    for queue, count in cnt["taken"].items():
        ksft_ge(count, RX_QUEUE_TAKES, f"queue {queue} took too few")
        ksft_ge(RX_QUEUE_TAKES + extra, count, f"queue {queue} took too many")
    ksft_ge(got + cnt["overruns"], FLOOD_FRAMES,
            "frames lost without being counted")
    ksft_ge(FLOOD_FRAMES + extra, got + cnt["overruns"],
            "frames counted twice")
    ksft_ge(cnt["hw_drops"], cnt["overruns"], "hw-drops include the overruns")
    ksft_eq(cnt["ring_drops"], cnt["overruns"],
            "ethtool -S ring drops vs qstats")
    ksft_ge(cnt["lost"], cnt["overruns"], "rtnl stats do not show the losses")
    check_recovery(cfg, catcher)
    catcher.close()
    ksft_eq(log.problems(), [], "kernel log")


def bql_dirs(cfg):
    """The byte queue limit directories of the netdev's Tx queues"""
    return Path(f"/sys/class/net/{cfg.ifname}/queues").glob(
        "tx-*/byte_queue_limits")


def bql_out_of_the_way(cfg):
    """
    Let byte queue limits allow as much as they ever may: BQL would
    otherwise stop a queue before its ring is full, and how soon depends
    on timing (it learns from completions).
    """
    for bql in bql_dirs(cfg):
        old = (bql / "limit_min").read_text().strip()
        (bql / "limit_min").write_text((bql / "limit_max").read_text())
        defer((bql / "limit_min").write_text, old)


def bql_opened(cfg):
    """
    Once every Tx queue's frames are completed, those whose byte queue
    limit is up at its new minimum
    """
    dirs = list(bql_dirs(cfg))
    if any(int((bql / "inflight").read_text()) for bql in dirs):
        return []
    return [bql.parent.name for bql in dirs
            if (bql / "limit").read_text() == (bql / "limit_min").read_text()]


def send_to_remote(cfg, count, background=False):
    """
    This host sends @count frames of TX_FRAME_SIZE to the remote end, as
    fast as its socket takes them (the sender blocks while the queue is
    stopped and its socket buffer full: nothing is lost). All of them
    take the same Tx queue: they differ in their payload only, which the
    stack does not hash.
    """
    command = (f"python3 {SENDER} {cfg.ifname} {count} {TX_FRAME_SIZE} "
               f"--burst {cfg.remote_dev['address']},{new_marker().hex()}")
    if background:
        return bkg(command, exit_wait=True)
    return cmd(command, timeout=EVENT_TIMEOUT_S)


def tx_timeouts(cfg):
    """Tx timeouts the stack counted on the netdev's queues (sysfs)"""
    return sum(int(f.read_text(encoding="ascii")) for f in Path(
        f"/sys/class/net/{cfg.ifname}/queues").glob("tx-*/tx_timeout"))


def stopped_txqs(cfg, base):
    """Tx queues stopped more often than woken since @base (qstats)"""
    def moved(stats, queue, name):
        return stats.get(name, 0) - base.get(queue, {}).get(name, 0)
    return [q for q, stats in qstats_queues(cfg, "tx").items()
            if moved(stats, q, "tx-stop") > moved(stats, q, "tx-wake")]


def bar0_base(cfg):
    """Where the device's BAR0 sits in guest physical memory"""
    res = Path(f"/sys/bus/pci/devices/{cfg.bdf}/resource").read_text(
        encoding="ascii")
    return int(res.split()[0], 16)


def emu_read32(addr):
    """A 32-bit register, read by the emulator (monitor `xp`)"""
    return int(emu_hmp(f"xp /1wx {addr:#x}").split(":")[1].split()[0], 16)


def txq_state(cfg, queue):
    """
    The device's view of Tx queue @queue: descriptors the driver handed
    it (TWQ0 tail) that it has not fetched (head), whether the queue
    manager reports the queue idle, and whether the driver has taken
    every completion written (TCQ head at the tail)
    """
    bar0 = bar0_base(cfg)
    page = bar0 + BAR0_QUEUE + queue * QUEUE_STRIDE
    twq = emu_read32(page + QUEUE_TWQ0_PTRS)
    tcq = emu_read32(page + QUEUE_TCQ_PTRS)
    idle = emu_read32(bar0 + QM_TWQ_IDLE + 4 * (queue // 32))
    return {"pending": ((twq & 0xffff) - (twq >> 16)) % RING_MIN,
            "idle": bool(idle >> queue % 32 & 1),
            "drained": (tcq & 0xffff) == tcq >> 16}


def stuck_txq(cfg, base):
    """
    Waits, with the transmitter held, for a Tx queue to stop on a full
    ring and stay stopped. Returns the queue, the descriptors the device
    holds for it, and when its stop was first seen.
    """
    wait_for("a Tx queue to stop", lambda: stopped_txqs(cfg, base),
             timeout=TX_STOP_WAIT_S)
    stop_seen = time.monotonic()

    # The driver stopped it with fewer than TX_DESC_STOP descriptors
    # free; some of the others may have been sent before the hold, their
    # completions not yet taken. Once the driver has taken them all, the
    # device holds the rest: enough that the queue cannot wake, not
    # fetched, the queue busy. Only the release can wake it now.
    def stuck():
        for queue in stopped_txqs(cfg, base):
            state = txq_state(cfg, queue)
            if state["drained"] and not state["idle"] and \
               state["pending"] > RING_MIN - 1 - TX_DESC_WAKE:
                return queue, state["pending"]
        return None
    queue, pending = wait_for("a stopped queue the device holds", stuck,
                              timeout=TX_HOLD_MAX_S)
    return queue, pending, stop_seen


def tx_ring_full(cfg):
    """
    A tiny Tx ring while the transmitter is held: this host's frames fill
    it, its queue stops, and wakes once the hold is released; every frame
    is sent, nothing is dropped and no queue times out.
    """
    require_emu()
    require_queues(cfg, 2)
    keep_rings(cfg)
    ethtool(f"-G {cfg.ifname} tx {RING_MIN}")
    bql_out_of_the_way(cfg)
    # BQL takes a new minimum at a queue's next completion only, and
    # none comes while the transmitter is held: a few frames first, on
    # the queue the held ones will take
    send_to_remote(cfg, AFTER_FRAMES)
    opened = wait_for("BQL to take its new minimum", lambda: bql_opened(cfg))
    log = KernelLog()
    timeouts = tx_timeouts(cfg)
    before = Snapshot(cfg)
    sender = None
    try:
        with emu_hold("tx-hold"):
            base = qstats_queues(cfg, "tx")
            sender = send_to_remote(cfg, TX_FRAMES, background=True)
            queue, pending, stop_seen = stuck_txq(cfg, base)
        held_s = time.monotonic() - stop_seen
    finally:
        if sender:
            sender.process(terminate=False, fail=False,
                           timeout=EVENT_TIMEOUT_S)
    settle_stats(cfg)
    after = Snapshot(cfg)

    stops = before.qstat_delta(after, "tx-stop")
    wakes = before.qstat_delta(after, "tx-wake")
    sent = before.link_delta(after, "tx", "packets")
    ksft_pr(f"queue {queue} stopped, {pending} of its {RING_MIN} "
            f"descriptors held by the device; released {held_s:.2f} s "
            f"after the stop was seen; queues stopped {stops} times, "
            f"woken {wakes} times; {sent} frames sent (BQL opened on "
            f"{opened})")
    ksft_eq(sender.ret, 0, f"sender: {sender.stderr.strip()}")
    ksft_lt(held_s, TX_WATCHDOG_S, "a queue stayed stopped past the watchdog")
    ksft_gt(stops, 0, "a full Tx ring never stopped its queue")
    ksft_eq(wakes, stops, "stopped queues not woken once idle")
    ksft_ge(sent, TX_FRAMES, "frames not sent")
    ksft_eq(before.link_delta(after, "tx", "dropped"), 0, "tx_dropped")
    ksft_eq(tx_timeouts(cfg) - timeouts, 0, "Tx queue timeouts")
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
