#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
fbnic's queue API: the stack replaces one Rx queue's rings and page pool
(as it does when it binds a memory provider) while the netdev stays up.
The driver's debugfs hook rx_queue_restart asks the stack for exactly
that restart, through netdev_rx_queue_restart().

- restart_each: every Rx queue gets new page pools (new pool ids on the
  queue's NAPI, for headers and for payloads; the old ones detached and
  drained) and receives afterwards.
- restart_beside_traffic: RSS sends everything to queue 1 while queue 0
  is restarted over and over; every frame of a paced stream to queue 1
  arrives and no drop counter moves. The vector whose queue restarts
  pauses, the others do not.
- restart_under_load: the loaded queue itself restarts under iperf3 in
  both directions; TCP carries on, no page pool keeps pages, the kernel
  log stays clean.
- restart_refused: a closed netdev, and a queue that does not exist,
  are refused with an error and change nothing.
"""

import errno
import time
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_ne, \
    ksft_pr, ksft_true
from lib.py import NetdevFamily, bkg, cmd, defer, ethtool, ip
from fbnic_dp import SENDER, combined_channels, check_settled, fbnic_env, \
    load, new_marker, qstats_queues, settle_stats, wait_until, \
    FrameCatcher, KernelLog, Snapshot

# Page pools of an Rx queue: header buffers and payload buffers
POOLS_PER_QUEUE = 2
# Restarts of queue 0 while the stream to queue 1 runs
RESTARTS = 10
STREAM_FRAMES = 1500
STREAM_SIZE = 200
# Restarts of the loaded queue while iperf3 runs
LOADED_RESTARTS = 5
LOAD_S = 20


def restart_path(cfg):
    """The debugfs hook of the device under test"""
    return Path(f"/sys/kernel/debug/fbnic/{cfg.bdf}/rx_queue_restart")


def restart(cfg, queue):
    """Have the stack restart Rx queue @queue; raises OSError on refusal"""
    restart_path(cfg).write_text(f"{queue}\n")


def rx_queue_napi(cfg, queue):
    """The NAPI id serving Rx queue @queue (netdev netlink queue-get)"""
    info = NetdevFamily().queue_get({"ifindex": cfg.ifindex, "id": queue,
                                     "type": "rx"})
    return info["napi-id"]


def live_pools(cfg, napi_id):
    """Ids of the page pools of a NAPI that the driver has not destroyed"""
    pools = NetdevFamily().page_pool_get({}, dump=True)
    return {p["id"] for p in pools
            if p.get("ifindex") == cfg.ifindex and
            p.get("napi-id") == napi_id and "detach-time" not in p}


def two_queues(cfg):
    """Two combined channels, each Rx queue on its own vector"""
    current, _ = combined_channels(cfg)
    defer(ethtool, f"-L {cfg.ifname} combined {current}")
    ethtool(f"-L {cfg.ifname} combined 2")
    ksft_ne(rx_queue_napi(cfg, 0), rx_queue_napi(cfg, 1),
            "queues 0 and 1 share a vector")


def restart_each(cfg):
    """Each Rx queue restarts onto a new page pool and receives after"""
    log = KernelLog()
    two_queues(cfg)
    for queue in (0, 1):
        napi_id = rx_queue_napi(cfg, queue)
        before = live_pools(cfg, napi_id)
        ksft_eq(len(before), POOLS_PER_QUEUE,
                f"queue {queue}: live pools before")
        restart(cfg, queue)
        after = live_pools(cfg, napi_id)
        ksft_eq(len(after), POOLS_PER_QUEUE,
                f"queue {queue}: live pools after")
        ksft_true(before.isdisjoint(after),
                  f"queue {queue}: pools {before} replaced, got {after}")
        ksft_eq(rx_queue_napi(cfg, queue), napi_id,
                f"queue {queue} kept its NAPI")
    check_settled(cfg, log)


def stream_bkg(cfg, marker):
    """The remote end's paced stream of frames to this host, in the
    background (fbnic_send_frames.py, as send_frames() runs it)"""
    path = cfg.remote.deploy(SENDER.as_posix())
    return bkg(f"python3 {path} {cfg.remote_ifname} {STREAM_FRAMES} "
               f"{STREAM_SIZE} {cfg.dev['address']},{marker.hex()}",
               host=cfg.remote, exit_wait=True)


def restart_beside_traffic(cfg):
    """Queue 0 restarts while a stream to queue 1 loses nothing"""
    log = KernelLog()
    two_queues(cfg)
    defer(ethtool, f"-X {cfg.ifname} default")
    ethtool(f"-X {cfg.ifname} weight 0 1")
    catcher = FrameCatcher(cfg)
    defer(catcher.close)
    marker = new_marker()
    settle_stats(cfg)
    before = Snapshot(cfg)
    q1_before = qstats_queues(cfg, "rx")[1]["rx-packets"]

    sender = stream_bkg(cfg, marker)
    restarts = 0
    with sender:
        while sender.proc.poll() is None and restarts < RESTARTS:
            restart(cfg, 0)
            restarts += 1
            time.sleep(0.2)
    ksft_eq(sender.ret, 0, f"sender: {sender.stderr.strip()}")
    ksft_ge(restarts, 2, "queue 0 restarts while the stream ran")
    ksft_pr(f"queue 0 restarted {restarts} times during the stream")

    got = catcher.count(marker, STREAM_FRAMES, timeout=30)
    ksft_eq(got, STREAM_FRAMES, "frames of the stream to queue 1")
    settle_stats(cfg)
    ksft_eq(before.drops(Snapshot(cfg)), {}, "drop counters that moved")
    q1_rx = qstats_queues(cfg, "rx")[1]["rx-packets"] - q1_before
    ksft_ge(q1_rx, STREAM_FRAMES, "packets queue 1 received")
    check_settled(cfg, log)


def restart_under_load(cfg):
    """The loaded queue restarts under iperf3; TCP carries on"""
    log = KernelLog()
    two_queues(cfg)
    with load(cfg, LOAD_S):
        time.sleep(3)
        for i in range(LOADED_RESTARTS):
            restart(cfg, i % 2)
            time.sleep(1)
    check_settled(cfg, log)


def restart_refused(cfg):
    """A closed netdev and a missing queue are refused"""
    current, _ = combined_channels(cfg)
    try:
        restart(cfg, current)
        raise AssertionError(f"queue {current} of {current} restarted")
    except OSError as exc:
        ksft_eq(exc.errno, errno.ERANGE, "missing queue refused")

    ip(f"link set dev {cfg.ifname} down")
    try:
        try:
            restart(cfg, 0)
            raise AssertionError("a queue of a closed netdev restarted")
        except OSError as exc:
            ksft_eq(exc.errno, errno.ENETDOWN, "closed netdev refused")
    finally:
        ip(f"link set dev {cfg.ifname} up")
    wait_until("the link to come back",
               lambda: cmd(f"ping -c 1 -W 2 {cfg.remote_addr}",
                           fail=False).ret == 0)


def main() -> None:
    """Queue API tests"""
    with fbnic_env(__file__) as cfg:
        if not restart_path(cfg).exists():
            raise SystemExit(f"{restart_path(cfg)} missing: debugfs not "
                             "mounted, or the driver has no queue API")
        ksft_run([restart_each, restart_beside_traffic, restart_under_load,
                  restart_refused], args=(cfg,))
    ksft_exit()


if __name__ == "__main__":
    main()
