#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Check the receive classifier against upstream's fbnic in the VM rig,
# without needing the queue engines: the driver programs the MAC and
# action TCAMs, RSS key and indirection table as usual, and the
# model's test-only x-rpc-probe property runs frames through the
# classifier. Hashes are compared with a Toeplitz hash computed from the
# key `ethtool -x` reports, queues with its indirection table.
#
#   qemu/tests/rpc-vm/run.sh      (from the repository root, as root)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cmds=$(
	echo "mkdir -p /tmp/rpc-vm; cat > /tmp/rpc-vm/probe.py <<'PYEOF'"
	cat "$here/probe.py"
	echo "PYEOF"
	echo ". /payload/rig.env; PROBE=/tmp/rpc-vm/probe.py"
	cat "$here/guest.sh"
)
exec "$repo/tools/testing/fbnic-vm/run" exec "$cmds"
