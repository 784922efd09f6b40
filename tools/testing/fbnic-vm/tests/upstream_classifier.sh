#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fidelity of the emulated receive classifier, MAC and counters: the
# virtio-net peer sends exact frames over the emulated wire to upstream's
# unmodified fbnic, and
#  - the deltas of the MAC counters (eth-mac, rmon), the RPC and RXB
#    counters of `ethtool -S` and `ip -s link` match what was sent
#    (unicast, broadcast, unjoined multicast, foreign unicast, jumbo,
#    over the Rx MTU, too long, runts, unknown EtherType);
#  - foreign unicast and unjoined multicast are filtered, a joined group
#    is received until it is left, allmulticast lets every group in, a
#    second unicast address (a macvlan) is received while it exists,
#    promiscuous mode lets everything in;
#  - 64 TCP flows spread over the Rx queues (netdev qstats) exactly as a
#    Toeplitz hash of `ethtool -x`'s key and indirection table predicts;
#  - Rx checksum metadata: frames without a device-verified L4 checksum
#    are CHECKSUM_COMPLETE (netdev qstats), the stack finds no mismatch
#    with it, and UDP with a bad checksum is still counted as such;
#  - the Tx MAC counters count the frames the host sends.
# The same checks then run on our driver (modprobe fbnic). Each driver's
# checks are reported; any failure fails the test.
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
source /payload/net-env.sh

[ -r "${FBNIC_UPSTREAM_KO:-}" ] || skip "upstream fbnic.ko not provided"
[ -n "${FBNIC_PEER_MAC:-}" ] || fail "the rig set up no peer on the wire"
require_fbnic
require_emu_ctl

WORK=/tmp/upstream_classifier
mkdir -p "$WORK"
PEER_NS=$FBNIC_PEER_NS

# send.py IFNAME DSTMAC KIND COUNT SIZE: COUNT frames of SIZE bytes (no
# FCS). KIND raw: EtherType 0x88b5, zero payload; tcp4/udp4: from
# REMOTE_V4 port 10000+i to LOCAL_V4 port 9, valid checksums;
# udp4-nocsum/udp4-badcsum: UDP with no checksum (0) or a wrong one.
# send.py --hex SRCMAC DSTMAC KIND SIZE: the first such frame, in hex.
cat >"$WORK/send.py" <<'EOF'
import ipaddress, os, socket, struct, sys


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def fold(data):
    total = 0
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | (data[i + 1] if i + 1 < len(data) else 0)
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return total


def ip_frame(proto, seq, size, udp_csum="good"):
    src = ipaddress.ip_address(os.environ["REMOTE_V4"]).packed
    dst = ipaddress.ip_address(os.environ["LOCAL_V4"]).packed
    l4_hdr = 20 if proto == 6 else 8
    pad = bytes(max(0, size - 14 - 20 - l4_hdr))
    if proto == 6:
        l4 = struct.pack(">HHIIBBHHH", 10000 + seq, 9, seq, 0, 5 << 4, 0x02,
                         1000, 0, 0) + pad
        at = 16
    else:
        # a payload that differs per frame, so no two checksums agree
        pad = bytes([seq & 0xff]) * len(pad)
        l4 = struct.pack(">HHHH", 10000 + seq, 9, 8 + len(pad), 0) + pad
        at = 6
    pseudo = src + dst + struct.pack(">BBH", 0, proto, len(l4))
    csum = 0xffff & ~fold(pseudo + l4)
    if udp_csum == "none":
        csum = 0
    elif udp_csum == "bad":
        csum = (csum ^ 0x0101) or 1
    l4 = l4[:at] + struct.pack(">H", csum) + l4[at + 2:]
    ip = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(l4), seq & 0xffff, 0, 64,
                     proto, 0) + src + dst
    ip = ip[:10] + struct.pack(">H", 0xffff & ~fold(ip)) + ip[12:]
    return b"\x08\x00" + ip + l4


def body(kind, i, size):
    if kind == "raw":
        return b"\x88\xb5" + bytes(max(0, size - 14))
    if kind == "tcp4":
        return ip_frame(6, i, size)
    verdict = {"udp4": "good", "udp4-nocsum": "none",
               "udp4-badcsum": "bad"}[kind]
    return ip_frame(17, i, size, verdict)


