#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
AF_XDP on fbnic, with real frames from the remote end. An XDP program
hands the test's frames (their experimental EtherType) to the AF_XDP
socket of the queue they arrive on; a flow rule steers them to one
queue, where the test's socket (xsk_fbnic) is bound.

Zero-copy receive: every frame lands in one of the socket's umem chunks,
none reaches the stack, the driver counts them redirected. Zero-copy
echo: the socket sends each frame back from the chunk it came in, on
the queue's TWQ1, and the remote end receives them all; the TWQ1
counters (ethtool -S xdp_tx_queue_N_*) move by as much. Zero-copy
transmit of short frames, which the driver pads. Copy mode through the
same program. A socket stays bound, and keeps receiving, while the XDP
program is swapped, the rings are resized and the queue count changes.
Chunks smaller than the device's 4 KB buffers are refused, with the
reason in the kernel log.
"""

import json
import re
import subprocess
import time
from pathlib import Path

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_pr
from lib.py import KsftSkipEx, cmd, defer, ethtool, ip
from fbnic_dp import fbnic_env, send_frames, new_marker, FrameCatcher, \
    KernelLog, attach_xdp, combined_channels

FRAMES = 50
HELPER = Path(__file__).parent / "xsk_fbnic"
# How long frames and counters may take (the waits end once they are in)
WAIT_S = 30


class XskSocket:
    """The test's AF_XDP socket, in a process of its own"""

    def __init__(self, cfg, queue, map_id, mode, count, opts=""):
        if not HELPER.exists():
            raise KsftSkipEx(f"{HELPER.name} was not built")
        self.proc = subprocess.Popen(
            f"{HELPER} {cfg.ifindex} {queue} {map_id} {mode} {count} "
            f"{WAIT_S * 1000} {opts}", shell=True, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.first = self.proc.stdout.readline().strip()
        self.result = None

    def bound(self):
        """Whether the socket bound and is in the map"""
        return self.first == "bound"

    def wait_line(self, want):
        """Read the helper's output up to the line @want"""
        line = self.proc.stdout.readline().strip()
        ksft_eq(line, want, "AF_XDP helper")

    def ask(self, line):
        """Send the holding helper @line; its answer"""
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def wait_rx(self, want):
        """Frames received so far, once @want are (or after WAIT_S)"""
        end = time.monotonic() + WAIT_S
        while True:
            got = int(self.ask("count").split()[1])
            if got >= want or time.monotonic() >= end:
                return got
            time.sleep(0.2)

    def finish(self):
        """Let a holding helper end; its counts"""
        if self.result is None:
            out, _ = self.proc.communicate("\n", timeout=WAIT_S * 3)
            self.result = json.loads(out.strip().splitlines()[-1])
        return self.result


def steer_to_queue(cfg):
    """
    The test's frames, to the own MAC address and not IP, go to one
    queue: the second if there are two, to tell it from the default.
    """
    queue = 1 if combined_channels(cfg)[0] >= 2 else 0
    out = ethtool(f"-N {cfg.ifname} flow-type ether dst {cfg.dev['address']} "
                  f"action {queue}").stdout
    rule = re.search(r"rule with ID (\d+)", out)
    if rule:
        defer(ethtool, f"-N {cfg.ifname} delete {rule.group(1)}")
    return queue


def driver_stats(cfg):
    """ethtool -S of the fbnic netdev, by name"""
    out = cmd(f"ethtool -S {cfg.ifname}").stdout
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^\s+(\S+): (\d+)$", out, re.M)}


def remote_rx_packets(cfg):
    """Packets the remote end's interface received"""
    out = ip(f"-s link show dev {cfg.remote_ifname}", json=True,
             host=cfg.remote)
    return out[0]["stats64"]["rx"]["packets"]


def bind(cfg, mode, count, opts=""):
    """Steer, attach the program and bind the socket; returns it"""
    queue = steer_to_queue(cfg)
    maps = attach_xdp(cfg, "xsk")
    sock = XskSocket(cfg, queue, maps["fbnic_xsks"], mode, count, opts)
    defer(sock.proc.kill)
    ksft_eq(sock.first, "bound", "AF_XDP socket did not bind")
    return queue, sock


def check_rx(cfg, opts):
    """The frames reach the socket and only the socket"""
    log = KernelLog()
    catcher = FrameCatcher(cfg)
    defer(catcher.close)
    want = 2 * FRAMES
    before = driver_stats(cfg)
    queue, sock = bind(cfg, "rx", want, opts)
    marker = new_marker()
    for size in (60, 1500):
        send_frames(cfg, [(cfg.dev["address"], marker)], FRAMES, size=size)
    got = sock.finish()
    after = driver_stats(cfg)
    key = f"xdp_rx_queue_{queue}_redirect"
    redirected = after[key] - before[key]
    ksft_pr(f"queue {queue}: the socket received {got['rx']} frames "
            f"({got['rx_bytes']} bytes), {key} grew by {redirected}")
    ksft_eq(got["rx"], want, "frames the socket received")
    ksft_eq(got["rx_foreign"], 0, "frames not the test's")
    ksft_eq(got["rx_bytes"], FRAMES * 60 + FRAMES * 1500, "bytes received")
    ksft_eq(redirected, want, key)
    ksft_eq(catcher.count(marker, timeout=0), 0, "frames reached the stack")
    ksft_eq(log.problems(), [], "kernel log")


def xsk_zc_rx(cfg):
    """Zero-copy receive into the socket's chunks"""
    check_rx(cfg, "")


def xsk_copy_rx(cfg):
    """Copy-mode receive: the redirect copies into the socket's chunks"""
    check_rx(cfg, "copy")


def xsk_zc_echo(cfg):
    """The socket sends every frame back, zero-copy, on the queue's TWQ1"""
    log = KernelLog()
    remote_before = remote_rx_packets(cfg)
    before = driver_stats(cfg)
    queue, sock = bind(cfg, "echo", FRAMES)
    send_frames(cfg, [(cfg.dev["address"], new_marker())], FRAMES, size=1000)
    got = sock.finish()
    after = driver_stats(cfg)
    end = time.monotonic() + WAIT_S
    while remote_rx_packets(cfg) - remote_before < FRAMES and \
            time.monotonic() < end:
        time.sleep(0.2)
    echoed = remote_rx_packets(cfg) - remote_before
    sent = after[f"xdp_tx_queue_{queue}_packets"] - \
        before[f"xdp_tx_queue_{queue}_packets"]
    ksft_pr(f"queue {queue}: received {got['rx']}, sent {got['tx']}, "
            f"completed {got['tx_done']}; xdp_tx_queue_{queue}_packets grew "
            f"by {sent}, the remote end received {echoed}")
    ksft_eq(got["rx"], FRAMES, "frames the socket received")
    ksft_eq(got["tx_done"], FRAMES, "sends completed to the socket")
    ksft_eq(sent, FRAMES, f"xdp_tx_queue_{queue}_packets")
    ksft_eq(after[f"xdp_tx_queue_{queue}_dropped"],
            before[f"xdp_tx_queue_{queue}_dropped"],
            f"xdp_tx_queue_{queue}_dropped")
    ksft_ge(echoed, FRAMES, "the remote end did not receive the echoes")
    ksft_eq(log.problems(), [], "kernel log")


def xsk_zc_tx_short(cfg):
    """Frames under the 60-byte minimum go out padded"""
    log = KernelLog()
    remote_mac = ip(f"link show dev {cfg.remote_ifname}", json=True,
                    host=cfg.remote)[0]["address"]
    remote_before = remote_rx_packets(cfg)
    before = driver_stats(cfg)
    queue, sock = bind(cfg, "tx", FRAMES, f"len=42 dst={remote_mac}")
    got = sock.finish()
    end = time.monotonic() + WAIT_S
    while remote_rx_packets(cfg) - remote_before < FRAMES and \
            time.monotonic() < end:
        time.sleep(0.2)
    after = driver_stats(cfg)
    received = remote_rx_packets(cfg) - remote_before
    sent = after[f"xdp_tx_queue_{queue}_bytes"] - \
        before[f"xdp_tx_queue_{queue}_bytes"]
    ksft_pr(f"sent {got['tx_done']} 42-byte frames, the remote end "
            f"received {received}, xdp_tx_queue_{queue}_bytes grew by {sent}")
    ksft_eq(got["tx_done"], FRAMES, "sends completed to the socket")
    ksft_ge(received, FRAMES, "the remote end did not receive them")
    ksft_eq(sent, FRAMES * 60, "bytes sent: padded to 60")
    ksft_eq(log.problems(), [], "kernel log")


def xsk_zc_reconfig(cfg):
    """
    A bound socket survives a program swap, a ring resize and a queue
    count change, and receives again after each
    """
    log = KernelLog()
    channels = combined_channels(cfg)
    ring = ethtool(f"-g {cfg.ifname}", json=True)[0]
    queue, sock = bind(cfg, "rx", 0, "hold")
    sock.wait_line("done")
    marker = new_marker()
    total = 0

    def still_receives(what):
        nonlocal total
        send_frames(cfg, [(cfg.dev["address"], marker)], FRAMES)
        total += FRAMES
        got = sock.wait_rx(total)
        ksft_pr(f"after {what}: the socket received {got} of {total}")
        ksft_eq(got, total, f"frames received after {what}")

    # A new instance of the program, with a new map the socket joins
    maps = attach_xdp(cfg, "xsk", replace=True)
    ksft_eq(sock.ask(f"map {maps['fbnic_xsks']}"), "inserted",
            "AF_XDP helper")
    still_receives("a program swap")
    ethtool(f"-G {cfg.ifname} rx {ring['rx'] // 2}")
    defer(ethtool, f"-G {cfg.ifname} rx {ring['rx']}")
    still_receives("a ring resize")
    if channels[1] > channels[0]:
        ethtool(f"-L {cfg.ifname} combined {channels[0] + 1}")
        defer(ethtool, f"-L {cfg.ifname} combined {channels[0]}")
        still_receives("a queue count change")
    got = sock.finish()
    ksft_pr(f"the socket received {got['rx']} of {total}")
    ksft_eq(got["rx"], total, "frames the socket received")
    ksft_eq(log.problems(), [], "kernel log")


def xsk_zc_small_chunks(cfg):
    """2 KB chunks cannot be device buffers: zero-copy is refused"""
    log = KernelLog()
    queue = steer_to_queue(cfg)
    maps = attach_xdp(cfg, "xsk")
    sock = XskSocket(cfg, queue, maps["fbnic_xsks"], "rx", 0, "chunk=2048")
    sock.proc.wait(timeout=WAIT_S)
    ksft_pr(f"bind with 2 KB chunks: {sock.first}")
    ksft_eq(sock.first.startswith("bind:"), True, "bind did not fail")
    lines = [line for line in log.new_lines()
             if "aligned chunks of at least 4096" in line]
    ksft_eq(len(lines), 1, "kernel log names the reason")


def main() -> None:
    """Run the cases against the fbnic netdev of the environment"""
    with fbnic_env(__file__) as cfg:
        ksft_run([xsk_zc_rx, xsk_copy_rx, xsk_zc_echo, xsk_zc_tx_short,
                  xsk_zc_reconfig, xsk_zc_small_chunks], args=(cfg, ))
    ksft_exit()


if __name__ == "__main__":
    main()
