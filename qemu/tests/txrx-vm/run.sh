#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Check the queue engines against upstream's unmodified fbnic in the VM
# rig: the driver brings the netdev up on the emulated wire, and the
# guest pings and runs iperf3 both ways with the virtio-net peer (TSO and
# checksum offload on, as upstream enables them), jumbo frames, one
# queue (the "wait" drop mode), ring and coalescing changes, down/up,
# set_link from the monitor, the offline self test and hardware
# timestamps. Every step prints PASS/FAIL; the kernel log must stay
# free of driver errors and warnings.
#
#   qemu/tests/txrx-vm/run.sh      (from the repository root, as root)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cmds=$(
	echo "mkdir -p /tmp/txrx-vm; cat > /tmp/txrx-vm/ts.py <<'PYEOF'"
	cat "$here/ts.py"
	echo "PYEOF"
	echo ". /payload/rig.env; TSPY=/tmp/txrx-vm/ts.py"
	cat "$here/guest.sh"
)
exec "$repo/tools/testing/fbnic-vm/run" exec "$cmds"