if sys.argv[1] == "--hex":
    src, dst, kind = mac(sys.argv[2]), mac(sys.argv[3]), sys.argv[4]
    print((dst + src + body(kind, 0, int(sys.argv[5]))).hex())
    sys.exit(0)
ifname, dst, kind = sys.argv[1], mac(sys.argv[2]), sys.argv[3]
count, size = int(sys.argv[4]), int(sys.argv[5])
src = mac(open(f"/sys/class/net/{ifname}/address").read().strip())
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
sock.bind((ifname, 0))
for i in range(count):
    sock.send(dst + src + body(kind, i, size))
EOF

# compare.py BEFORE AFTER EXPECTED [reached]: counter deltas ("name:
# value" lines) against "name=value" expectations; with "reached", a
# delta may also be larger
cat >"$WORK/compare.py" <<'EOF'
import sys


def load(path):
    values = {}
    for line in open(path):
        if ":" in line:
            name, value = line.rsplit(":", 1)
            try:
                values[name.strip()] = int(value)
            except ValueError:
                pass
    return values


before, after = load(sys.argv[1]), load(sys.argv[2])
reached = sys.argv[4:] == ["reached"]
bad = 0
for item in sys.argv[3].split():
    name, want = item.split("=")
    got = after.get(name, 0) - before.get(name, 0)
    if name not in after:
        print(f"missing {name}")
        bad += 1
    elif got < int(want) or (got > int(want) and not reached):
        print(f"{name}: +{got}, expected +{want}")
        bad += 1
    else:
        print(f"{name}: +{got}")
sys.exit(1 if bad else 0)
EOF

# rss.py KEYFILE QA QB: per-queue Rx packet deltas of 64 TCP flows (from
# send.py) against a Toeplitz hash over `ethtool -x`'s key and table
cat >"$WORK/rss.py" <<'EOF'
import ipaddress, json, os, re, struct, sys

text = open(sys.argv[1]).read()
key = bytes(int(b, 16) for b in
            re.search(r"RSS hash key:\s*\n(\S+)", text).group(1).split(":"))
table = []
for line in text.splitlines():
    row = re.match(r"\s*\d+:\s+([\d\s]+)$", line)
    if row:
        table += [int(v) for v in row.group(1).split()]


def toeplitz(data):
    wide, bits, h = int.from_bytes(key, "big"), len(key) * 8, 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (wide >> (bits - 32 - i)) & 0xffffffff
    return h


want = {}
for i in range(64):
    t = (ipaddress.ip_address(os.environ["REMOTE_V4"]).packed +
         ipaddress.ip_address(os.environ["LOCAL_V4"]).packed +
         struct.pack(">HH", 10000 + i, 9))
    q = table[toeplitz(t) % len(table)]
    want[q] = want.get(q, 0) + 1
qa = {int(k): v for k, v in json.load(open(sys.argv[2])).items()}
qb = {int(k): v for k, v in json.load(open(sys.argv[3])).items()}
got = {q: qb[q] - qa.get(q, 0) for q in qb if qb[q] - qa.get(q, 0)}
print("per-queue rx packets", got, "predicted", want)
sys.exit(0 if got == want and len(got) > 1 else 1)
EOF

# qstats.py IFINDEX: Rx packets per queue as netdev qstats report them
cat >"$WORK/qstats.py" <<'EOF'
import json, sys

sys.path.insert(0, "/tmp/kselftest/drivers/net/hw")
from lib.py import NetdevFamily

stats = NetdevFamily().qstats_get({"ifindex": int(sys.argv[1]),
                                   "scope": ["queue"]}, dump=True)
print(json.dumps({s["queue-id"]: s.get("rx-packets", 0)
                  for s in stats if s["queue-type"] == "rx"}))
EOF

FAILED=()

# check NAME COMMAND...: one check of the current driver
check() {
	local name=$1
	shift
	if "$@" >"$WORK/out" 2>&1; then
		echo "ok    $DRV: $name"
	else
		echo "FAIL  $DRV: $name"
		FAILED+=("$DRV: $name")
	fi
	sed 's/^/#       /' "$WORK/out" | tail -n 25
}

send() {
	ip netns exec "$PEER_NS" env LOCAL_V4="$LOCAL_V4" REMOTE_V4="$REMOTE_V4" \
		python3 "$WORK/send.py" peer0 "$@"
}

