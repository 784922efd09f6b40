#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PCIe error recovery (AER). Errors are injected into the emulated NIC
# with the QEMU monitor's pcie_aer_inject_error, one of each class:
#  - correctable: logged and counted; the driver is left alone;
#  - uncorrectable non-fatal and fatal: the kernel runs the driver's
#    error handlers, resets the link below the root port, and the driver
#    brings the NIC back.
# After each, the firmware answers devlink again, the netdev passes
# traffic to the peer on the emulated wire, and the kernel logged nothing
# unexpected and no leak. Upstream's fbnic, when the rig provides it
# ($FBNIC_UPSTREAM_KO), goes through the same injections afterwards.
# Needs the VM rig's emulator.
source "$(dirname "$0")/fbnic_lib.sh"

NET_ENV=/payload/net-env.sh

require_fbnic
require_emu_ctl
RP=$(basename "$(readlink -f "/sys/bus/pci/devices/$BDF/..")")
[ -e "/sys/bus/pci/devices/$BDF/aer_dev_fatal" ] ||
	skip "no AER for $BDF (CONFIG_PCIEAER, or the device has no AER capability)"
# The port's AER service device: the OS, not firmware, handles AER there
[ -e "/sys/bus/pci_express/devices/$RP:pcie002" ] ||
	skip "root port $RP has no native AER service"

# Total of one AER counter file of the NIC (aer_dev_correctable, ...)
aer_total() {
	awk '$1 ~ /^TOTAL_ERR_/ { print $2 }' "/sys/bus/pci/devices/$BDF/$1"
}

# The kernel announces recovery steps as uevents on the device:
# BEGIN_RECOVERY once the driver's error_detected has voted,
# SUCCESSFUL_RECOVERY after its resume. They are recorded to $EVENTS.
EVENTS=/tmp/aer-uevents.txt
events_start() {
	: >"$EVENTS"
	udevadm monitor --kernel --property --subsystem-match=pci >"$EVENTS" &
	EVENTS_PID=$!
	# It names what it prints (line-buffered) once it is subscribed
	wait_for "grep -q '^KERNEL - the kernel uevent' $EVENTS" 60 ||
		fail "udevadm monitor did not start: $(cat "$EVENTS")"
}
events_stop() {
	[ -n "${EVENTS_PID:-}" ] || return 0
	kill "$EVENTS_PID" 2>/dev/null
	wait "$EVENTS_PID" 2>/dev/null
	EVENTS_PID=""
}
# A failing check exits: the monitor must not outlive the test
trap events_stop EXIT
event_seen() { grep -q "^ERROR_EVENT=$1$" "$EVENTS"; }

# Inject one error; the monitor answers "OK id: ..." when it took it.
# $1: pcie_aer_inject_error's flags ("-c": correctable); $2: the error
inject() {
	local flags=$1 status=$2 out
	out=$(emu_hmp "pcie_aer_inject_error $flags nic0 $status") ||
		fail "monitor did not answer the injection of $status"
	echo "$out" | grep -q '^OK id: nic0' ||
		fail "injection of $status refused: $out"
}

# Whatever the kernel logged at warning level or worse that the
# injection itself explains: the AER report of the error, which is
# printed as an error for uncorrectable ones, and our driver's own
# notice that it resets the device.
unexpected_problems() {
	problems_since_mark | grep -v \
		-e 'AER: ' -e 'PCIe Bus Error: ' -e 'error status/mask=' \
		-e '  \[ *[0-9]*\] [A-Za-z]' \
		-e 'PCI channel error, resetting the device'
}

# The NIC works: the running firmware answers devlink, and, with a peer
# on the wire, the netdev passes traffic. $1: when, for the messages
check_working() {
	local when=$1

	wait_for "devlink_info_get '.versions.running.fw' | grep -q ." 30 ||
		fail "$when: firmware does not answer devlink"
	expect_eq "running fw $when" \
		"$(devlink_info_get '.versions.running.fw')" "$FW_WANT"
	[ -n "$DEV" ] || return 0
	wait_for "ping -c 1 -W 1 $REMOTE_V4" 30 ||
		fail "$when: no traffic to the peer through $DEV"
	ping_all 5 -i 0.2 "$REMOTE_V4" >/dev/null ||
		fail "$when: packets lost to the peer through $DEV"
	log "$when: traffic to the peer passes through $DEV"
}

