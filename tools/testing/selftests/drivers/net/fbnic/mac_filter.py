#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
fbnic's destination MAC filter (the MAC DA TCAM): frames to addresses on
the netdev's unicast and multicast lists arrive, frames to others do not
while the device is not promiscuous. Lists larger than the TCAM make the
driver fall back to all-multicast or promiscuous reception, and frames to
every listed address still arrive; once the lists shrink, the filtering
is exact again. Promiscuous and all-multicast modes do what they say.

The remote end sends the frames; a packet socket on the fbnic netdev,
which does not make it promiscuous, sees which ones the device accepted.
"""

import os
import time

from lib.py import ksft_run, ksft_exit, ksft_eq, KsftSkipEx
from lib.py import cmd, defer, ip
from fbnic_dp import fbnic_env, send_frames, new_marker, FrameCatcher

# The MAC DA TCAM has 32 entries (fbnic_csr.h); some of them hold the
# own address, broadcast and a BMC's addresses. Lists of this many
# addresses can never fit.
TCAM_ENTRIES = 32
FRAMES = 3
# Receive filters are written from a work item, after the list changed
FILTER_SYNC_S = 1.0


def random_mac(multicast):
    """A random locally administered unicast or multicast address"""
    octets = bytearray(os.urandom(6))
    octets[0] = (octets[0] & 0xfc) | 0x02 | (0x01 if multicast else 0)
    return ":".join(f"{o:02x}" for o in octets)


def delivered(cfg, catcher, mac):
    """
    How many of FRAMES frames sent to @mac the device accepted. A frame to
    the own address follows them and must arrive: once it did, the ones
    before it had their chance too.
    """
    marker, control = new_marker(), new_marker()
    send_frames(cfg, [(mac, marker), (cfg.dev["address"], control)], FRAMES)
    ksft_eq(catcher.count(control, want=FRAMES, timeout=10), FRAMES,
            "frames to the own address got lost")
    return catcher.count(marker, want=FRAMES, timeout=0.5)


def expect_filtered(cfg, catcher, mac, what):
    """Frames to @mac do not arrive"""
    ksft_eq(delivered(cfg, catcher, mac), 0, f"{what}: {mac} got through")


def expect_received(cfg, catcher, mac, what):
    """Frames to @mac arrive"""
    ksft_eq(delivered(cfg, catcher, mac), FRAMES, f"{what}: {mac} filtered")


def run_each(template, macs):
    """
    Run an `ip`/`bridge` command line for each address, in one shell:
    `ip -batch` does not run more than one `maddr` command.
    """
    lines = [template.format(mac=m) for m in macs]
    cmd(" && ".join(lines), shell=True)
    time.sleep(FILTER_SYNC_S)


def add_unicast(cfg, macs):
    """Put @macs on the netdev's unicast list (and off it at the end)"""
    run_each(f"bridge fdb add {{mac}} dev {cfg.ifname} self permanent", macs)
    return defer(run_each,
                 f"bridge fdb del {{mac}} dev {cfg.ifname} self permanent",
                 macs)


def add_multicast(cfg, macs):
    """Put @macs on the netdev's multicast list (and off it at the end)"""
    run_each(f"ip maddr add {{mac}} dev {cfg.ifname}", macs)
    return defer(run_each, f"ip maddr del {{mac}} dev {cfg.ifname}", macs)


def set_flag(cfg, flag, enable):
    """ip link set promisc/allmulticast"""
    ip(f"link set dev {cfg.ifname} {flag} {'on' if enable else 'off'}")
    time.sleep(FILTER_SYNC_S)


def require_exact_filtering(cfg):
    """Nothing else (a bridge, a sniffer) made the netdev promiscuous"""
    dev = ip(f"-d link show dev {cfg.ifname}", json=True)[0]
    if dev.get("promiscuity", 0) or dev.get("allmulti", 0):
        raise KsftSkipEx("the netdev is promiscuous or all-multicast already")


def listed_only(cfg, multicast):
    """An address is received only while it is on the netdev's list"""
    require_exact_filtering(cfg)
    kind, add = ("multicast", add_multicast) if multicast else \
        ("unicast", add_unicast)
    catcher = FrameCatcher(cfg)
    mac = random_mac(multicast)
    expect_filtered(cfg, catcher, mac, f"unlisted {kind}")
    entry = add(cfg, [mac])
    expect_received(cfg, catcher, mac, f"listed {kind}")
    entry.exec()
    expect_filtered(cfg, catcher, mac, f"{kind} taken off the list")
    catcher.close()


def unicast_list(cfg):
    """A secondary unicast address is received only while listed"""
    listed_only(cfg, multicast=False)


def multicast_list(cfg):
    """A multicast group is received only while joined"""
    listed_only(cfg, multicast=True)


def unicast_overflow(cfg):
    """More unicast addresses than the TCAM holds: all still arrive"""
    require_exact_filtering(cfg)
    catcher = FrameCatcher(cfg)
    macs = [random_mac(multicast=False) for _ in range(TCAM_ENTRIES)]
    entries = add_unicast(cfg, macs)
    for mac in (macs[0], macs[-1]):
        expect_received(cfg, catcher, mac, "unicast list overflowed")
    entries.exec()
    for mac in (macs[-1], random_mac(multicast=False)):
        expect_filtered(cfg, catcher, mac, "unicast list back to empty")
    expect_filtered(cfg, catcher, random_mac(multicast=True),
                    "unicast list back to empty, multicast")
    catcher.close()


def multicast_overflow(cfg):
    """
    More multicast groups than the TCAM holds: all still arrive, and
    unicast filtering stays exact.
    """
    require_exact_filtering(cfg)
    catcher = FrameCatcher(cfg)
    macs = [random_mac(multicast=True) for _ in range(TCAM_ENTRIES)]
    entries = add_multicast(cfg, macs)
    for mac in (macs[0], macs[-1]):
        expect_received(cfg, catcher, mac, "multicast list overflowed")
    expect_filtered(cfg, catcher, random_mac(multicast=False),
                    "multicast list overflowed, unicast")
    entries.exec()
    for mac in (macs[-1], random_mac(multicast=True)):
        expect_filtered(cfg, catcher, mac, "multicast list back to small")
    catcher.close()


def promiscuous(cfg):
    """Promiscuous mode accepts any destination, and only while on"""
    require_exact_filtering(cfg)
    catcher = FrameCatcher(cfg)
    mac = random_mac(multicast=False)
    set_flag(cfg, "promisc", True)
    undo = defer(set_flag, cfg, "promisc", False)
    expect_received(cfg, catcher, mac, "promiscuous")
    expect_received(cfg, catcher, random_mac(multicast=True), "promiscuous")
    undo.exec()
    expect_filtered(cfg, catcher, mac, "promiscuous mode off")
    catcher.close()


def all_multicast(cfg):
    """All-multicast mode accepts any group, but not other unicast"""
    require_exact_filtering(cfg)
    catcher = FrameCatcher(cfg)
    mac = random_mac(multicast=True)
    set_flag(cfg, "allmulticast", True)
    undo = defer(set_flag, cfg, "allmulticast", False)
    expect_received(cfg, catcher, mac, "all-multicast")
    expect_filtered(cfg, catcher, random_mac(multicast=False),
                    "all-multicast, unicast")
    undo.exec()
    expect_filtered(cfg, catcher, mac, "all-multicast off")
    catcher.close()


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([unicast_list, multicast_list, unicast_overflow,
                  multicast_overflow, promiscuous, all_multicast],
                 args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