# Every counter the checks look at, one "name: value" a line
snapshot() {
	{
		ethtool -S "$IF"
		ethtool -S "$IF" --groups eth-mac rmon
		ip -j -s link show "$IF" | jq -r '.[0].stats64.rx |
			"ip_rx_packets: \(.packets)\nip_rx_bytes: \(.bytes)",
			"ip_rx_dropped: \(.dropped)"'
	} | sed 's/^ *//' >"$1"
}

rx_packets() { ip -j -s link show "$IF" | jq '.[0].stats64.rx.packets'; }

# One counter of a snapshot file
snap_get() { awk -F': ' -v n="$2" '$1 == n { print $2 }' "$1"; }

# wait_counters SNAPSHOT_CMD BEFORE EXPECTED: wait (up to a minute) until
# the counters SNAPSHOT_CMD writes have grown since the BEFORE file by at
# least each "name=value" of EXPECTED; false if they do not get there.
# The checks then compare exact deltas: this only waits out the frames
# still on their way.
wait_counters() {
	local snap=$1 before=$2 want=$3 end=$((SECONDS + 60))
	while :; do
		"$snap" "$WORK/now" && python3 "$WORK/compare.py" "$before" \
			"$WORK/now" "$want" reached >/dev/null && return 0
		if [ "$SECONDS" -ge "$end" ]; then
			echo "counters did not reach $want:"
			python3 "$WORK/compare.py" "$before" "$WORK/now" "$want" reached
			return 1
		fi
		sleep 0.2
	done
}

# The device's verdict on a UDP frame from the peer to DSTMAC, "drop=0"
# or "drop=1": x-rpc-probe runs it through the classifier as if from the
# wire (counters included, while no check is counting; it reaches no
# queue)
verdict() {
	local hex
	hex=$(LOCAL_V4=$LOCAL_V4 REMOTE_V4=$REMOTE_V4 python3 "$WORK/send.py" \
		--hex "$FBNIC_PEER_MAC" "$1" udp4 100) || return 1
	emu_hmp "qom-set nic0 x-rpc-probe $hex" >/dev/null || return 1
	emu_hmp "qom-get nic0 x-rpc-probe" | grep -o 'drop=[01]'
}
verdict_is() { [ "$(verdict "$1")" = "$2" ]; }

# wait_verdict DSTMAC drop=0|drop=1: wait until a filter change reached
# the device (the driver may program it from a work item)
wait_verdict() {
	wait_for "verdict_is $1 $2" 60 ||
		echo "# frames to $1: the device's verdict is not $2 after a minute"
}

# Echo requests the host's stack received (/proc/net/snmp Icmp InEchos)
icmp_in_echos() {
	awk '$1 == "Icmp:" { if (!col) { for (i = 2; i <= NF; i++)
		if ($i == "InEchos") col = i } else print $col }' /proc/net/snmp
}

# wait_link_up: the carrier is (back) up
wait_link_up() { wait_for "ip link show $IF | grep -q 'state UP'" 60; }

# Frames on the wire, with FCS, of a SIZE-byte frame
wire() { echo $(($1 < 60 ? 64 : $1 + 4)); }

rx_counters() {
	local acc=$((100 + 20 + 3 + 5))	# the classifier accepts these
	local octets=$((100 * $(wire 100) + 20 * $(wire 60) + 30 * $(wire 60) +
		10 * $(wire 200) + 3 * $(wire 9000) + 2 * $(wire 9745) +
		5 * $(wire 30)))

	snapshot "$WORK/a"
	send "$MYMAC" udp4 100 100
	send ff:ff:ff:ff:ff:ff raw 20 60
	send 01:00:5e:7f:00:01 raw 30 60	# a group nobody joined
	send 02:99:00:00:00:01 raw 10 200	# somebody else's address
	send "$MYMAC" udp4 3 9000
	send "$MYMAC" udp4 2 9745		# over the Rx MTU
	send "$MYMAC" udp4 2 9790		# too long for the MAC
	send "$MYMAC" raw 5 30			# runts, padded by the peer
	# The Rx buffer counts every frame the classifier took, the runts
	# sent last included: then the device counted them all; then the
	# stack got what was meant for it
	wait_counters snapshot "$WORK/a" "$RXB_ENQ0=$((acc + 30 + 10))" &&
		wait_counters snapshot "$WORK/a" \
			"ip_rx_packets=$acc ip_rx_dropped=25"
	snapshot "$WORK/b"
	python3 "$WORK/compare.py" "$WORK/a" "$WORK/b" "
		eth-mac-FramesReceivedOK=$((acc + 30 + 10 + 2))
		eth-mac-OctetsReceivedOK=$octets
		eth-mac-BroadcastFramesReceivedOK=20
		eth-mac-MulticastFramesReceivedOK=30
		eth-mac-FrameTooLongErrors=2
		rmon-etherStatsOversizePkts=2
		rx-rmon-etherStatsPkts64Octets=$((20 + 30 + 5))
		rx-rmon-etherStatsPkts65to127Octets=100
		rx-rmon-etherStatsPkts128to255Octets=10
		rx-rmon-etherStatsPkts8192to9216Octets=3
		rx-rmon-etherStatsPkts9217to9742Octets=0
		rpc_unkn_etype=$((20 + 5 + 30 + 10))
		$RXB_ENQ0=$((acc + 30 + 10))
		$RXB_DROP0=$((30 + 10))
		$RXB_HOST=$acc
		ip_rx_packets=$acc
		ip_rx_dropped=25"
}

