#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fidelity: upstream's unmodified fbnic, built from the same kernel source,
# passes the kernel's drivers/net/ping.py on the emulated NIC, with the
# virtio-net peer on the emulated wire as the remote end.
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
source /payload/net-env.sh

[ -r "${FBNIC_UPSTREAM_KO:-}" ] || skip "upstream fbnic.ko not provided"
[ -n "${FBNIC_PEER_MAC:-}" ] || fail "the rig set up no peer on the wire"
require_fbnic
fbnic_unload
fbnic_load "$FBNIC_UPSTREAM_KO"
fbnic_netdev_wait || fail "upstream fbnic registered no netdev"
net_env_setup "$FBNIC_DEV" || fail "cannot set up the wire"
python3 /tmp/kselftest/drivers/net/ping.py
rc=$?
fbnic_unload
exit $rc
