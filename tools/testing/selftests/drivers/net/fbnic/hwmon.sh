#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The NIC's temperature and voltage, read from the firmware, appear in
# hwmon with the values the device reports, and follow them when they
# change.
source "$(dirname "$0")/fbnic_lib.sh"

require_fbnic
fbnic_unload
fbnic_load

hw=$(ls -d /sys/bus/pci/devices/"$BDF"/hwmon/hwmon* 2>/dev/null | head -n1)
[ -n "$hw" ] || fail "no hwmon device under $BDF"
expect_eq "hwmon name" "$(cat "$hw/name")" fbnic
temp=$(cat "$hw/temp1_input") || fail "temp1_input unreadable"
volt=$(cat "$hw/in0_input") || fail "in0_input unreadable"
log "temp1_input=$temp in0_input=$volt"

if command -v sensors >/dev/null; then
	sensors 2>&1 | sed 's/^/# /'
	sensors | grep -q "^fbnic-pci" || fail "sensors does not list fbnic"
fi

if [ -z "${FBNIC_EMU_TEMP_MDEG:-}" ]; then
	fbnic_unload
	skip "expected sensor values unknown: readings not compared"
fi
expect_eq temp1_input "$temp" "$FBNIC_EMU_TEMP_MDEG"
expect_eq in0_input "$volt" "$FBNIC_EMU_VOLT_MV"

# Change the readings on the device; hwmon follows without a reload
require_emu_ctl
emu_hmp "qom-set nic0 temp-mdeg 61500" || fail "cannot set temperature"
emu_hmp "qom-set nic0 volt-mv 777" || fail "cannot set voltage"
expect_eq "temp1_input after change" "$(cat "$hw/temp1_input")" 61500
expect_eq "in0_input after change" "$(cat "$hw/in0_input")" 777
# Below zero degrees: the sign must survive the firmware message
emu_hmp "qom-set nic0 temp-mdeg -5000" || fail "cannot set temperature"
expect_eq "temp1_input below zero" "$(cat "$hw/temp1_input")" -5000
emu_hmp "qom-set nic0 temp-mdeg $FBNIC_EMU_TEMP_MDEG"
emu_hmp "qom-set nic0 volt-mv $FBNIC_EMU_VOLT_MV"

fbnic_unload
exit $KSFT_PASS
