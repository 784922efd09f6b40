#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Firmware failures injected in the emulator are noticed and reported
# through the devlink health reporter "fw", its core dump is readable,
# the driver recovers, and malformed or lost mailbox messages are dropped
# with an error line and no splat. Needs the VM rig's emulator.
source "$(dirname "$0")/fbnic_lib.sh"

require_fbnic
require_emu_ctl
emu_hmp "qom-get nic0 fw-crash" >/dev/null ||
	skip "the device model has no firmware fault switches"
emu_hmp "qom-get nic0 fw-uptime-ms" | grep -qx '[0-9][0-9]*' ||
	skip "the device model cannot set the firmware's uptime"

# The switches keep their values across resets and reloads: a failed
# check must not leave them set for the tests after this one
restore_switches() {
	emu_hmp "qom-set nic0 fw-heartbeat-stopped false" >/dev/null
	emu_hmp "qom-set nic0 fw-drop-replies 0" >/dev/null
	emu_hmp "qom-set nic0 fw-reply-delay-ms 0" >/dev/null
}
trap restore_switches EXIT

fbnic_unload
fbnic_load
hw=$(ls -d /sys/bus/pci/devices/"$BDF"/hwmon/hwmon* | head -n1)

health() { devlink -j health show "$DL" reporter fw | jq -r ".health[\"$DL\"][0].$1"; }
diagnose() { devlink -j health diagnose "$DL" reporter fw | jq -r ".$1"; }

expect_eq "reporter errors at start" "$(health error)" 0

# 1. The firmware stops answering its heartbeat (checked every 10 s)
log_mark
emu_hmp "qom-set nic0 fw-heartbeat-stopped true"
wait_for "log_since_mark | grep -q 'firmware did not answer its heartbeat'" 40 ||
	fail "lost heartbeat not noticed"
wait_for "[ \"\$(health error)\" = 1 ]" 20 || fail "lost heartbeat not reported"
[ "$(diagnose heartbeats_missed)" -ge 1 ] || fail "no missed heartbeat counted"
emu_hmp "qom-set nic0 fw-heartbeat-stopped false"
wait_for "log_since_mark | grep -q 'firmware answers its heartbeat again'" 40 ||
	fail "heartbeat not back"
log "lost heartbeat reported and recovered"

# 2. The firmware crashes and restarts. The driver sees a restart only
# as the uptime in a reply going back, so the firmware first reports an
# uptime it cannot reach again soon after restarting (11.6 days, however
# long it has really been up), and crashes once the driver has heard
# that, from a heartbeat reply. Heartbeats are 10 s apart: the crash (1 s)
# is over well before the next one, which shows the uptime back near 0.
big=1000000000
emu_hmp "qom-set nic0 fw-uptime-ms $big"
wait_for "[ \"\$(diagnose uptime_ms)\" -ge $big ]" 40 ||
	fail "uptime set in the firmware not seen by the driver"
emu_hmp "qom-set nic0 fw-crash true"
wait_for "log_since_mark | grep -q 'firmware restarted'" 40 ||
	fail "firmware restart not noticed"
wait_for "[ \"\$(health error)\" = 2 ]" 30 || fail "crash not reported"
wait_for "[ \"\$(diagnose owned)\" = true ]" 30 ||
	fail "NIC not taken back after the crash"
expect_eq "restarts" "$(diagnose restarts)" 1
devlink health dump show "$DL" reporter fw >/tmp/fw_dump.txt 2>&1 ||
	{ devlink health dump clear "$DL" reporter fw;
	  devlink health dump show "$DL" reporter fw >/tmp/fw_dump.txt 2>&1; } ||
	fail "core dump not readable: $(cat /tmp/fw_dump.txt)"
size=$(devlink -j health dump show "$DL" reporter fw | jq -r '.size')
[ -n "$size" ] && [ "$size" -gt 0 ] || fail "empty core dump"
if [ -n "${FBNIC_EMU_COREDUMP_SIZE:-}" ]; then
	expect_eq "core dump size" "$size" "$FBNIC_EMU_COREDUMP_SIZE"
fi
cat "$hw/temp1_input" >/dev/null || fail "mailbox dead after the crash"
log "crash reported, $size byte core dump read, NIC recovered"

# 3. Malformed messages from the firmware are dropped, one error each.
# They are in the to-host ring before the reply to a sensor read sent
# after them: once the read returns, the driver has handled all five.
log_mark
emu_hmp "qom-set nic0 fw-malformed 5"
cat "$hw/temp1_input" >/dev/null || fail "mailbox dead after bad messages"
n=$(log_since_mark | grep -c 'dropped firmware message')
expect_eq "malformed messages dropped" "$n" 5
[ "$(diagnose bad_messages)" -ge 5 ] || fail "bad messages not counted"

# 4. A lost reply times out that request only; a late one still works.
# The drop takes the next reply of any kind: heartbeats go unanswered
# meanwhile, so that the sensor read's reply is the one dropped.
emu_hmp "qom-set nic0 fw-heartbeat-stopped true"
emu_hmp "qom-set nic0 fw-drop-replies 1"
cat "$hw/temp1_input" 2>/dev/null && fail "read succeeded without a reply"
expect_eq "replies left to drop" \
	"$(emu_hmp "qom-get nic0 fw-drop-replies" | tr -d '\r ')" 0
emu_hmp "qom-set nic0 fw-heartbeat-stopped false"
cat "$hw/temp1_input" >/dev/null || fail "mailbox dead after a lost reply"
emu_hmp "qom-set nic0 fw-reply-delay-ms 2000"
start=$(date +%s)
cat "$hw/temp1_input" >/dev/null || fail "delayed reply not taken"
[ $(($(date +%s) - start)) -ge 2 ] || fail "reply was not delayed"
emu_hmp "qom-set nic0 fw-reply-delay-ms 0"

# Only the failures injected above may have been logged
if problems_since_mark | grep -v -e 'dropped firmware message' \
	-e 'fbnic fw msg' -e 'firmware did not answer its heartbeat' \
	-e 'firmware restarted'; then
	fail "unexpected warnings"
fi
fbnic_unload
exit $KSFT_PASS