# filtered WANT DSTMAC: of 5 UDP frames to DSTMAC, WANT reach the stack.
# Once the Rx buffer counted the five, the device has given the host
# what it was going to; the stack's count is read once it got that many.
filtered() {
	local want=$1 before got host
	snapshot "$WORK/fa"
	before=$(rx_packets)
	send "$2" udp4 5 100
	wait_counters snapshot "$WORK/fa" "$RXB_ENQ0=5" || return 1
	snapshot "$WORK/fb"
	host=$(($(snap_get "$WORK/fb" "$RXB_HOST") - $(snap_get "$WORK/fa" "$RXB_HOST")))
	wait_for "[ \$((\$(rx_packets) - $before)) -ge $host ]" 60
	got=$(($(rx_packets) - before))
	echo "$got of 5 frames received, expected $want ($host given to the host)"
	[ "$got" -eq "$want" ]
}

rss_spread() {
	ethtool -x "$IF" >"$WORK/x" || return 1
	snapshot "$WORK/ra"
	python3 "$WORK/qstats.py" "$IFINDEX" >"$WORK/qa" || return 1
	send "$MYMAC" tcp4 64 60
	wait_counters snapshot "$WORK/ra" "$RXB_ENQ0=64 ip_rx_packets=64" ||
		return 1
	python3 "$WORK/qstats.py" "$IFINDEX" >"$WORK/qb" || return 1
	python3 "$WORK/rss.py" "$WORK/x" "$WORK/qa" "$WORK/qb"
}

# The device's Rx checksum verdict counters (netdev qstats) and the
# stack's UDP InCsumErrors, one "name: value" a line
csum_snapshot() {
	python3 - "$IFINDEX" >"$1" <<'EOF' || return 1
import sys

sys.path.insert(0, "/tmp/kselftest/drivers/net/hw")
from lib.py import NetdevFamily

dev = NetdevFamily().qstats_get({"ifindex": int(sys.argv[1])}, dump=True)[0]
for name in ("rx-csum-complete", "rx-csum-unnecessary", "rx-csum-none"):
    print(f"{name}: {dev.get(name, 0)}")
with open("/proc/net/snmp") as snmp:
    udp = [line.split() for line in snmp if line.startswith("Udp:")]
print("udp-InCsumErrors:", udp[1][udp[0].index("InCsumErrors")])
EOF
}

# Rx checksum metadata: TCP and UDP the device verified may be reported
# as "unnecessary"; everything else carries the frame's checksum
# (CHECKSUM_COMPLETE), which the stack checks against its own, so a
# wrong one shows up as "hw csum failure"; UDP with a bad checksum
# must still be caught by the stack
rx_checksums() {
	ethtool -K "$IF" rx on
	snapshot "$WORK/ka"
	csum_snapshot "$WORK/ca" || return 1
	# Exactly ten echo requests each (no -w: ping would send more while
	# replies are late); the counters below wait for their arrival
	ip netns exec "$PEER_NS" ping -q -c 10 -i 0.2 -s 333 "$LOCAL_V4" \
		>/dev/null
	ip netns exec "$PEER_NS" ping -q -c 10 -i 0.2 -s 1000 "$LOCAL_V4" \
		>/dev/null
	send "$MYMAC" tcp4 10 60
	send "$MYMAC" udp4-nocsum 10 101
	send "$MYMAC" udp4-badcsum 10 99
	wait_counters snapshot "$WORK/ka" "$RXB_ENQ0=50 ip_rx_packets=50" &&
		wait_counters csum_snapshot "$WORK/ca" \
			"rx-csum-complete=40 udp-InCsumErrors=10"
	csum_snapshot "$WORK/cb" || return 1
	# 20 echo requests and 20 UDP without a valid checksum: complete;
	# the 10 TCP frames may count as unnecessary (upstream does not
	# count those)
	python3 "$WORK/compare.py" "$WORK/ca" "$WORK/cb" "
		rx-csum-complete=40
		udp-InCsumErrors=10" || return 1
	if log_since_mark | grep -i 'hw csum failure'; then
		echo "the stack disagreed with the device's CHECKSUM_COMPLETE"
		return 1
	fi
}

