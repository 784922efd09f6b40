#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fidelity: upstream's unmodified fbnic, built from the same kernel source,
# passes the kernel's drivers/net/ping.py on the emulated NIC, with the
# virtio-net peer on the emulated wire as the remote end.
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
source /payload/net-env.sh

[ -r "${FBNIC_UPSTREAM_KO:-}" ] || skip "upstream fbnic.ko not provided"
[ -n "${FBNIC_PEER_MAC:-}" ] || skip "the emulator has no network port"
require_fbnic
fbnic_unload
fbnic_load "$FBNIC_UPSTREAM_KO"
wait_for "ls /sys/bus/pci/devices/$BDF/net" 30 ||
	fail "upstream fbnic registered no netdev"
udevadm settle --timeout=30	# udev renames the interface
dev=$(ls /sys/bus/pci/devices/"$BDF"/net | head -n1)
net_env_setup "$dev" || fail "cannot set up the wire"
python3 /tmp/kselftest/drivers/net/ping.py
rc=$?
fbnic_unload
exit $rc
