#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
The same disruption, over and over, while traffic flows: the driver
unloaded and loaded, the interface taken down and up, the channel count
and ring sizes changed. Traffic resumes every time, nothing leaks
(kmemleak), no page pool keeps pages, and the kernel logs no warning or
splat.

Each phase runs ENDURANCE_CYCLES cycles (default 100; the VM rig's
`run test` sets fewer, its `run endurance` the full count).
"""

import os
import re
import time
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_pr
from lib.py import KsftSkipEx, cmd, defer, ethtool, ip
from fbnic_dp import check_settled, combined_channels, emu_ctl_path, \
    fbnic_env, load, wait_until, KernelLog

CYCLES = int(os.environ.get("ENDURANCE_CYCLES", "100"))
KMEMLEAK = Path("/sys/kernel/debug/kmemleak")
EMU_CTL = "/payload/emu-ctl.sh"
# What the rig's traffic generator, a host on the wire, sends the fbnic
# netdev while the driver comes and goes: frames a second, bytes each
GEN_PPS = 500
GEN_SIZE = 1000


def cycles_load():
    """
    A background load spanning @CYCLES cycles of a second or two: the
    load lasts its whole length even when the cycles end sooner
    """
    return 10 + 3 * CYCLES


def reachable(cfg):
    """The remote end answers a ping"""
    return cmd(f"ping -c 1 -W 2 {cfg.remote_addr}", fail=False).ret == 0


def no_fbnic_leaks():
    """kmemleak, after two scans, names no object fbnic allocated"""
    if not KMEMLEAK.exists():
        ksft_pr("kmemleak not available: leak check not done")
        return
    KMEMLEAK.write_text("scan")
    time.sleep(5)
    KMEMLEAK.write_text("scan")
    leaks = KMEMLEAK.read_text()
    if re.search(r"fbnic", leaks):
        ksft_pr(leaks[:4000])
        raise AssertionError("kmemleak reports leaks from fbnic")


def netdev_back(cfg, driver_dev):
    """
    After a load: fbnic's netdev for the same device, named as before
    by udev, addressed and up again (its addresses went with the old
    one). The environment's idea of it is refreshed.
    """
    net = Path(driver_dev) / "net"
    wait_until("the netdev", lambda: net.exists() and
               cfg.ifname in os.listdir(net), 60)
    cmd("udevadm settle --timeout=30", fail=False)
    cmd(f"sysctl -qw net.ipv6.conf.{cfg.ifname}.keep_addr_on_down=1")
    for ver in ("4", "6"):
        plen = 24 if ver == "4" else 64
        ip(f"addr replace {cfg.addr_v[ver]}/{plen} dev {cfg.ifname}"
           + (" nodad" if ver == "6" else ""))
    ip(f"link set {cfg.ifname} up")
    cfg.dev = ip(f"link show dev {cfg.ifname}", json=True)[0]
    cfg.ifindex = cfg.dev["ifindex"]


def load_unload(cfg):
    """fbnic unloaded and loaded while frames keep arriving"""
    if not emu_ctl_path() or not os.path.exists(EMU_CTL):
        raise KsftSkipEx("needs the VM rig's traffic generator")
    log = KernelLog()
    driver_dev = os.path.realpath(f"/sys/class/net/{cfg.ifname}/device")
    mac = cfg.dev["address"]
    cmd(f"{EMU_CTL} gen {mac} {GEN_PPS} {GEN_SIZE}")
    defer(cmd, f"{EMU_CTL} gen {mac} 0 0")
    for i in range(CYCLES):
        cmd("rmmod fbnic")
        cmd("modprobe fbnic")
        netdev_back(cfg, driver_dev)
        wait_until(f"traffic after load {i + 1}", lambda: reachable(cfg), 60)
    cmd(f"{EMU_CTL} gen {mac} 0 0")
    ksft_pr(f"{CYCLES} load/unload cycles under traffic")
    check_settled(cfg, log)
    no_fbnic_leaks()


def down_up(cfg):
    """The interface taken down and up while iperf3 runs"""
    log = KernelLog()
    with load(cfg, cycles_load()):
        for i in range(CYCLES):
            ip(f"link set {cfg.ifname} down")
            ip(f"link set {cfg.ifname} up")
            wait_until(f"traffic after up {i + 1}", lambda: reachable(cfg),
                       60)
    ksft_pr(f"{CYCLES} down/up cycles under traffic")
    check_settled(cfg, log)
    no_fbnic_leaks()


def reconfigure(cfg):
    """Channel counts and ring sizes changed while iperf3 runs"""
    log = KernelLog()
    cur, most = combined_channels(cfg)
    rings = ethtool(f"-g {cfg.ifname}", json=True)[0]
    defer(ethtool, f"-L {cfg.ifname} combined {cur}")
    defer(ethtool, f"-G {cfg.ifname} rx {rings['rx']} tx {rings['tx']}")
    counts = [n for n in (1, 2, 3, 4) if n <= most]
    sizes = [(128, 256), (512, 128), (256, 512), (rings["rx"], rings["tx"])]
    with load(cfg, cycles_load()):
        for i in range(CYCLES):
            if i % 2:
                rx, tx = sizes[i // 2 % len(sizes)]
                ethtool(f"-G {cfg.ifname} rx {rx} tx {tx}")
            else:
                ethtool(f"-L {cfg.ifname} combined "
                        f"{counts[i // 2 % len(counts)]}")
            wait_until(f"traffic after change {i + 1}",
                       lambda: reachable(cfg), 60)
    ksft_pr(f"{CYCLES} queue-count and ring-size changes under traffic")
    check_settled(cfg, log)
    no_fbnic_leaks()


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([down_up, reconfigure, load_unload], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
