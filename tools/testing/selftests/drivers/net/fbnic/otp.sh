#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# OTP fuse errors latched by the security core reach devlink health: the
# "otp" reporter counts one error per (re)start that finds them, and its
# dump shows the status words exactly as the device holds them. A healthy
# device reports nothing.
source "$(dirname "$0")"/fbnic_lib.sh

require_fbnic
require_emu_ctl

# $1: field of the reporter in `devlink health show -j`
otp_reporter() {
	devlink -j health show "$DL" reporter otp |
		jq -r --arg f "$1" '.health[][0][$f]'
}

# Exercise one driver: $1 label, $2 optional module path for fbnic_load
check_driver() {
	local label=$1 ko=${2:-}

	fbnic_unload
	emu_hmp "qom-set nic0 otp-status 0" && emu_hmp "qom-set nic0 otp-write-status 0" ||
		fail "cannot set the OTP status words"
	fbnic_load "$ko"
	expect_eq "$label: errors with healthy fuses" "$(otp_reporter error)" 0

	fbnic_unload
	emu_hmp "qom-set nic0 otp-status 0x5" >/dev/null
	emu_hmp "qom-set nic0 otp-write-status 0x30002" >/dev/null
	log_mark
	fbnic_load "$ko"
	wait_for "[ \"\$(otp_reporter error)\" = 1 ]" 10 ||
		fail "$label: otp reporter shows $(otp_reporter error) errors, want 1"
	log_since_mark | grep -qi "otp" || fail "$label: no OTP error in the kernel log"
	devlink -j health dump show "$DL" reporter otp >/tmp/otp.json ||
		fail "$label: no otp dump"
	sed 's/^/# /' /tmp/otp.json
	expect_eq "$label: dumped status" "$(jq '.. | .Status? // empty' /tmp/otp.json)" 5
	expect_eq "$label: dumped data write status" \
		"$(jq '.. | ."Data write status"? // empty' /tmp/otp.json)" 3
	expect_eq "$label: dumped ECC write status" \
		"$(jq '.. | ."ECC write status"? // empty' /tmp/otp.json)" 2
}

check_driver ours
emu_hmp "qom-set nic0 otp-status 0" >/dev/null
emu_hmp "qom-set nic0 otp-write-status 0" >/dev/null
fbnic_unload
fbnic_load
log "ok: OTP errors reported at probe, none on healthy fuses"
