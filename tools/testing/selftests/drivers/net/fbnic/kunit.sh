#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run fbnic's KUnit suites and report their results: the firmware message
# codec (fbnic_tlv) and the hardware counter accumulation (fbnic_hw_stats).
# Needs CONFIG_FBNIC_KUNIT_TEST=m; no device is needed.
source "$(dirname "$0")/fbnic_lib.sh"

# module:suite:minimum number of cases
SUITES="fbnic_tlv_test:fbnic_tlv:9 fbnic_hw_stats_test:fbnic_hw_stats:8"

# $1 module, $2 suite, $3 minimum cases
run_suite() {
	local mod=$1 suite=$2 min=$3 results cases
	local file=/sys/kernel/debug/kunit/$suite/results

	modinfo "$mod" >/dev/null 2>&1 ||
		skip "$mod module not built (CONFIG_FBNIC_KUNIT_TEST)"
	rmmod "$mod" 2>/dev/null
	modprobe "$mod" || fail "modprobe $mod failed"
	[ -r "$file" ] || fail "no KUnit results at $file"

	# The results go away with the module: keep a copy
	results=$(cat "$file")
	rmmod "$mod"
	echo "$results" | sed 's/^/# /'
	cases=$(echo "$results" | grep -c -E '^\s+ok [0-9]+ ')

	echo "$results" | grep -q -E '^\s*not ok' && fail "$suite: KUnit cases failed"
	echo "$results" | grep -q -E "^ok [0-9]+ $suite" ||
		fail "suite $suite did not pass"
	[ "$cases" -ge "$min" ] || fail "$suite: only $cases KUnit cases ran"
	log "$suite: $cases KUnit cases passed"
}

for s in $SUITES; do
	IFS=: read -r mod suite min <<<"$s"
	run_suite "$mod" "$suite" "$min"
done
exit $KSFT_PASS
