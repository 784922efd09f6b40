#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark, guest side (see tools/testing/fbnic-vm/BENCHMARK.md): UDP
# streams of 64-byte and 1518-byte Ethernet frames (FCS included, so the
# large one carries a 1500-byte IP packet) through the emulated NIC, Tx
# (fbnic -> peer) and Rx (peer -> fbnic), first with this repo's fbnic,
# then with upstream's, in the same VM. For each it prints one line:
#
#   bench driver=D dir=tx|rx frame=N pkts=P secs=S pps=X mbps=Y
#         insns_driver=I insns_total=T
#
# pkts and bytes are the fbnic netdev's own counters over the window;
# instruction counts come from the QEMU plugin through the control port
# (driver = blocks inside the module's executable sections).
. /payload/rig.env
. /payload/net-env.sh
cp -a /payload/kselftest /tmp/kselftest
# shellcheck source=/dev/null
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
require_fbnic
require_emu_ctl

SECS=${FBNIC_BENCH_SECONDS:-10}
PEER="ip netns exec $FBNIC_PEER_NS"

# "insns LO HI" through the control port: prints "<in range> <total>"
emu_insns() {
	local reply rc
	exec 9<>"$EMU_CTL"
	echo "insns $1 $2" >&9
	IFS= read -r -t 60 reply <&9
	IFS= read -r -t 60 rc <&9
	exec 9>&-
	[ "$rc" = "@@rc 0" ] || { echo "insns: $reply" >&2; return 1; }
	echo "${reply%% untracked*}"
}

# Load address ranges ("LO HI", hex) of the executable sections of a
# module, from its ELF section table and /sys/module/M/sections.
module_text_ranges() {
	python3 - "$1" "$2" <<'EOF'
import struct, sys
ko, mod = sys.argv[1], sys.argv[2]
data = open(ko, "rb").read()
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
secs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
        for i in range(shnum)]
strtab = secs[shstrndx][4]
for s in secs:
    name = data[strtab + s[0]:data.index(b"\0", strtab + s[0])].decode()
    if not s[2] & 0x4 or not s[5] or name.startswith(".init") or name.startswith(".exit"):
        continue
    try:
        lo = int(open(f"/sys/module/{mod}/sections/{name}").read(), 16)
    except OSError:
        continue
    print(f"{lo:x} {lo + s[5]:x}")
EOF
}

# Sum of "insns" over the driver's ranges, and the total
count_insns() {
	local lo hi r d=0 t=0
	while read -r lo hi; do
		r=$(emu_insns "$lo" "$hi") || return 1
		d=$((d + ${r%% *}))
		t=${r##* }
	done <<<"$RANGES"
	echo "$d $t"
}

stat_of() { cat "/sys/class/net/$DEV/statistics/$1"; }

# One measurement: $1 driver label, $2 tx|rx, $3 frame size (with FCS)
measure() {
	local drv=$1 dir=$2 frame=$3 len pk0 pk1 by0 by1 c0 c1 secs t0 t1
	len=$((frame - 4 - 14 - 20 - 8))	# UDP payload for that frame
	if [ "$dir" = tx ]; then
		$PEER iperf3 -s -1 -D -B "$REMOTE_V4"
		sleep 1
		set -- iperf3 -c "$REMOTE_V4" -u -b 0 -l "$len" -t "$SECS"
	else
		iperf3 -s -1 -D -B "$LOCAL_V4"
		sleep 1
		set -- $PEER iperf3 -c "$LOCAL_V4" -u -b 0 -l "$len" -t "$SECS"
	fi
	pk0=$(stat_of "${dir}_packets"); by0=$(stat_of "${dir}_bytes")
	c0=$(count_insns) || return 1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s.%N)
	c1=$(count_insns) || return 1
	pk1=$(stat_of "${dir}_packets"); by1=$(stat_of "${dir}_bytes")
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	awk -v d="$drv" -v dir="$dir" -v f="$frame" -v p=$((pk1 - pk0)) \
	    -v b=$((by1 - by0)) -v s="$secs" \
	    -v id=$(( ${c1% *} - ${c0% *} )) -v it=$(( ${c1#* } - ${c0#* } )) \
	    'BEGIN { printf "bench driver=%s dir=%s frame=%d pkts=%d secs=%.2f pps=%.0f mbps=%.2f insns_driver=%d insns_total=%d\n",
		     d, dir, f, p, s, p / s, b * 8 / s / 1e6, id, it }'
}

# $1 label, $2 module file, $3 what fbnic_load takes (empty: modprobe)
bench_driver() {
	local label=$1 ko=$2 dir frame
	fbnic_unload
	fbnic_load $3
	fbnic_netdev_wait || { echo "bench: $label: no netdev"; return 1; }
	DEV=$FBNIC_DEV
	net_env_setup "$DEV" || { echo "bench: no wire"; return 1; }
	wait_for "ping -c1 -W1 $REMOTE_V4" 30 ||
		{ echo "bench: $label: peer unreachable"; return 1; }
	RANGES=$(module_text_ranges "$ko" fbnic)
	for dir in tx rx; do
		for frame in 64 1518; do
			measure "$label" "$dir" "$frame"
		done
	done
}

bench_driver ours "$(modinfo -n fbnic)" ""
bench_driver upstream "$FBNIC_UPSTREAM_KO" "$FBNIC_UPSTREAM_KO"
fbnic_unload
