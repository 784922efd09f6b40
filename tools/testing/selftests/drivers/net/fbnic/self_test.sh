#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ethtool self test (ethtool -t): offline, the register, MSI-X and firmware
# mailbox tests all pass and the interface comes back, with traffic to the
# peer when the VM rig's wire is there; online, only the mailbox test runs
# and the interface stays up. With the emulator, a firmware reply that is
# lost fails the mailbox test alone, the log says why, and the driver
# keeps working.
source "$(dirname "$0")/fbnic_lib.sh"

require_fbnic
command -v ethtool >/dev/null || skip "ethtool not installed"
fbnic_unload
fbnic_load
fbnic_netdev_wait || skip "fbnic registered no netdev"
dev=$FBNIC_DEV
ethtool -i "$dev" | grep -q 'supports-test: yes' ||
	skip "the driver has no self test"

# The rig's wire, if there is one: a peer to ping after the tests
PEER=
if [ -r /payload/net-env.sh ]; then
	source /payload/net-env.sh
	net_env_setup "$dev" >/dev/null 2>&1 && PEER=$REMOTE_V4
fi
[ -n "$PEER" ] || ip link set "$dev" up
log "interface $dev, peer ${PEER:-none}"

# Run `ethtool -t $dev $1`; its output in $OUT, its exit code returned
run_self_test() {
	local rc=0
	OUT=$(ethtool -t "$dev" "$1" 2>&1) || rc=$?
	echo "$OUT" | sed 's/^/# /'
	return $rc
}

# The results, one "value" line per test in ethtool's order
results() {
	echo "$OUT" | awk '/extra info:/ { on = 1; next } on && NF { print $NF }'
}

# The result of the test whose name starts with $1
result_of() {
	echo "$OUT" | awk -v n="$1" 'index($0, n) == 1 { print $NF }'
}

expect_all_pass() {
	local what=$1 n
	echo "$OUT" | grep -q 'result is PASS' || fail "$what: not PASS"
	n=$(results | wc -l)
	expect_eq "$what: results" "$n" 3
	results | grep -qvx 0 && fail "$what: a result is not 0"
	log "$what: every result 0"
}

# The interface is up and running again, and moves traffic if it can
expect_back() {
	local what=$1
	wait_for "ip link show $dev | grep -q 'state UP'" 30 ||
		fail "$what: $dev is not up and running"
	[ -n "$PEER" ] || { log "$what: $dev up"; return; }
	wait_for "ping -c 1 -W 1 $PEER" 30 || fail "$what: no traffic"
	ping_all 5 -i 0.2 "$PEER" >/dev/null ||
		fail "$what: pings to $PEER lost"
	log "$what: $dev up, pings $PEER"
}

# The firmware uptime of the last heartbeat (or ownership) reply
hb_uptime() {
	devlink -j health diagnose "$DL" reporter fw | jq -r '.uptime_ms'
}

# Once heartbeats are answered again: a heartbeat sent while they were
# not is found missing at the next one (a warning the check at the end
# allows), and the recovery that follows reads the capabilities again,
# on which the driver programs its receive filters anew. Wait for that
# next heartbeat, and then for the filters, before looking at traffic.
after_unanswered_heartbeats() {
	local up missed=firmware\ did\ not\ answer\ its\ heartbeat

	up=$(hb_uptime)
	wait_for "[ \$(hb_uptime) -gt $up ]" 60 ||
		fail "no heartbeat answered after answering was back on"
	log_since_mark | grep -q "$missed" || return 0
	wait_for "log_since_mark | sed -n '/$missed/,\$p' |
		grep -q 'reprogramming the receive filters'" 60 ||
		fail "filters not programmed anew after a missed heartbeat"
	# They are written under RTNL, right after that line
	ethtool -i "$dev" >/dev/null
	log "a heartbeat went missing meanwhile; the driver recovered"
}

log_mark

# 1. Offline: the three tests, the interface closed and opened around them
run_self_test offline || fail "offline self test failed"
expect_all_pass "offline"
expect_back "after the offline test"

# 2. Online: the mailbox test only; the interface is not touched
run_self_test online || fail "online self test failed"
expect_all_pass "online"
expect_back "after the online test"

# 3. A lost firmware reply fails the mailbox test, and only it
if [ -c "${FBNIC_EMU_CTL:-}" ] &&
   EMU_CTL=$FBNIC_EMU_CTL emu_hmp "qom-get nic0 fw-drop-replies" >/dev/null; then
	EMU_CTL=$FBNIC_EMU_CTL
	# The drop takes the next reply of any kind: heartbeats go
	# unanswered meanwhile, so that the mailbox test's echo is the one
	# dropped.
	trap 'emu_hmp "qom-set nic0 fw-heartbeat-stopped false" >/dev/null
	      emu_hmp "qom-set nic0 fw-drop-replies 0" >/dev/null' EXIT
	emu_hmp "qom-set nic0 fw-heartbeat-stopped true"
	emu_hmp "qom-set nic0 fw-drop-replies 1"
	run_self_test offline && fail "self test passed without a firmware reply"
	emu_hmp "qom-set nic0 fw-heartbeat-stopped false"
	after_unanswered_heartbeats
	echo "$OUT" | grep -q 'result is FAIL' || fail "lost reply: not FAIL"
	[ "$(result_of Register)" = 0 ] || fail "register test failed too"
	[ "$(result_of MSI-X)" = 0 ] || fail "MSI-X test failed too"
	[ "$(result_of FW)" != 0 ] || fail "mailbox test passed"
	log_since_mark | grep -q 'mailbox test: no echo from the firmware' ||
		fail "the lost reply is not in the log"
	log "lost reply: mailbox test failed, with its reason logged"
	expect_back "after the lost reply"
	run_self_test offline || fail "self test fails after the lost reply"
	expect_all_pass "after the lost reply"
else
	log "no emulator fault switches: the lost-reply case is not run"
fi

# Only the failure injected above, and the heartbeat that went
# unanswered with it, may have been logged
if problems_since_mark | grep -v -e 'mailbox test: no echo from the firmware' \
	-e 'firmware did not answer its heartbeat'; then
	fail "unexpected warnings"
fi
fbnic_unload
exit $KSFT_PASS
