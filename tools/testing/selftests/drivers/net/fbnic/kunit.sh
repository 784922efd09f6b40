#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run fbnic's KUnit suites (firmware message codec) and report their
# results. Needs CONFIG_FBNIC_KUNIT_TEST=m; no device is needed.
source "$(dirname "$0")/fbnic_lib.sh"

SUITE=fbnic_tlv
RESULTS=/sys/kernel/debug/kunit/$SUITE/results

modinfo fbnic_tlv_test >/dev/null 2>&1 ||
	skip "fbnic_tlv_test module not built (CONFIG_FBNIC_KUNIT_TEST)"
rmmod fbnic_tlv_test 2>/dev/null
modprobe fbnic_tlv_test || fail "modprobe fbnic_tlv_test failed"
[ -r "$RESULTS" ] || fail "no KUnit results at $RESULTS"

# The results go away with the module: keep a copy
results=$(cat "$RESULTS")
rmmod fbnic_tlv_test
echo "$results" | sed 's/^/# /'
cases=$(echo "$results" | grep -c -E '^\s+ok [0-9]+ ')

echo "$results" | grep -q -E '^\s*not ok' && fail "KUnit cases failed"
echo "$results" | grep -q -E "^ok [0-9]+ $SUITE" ||
	fail "suite $SUITE did not pass"
[ "$cases" -ge 9 ] || fail "only $cases KUnit cases ran"
log "$cases KUnit cases passed"
exit $KSFT_PASS
