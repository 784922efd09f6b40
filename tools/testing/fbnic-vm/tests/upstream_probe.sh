#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fidelity: upstream's unmodified fbnic, built from the same kernel source,
# probes on the emulated NIC, completes its firmware handshake without an
# error, and reports the configured firmware version through devlink and
# the configured sensor readings through hwmon.
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
# Upstream registers hwmon after devlink: give it time
wait_for "ls -d /sys/bus/pci/devices/$BDF/hwmon/hwmon*" 30 ||
	fail "upstream fbnic registered no hwmon device"
hw=$(ls -d /sys/bus/pci/devices/"$BDF"/hwmon/hwmon* | head -n1)
expect_eq "hwmon temp1_input" "$(cat "$hw/temp1_input")" "$FBNIC_EMU_TEMP_MDEG"
expect_eq "hwmon in0_input" "$(cat "$hw/in0_input")" "$FBNIC_EMU_VOLT_MV"
fbnic_unload
