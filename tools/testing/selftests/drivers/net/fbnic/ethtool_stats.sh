#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The NIC's hardware counters: `ethtool -S` lists them by name, they start
# from zero when the driver loads and never go back, the standard groups
# (eth-mac, eth-ctrl, rmon, pause) are reported, and, with a peer on the
# wire, traffic shows up in the MAC counters.
source "$(dirname "$0")/fbnic_lib.sh"

require_fbnic
command -v ethtool >/dev/null || skip "ethtool not installed"
command -v jq >/dev/null || skip "jq not installed"
fbnic_unload
fbnic_load
fbnic_netdev_wait || skip "fbnic registered no netdev"
dev=$FBNIC_DEV
log_mark

# "name value" lines of `ethtool -S`
nic_stats() {
	ethtool -S "$dev" | awk -F': *' 'NR > 1 { gsub(/^ +/, "", $1); print $1, $2 }'
}

# Value of one `ethtool -S` counter
nic_stat() {
	nic_stats | awk -v n="$1" '$1 == n { print $2; found = 1 }
		END { if (!found) exit 1 }'
}

# One standard statistics group as JSON (eth-mac, eth-ctrl, rmon, ...)
std_stats() {
	ethtool --json -S "$dev" --groups "$1" | jq ".[0][\"$1\"]"
}

# 1. The counters exist, with their names
out=$(ethtool -S "$dev" 2>&1) || fail "ethtool -S $dev failed: $out"
before=$(nic_stats)
n=$(echo "$before" | wc -l)
[ "$n" -gt 100 ] || fail "only $n counters in ethtool -S"
for name in tmi_drop_frames tti_cm_drop_bytes rpc_unkn_etype \
	    rxb_fifo4_drop_frames rxb_enq0_bytes rxb_deq3_pbuf_frames \
	    rxq0_hw_err rxq127_hw_bdq_drop pcie_ob_rd_tlp; do
	nic_stat "$name" >/dev/null || fail "no counter $name"
done
dups=$(echo "$before" | awk '{ print $1 }' | sort | uniq -d)
[ -z "$dups" ] || fail "counters listed twice: $dups"
log "$n counters"

# 2. They start near zero: the driver counts from its own load. Levels
# are gauges; the PCIe counters see the driver's own mailbox traffic.
echo "$before" | awk '$1 !~ /_level$/ && $1 !~ /^pcie_/ && $2 > 1000000 {
	print "# " $1 " = " $2; bad = 1 } END { exit bad }' ||
	fail "counters that did not start from zero"

# 3. They never go back (levels excepted)
sleep 3
after=$(nic_stats)
went_back=$(join <(echo "$before" | sort) <(echo "$after" | sort) |
	awk '$1 !~ /_level$/ && $3 < $2 { print $1 ": " $2 " -> " $3 }')
[ -z "$went_back" ] || fail "counters went back: $went_back"

# 4. The standard groups
for grp in eth-mac eth-ctrl rmon; do
	json=$(std_stats "$grp") || fail "ethtool -S --groups $grp failed"
	[ "$json" != null ] || fail "no $grp statistics"
	log "$grp: $(echo "$json" | jq -c 'keys | length') counters"
done
json=$(std_stats eth-mac)
for key in FramesTransmittedOK FramesReceivedOK FrameCheckSequenceErrors \
	   OctetsTransmittedOK OctetsReceivedOK; do
	[ "$(echo "$json" | jq "has(\"$key\")")" = true ] ||
		fail "eth-mac has no $key"
done
nbuckets=$(std_stats rmon | jq '.["rx-pktsNtoM"] | length')
expect_eq "RMON size buckets" "$nbuckets" 11
if ethtool -I -a "$dev" >/tmp/ethtool_pause.txt 2>&1; then
	grep -q 'Statistics:' /tmp/ethtool_pause.txt ||
		fail "pause parameters come without statistics"
else
	log "pause parameters not reported: pause statistics not checked"
fi

# 5. Traffic. Needs a peer: the VM rig's emulated wire, or REMOTE_V4.
peer=
if [ -r /payload/net-env.sh ]; then
	source /payload/net-env.sh
	net_env_setup "$dev" >/dev/null && peer=$REMOTE_V4
elif [ -n "${REMOTE_V4:-}" ]; then
	peer=$REMOTE_V4
fi
if [ -z "$peer" ]; then
	fbnic_unload
	skip "no peer to send traffic to: traffic not checked"
fi
ip link set "$dev" up
wait_for "ping -c 1 -W 1 $peer" 20 || {
	fbnic_unload
	skip "the netdev does not pass traffic to $peer yet"
}

mac0=$(std_stats eth-mac)
nic0=$(nic_stats)
count=50
size=1000
# Every request answered: the replies are in the counters read next
ping_all "$count" -i 0.05 -s "$size" "$peer" >/dev/null ||
	fail "ping $peer lost packets"
mac1=$(std_stats eth-mac)
nic1=$(nic_stats)
delta() {
	echo $(($(echo "$mac1" | jq ".$1") - $(echo "$mac0" | jq ".$1")))
}
tx=$(delta FramesTransmittedOK)
rx=$(delta FramesReceivedOK)
tx_bytes=$(delta OctetsTransmittedOK)
log "during $count pings: $tx frames sent, $rx received, $tx_bytes bytes sent"
[ "$tx" -ge "$count" ] || fail "FramesTransmittedOK grew by $tx, not $count"
[ "$rx" -ge "$count" ] || fail "FramesReceivedOK grew by $rx, not $count"
# ICMP payload + 8 ICMP + 20 IP + 14 Ethernet
[ "$tx_bytes" -ge $((count * (size + 42))) ] ||
	fail "OctetsTransmittedOK grew by $tx_bytes only"
# The replies went through the Rx buffer: in from the network port (0),
# out to the host interface (3)
nic_delta() {
	echo $(($(echo "$nic1" | awk -v n="$1" '$1 == n { print $2 }') -
		$(echo "$nic0" | awk -v n="$1" '$1 == n { print $2 }')))
}
for name in rxb_enq0_frames rxb_deq3_intf_frames; do
	d=$(nic_delta "$name")
	log "$name grew by $d"
	[ "$d" -ge "$count" ] || fail "$name grew by $d, not $count"
done
d=$(nic_delta rxb_enq0_bytes)
[ "$d" -ge $((count * (size + 28))) ] || fail "rxb_enq0_bytes grew by $d only"
# 1042-byte frames land in the 1024-1518 bucket
hist=$(std_stats rmon | jq '.["tx-pktsNtoM"][] | select(.low == 1024) | .val')
[ "${hist:-0}" -ge "$count" ] || fail "RMON 1024-1518 Tx bucket at $hist"

problems=$(problems_since_mark)
[ -z "$problems" ] || fail "kernel warnings: $problems"
fbnic_unload
exit $KSFT_PASS
