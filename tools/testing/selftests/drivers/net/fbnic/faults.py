#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
Faults while traffic flows: Rx buffer allocations failing, DMA mappings
failing (Tx packets, firmware mailbox messages), the firmware missing
its heartbeats, the link going down and up, rings and channels changed.
After each, traffic flows again, every page pool the driver took down
has its pages back (none left in flight), and the kernel logged no
warning, splat or stuck queue.

The faults are set off deterministically: the allocation failures by the
kernel's fault injection (fail_function), the DMA mapping ones by the
driver's fault points (fbnic_fault.c) with a fixed count, the firmware
and link ones by the emulator's controls (qemu/README.md), at points the
test waits for, not at a packet rate. The load is iperf3 in both
directions for a fixed time; what is asserted is that it completes and
moved data, never how much.
"""

import json
import time
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_gt, ksft_pr
from lib.py import KsftSkipEx, cmd, defer, ethtool
from fbnic_dp import check_settled, combined_channels, emu_ctl_path, \
    emu_hmp, fbnic_env, iperf3, link_stats, load, qstats_dev, wait_until, \
    KernelLog, LOAD_S

FAIL_FUNCTION = Path("/sys/kernel/debug/fail_function")
PP_ALLOC = "page_pool_alloc_netmems"
# Frames sent while every buffer allocation fails: far fewer than the
# Rx buffers the rings hold, so they never run dry
ALLOC_FAIL_FRAMES = 64
# The driver's DMA mapping fault points (fbnic_fault.c)
FAULT_DIR = Path("/sys/kernel/debug/fbnic")
# Tx mappings failed in a row, then one in TX_MAP_INTERVAL under TCP
TX_MAP_FAILS = 16
TX_MAP_INTERVAL = 50
# The driver's firmware heartbeat period
HEARTBEAT_S = 10


def require_emu():
    """The emulator's controls exist only on the VM rig"""
    if not emu_ctl_path():
        raise KsftSkipEx("no emulator control port: not on the VM rig")


def arm_fault_attr(path, times, interval=1):
    """
    Set the fault attribute in @path (fault-injection.rst) to fail @times
    times, one call in @interval, any task, quietly; disarmed while set
    """
    for knob, val in (("probability", 0), ("verbose", 0), ("space", 0),
                      ("task-filter", "N"), ("interval", interval),
                      ("times", times), ("probability", 100)):
        (path / knob).write_text(str(val))


def fail_function(name, times):
    """
    Make @name fail (return its error) @times times from now, every call
    (probability 100), quietly; times -1: until stopped. Returns a
    function that stops it.
    """
    if not FAIL_FUNCTION.exists():
        raise KsftSkipEx("no fail_function (CONFIG_FAIL_FUNCTION)")
    # One function at a time: whatever an earlier test left is dropped
    (FAIL_FUNCTION / "inject").write_text("")
    (FAIL_FUNCTION / "inject").write_text(name)

    def stop():
        (FAIL_FUNCTION / "probability").write_text("0")
        (FAIL_FUNCTION / "inject").write_text("")

    try:
        arm_fault_attr(FAIL_FUNCTION, times)
    except OSError:
        stop()
        raise
    return stop


def pp_alloc_failure(cfg):
    """
    Every Rx buffer allocation fails while frames arrive: the driver
    counts the failures (qstats rx-alloc-fail), keeps receiving on the
    buffers it has, and refills once allocations work again
    """
    log = KernelLog()
    before = qstats_dev(cfg).get("rx-alloc-fail")
    if before is None:
        raise KsftSkipEx("the driver reports no rx-alloc-fail")
    stop = fail_function(PP_ALLOC, -1)
    defer(stop)
    cmd(f"ping -c {ALLOC_FAIL_FRAMES} -i 0.05 -W 10 {cfg.remote_addr}")
    failed = qstats_dev(cfg)["rx-alloc-fail"] - before
    stop()
    ksft_pr(f"{failed} buffer allocations failed")
    ksft_gt(failed, 0, "no allocation failure counted")
    # Enough traffic to use every buffer the ring gave up and refill it
    cmd(f"ping -c 200 -i 0.01 -W 10 -q {cfg.remote_addr}")
    check_settled(cfg, log)


def fault_point(name, times, interval=1):
    """
    Arm the driver's fault point @name to fail @times times, one call in
    @interval, quietly. Returns a function that reads how many failures
    are still to come, after disarming the point on a last call (stop).
    """
    path = FAULT_DIR / name
    if not path.is_dir():
        raise KsftSkipEx(f"the driver has no {name} fault point "
                         "(fbnic_fault.c, CONFIG_FAULT_INJECTION_DEBUG_FS)")
    arm_fault_attr(path, times, interval)

    def left(stop=False):
        if stop:
            (path / "probability").write_text("0")
        return int((path / "times").read_text(encoding="ascii"))
    defer(left, True)
    return left


def tx_dropped(cfg):
    """Frames the netdev dropped on transmit"""
    return link_stats(cfg)["tx"]["dropped"]


