#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A suspend/resume cycle (devices only, through pm_test) leaves the
# driver working: the firmware mailbox answers again after resume.
source "$(dirname "$0")/fbnic_lib.sh"

require_fbnic
[ -w /sys/power/pm_test ] ||
	skip "no /sys/power/pm_test (CONFIG_PM_DEBUG): cannot test suspend"
state=$(tr ' ' '\n' </sys/power/state | grep -m1 -x -e mem -e freeze) ||
	skip "no suspend state available"

fbnic_unload
fbnic_load
hw=$(ls -d /sys/bus/pci/devices/"$BDF"/hwmon/hwmon* | head -n1)
before=$(cat "$hw/temp1_input") || fail "sensor unreadable before suspend"
log_mark

echo devices >/sys/power/pm_test
echo "$state" >/sys/power/state
rc=$?
echo none >/sys/power/pm_test
[ "$rc" = 0 ] || fail "suspend to $state (pm_test=devices) failed"
log "suspended and resumed devices ($state)"

# The mailbox was stopped and started again: a reading is an exchange
after=$(cat "$hw/temp1_input") || fail "sensor unreadable after resume"
expect_eq "temperature after resume" "$after" "$before"
[ -n "$(devlink_info_get '.versions.running.fw')" ] ||
	fail "no firmware version after resume"
if problems_since_mark | grep -v -e 'PM: ' -e 'suspend debug'; then
	fail "warnings or errors logged across suspend/resume"
fi
fbnic_unload
exit $KSFT_PASS
