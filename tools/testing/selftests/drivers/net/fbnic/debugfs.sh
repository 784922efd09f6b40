#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fbnic's debugfs files. fw_log keeps the lines the firmware streamed, in
# order with their sequence numbers, the newest FW_LOG_LINES of them (the
# emulator's fw-log property makes the firmware log a given line).
# mac_addr shows the MAC DA TCAM as the device holds it: the own address,
# broadcast, joined multicast groups while joined, and no entry where the
# device and the driver disagree.
source "$(dirname "$0")/fbnic_lib.sh"

FW_LOG_LINES=256

require_fbnic
require_emu_ctl
if ! mountpoint -q /sys/kernel/debug; then
	mount -t debugfs none /sys/kernel/debug 2>/dev/null ||
		skip "debugfs cannot be mounted"
fi
fbnic_unload
fbnic_load
DBG=/sys/kernel/debug/fbnic/$BDF
[ -r "$DBG/fw_log" ] || fail "no $DBG/fw_log"

wait_for "grep -q 'log streaming to host enabled' $DBG/fw_log" 10 ||
	fail "fw_log lacks the firmware's first line: $(cat "$DBG/fw_log")"
log "first line: $(head -n1 "$DBG/fw_log")"
grep -qvE '^[0-9]+ \[[0-9]+\.[0-9]{3}\] ' "$DBG/fw_log" &&
	fail "fw_log lines not 'index [s.ms] text': $(cat "$DBG/fw_log")"

# Lines the firmware logs reach the ring in order, numbered one by one
tag="debugfs-$RANDOM"
for i in 1 2 3; do
	emu_hmp "qom-set nic0 fw-log $tag line $i" >/dev/null ||
		fail "cannot set fw-log"
done
wait_for "grep -q '$tag line 3' $DBG/fw_log" 10 ||
	fail "logged lines missing: $(cat "$DBG/fw_log")"
seqs=$(grep "$tag line" "$DBG/fw_log" | awk '{ print $1 }' | tr '\n' ' ')
read -r a b c <<<"$seqs"
expect_eq "sequence numbers of three lines" "$seqs" "$a $((a + 1)) $((a + 2)) "
expect_eq "their text, in order" \
	"$(grep -o "$tag line [0-9]" "$DBG/fw_log" | tr '\n' ,)" \
	"$tag line 1,$tag line 2,$tag line 3,"

# More lines than the ring keeps: the oldest go, the newest stay, in order
total=$((FW_LOG_LINES + 20))
for ((i = 1; i <= total; i++)); do
	emu_hmp "qom-set nic0 fw-log $tag fill $i" >/dev/null ||
		fail "cannot set fw-log"
done
wait_for "grep -q '$tag fill $total\$' $DBG/fw_log" 20 ||
	fail "last of $total lines missing"
expect_eq "lines kept" "$(wc -l <"$DBG/fw_log")" "$FW_LOG_LINES"
expect_eq "oldest kept" "$(head -n1 "$DBG/fw_log" | cut -d' ' -f3-)" \
	"$tag fill $((total - FW_LOG_LINES + 1))"
seqs=$(awk '{ print $1 }' "$DBG/fw_log")
[ "$(echo "$seqs" | sort -n | uniq | tr '\n' ' ')" = "$(echo "$seqs" | tr '\n' ' ')" ] ||
	fail "kept lines out of order"
[ $(( $(echo "$seqs" | tail -n1) - $(echo "$seqs" | head -n1) + 1 )) = "$FW_LOG_LINES" ] ||
	fail "a gap in the kept lines' sequence numbers"

# The MAC DA TCAM: own address and broadcast, a group only while joined
fbnic_netdev_wait || fail "fbnic registered no netdev"
dev=$FBNIC_DEV
ip link set "$dev" up
own=$(cat /sys/class/net/"$dev"/address)
group=01:00:5e:12:34:56
macda_row() { grep " $1 *$2/" "$DBG/mac_addr"; }
wait_for "macda_row own $own" 10 ||
	fail "own address missing: $(cat "$DBG/mac_addr")"
macda_row broadcast ff:ff:ff:ff:ff:ff >/dev/null ||
	fail "broadcast missing: $(cat "$DBG/mac_addr")"
macda_row multicast $group && fail "$group listed before it was joined"
ip maddr add "$group" dev "$dev"
wait_for "macda_row multicast $group" 10 ||
	fail "joined $group missing: $(cat "$DBG/mac_addr")"
log "joined: $(macda_row multicast $group)"
ip maddr del "$group" dev "$dev"
wait_for "! macda_row multicast $group" 10 || fail "$group still listed"
grep -q "(driver:" "$DBG/mac_addr" &&
	fail "device and driver disagree: $(cat "$DBG/mac_addr")"
expect_eq "TCAM entries shown" \
	"$(grep -cE '^ *[0-9]+ ' "$DBG/mac_addr")" 32

fbnic_unload
[ -e "$DBG" ] && fail "$DBG left behind after unload"
log "debugfs files removed with the driver"
exit 0
