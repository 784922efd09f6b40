#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
A BMC sharing fbnic's port keeps its traffic while the host driver runs:
frames to the BMC's address reach the BMC and not the host, broadcast
reaches both, and with the host's interface down the BMC still gets its
frames. The driver tells the firmware which addresses the host takes
(MAC sync) and keeps it up to date as the lists change.

Emulator only: the BMC is switched on through the device model's
properties (bmc-present, read back through bmc-mac-sync and
bmc-rx-frames), and the driver learns of it the way it would after a
firmware update, from a firmware restart.
"""

import json
import re
import sys
import time

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_true
from lib.py import cmd, defer, ip
from fbnic_dp import fbnic_env, send_frames, new_marker, FrameCatcher
from fbnic_dp import KSFT_SKIP, EXP_ETHERTYPE, emu_ctl_path, emu_hmp

FRAMES = 4
# How long the host's filters may take to reach the firmware (from the
# driver's service task), and frames to arrive: the waits end as soon as
# they are there
SYNC_WAIT_S = 30
# A firmware restart is noticed at the next heartbeat (10 s), then the
# health reporter recovers and the filters are written again
RESTART_WAIT_S = 60
# An uptime the firmware does not reach again soon after a restart
# (11.6 days)
BIG_UPTIME_MS = 1_000_000_000
SYNC_BROADCAST = 0x4
SYNC_PROMISC = 0x1


def mac_sync():
    """The firmware's record of the host's last MAC sync, parsed"""
    text = emu_hmp("qom-get nic0 bmc-mac-sync").strip('"')
    fields = dict(re.findall(r"(\w+)=(\S*)", text))
    return {
        "syncs": int(fields["syncs"]),
        "flags": int(fields["flags"], 16),
        "uc": [m for m in fields.get("uc", "").split(",") if m],
        "mc": [m for m in fields.get("mc", "").split(",") if m],
    }


def bmc_rx_frames():
    """Frames the device delivered to the BMC so far"""
    return int(emu_hmp("qom-get nic0 bmc-rx-frames"))


def wait_sync(want, what):
    """Wait until the firmware's record satisfies @want; return it"""
    end = time.monotonic() + SYNC_WAIT_S
    while True:
        sync = mac_sync()
        if want(sync) or time.monotonic() >= end:
            ksft_true(want(sync), f"{what}: firmware has {sync}")
            return sync
        time.sleep(0.5)


def fw_reporter(cfg):
    """The devlink health reporter "fw" of the fbnic device, as JSON"""
    out = cmd(f"devlink -j health show pci/{cfg.bdf} reporter fw").stdout
    return json.loads(out)["health"][f"pci/{cfg.bdf}"][0]


def fw_uptime_ms(cfg):
    """The firmware uptime the driver last heard of (its heartbeat)"""
    out = cmd(f"devlink -j health diagnose pci/{cfg.bdf} reporter fw").stdout
    return int(re.search(r'"uptime_ms": *(\d+)', out).group(1))


def restart_firmware(cfg):
    """
    Crash the firmware; wait until the driver has noticed, recovered
    (which reads the capabilities again) and written its filters anew.
    A restart shows as the uptime in a heartbeat reply going back: the
    firmware is made to report an uptime far above what it reaches after
    restarting (fw-uptime-ms), and crashed once the driver has heard it,
    from a heartbeat reply. Heartbeats are 10 s apart, so the crash (1 s)
    is over before the next one, which shows the uptime back near 0.
    """
    refused = emu_hmp(f"qom-set nic0 fw-uptime-ms {BIG_UPTIME_MS}").strip()
    if refused:
        raise RuntimeError(f"the emulator did not set the uptime: {refused}")
    end = time.monotonic() + RESTART_WAIT_S
    while fw_uptime_ms(cfg) < BIG_UPTIME_MS:
        if time.monotonic() >= end:
            raise TimeoutError("the uptime set in the firmware did not"
                               " reach the driver")
        time.sleep(0.5)
    before = fw_reporter(cfg)["recover"]
    emu_hmp("qom-set nic0 fw-crash true")
    end = time.monotonic() + RESTART_WAIT_S
    while fw_reporter(cfg)["recover"] == before:
        if time.monotonic() >= end:
            raise TimeoutError("the driver did not recover the firmware")
        time.sleep(1)


def bmc_routed(cfg):
    """
    Whether the device hands frames to the BMC's address to the BMC: one
    is run through its classifier (x-rpc-probe, as if from the wire; it
    counts in bmc-rx-frames when it goes to the BMC, no test counting)
    """
    frame = (bytes.fromhex(bmc_address(cfg).replace(":", "")) +
             bytes.fromhex("020000000002") +
             EXP_ETHERTYPE.to_bytes(2, "big") + bytes(46))
    before = bmc_rx_frames()
    emu_hmp(f"qom-set nic0 x-rpc-probe {frame.hex()}")
    return bmc_rx_frames() > before


def set_bmc(cfg, present):
    """
    Give the port a BMC, or take it away, through a firmware restart.
    After the recovery, the driver's service task sees the capabilities
    and writes its filters anew (it may have done so once already for
    the restart alone). Done when the device routes the BMC's address as
    asked and, with a BMC, the firmware was told the host's address,
    which the same service task run does after the filters.
    """
    emu_hmp(f"qom-set nic0 bmc-present {'on' if present else 'off'}")
    restart_firmware(cfg)
    end = time.monotonic() + RESTART_WAIT_S
    while bmc_routed(cfg) != present:
        if time.monotonic() >= end:
            state = "not routed" if present else "still routed"
            raise TimeoutError(f"frames to the BMC's address {state} to"
                               " the BMC after the restart")
        time.sleep(0.2)
    if present:
        own = cfg.dev["address"]
        wait_sync(lambda s: s["syncs"] > 0 and own in s["uc"],
                  "MAC sync after the restart")


