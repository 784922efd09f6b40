#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Let the guest's tests drive the QEMU monitor.

Tests inside the VM need to act on the emulated device from outside: set
a sensor value, inject a fault, unplug the NIC. The guest writes
"hmp COMMAND" lines to a serial port; this proxy, on the host,
runs each through QMP's human-monitor-command and writes back the output
followed by "@@rc 0" (or "@@rc 1" with the error). It exits when QEMU
closes the port.

"insns LO HI" lines go to the benchmark's instruction-count plugin
(bench/insn-count.c) when QEMU runs with it: the reply is its count of
guest instructions in [LO, HI) and in total. "insndump NAME" has it
write every block's count to insn-NAME.txt in the run directory, for
bench/profile.py.

"gen MAC PPS SECONDS" makes another host on the emulated wire: it sends
PPS frames a second to MAC for at most SECONDS (PPS 0 stops it; the
reply says how many it sent). They come into the wire through a QEMU
datagram socket (GEN_SOCKET), from the host, so making them costs the
guest nothing: a traffic source faster than anything the guest can run
under TCG. The socket's port joins the wire's hub (netdev_add) only
while the generator runs: a hub takes a frame when any of its other
ports can, so a port that always can would stop the fbnic's flow
control from holding the peer back. Each is a 1000-byte UDP datagram between TEST-NET-2 addresses
(RFC 5737) that are not the guest's: the guest's IP layer drops them
without an answer, after the NIC and its driver received them like any
other. Source addresses and ports vary, so RSS spreads them over the
queues.

usage: ctl-proxy.py CTL_SOCKET QMP_SOCKET [GEN_SOCKET [PLUGIN_SOCKET]]
"""

import json
import socket
import struct
import sys
import threading
import time


def connect(path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Qmp:
    def __init__(self, path):
        self.file = connect(path).makefile("rw", encoding="utf-8")
        self.file.readline()  # greeting
        self.call("qmp_capabilities")

    def call(self, cmd, **args):
        msg = {"execute": cmd}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg) + "\n")
        self.file.flush()
        while True:
            line = self.file.readline()
            if not line:
                raise EOFError("QMP closed")
            reply = json.loads(line)
            if "event" not in reply:
                return reply


def ask_plugin(path, request):
    """One request to the instruction-count plugin: (reply, rc)"""
    if not path:
        return "no instruction-count plugin in this run", 1
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        sock.sendall(f"{request}\n".encode())
        reply = sock.makefile("r", encoding="utf-8").readline().strip()
    return reply, 1 if reply.startswith("error") else 0


def ip_checksum(data):
    """Internet checksum of an IPv4 header"""
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def gen_frame(dst_mac, n, size=1000):
    """Frame n of the generator's cycle: UDP, TEST-NET-2, no checksum"""
    src_mac = bytes.fromhex("02005efb0e01")
    payload = bytes(size)
    udp = struct.pack("!HHHH", 10000 + n, 9, 8 + size, 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n, 0, 64,
                      17, 0, bytes([198, 51, 100, 1 + n % 200]),
                      bytes([198, 51, 100, 254]))
    hdr = hdr[:10] + struct.pack("!H", ip_checksum(hdr)) + hdr[12:]
    return dst_mac + src_mac + b"\x08\x00" + hdr + udp


