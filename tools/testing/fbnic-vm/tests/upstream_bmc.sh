#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fidelity: with a BMC on the emulated port, upstream's unmodified fbnic
# passes our bmc.py as ours does: the BMC gets its frames and shares
# broadcast while the host driver runs and while its interface is down,
# and the firmware model receives the host's MAC sync messages (all but
# the case of the interface down, see below).
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
source /payload/net-env.sh

[ -r "${FBNIC_UPSTREAM_KO:-}" ] || skip "upstream fbnic.ko not provided"
[ -n "${FBNIC_PEER_MAC:-}" ] || fail "the rig set up no peer on the wire"
require_fbnic
require_emu_ctl
fbnic_unload
# The BMC is there before the driver asks for the capabilities
emu_hmp "qom-set nic0 bmc-present on" >/dev/null || fail "cannot add a BMC"
trap 'emu_hmp "qom-set nic0 bmc-present off" >/dev/null' EXIT
fbnic_load "$FBNIC_UPSTREAM_KO"
fbnic_netdev_wait || fail "upstream fbnic registered no netdev"
net_env_setup "$FBNIC_DEV" || fail "cannot set up the wire"
# Upstream keeps reporting its last filters to the firmware while the
# interface is down (ours reports none): a driver's choice, not the model's
(cd /tmp/kselftest/drivers/net/fbnic && ./bmc.py -T firmware_told_host_down)
rc=$?
fbnic_unload
exit $rc
