#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fidelity of the emulated queue engines: upstream's unmodified fbnic
# moves traffic over the emulated wire to the virtio-net peer as it does
# on hardware. Ping v4/v6 (exact reply count), TCP both ways with TSO and
# checksum offload, TSO6, UDP, offloads off, MTU 9000 (payload pages),
# one queue (drop mode "wait"), ring sizes and coalescing, down/up,
# set_link off/on from the monitor, the offline self test (then a ping)
# and hardware Tx/Rx timestamps; the interface counters must grow by at
# least what was sent and the kernel log must stay clean.
# The same checks then run on our driver (modprobe fbnic); features a
# driver does not advertise (self test, hardware timestamps) are skipped
# for it. Each driver's checks are reported; any failure fails the test.
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
source /payload/net-env.sh

[ -r "${FBNIC_UPSTREAM_KO:-}" ] || skip "upstream fbnic.ko not provided"
[ -n "${FBNIC_PEER_MAC:-}" ] || fail "the rig set up no peer on the wire"
require_fbnic
require_emu_ctl

WORK=/tmp/upstream_traffic
mkdir -p "$WORK"
PEER_NS=$FBNIC_PEER_NS

# Hardware Tx and Rx stamps of one UDP datagram each way (argv[1]: ifname;
# the wire's addresses from net_env_setup's LOCAL_V4 and REMOTE_V4)
cat >"$WORK/ts.py" <<'EOF'
import ctypes, fcntl, os, socket, struct, subprocess, sys, time

SIOCSHWTSTAMP = 0x89b0
SO_TIMESTAMPING = 37
# Tx stamps on, every Rx frame stamped
CONFIG = struct.pack("iii", 0, 1, 1)
# TX_HARDWARE | RX_HARDWARE | RAW_HARDWARE
FLAGS = (1 << 0) | (1 << 2) | (1 << 6)
HERE = (os.environ["LOCAL_V4"], 40001)
THERE = (os.environ["REMOTE_V4"], 40002)


def stamp(ancdata):
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPING:
            raw = struct.unpack("qqqqqq", data[:48])[4:6]
            if any(raw):
                return raw
    return None


sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
cfg = ctypes.create_string_buffer(CONFIG)
fcntl.ioctl(sock.fileno(), SIOCSHWTSTAMP,
            struct.pack("16sQ", sys.argv[1].encode(), ctypes.addressof(cfg)))
sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPING, FLAGS)
sock.bind(HERE)
sock.sendto(b"t" * 100, THERE)
tx = None
end = time.monotonic() + 30
while time.monotonic() < end:
    try:
        _, anc, _, _ = sock.recvmsg(2048, 1024,
                                    socket.MSG_ERRQUEUE | socket.MSG_DONTWAIT)
        tx = stamp(anc)
        break
    except BlockingIOError:
        time.sleep(0.1)
reply = ("import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
         ".sendto(b'r' * 50, %r)" % (HERE,))
subprocess.run(["ip", "netns", "exec", "fbnic-peer", "python3", "-c", reply],
               check=True)
sock.settimeout(30)
try:
    _, anc, _, _ = sock.recvmsg(2048, 1024)
    rx = stamp(anc)
except socket.timeout:
    rx = None
print("tx stamp", tx, "rx stamp", rx)
sys.exit(0 if tx and rx else 1)
EOF

FAILED=()

# check NAME COMMAND...: one check of the current driver, reported as
# "ok"/"FAIL" with the command's output indented below it
check() {
	local name=$1
	shift
	if "$@" >"$WORK/out" 2>&1; then
		echo "ok    $DRV: $name"
		sed 's/^/#       /' "$WORK/out" | tail -n 3
	else
		echo "FAIL  $DRV: $name"
		sed 's/^/#       /' "$WORK/out" | tail -n 15
		FAILED+=("$DRV: $name")
	fi
}

skip_check() { echo "skip  $DRV: $1 ($2)"; }

# A value of the interface's 64-bit counters, e.g. "tx.bytes"
counter() { ip -j -s link show "$IF" | jq ".[0].stats64.$1"; }

link_up() { wait_for "ip link show $IF | grep -q 'state UP'" 30; }

# ping_exact COUNT [ping args] ADDRESS: every echo comes back (ping_all:
# each request answered, however late), and the interface counted at
# least COUNT packets each way
ping_exact() {
	local n=$1 tx rx ok=true
	shift
	tx=$(counter tx.packets)
	rx=$(counter rx.packets)
	ping_all "$n" -i 0.2 "$@" >"$WORK/ping" || ok=false
	tx=$(($(counter tx.packets) - tx))
	rx=$(($(counter rx.packets) - rx))
	tail -n 2 "$WORK/ping"
	echo "every echo of $n answered: $ok, tx packets +$tx, rx packets +$rx"
	$ok && [ "$tx" -ge "$n" ] && [ "$rx" -ge "$n" ]
}

# iperf_moved DIRECTION [iperf3 args]: a 3 s iperf3 run moves data, and
# the interface's byte counter in DIRECTION (tx/rx) grows by at least the
# payload iperf3 saw arrive
iperf_moved() {
	local dir=$1 before moved delta
	shift
	before=$(counter "$dir.bytes")
	timeout 60 iperf3 -J -t 3 "$@" >"$WORK/iperf.json" || return 1
	delta=$(($(counter "$dir.bytes") - before))
	moved=$(jq '.end.sum_received.bytes // .end.sum.bytes' "$WORK/iperf.json")
	echo "iperf3 payload $moved bytes, $dir bytes +$delta"
	[ "${moved%.*}" -gt 0 ] && [ "$delta" -ge "${moved%.*}" ]
}

