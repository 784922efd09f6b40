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
The driver writes the filters from a work item after a list or a flag
changed: the test waits until the device's MAC DA TCAM, which the
driver's debugfs file mac_addr shows as the device holds it, takes or
turns away the addresses in question.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_pr, KsftSkipEx
from lib.py import cmd, defer, ip
from fbnic_dp import fbnic_env, send_frames, new_marker, nic_stats, \
    FrameCatcher, KSFT_SKIP

# The MAC DA TCAM has 32 entries (fbnic_csr.h); some of them hold the
# own address, broadcast and a BMC's addresses. Lists of this many
# addresses can never fit.
TCAM_ENTRIES = 32
FRAMES = 3
# How long a filter change or frames on their way may take (the waits
# end as soon as they are there)
WAIT_S = 30
DEBUGFS = Path("/sys/kernel/debug")
# What the Rx buffer counts of the frames the classifier turned away
DROP_COUNTER = "rxb_fifo0_drop_frames"
MAC_MASK = (1 << 48) - 1


def random_mac(multicast):
    """A random locally administered unicast or multicast address"""
    octets = bytearray(os.urandom(6))
    octets[0] = (octets[0] & 0xfc) | 0x02 | (0x01 if multicast else 0)
    return ":".join(f"{o:02x}" for o in octets)


def mac_int(text):
    """aa:bb:cc:dd:ee:ff as a 48-bit number"""
    return int(text.replace(":", ""), 16)


def tcam_path(cfg):
    """The driver's debugfs view of the MAC DA TCAM"""
    return DEBUGFS / "fbnic" / cfg.bdf / "mac_addr"


def tcam_entries(cfg):
    """
    The valid entries of the MAC DA TCAM as the device holds them, as
    (address, mask) numbers: lines "idx role address/mask" or "idx role -"
    after a header, maybe followed by what the driver meant to write.
    """
    entries = []
    lines = tcam_path(cfg).read_text().splitlines()
    if not lines or not lines[0].startswith("idx role"):
        raise ValueError(f"not the layout this test reads: {lines[:1]}")
    for line in lines[1:]:
        hw_entry = line.split()[2]
        if hw_entry != "-":
            value, mask = hw_entry.split("/")
            entries.append((mac_int(value), mac_int(mask)))
    return entries


def tcam_takes(entries, mac):
    """An entry matches @mac: equal on every bit its mask does not ignore"""
    addr = mac_int(mac)
    return any(not (addr ^ value) & ~mask & MAC_MASK
               for value, mask in entries)


def wait_filters(cfg, macs, taken, what):
    """Wait until the device's filters take (or turn away) each of @macs"""
    end = time.monotonic() + WAIT_S
    while True:
        entries = tcam_entries(cfg)
        wrong = [m for m in macs if tcam_takes(entries, m) != taken]
        if not wrong:
            return
        if time.monotonic() >= end:
            raise AssertionError(
                f"{what}: after {WAIT_S} s the device still "
                f"{'turns away' if taken else 'takes'} {wrong}:\n"
                f"{tcam_path(cfg).read_text()}")
        time.sleep(0.05)


def delivered(cfg, catcher, mac, want):
    """
    How many of FRAMES frames sent to @mac the device accepted, @want of
    them expected. Frames to the own address follow them and must
    arrive: once they did, the device has classified the ones before.
    Accepted ones are waited for; when none should be, the device's
    count of frames it turned away must have grown by FRAMES first, so
    that none of them can still be on its way to the host.
    """
    before = nic_stats(cfg)
    marker, control = new_marker(), new_marker()
    send_frames(cfg, [(mac, marker), (cfg.dev["address"], control)], FRAMES)
    ksft_eq(catcher.count(control, want=FRAMES, timeout=WAIT_S), FRAMES,
            "frames to the own address got lost")
    if want:
        return catcher.count(marker, want=FRAMES, timeout=WAIT_S)
    end = time.monotonic() + WAIT_S
    while True:
        dropped = nic_stats(cfg)[DROP_COUNTER] - before[DROP_COUNTER]
        if dropped >= FRAMES:
            return catcher.count(marker, timeout=0)
        if time.monotonic() >= end:
            ksft_pr(f"{DROP_COUNTER} grew by {dropped} only")
            return catcher.count(marker, want=FRAMES, timeout=WAIT_S)
        time.sleep(0.05)


def expect_filtered(cfg, catcher, mac, what):
    """Frames to @mac do not arrive"""
    ksft_eq(delivered(cfg, catcher, mac, 0), 0, f"{what}: {mac} got through")


def expect_received(cfg, catcher, mac, what):
    """Frames to @mac arrive"""
    ksft_eq(delivered(cfg, catcher, mac, FRAMES), FRAMES,
            f"{what}: {mac} filtered")


def run_each(cfg, template, macs, listed):
    """
    Run an `ip`/`bridge` command line for each address, in one shell:
    `ip -batch` does not run more than one `maddr` command. Then wait
    until the device takes the addresses if @listed, or none of them.
    """
    lines = [template.format(mac=m) for m in macs]
    cmd(" && ".join(lines), shell=True)
    wait_filters(cfg, macs, listed, template.split("{")[0].strip())


def add_unicast(cfg, macs):
    """Put @macs on the netdev's unicast list (and off it at the end)"""
    run_each(cfg, f"bridge fdb add {{mac}} dev {cfg.ifname} self permanent",
             macs, True)
    return defer(run_each, cfg,
                 f"bridge fdb del {{mac}} dev {cfg.ifname} self permanent",
                 macs, False)


def add_multicast(cfg, macs):
    """Put @macs on the netdev's multicast list (and off it at the end)"""
    run_each(cfg, f"ip maddr add {{mac}} dev {cfg.ifname}", macs, True)
    return defer(run_each, cfg, f"ip maddr del {{mac}} dev {cfg.ifname}",
                 macs, False)


def set_flag(cfg, flag, enable):
    """
    ip link set promisc/allmulticast, then wait until the device takes
    (or again turns away) an address no list has: a unicast one for
    promiscuous mode, a multicast one for all-multicast
    """
    ip(f"link set dev {cfg.ifname} {flag} {'on' if enable else 'off'}")
    probe = random_mac(multicast=flag == "allmulticast")
    wait_filters(cfg, [probe], enable, f"{flag} {enable}")


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


def require_tcam_view(cfg):
    """The driver's debugfs mac_addr, in the format this test reads"""
    if not os.path.ismount(DEBUGFS):
        subprocess.run(["mount", "-t", "debugfs", "none", str(DEBUGFS)],
                       check=False)
    try:
        tcam_entries(cfg)
    except (OSError, IndexError, ValueError) as err:
        print(f"# SKIP: no MAC DA TCAM view in debugfs ({err}): the test"
              " cannot tell when a filter change reached the device")
        sys.exit(KSFT_SKIP)


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        require_tcam_view(cfg)
        ksft_run([unicast_list, multicast_list, unicast_overflow,
                  multicast_overflow, promiscuous, all_multicast],
                 args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
