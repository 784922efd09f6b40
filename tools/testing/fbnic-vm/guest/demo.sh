#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Show fbnic at work on the emulated NIC, as a user would check it: the
# device, the driver's probe, devlink, the netdev and its ethtool view,
# and a ping across the emulated wire to the peer. Each command is
# printed before its output. With "shell" as $1, leave the driver and the
# wire up and start an interactive shell on the terminal instead of
# ending.
. /payload/rig.env
. /payload/net-env.sh
source /payload/kselftest/drivers/net/fbnic/fbnic_lib.sh

title() { printf '\n== %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@" 2>&1 | sed 's/^/  /'; }

rc=0
BDF=$(fbnic_bdf) || { echo "no fbnic PCI device"; exit 1; }
title "The emulated NIC on the PCI bus"
show lspci -nn -s "$BDF"

title "The driver"
show modprobe fbnic
wait_for "[ -e /sys/bus/pci/drivers/fbnic/$BDF ]" || rc=1
fbnic_netdev_wait || { echo "fbnic registered no netdev"; exit 1; }
dev=$FBNIC_DEV
printf '$ dmesg | grep -e "fbnic %s" -e %s\n' "$BDF" "$dev"
dmesg | grep -e "fbnic $BDF" -e "$dev" | sed 's/^/  /'

title "devlink: firmware and board"
show devlink dev info "pci/$BDF"

title "The netdev, up on the emulated wire (the peer: a virtio-net NIC in netns $FBNIC_PEER_NS)"
if ! net_env_setup "$dev" >/dev/null; then
	echo "the emulated wire could not be set up"
	rc=1
fi
# The link comes up a moment after the port does
wait_for "ethtool $dev | grep -q 'Link detected: yes'" || rc=1
show ip addr show dev "$dev"
show ethtool -i "$dev"
show ethtool "$dev"
show ethtool -g "$dev"
show ethtool -l "$dev"

title "Traffic across the wire"
show ping -c 3 -w 30 "$REMOTE_V4" || rc=1
show ip -s link show dev "$dev"

if [ "${1:-}" = shell ]; then
	title "Interactive shell: fbnic is $dev, the peer is $REMOTE_V4 / $REMOTE_V6"
	echo "  (peer commands: ip netns exec $FBNIC_PEER_NS ...; exit or Ctrl-D ends the VM)"
	stty -F /dev/ttyS1 sane
	export PS1='fbnic-vm# ' TERM=${TERM:-vt100}
	cd /root || cd /
	setsid -c bash --norc -i </dev/ttyS1 >/dev/ttyS1 2>&1
	exit 0
fi
exit "$rc"