up_and_ping() { link_up && ping_exact 3 "$REMOTE_V4"; }
no_ping() { ! ping -c 2 -W 1 "$REMOTE_V4"; }
no_carrier() { wait_for "ip link show $IF | grep -q NO-CARRIER" 30; }

has_self_test() { ethtool -i "$IF" | grep -q 'supports-test: yes'; }
has_hw_stamps() {
	ethtool -T "$IF" | grep -q hardware-transmit &&
		ethtool -T "$IF" | grep -q hardware-receive
}

offline_self_test() { ethtool -t "$IF" offline; }

# run_checks LABEL [KO]: load a driver (KO, or the installed one) and run
# every check against it
run_checks() {
	DRV=$1
	fbnic_unload
	log_mark
	fbnic_load "${2:-}"
	if ! fbnic_netdev_wait; then
		echo "FAIL  $DRV: no netdev registered"
		FAILED+=("$DRV: no netdev")
		return
	fi
	IF=$FBNIC_DEV
	if ! net_env_setup "$IF" >"$WORK/out" 2>&1; then
		echo "FAIL  $DRV: cannot set up the wire"
		FAILED+=("$DRV: wire setup")
		return
	fi
	ip -n "$PEER_NS" link set peer0 mtu 1500

	check "link up" link_up
	check "ping IPv4, 10 echoes" ping_exact 10 "$REMOTE_V4"
	check "ping IPv6, 10 echoes" ping_exact 10 -6 "$REMOTE_V6"
	check "TCP Tx (TSO, checksum offload)" iperf_moved tx -c "$REMOTE_V4"
	check "TCP Rx" iperf_moved rx -c "$REMOTE_V4" -R
	check "TCP Tx IPv6 (TSO6)" iperf_moved tx -c "$REMOTE_V6"
	check "UDP Tx" iperf_moved tx -c "$REMOTE_V4" -u -b 20M
	ethtool -K "$IF" tso off tx off
	check "TCP Tx, TSO and checksum offload off" iperf_moved tx -c "$REMOTE_V4"
	ethtool -K "$IF" tso on tx on

	ip -n "$PEER_NS" link set peer0 mtu 9000
	if ip link set "$IF" mtu 9000; then
		link_up
		check "ping 8000 bytes unfragmented, MTU 9000" \
			ping_exact 3 -s 8000 -M do "$REMOTE_V4"
		check "TCP Rx, MTU 9000 (payload pages)" \
			iperf_moved rx -c "$REMOTE_V4" -R
	else
		echo "FAIL  $DRV: MTU 9000 refused"
		FAILED+=("$DRV: MTU 9000")
	fi
	ip link set "$IF" mtu 1500
	ip -n "$PEER_NS" link set peer0 mtu 1500

	check "one queue (ethtool -L combined 1)" ethtool -L "$IF" combined 1
	link_up
	check "one queue: TCP Rx (drop mode wait)" \
		iperf_moved rx -c "$REMOTE_V4" -R
	ethtool -L "$IF" combined 2 >/dev/null 2>&1
	link_up
	check "rings 512 (ethtool -G)" ethtool -G "$IF" rx 512 tx 512
	link_up
	check "coalescing 100 us / 8 frames (ethtool -C)" \
		ethtool -C "$IF" rx-usecs 100 tx-usecs 100 rx-frames 8
	check "ping after ring and coalescing changes" up_and_ping
	for _ in 1 2 3; do
		ip link set "$IF" down
		ip link set "$IF" up
	done
	check "down/up x3, then ping" up_and_ping

	emu_hmp "set_link nic0 off" >/dev/null
	check "set_link off: carrier lost" no_carrier
	check "set_link off: no traffic" no_ping
	emu_hmp "set_link nic0 on" >/dev/null
	check "set_link on: traffic again" up_and_ping

	if has_self_test; then
		check "offline self test (ethtool -t)" offline_self_test
		check "traffic after the self test" up_and_ping
	else
		skip_check "offline self test" "driver has no self test"
	fi
	if has_hw_stamps; then
		check "hardware Tx/Rx timestamps" python3 "$WORK/ts.py" "$IF"
	else
		skip_check "hardware timestamps" "driver has no hardware stamps"
	fi

	# Loading upstream's module taints the kernel: that notice is expected
	if problems_since_mark | grep -v 'loading out-of-tree module taints' \
		>"$WORK/out"; then
		echo "FAIL  $DRV: kernel log has warnings or errors"
		sed 's/^/#       /' "$WORK/out"
		FAILED+=("$DRV: kernel log")
	else
		echo "ok    $DRV: kernel log free of warnings and errors"
	fi
	fbnic_unload
}

stop_iperf3_server() {
	[ -s "$WORK/iperf3.pid" ] && kill "$(cat "$WORK/iperf3.pid")"
	rm -f "$WORK/iperf3.pid"
}

ip netns exec "$PEER_NS" true 2>/dev/null || ip netns add "$PEER_NS"
ip netns exec "$PEER_NS" iperf3 -s -D -I "$WORK/iperf3.pid"
trap stop_iperf3_server EXIT

run_checks upstream "$FBNIC_UPSTREAM_KO"
run_checks ours

if [ ${#FAILED[@]} -gt 0 ]; then
	printf '# failed: %s\n' "${FAILED[@]}"
	fail "${#FAILED[@]} check(s) failed: ${FAILED[*]}"
fi
echo "upstream and ours pass every queue-engine check"