# Frames the host sends, straight onto the wire (EtherType 0x88b5)
tx_frames() {
	python3 - "$IF" "$FBNIC_PEER_MAC" <<'EOF'
import socket, sys

sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
sock.bind((sys.argv[1], 0))
src = bytes.fromhex(open(f"/sys/class/net/{sys.argv[1]}/address")
                    .read().strip().replace(":", ""))
peer = bytes.fromhex(sys.argv[2].replace(":", ""))
for count, dst, size in ((40, peer, 100), (10, b"\xff" * 6, 60),
                         (7, bytes.fromhex("01005e000001"), 1500),
                         (3, peer, 2000)):
    for _ in range(count):
        sock.send(dst + src + b"\x88\xb5" + bytes(size - 14))
EOF
}

tx_counters() {
	ip link set "$IF" mtu 2100
	wait_link_up || return 1
	snapshot "$WORK/c"
	tx_frames || return 1
	# The MAC counted every frame sent once it counted 60
	wait_counters snapshot "$WORK/c" "eth-mac-FramesTransmittedOK=60"
	snapshot "$WORK/d"
	ip link set "$IF" mtu 1500
	python3 "$WORK/compare.py" "$WORK/c" "$WORK/d" "
		eth-mac-FramesTransmittedOK=60
		eth-mac-OctetsTransmittedOK=$((40 * 104 + 10 * 64 + 7 * 1504 + 3 * 2004))
		eth-mac-BroadcastFramesXmittedOK=10
		eth-mac-MulticastFramesXmittedOK=7
		tx-rmon-etherStatsPkts64Octets=10
		tx-rmon-etherStatsPkts65to127Octets=40
		tx-rmon-etherStatsPkts1024to1518Octets=7
		tx-rmon-etherStatsPkts1519to2047Octets=3"
}

# The same RXB counters go by different names in the two drivers'
# `ethtool -S`: frames enqueued from the MAC, frames the FIFO dropped,
# frames dequeued to the host interface (3)
rxb_names() {
	case $1 in
	upstream)
		RXB_ENQ0=rxb_drbo0_frames
		RXB_DROP0=rxb_fifo0_dropped_frames
		RXB_HOST=rxb_intf3_frames
		;;
	*)
		RXB_ENQ0=rxb_enq0_frames
		RXB_DROP0=rxb_fifo0_drop_frames
		RXB_HOST=rxb_deq3_intf_frames
		;;
	esac
}

