#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `devlink dev info` reports exactly the firmware versions, commits and
# serial number the device was configured with.
source "$(dirname "$0")/fbnic_lib.sh"

require_fbnic
[ -n "${FBNIC_EMU_FW_VERSION:-}" ] ||
	skip "the expected values of this device are not known (no $FBNIC_RIG_ENV)"

fbnic_unload
fbnic_load

expect_eq driver "$(devlink_info_get '.driver')" fbnic
expect_eq serial_number "$(devlink_info_get '.serial_number')" \
	"$(dsn_str "$FBNIC_EMU_DSN")"

expect_eq "running fw" "$(devlink_info_get '.versions.running.fw')" \
	"$(fw_ver_str "$FBNIC_EMU_FW_VERSION")"
expect_eq "running fw.commit" \
	"$(devlink_info_get '.versions.running["fw.commit"]')" \
	"$FBNIC_EMU_FW_COMMIT"
expect_eq "running fw.bootloader" \
	"$(devlink_info_get '.versions.running["fw.bootloader"]')" \
	"$(fw_ver_str "$FBNIC_EMU_BL_VERSION")"
expect_eq "running fw.bootloader.commit" \
	"$(devlink_info_get '.versions.running["fw.bootloader.commit"]')" \
	"$FBNIC_EMU_BL_COMMIT"

expect_eq "stored fw" "$(devlink_info_get '.versions.stored.fw')" \
	"$(fw_ver_str "$FBNIC_EMU_STORED_FW_VERSION")"
expect_eq "stored fw.commit" \
	"$(devlink_info_get '.versions.stored["fw.commit"]')" \
	"$FBNIC_EMU_STORED_FW_COMMIT"
expect_eq "stored fw.bootloader" \
	"$(devlink_info_get '.versions.stored["fw.bootloader"]')" \
	"$(fw_ver_str "$FBNIC_EMU_STORED_BL_VERSION")"
expect_eq "stored fw.undi" "$(devlink_info_get '.versions.stored["fw.undi"]')" \
	"$(fw_ver_str "$FBNIC_EMU_UEFI_VERSION")"
expect_eq "stored fw.undi.commit" \
	"$(devlink_info_get '.versions.stored["fw.undi.commit"]')" \
	"$FBNIC_EMU_UEFI_COMMIT"

fbnic_unload
exit $KSFT_PASS
