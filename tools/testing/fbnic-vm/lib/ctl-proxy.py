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
guest instructions in [LO, HI) and in total.

usage: ctl-proxy.py CTL_SOCKET QMP_SOCKET [PLUGIN_SOCKET]
"""

import json
import socket
import sys
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


def ask_plugin(path, lo, hi):
    if not path:
        return "no instruction-count plugin in this run", 1
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        sock.sendall(f"count {lo} {hi}\n".encode())
        reply = sock.makefile("r", encoding="utf-8").readline().strip()
    return reply, 1 if reply.startswith("error") else 0


def serve(ctl_path, qmp_path, plugin_path=None):
    ctl = connect(ctl_path).makefile("rw", encoding="utf-8", newline="\n")
    qmp = None
    for line in ctl:
        line = line.strip()
        if line.startswith("insns "):
            try:
                lo, hi = line.split()[1:3]
                reply, rc = ask_plugin(plugin_path, lo, hi)
            except (ValueError, OSError) as e:
                reply, rc = f"error: {e}", 1
            ctl.write(f"{reply}\n@@rc {rc}\n")
            ctl.flush()
            continue
        if not line.startswith("hmp "):
            continue
        if qmp is None:
            qmp = Qmp(qmp_path)
        reply = qmp.call("human-monitor-command", **{"command-line": line[4:]})
        if "error" in reply:
            ctl.write(reply["error"].get("desc", "error") + "\n@@rc 1\n")
        else:
            ctl.write(reply.get("return", "").replace("\r", "") + "\n@@rc 0\n")
        ctl.flush()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    try:
        serve(*sys.argv[1:])
    except (EOFError, OSError, ValueError):
        pass