# run_checks LABEL [KO]: load a driver (KO, or the installed one) and run
# every check against it
run_checks() {
	DRV=$1
	rxb_names "$DRV"
	fbnic_unload
	log_mark
	fbnic_load "${2:-}"
	if ! fbnic_netdev_wait; then
		echo "FAIL  $DRV: no netdev registered"
		FAILED+=("$DRV: no netdev")
		return
	fi
	IF=$FBNIC_DEV
	IFINDEX=$(cat /sys/class/net/"$IF"/ifindex)
	MYMAC=$(cat /sys/class/net/"$IF"/address)
	if ! net_env_setup "$IF" >"$WORK/out" 2>&1; then
		echo "FAIL  $DRV: cannot set up the wire"
		FAILED+=("$DRV: wire setup")
		return
	fi
	# Exact counts: no IPv6 chatter, no ARP in the middle of a count,
	# and a peer that can send the jumbo and too-long frames
	sysctl -qw "net.ipv6.conf.$IF.disable_ipv6=1"
	ip netns exec "$PEER_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip -n "$PEER_NS" link set peer0 mtu 9800
	wait_link_up
	# The peer's three echo requests (and its ARP before them) must all
	# be in before the counting starts
	echos=$(icmp_in_echos)
	ip netns exec "$PEER_NS" ping -q -c 3 -W 2 "$LOCAL_V4" >/dev/null
	wait_for "[ \$((\$(icmp_in_echos) - $echos)) -ge 3 ]" 60
	ip neigh replace "$REMOTE_V4" lladdr "$FBNIC_PEER_MAC" dev "$IF" nud permanent
	ip -n "$PEER_NS" neigh replace "$LOCAL_V4" lladdr "$MYMAC" dev peer0 \
		nud permanent

	check "Rx counters match the frames sent" rx_counters
	# After each filter change, the device's verdict on a probe frame
	# says when the change reached it
	check "unjoined group dropped" filtered 0 01:00:5e:7f:00:01
	ip maddr add 01:00:5e:7f:00:01 dev "$IF"
	wait_verdict 01:00:5e:7f:00:01 drop=0
	check "joined group received" filtered 5 01:00:5e:7f:00:01
	ip maddr del 01:00:5e:7f:00:01 dev "$IF"
	wait_verdict 01:00:5e:7f:00:01 drop=1
	check "left group dropped" filtered 0 01:00:5e:7f:00:01
	ip link set "$IF" allmulticast on
	wait_verdict 01:00:5e:7f:00:01 drop=0
	check "unjoined group received with allmulticast" \
		filtered 5 01:00:5e:7f:00:01
	check "foreign unicast dropped with allmulticast" \
		filtered 0 02:99:00:00:00:01
	ip link set "$IF" allmulticast off
	wait_verdict 01:00:5e:7f:00:01 drop=1
	check "unjoined group dropped after allmulticast off" \
		filtered 0 01:00:5e:7f:00:01
	check "foreign unicast dropped" filtered 0 02:99:00:00:00:01
	# A second unicast address: the macvlan's, in the address filter
	if ip link add link "$IF" name fbnic_mv0 address 02:aa:bb:cc:dd:ee \
		type macvlan && ip link set fbnic_mv0 up; then
		wait_verdict 02:aa:bb:cc:dd:ee drop=0
		check "second unicast address (macvlan) received" \
			filtered 5 02:aa:bb:cc:dd:ee
		ip link del fbnic_mv0
		wait_verdict 02:aa:bb:cc:dd:ee drop=1
		check "second unicast address dropped once removed" \
			filtered 0 02:aa:bb:cc:dd:ee
	else
		echo "FAIL  $DRV: cannot add a macvlan"
		FAILED+=("$DRV: macvlan")
	fi
	ip link set "$IF" promisc on
	wait_verdict 02:99:00:00:00:01 drop=0
	check "foreign unicast received in promiscuous mode" \
		filtered 5 02:99:00:00:00:01
	ip link set "$IF" promisc off
	wait_verdict 02:99:00:00:00:01 drop=1
	check "foreign unicast dropped after promiscuous off" \
		filtered 0 02:99:00:00:00:01
	check "RSS spread of 64 TCP flows = Toeplitz(ethtool -x)" rss_spread
	check "Rx checksum metadata (complete, bad UDP caught)" rx_checksums
	check "Tx counters match the frames sent" tx_counters

	# Loading upstream's module taints the kernel: that notice is expected
	if problems_since_mark | grep -v 'loading out-of-tree module taints' \
		>"$WORK/out"; then
		echo "FAIL  $DRV: kernel log has warnings or errors"
		sed 's/^/#       /' "$WORK/out"
		FAILED+=("$DRV: kernel log")
	else
		echo "ok    $DRV: kernel log free of warnings and errors"
	fi
	ip neigh del "$REMOTE_V4" dev "$IF" 2>/dev/null
	ip -n "$PEER_NS" neigh del "$LOCAL_V4" dev peer0 2>/dev/null
	fbnic_unload
}

run_checks upstream "$FBNIC_UPSTREAM_KO"
run_checks ours

ip netns exec "$PEER_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=0
ip -n "$PEER_NS" link set peer0 mtu 1500
if [ ${#FAILED[@]} -gt 0 ]; then
	printf '# failed: %s\n' "${FAILED[@]}"
	fail "${#FAILED[@]} check(s) failed: ${FAILED[*]}"
fi
echo "upstream and ours pass every classifier and counter check"