# $1: driver label; $2: "ours" when our driver's log lines are expected
inject_correctable() {
	local drv=$1 before

	before=$(aer_total aer_dev_correctable)
	log_mark
	events_start
	inject -c 0x40		# Bad TLP
	wait_for "[ \"\$(aer_total aer_dev_correctable)\" -gt $before ]" 30 ||
		fail "$drv: correctable error not counted"
	sleep 2
	events_stop
	event_seen BEGIN_RECOVERY &&
		fail "$drv: recovery started for a correctable error"
	log_since_mark | grep -q 'PCI channel error' &&
		fail "$drv: driver's error handler ran for a correctable error"
	check_working "$drv after a correctable error"
}

# $1: driver label; $2: "ours" or not; $3: counter file; $4: error name;
# $5: what the kernel calls its severity
inject_uncorrectable() {
	local drv=$1 who=$2 ctr=$3 status=$4 sev=$5 before

	before=$(aer_total "$ctr")
	log_mark
	events_start
	inject "" "$status"
	wait_for "log_since_mark | grep -q 'AER: device recovery'" 60 ||
		fail "$drv: no recovery after $status"
	wait_for "event_seen SUCCESSFUL_RECOVERY" 60
	events_stop
	log_since_mark | grep -q "severity=Uncorrectable ($sev)" ||
		fail "$drv: $status not reported as $sev"
	expect_eq "$drv: $ctr total" "$(aer_total "$ctr")" $((before + 1))
	log_since_mark | grep -q "$RP: AER: device recovery successful" ||
		fail "$drv: recovery after $status failed: $(log_since_mark)"
	log_since_mark | grep -q "$RP: AER: Root Port link has been reset (0)" ||
		fail "$drv: the link was not reset after $status"
	event_seen BEGIN_RECOVERY ||
		fail "$drv: no error_detected vote (BEGIN_RECOVERY uevent)"
	event_seen SUCCESSFUL_RECOVERY ||
		fail "$drv: no SUCCESSFUL_RECOVERY uevent"
	if [ "$who" = ours ]; then
		log_since_mark | grep -q "$BDF: .* PCI channel error, resetting the device" ||
			fail "$drv: error_detected did not run"
		log_since_mark | grep -q "$BDF: recovered from PCI channel error" ||
			fail "$drv: resume did not run"
	fi
	log "$drv: recovered from $sev error $status"
	check_working "$drv after $status ($sev)"
}

# One driver through all three error classes. $1: label; $2: "ours" or
# not; $3: optional module to load instead of the installed fbnic
aer_cycle() {
	local drv=$1 who=$2 ko=${3:-} cycle_mark

	fbnic_unload
	fbnic_load "$ko"
	DEV=""
	if [ -n "${FBNIC_PEER_MAC:-}" ] && [ -r "$NET_ENV" ]; then
		fbnic_netdev_wait || fail "$drv registered no netdev"
		DEV=$FBNIC_DEV
		# shellcheck source=/dev/null
		source "$NET_ENV"
		net_env_setup "$DEV" >/dev/null || fail "cannot set up the wire"
	else
		log "no peer on the wire: traffic not checked"
	fi
	# From here on, after the load (insmod of an out-of-tree module
	# taints the kernel, with a warning)
	log_mark
	cycle_mark=$LOG_MARK
	check_working "$drv before any error"

	inject_correctable "$drv"
	inject_uncorrectable "$drv" "$who" aer_dev_nonfatal POISON_TLP Non-Fatal
	inject_uncorrectable "$drv" "$who" aer_dev_fatal DLP Fatal

	LOG_MARK=$cycle_mark
	if unexpected_problems; then
		fail "$drv: unexpected warnings or errors logged"
	fi
	fbnic_unload
}

command -v udevadm >/dev/null || skip "udevadm not installed"
fbnic_unload
fbnic_load
if [ -n "${FBNIC_EMU_FW_VERSION:-}" ]; then
	FW_WANT=$(fw_ver_str "$FBNIC_EMU_FW_VERSION")
else
	FW_WANT=$(devlink_info_get '.versions.running.fw')
fi
# No kmemleak "clear": it would hide earlier leaks from the run's final
# check. A fbnic leak from before fails here as well.

aer_cycle fbnic ours
if [ -r "${FBNIC_UPSTREAM_KO:-}" ]; then
	aer_cycle "upstream fbnic" upstream "$FBNIC_UPSTREAM_KO"
else
	log "upstream fbnic.ko not provided: fidelity check not done"
fi

if leaks=$(kmemleak_suspects); then
	if grep -q -e fbnic -e pcie_do_recovery -e aer_ <<<"$leaks"; then
		head -n 60 <<<"$leaks" | sed 's/^/# /'
		fail "kmemleak reports leaks from fbnic or the error recovery"
	fi
	log "kmemleak: no leaks from fbnic or the error recovery"
else
	log "kmemleak not available: leak check not done"
fi
exit $KSFT_PASS
