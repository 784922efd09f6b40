#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Check the receive classifier, MAC and counters against upstream's fbnic
# in the VM rig.
#
#   qemu/tests/rpc-vm/run.sh [probe|traffic]     (repository root, as root)
#
# probe:   no traffic needed. The driver programs the MAC and action
#          TCAMs, RSS key and indirection table as usual, and the model's
#          test-only x-rpc-probe property runs frames through the
#          classifier; hashes are compared with a Toeplitz hash of the key
#          `ethtool -x` reports, queues with its indirection table.
# traffic: frames over the emulated wire from the virtio-net peer (needs
#          the queue engines): counter deltas, RSS spread per queue, Tx.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
mode=${1:-probe}
embed() {
	echo "mkdir -p /tmp/rpc-vm; cat > /tmp/rpc-vm/$1 <<'PYEOF'"
	cat "$here/$1"
	echo "PYEOF"
}
case "$mode" in
probe)
	cmds=$(embed probe.py
		echo ". /payload/rig.env; PROBE=/tmp/rpc-vm/probe.py"
		cat "$here/guest.sh")
	;;
traffic)
	cmds=$(embed send.py
		echo ". /payload/rig.env; SENDPY=/tmp/rpc-vm/send.py"
		cat "$here/traffic.sh")
	;;
*)
	echo "usage: $0 [probe|traffic]" >&2
	exit 2
	;;
esac
exec "$repo/tools/testing/fbnic-vm/run" exec "$cmds"