def tx_dma_map_failure(cfg):
    """
    Mapping a packet for transmit fails, first for TX_MAP_FAILS packets
    in a row, then for one mapping in TX_MAP_INTERVAL while TCP sends
    multi-fragment packets (a failure after the head was mapped unwinds
    the head): each failure drops exactly one packet, counted as a Tx
    drop, and traffic carries on
    """
    log = KernelLog()
    before = tx_dropped(cfg)
    left = fault_point("fail_tx_dma_map", TX_MAP_FAILS)
    cmd(f"ping -c {2 * TX_MAP_FAILS} -i 0.05 -W 2 {cfg.remote_addr}",
        fail=False)
    ksft_eq(left(True), 0, "failures left unused")
    ksft_eq(tx_dropped(cfg) - before, TX_MAP_FAILS,
            "Tx drops, one per failed mapping")

    before = tx_dropped(cfg)
    left = fault_point("fail_tx_dma_map", TX_MAP_FAILS, TX_MAP_INTERVAL)
    # This host sends (-R: the remote end receives), in TSO packets
    iperf3(cfg, nbytes=8 << 20, reverse=True)
    unused = left(True)
    ksft_eq(tx_dropped(cfg) - before, TX_MAP_FAILS - unused,
            "Tx drops, one per failed mapping")
    ksft_gt(TX_MAP_FAILS - unused, 0, "no mapping failed under TCP")
    check_settled(cfg, log)


def mbx_dma_map_failure(cfg):
    """
    Mapping a message for the firmware fails once: the message is not
    sent and its sender gets the error, but a heartbeat that never left
    is not one the firmware missed, so no loss is reported; the
    firmware answers again at the next period
    """
    log = KernelLog()
    errors = health(cfg, "error")
    left = fault_point("fail_mbx_dma_map", 1)
    # The heartbeat sends within a period if nothing else does first
    wait_until("a mailbox mapping to fail", lambda: left() == 0,
               3 * HEARTBEAT_S)
    # The next heartbeat work checks for the reply to the one that failed
    time.sleep(HEARTBEAT_S * 3 / 2)
    lines = log.new_lines()
    ksft_pr("after the failure:", [l for l in lines if "fbnic" in l])
    ksft_eq(health(cfg, "error"), errors, "firmware errors reported")
    ksft_eq([l for l in lines if "did not answer its heartbeat" in l], [],
            "heartbeat reported lost")
    cmd(f"devlink dev info pci/{cfg.bdf}")
    check_settled(cfg, log)


def health(cfg, field):
    """A field of the devlink health reporter "fw" """
    out = json.loads(cmd(f"devlink -j health show pci/{cfg.bdf} reporter fw"
                         ).stdout)
    return out["health"][f"pci/{cfg.bdf}"][0][field]


def heartbeat_loss_under_load(cfg):
    """
    The firmware stops answering its heartbeat while traffic flows: the
    driver reports it (devlink health) and the data path carries on
    """
    require_emu()
    log = KernelLog()
    errors = health(cfg, "error")
    defer(emu_hmp, "qom-set nic0 fw-heartbeat-stopped false")
    with load(cfg):
        emu_hmp("qom-set nic0 fw-heartbeat-stopped true")
        wait_until("the lost heartbeat to be reported",
                 lambda: health(cfg, "error") > errors)
        emu_hmp("qom-set nic0 fw-heartbeat-stopped false")
        wait_until("the heartbeat to be back",
                 lambda: any("answers its heartbeat again" in l
                             for l in log.new_lines()))
    check_settled(cfg, log)


def carrier_changes(cfg):
    """The netdev's carrier change count"""
    path = Path(f"/sys/class/net/{cfg.ifname}/carrier_changes")
    return int(path.read_text(encoding="ascii"))


def carrier(cfg):
    """Whether the netdev has carrier"""
    path = Path(f"/sys/class/net/{cfg.ifname}/carrier")
    return path.read_text(encoding="ascii").strip() == "1"


def link_flap_under_load(cfg):
    """
    The cable is pulled and plugged three times while traffic flows:
    every change shows as a carrier change, and traffic resumes
    """
    require_emu()
    log = KernelLog()
    before = carrier_changes(cfg)
    defer(emu_hmp, "qom-set nic0 link-up true")
    # Three flaps take seconds: a shorter load still spans them
    with load(cfg, LOAD_S // 2):
        for _ in range(3):
            emu_hmp("qom-set nic0 link-up false")
            wait_until("carrier to go", lambda: not carrier(cfg))
            emu_hmp("qom-set nic0 link-up true")
            wait_until("carrier to come back", lambda: carrier(cfg))
    ksft_ge(carrier_changes(cfg) - before, 6, "carrier changes counted")
    check_settled(cfg, log)


def reconfig_under_load(cfg):
    """
    Channel counts and ring sizes change again and again while traffic
    flows: every change is taken, and traffic carries on
    """
    log = KernelLog()
    cur, most = combined_channels(cfg)
    rings = ethtool(f"-g {cfg.ifname}", json=True)[0]
    defer(ethtool, f"-L {cfg.ifname} combined {cur}")
    defer(ethtool, f"-G {cfg.ifname} rx {rings['rx']} tx {rings['tx']}")
    counts = [n for n in (1, 2, 4, cur) if n <= most]
    sizes = [(128, 256), (512, 128), (rings["rx"], rings["tx"])]
    # Six changes of a few seconds each
    with load(cfg, LOAD_S * 3 // 4):
        for i in range(6):
            ethtool(f"-L {cfg.ifname} combined {counts[i % len(counts)]}")
            rx, tx = sizes[i % len(sizes)]
            ethtool(f"-G {cfg.ifname} rx {rx} tx {tx}")
            time.sleep(1)
    check_settled(cfg, log)


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([pp_alloc_failure, tx_dma_map_failure, mbx_dma_map_failure,
                  heartbeat_loss_under_load,
                  link_flap_under_load, reconfig_under_load],
                 args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