def bmc_address(cfg):
    """The emulator's BMC has the host's address plus one"""
    octets = bytearray(bytes.fromhex(cfg.dev["address"].replace(":", "")))
    octets[5] = (octets[5] + 1) & 0xff
    return ":".join(f"{o:02x}" for o in octets)


def wait_bmc_frames(before, want):
    """Frames delivered to the BMC since @before, once @want were"""
    end = time.monotonic() + SYNC_WAIT_S
    while True:
        got = bmc_rx_frames() - before
        if got >= want or time.monotonic() >= end:
            return got
        time.sleep(0.2)


def host_receives(cfg, catcher, mac, want):
    """
    Frames to @mac that reached the host, out of FRAMES, @want of them
    expected. Frames to the own address follow them and must arrive:
    then the device has dealt with the ones before. Expected ones are
    waited for; when none are, the device must have handed all of them
    to the BMC first, so that none can still be on its way to the host.
    """
    marker, control = new_marker(), new_marker()
    bmc_before = bmc_rx_frames()
    send_frames(cfg, [(mac, marker), (cfg.dev["address"], control)], FRAMES)
    ksft_eq(catcher.count(control, want=FRAMES, timeout=SYNC_WAIT_S), FRAMES,
            "frames to the own address got lost")
    if want:
        return catcher.count(marker, want=FRAMES, timeout=SYNC_WAIT_S)
    if wait_bmc_frames(bmc_before, FRAMES) >= FRAMES:
        return catcher.count(marker, timeout=0)
    return catcher.count(marker, want=FRAMES, timeout=SYNC_WAIT_S)


def firmware_told(cfg):
    """The firmware learns the host's address and broadcast, no more"""
    own = cfg.dev["address"]
    sync = wait_sync(lambda s: own in s["uc"], "own address")
    ksft_eq(sync["flags"] & SYNC_BROADCAST, SYNC_BROADCAST,
            f"broadcast not reported: {sync}")
    ksft_eq(sync["flags"] & SYNC_PROMISC, 0, f"promiscuous reported: {sync}")

    group, extra = "01:00:5e:7f:00:11", "02:00:00:fb:0b:0c"
    cmd(f"ip maddr add {group} dev {cfg.ifname}")
    undo_mc = defer(cmd, f"ip maddr del {group} dev {cfg.ifname}")
    cmd(f"bridge fdb add {extra} dev {cfg.ifname} self permanent")
    undo_uc = defer(cmd, f"bridge fdb del {extra} dev {cfg.ifname} self"
                    " permanent")
    wait_sync(lambda s: group in s["mc"] and extra in s["uc"],
              "added addresses")
    undo_mc.exec()
    undo_uc.exec()
    wait_sync(lambda s: group not in s["mc"] and extra not in s["uc"],
              "removed addresses")


def bmc_traffic(cfg):
    """The BMC's frames are its own; broadcast goes to both"""
    catcher = FrameCatcher(cfg)
    defer(catcher.close)

    before = bmc_rx_frames()
    ksft_eq(host_receives(cfg, catcher, bmc_address(cfg), 0), 0,
            "the host received the BMC's frames")
    ksft_eq(bmc_rx_frames() - before, FRAMES, "frames to the BMC")

    before = bmc_rx_frames()
    ksft_eq(host_receives(cfg, catcher, "ff:ff:ff:ff:ff:ff", FRAMES), FRAMES,
            "broadcast to the host")
    ksft_true(wait_bmc_frames(before, FRAMES) >= FRAMES,
              "broadcast to the BMC")


def bmc_while_host_down(cfg):
    """With the host's interface down, the BMC keeps its traffic"""
    ip(f"link set dev {cfg.ifname} down")
    defer(ip, f"link set dev {cfg.ifname} up")

    before = bmc_rx_frames()
    send_frames(cfg, [(bmc_address(cfg), new_marker())], FRAMES)
    wait_bmc_frames(before, FRAMES)
    ksft_eq(bmc_rx_frames() - before, FRAMES, "BMC frames, host down")


def firmware_told_host_down(cfg):
    """With the host's interface down, the firmware learns it takes nothing"""
    ip(f"link set dev {cfg.ifname} down")
    defer(ip, f"link set dev {cfg.ifname} up")
    wait_sync(lambda s: not s["uc"] and not s["mc"] and not s["flags"],
              "host down")


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        if not emu_ctl_path():
            print("# SKIP: no emulator control port: the BMC is the"
                  " emulator's (VM rig only)")
            sys.exit(KSFT_SKIP)
        # A BMC switched on before the driver loaded stays as it is
        toggle = emu_hmp("qom-get nic0 bmc-present") != "true"
        if toggle:
            set_bmc(cfg, True)
        try:
            ksft_run([firmware_told, bmc_traffic, bmc_while_host_down,
                      firmware_told_host_down], args=(cfg, ))
        finally:
            if toggle:
                set_bmc(cfg, False)
    ksft_exit()


if __name__ == "__main__":
    main()
