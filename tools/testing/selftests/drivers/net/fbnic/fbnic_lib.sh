#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the fbnic selftests.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

# Values the device under test was configured with, when known (the VM
# rig provides them for the emulated NIC). Tests that compare against
# them skip when they are absent, e.g. on a real NIC.
FBNIC_RIG_ENV=${FBNIC_RIG_ENV:-/payload/rig.env}
[ -r "$FBNIC_RIG_ENV" ] && . "$FBNIC_RIG_ENV"

log() { echo "# $*"; }
fail() { echo "FAIL: $*"; exit $KSFT_FAIL; }
skip() { echo "SKIP: $*"; exit $KSFT_SKIP; }

# PCI address of the first fbnic function
fbnic_bdf() {
	local d
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/vendor")" = 0x1d9b ] &&
		   [ "$(cat "$d/device")" = 0x0013 ]; then
			basename "$d"
			return 0
		fi
	done
	return 1
}

require_fbnic() {
	BDF=$(fbnic_bdf) || skip "no fbnic PCI device"
	DL="pci/$BDF"
}

# Lines the kernel logs from now on can be looked at with log_since_mark.
# Marks are /dev/kmsg sequence numbers (see kmsg.py): a line count of
# dmesg stops moving once the log buffer wraps.
FBNIC_KMSG="$(dirname "${BASH_SOURCE[0]}")/kmsg.py"
log_mark() { LOG_MARK=$(python3 "$FBNIC_KMSG" mark); }
log_since_mark() { python3 "$FBNIC_KMSG" since "$LOG_MARK"; }

# Kernel messages at warning level or worse since the mark, as
# "LEVEL: text"; records lost to a wrap of the buffer are reported too.
# True if there were any, like grep.
problems_since_mark() {
	python3 "$FBNIC_KMSG" since "$LOG_MARK" --problems
}

# kmemleak's suspects after two scans (an object must look unreferenced
# over two scans to be reported), printed; false if there is no kmemleak.
# No "clear": it would hide earlier leaks from the run's final check too.
KMEMLEAK=/sys/kernel/debug/kmemleak
kmemleak_suspects() {
	[ -w "$KMEMLEAK" ] || return 1
	echo scan >"$KMEMLEAK"
	sleep 5
	echo scan >"$KMEMLEAK"
	cat "$KMEMLEAK"
}

# Wait up to $2 seconds (default 30) for a command to succeed
wait_for() {
	local cmd=$1 tries=${2:-30}
	while [ "$tries" -gt 0 ]; do
		eval "$cmd" >/dev/null 2>&1 && return 0
		sleep 1
		tries=$((tries - 1))
	done
	return 1
}

# ping_all COUNT [ping options] ADDRESS: each of COUNT echo requests is
# answered, however slow the replies are, within PING_DEADLINE seconds
# (default 60). Without -w, ping waits only about two round trips after
# its last request, so a late last reply counts as lost. With -w it
# waits for COUNT replies, but also keeps sending while replies are
# outstanding: COUNT replies can then hide a lost one, so the check is
# that icmp_seq 1 ... COUNT were all answered (one wire, in order).
# Prints ping's output.
ping_all() {
	local n=$1 out rc=0 answered
	shift
	out=$(ping -n -c "$n" -w "${PING_DEADLINE:-60}" "$@" 2>&1) || rc=$?
	echo "$out"
	answered=$(echo "$out" |
		sed -n 's/^[0-9]* bytes from .* icmp_seq=\([0-9]*\) .*/\1/p' |
		awk -v n="$n" '$1 >= 1 && $1 <= n' | sort -nu | wc -l)
	[ "$rc" = 0 ] && [ "$answered" -eq "$n" ]
}

fbnic_unload() {
	if [ -e /sys/module/fbnic ]; then
		rmmod fbnic || fail "rmmod fbnic failed"
	fi
}

# Load a driver module for the device and wait for its devlink instance.
# $1: optional path to a fbnic.ko to load instead of the installed one.
fbnic_load() {
	local ko=${1:-}
	if [ -n "$ko" ]; then
		# insmod does not resolve dependencies: load them first
		modinfo -F depends "$ko" | tr , '\n' | while read -r dep; do
			[ -n "$dep" ] && modprobe "$dep"
		done
		insmod "$ko" || fail "insmod $ko failed"
	else
		modprobe fbnic || fail "modprobe fbnic failed"
	fi
	wait_for "[ -e /sys/bus/pci/drivers/fbnic/$BDF ]" ||
		fail "fbnic did not bind to $BDF"
	wait_for "devlink dev show $DL" || fail "no devlink instance $DL"
}

# Wait for the netdev the bound driver registers for $BDF and for udev to
# name it; its name goes to FBNIC_DEV. False if none appears in 30 s, or
# udev is not done with it in 2 minutes.
fbnic_netdev_wait() {
	local end=$((SECONDS + 120))

	FBNIC_DEV=
	wait_for "ls /sys/bus/pci/devices/$BDF/net/* >/dev/null" 30 || return 1
	# udev may still be renaming it. A busy udevd may not even answer
	# within settle's timeout: a name read then may be the one it is
	# about to replace.
	if command -v udevadm >/dev/null; then
		until udevadm settle --timeout=30; do
			[ "$SECONDS" -lt "$end" ] || return 1
			sleep 1
		done
	fi
	FBNIC_DEV=$(ls /sys/bus/pci/devices/"$BDF"/net | head -n1)
	[ -n "$FBNIC_DEV" ]
}

# "MM.mm.pp-bbb" from an encoded firmware version
fw_ver_str() {
	local v=$(($1))
	printf '%02d.%02d.%02d-%03d' $(((v >> 24) & 255)) \
		$(((v >> 16) & 255)) $(((v >> 8) & 255)) $((v & 255))
}

# devlink's serial number form of a DSN: its bytes, MSB first, dash-separated
dsn_str() {
	printf '%016x' $(($1)) | sed 's/../&-/g; s/-$//'
}

# One value from `devlink dev info`: $1 is a jq path under the instance
devlink_info_get() {
	devlink -j dev info "$DL" | jq -r ".info[\"$DL\"]$1 // empty"
}

expect_eq() {
	local what=$1 got=$2 want=$3
	if [ "$got" != "$want" ]; then
		fail "$what: got '$got', expected '$want'"
	fi
	log "$what = $got"
}

# The emulator's control port: the VM rig serves QEMU monitor (HMP)
# commands written to the serial port it names in FBNIC_EMU_CTL. Absent
# on real hardware.
require_emu_ctl() {
	[ -c "${FBNIC_EMU_CTL:-}" ] ||
		skip "no emulator control port: not on the VM rig's emulated NIC"
	EMU_CTL=$FBNIC_EMU_CTL
}

# Run a QEMU monitor command; prints its output, fails on a monitor error
# or when no answer comes within a minute.
emu_hmp() {
	local line rc=1
	exec 9<>"$EMU_CTL"
	echo "hmp $*" >&9
	while IFS= read -r -t 60 line <&9; do
		case "$line" in
		"@@rc "*) rc=${line#@@rc }; break ;;
		"") ;;
		*) echo "$line" ;;
		esac
	done
	exec 9>&-
	return "$rc"
}