class Generator:
    """Frames into the wire at a steady rate, from a thread"""

    def __init__(self, qemu_path, qmp):
        self.qemu_path = qemu_path
        self.qmp = qmp
        self.thread = None
        self.stop_at = 0.0
        self.sent = 0

    def plug(self):
        """The generator's datagram socket joins the wire's hub"""
        for args in ({"type": "dgram", "id": "gen0",
                      "local": {"type": "unix", "path": self.qemu_path},
                      "remote": {"type": "unix",
                                 "path": self.qemu_path + ".out"}},
                     {"type": "hubport", "id": "wire-gen", "hubid": 0,
                      "netdev": "gen0"}):
            reply = self.qmp().call("netdev_add", **args)
            if "error" in reply:
                raise OSError(reply["error"].get("desc", "netdev_add"))

    def unplug(self):
        """The generator's port leaves the hub"""
        for netdev in ("wire-gen", "gen0"):
            self.qmp().call("netdev_del", id=netdev)

    def start(self, mac, pps, seconds):
        """Send @pps frames a second to @mac for at most @seconds"""
        self.stop()
        self.plug()
        frames = [gen_frame(bytes.fromhex(mac.replace(":", "")), n)
                  for n in range(256)]
        self.stop_at = time.monotonic() + seconds
        self.sent = 0
        self.thread = threading.Thread(target=self.run, args=(frames, pps),
                                       daemon=True)
        self.thread.start()

    def run(self, frames, pps):
        """The sending thread: @frames in turn, at @pps"""
        # 100 batches a second; a full socket blocks until QEMU reads,
        # so the wire takes them at its own pace
        batch = max(1, pps // 100)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        next_t = time.monotonic()
        try:
            while time.monotonic() < self.stop_at:
                for _ in range(batch):
                    sock.sendto(frames[self.sent % len(frames)],
                                self.qemu_path)
                    self.sent += 1
                next_t += batch / pps
                delay = next_t - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        except OSError:
            pass
        finally:
            sock.close()

    def stop(self):
        """Stop sending; returns how many frames were sent"""
        self.stop_at = 0.0
        if self.thread:
            self.thread.join()
            self.thread = None
            self.unplug()
        return self.sent


def gen_command(gen, line):
    """'gen MAC PPS SECONDS': (reply, rc)"""
    if gen is None:
        return "no traffic generator in this run", 1
    try:
        mac, pps, seconds = line.split()[1:4]
        pps, seconds = int(pps), float(seconds)
    except ValueError:
        return "usage: gen MAC PPS SECONDS", 1
    if pps <= 0:
        return f"sent {gen.stop()}", 0
    try:
        gen.start(mac, pps, seconds)
    except OSError as err:
        return f"cannot start the generator: {err}", 1
    return f"sending {pps} frames/s to {mac}", 0


def serve(ctl_path, qmp_path, gen_path=None, plugin_path=None):
    """Answer the guest's lines on the control port until it closes"""
    ctl = connect(ctl_path).makefile("rw", encoding="utf-8", newline="\n")
    qmp = None

    def get_qmp():
        nonlocal qmp
        if qmp is None:
            qmp = Qmp(qmp_path)
        return qmp

    gen = Generator(gen_path, get_qmp) if gen_path else None
    for line in ctl:
        line = line.strip()
        if line.startswith("gen "):
            reply, rc = gen_command(gen, line)
            ctl.write(f"{reply}\n@@rc {rc}\n")
            ctl.flush()
            continue
        if line.startswith(("insns ", "insndump ")):
            try:
                if line.startswith("insns "):
                    lo, hi = line.split()[1:3]
                    request = f"count {lo} {hi}"
                else:
                    request = f"dump {line.split()[1]}"
                reply, rc = ask_plugin(plugin_path, request)
            except (ValueError, OSError, IndexError) as e:
                reply, rc = f"error: {e}", 1
            ctl.write(f"{reply}\n@@rc {rc}\n")
            ctl.flush()
            continue
        if not line.startswith("hmp "):
            continue
        reply = get_qmp().call("human-monitor-command",
                               **{"command-line": line[4:]})
        if "error" in reply:
            ctl.write(reply["error"].get("desc", "error") + "\n@@rc 1\n")
        else:
            ctl.write(reply.get("return", "").replace("\r", "") + "\n@@rc 0\n")
        ctl.flush()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4, 5):
        sys.exit(__doc__)
    try:
        serve(*sys.argv[1:])
    except (EOFError, OSError, ValueError):
        pass
