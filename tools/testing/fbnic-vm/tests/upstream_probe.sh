#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fidelity: upstream's unmodified fbnic, built from the same kernel source,
# probes on the emulated NIC, completes its firmware handshake without an
# error, and reports the configured firmware version through devlink.
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh

[ -r "${FBNIC_UPSTREAM_KO:-}" ] || skip "upstream fbnic.ko not provided"
require_fbnic
fbnic_unload
log_mark
fbnic_load "$FBNIC_UPSTREAM_KO"
sleep 2

log_since_mark | sed 's/^/# /'
# The module was built out of tree, as the rig builds it: that taint
# notice is expected and says nothing about the device.
if problems_since_mark | grep -v 'loading out-of-tree module taints kernel'; then
	fail "upstream fbnic logged warnings or errors on the emulator"
fi
expect_eq "running fw" "$(devlink_info_get '.versions.running.fw')" \
	"$(fw_ver_str "$FBNIC_EMU_FW_VERSION")"
expect_eq serial_number "$(devlink_info_get '.serial_number')" \
	"$(dsn_str "$FBNIC_EMU_DSN")"
fbnic_unload
