# SPDX-License-Identifier: GPL-2.0-or-later
# Guest half of run.sh. $TSPY is the path of ts.py in the guest.
cp -a /payload/kselftest /tmp/kselftest 2>/dev/null
. /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
. /payload/net-env.sh
require_fbnic; require_emu_ctl
fbnic_unload; log_mark; fbnic_load "$FBNIC_UPSTREAM_KO"
wait_for "ls /sys/bus/pci/drivers/fbnic/$BDF/net" 30
udevadm settle
IF=$(ls /sys/bus/pci/drivers/fbnic/$BDF/net/ | head -1)
sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1
net_env_setup "$IF"

check() {	# check NAME COMMAND...: PASS if the command succeeds
	local name=$1
	shift
	if "$@" >/tmp/txrx-vm/out 2>&1; then
		echo "PASS $name$(grep -h '^[0-9]* Mbit/s' /tmp/txrx-vm/out | sed 's/^/: /')"
	else
		echo "FAIL $name"
		sed 's/^/#   /' /tmp/txrx-vm/out | tail -n 15
	fi
}
link_up() { wait_for "ip link show $IF | grep -q 'state UP'" 30; }
ping4() { ping -c 3 -W 3 "$@" 192.0.2.2; }
up_and_ping() { link_up && ping4; }
no_ping() { ! ping -c 2 -W 1 192.0.2.2; }
# iperf3 for 4 s; at least $1 Mbit/s must arrive (TCG on a loaded
# host is slow: this checks that traffic flows, not how fast)
iperf() {
	local min=$1
	shift
	iperf3 -J -t 4 "$@" >/tmp/txrx-vm/iperf.json || return 1
	python3 -c 'import json, sys
r = json.load(open("/tmp/txrx-vm/iperf.json"))["end"]["sum_received"]
print("%.0f Mbit/s" % (r["bits_per_second"] / 1e6))
sys.exit(r["bits_per_second"] < float(sys.argv[1]) * 1e6)' "$min"
}

check "link up" link_up
ip netns exec "$FBNIC_PEER_NS" iperf3 -s -D
check "ping IPv4" ping4
check "ping IPv6" ping -6 -c 3 -W 3 2001:db8:f::2
check "TCP Tx (TSO, checksum offload)" iperf 1 -c 192.0.2.2
check "TCP Rx" iperf 1 -c 192.0.2.2 -R
check "TCP Tx IPv6 (TSO6)" iperf 1 -c 2001:db8:f::2
check "TCP Rx IPv6" iperf 1 -c 2001:db8:f::2 -R
check "UDP Tx" iperf 1 -c 192.0.2.2 -u -b 20M
ethtool -K "$IF" tso off tx off
check "TCP Tx, offloads off" iperf 1 -c 192.0.2.2
ethtool -K "$IF" tso on tx on

ip link set "$IF" mtu 9000
ip -n "$FBNIC_PEER_NS" link set peer0 mtu 9000
link_up
check "ping 8000 bytes, no fragments" ping4 -s 8000 -M do
check "TCP Tx, MTU 9000" iperf 1 -c 192.0.2.2
check "TCP Rx, MTU 9000 (payload pages)" iperf 1 -c 192.0.2.2 -R
ip link set "$IF" mtu 1500
ip -n "$FBNIC_PEER_NS" link set peer0 mtu 1500

ethtool -L "$IF" combined 1 && link_up
check "one queue: TCP Rx (drop mode wait)" iperf 1 -c 192.0.2.2 -R
ethtool -L "$IF" combined 2 && link_up
ethtool -G "$IF" rx 512 tx 512 && link_up
ethtool -C "$IF" rx-usecs 100 tx-usecs 100 rx-frames 8
check "rings 512, coalescing 100 us / 8 frames" ping4
for i in 1 2 3; do ip link set "$IF" down; ip link set "$IF" up; done
check "down/up x3" up_and_ping

emu_hmp "set_link wire0 off" >/dev/null
check "set_link off: carrier lost" wait_for "ip link show $IF | grep -q NO-CARRIER" 10
check "set_link off: no traffic" no_ping
emu_hmp "set_link wire0 on" >/dev/null
check "set_link on: traffic again" up_and_ping

check "offline self test" ethtool -t "$IF" offline
link_up
check "hardware timestamps" python3 "$TSPY" "$IF"

ip -s link show "$IF"
ethtool -S "$IF" | grep -E "rde_|ptp|rxb_drbo0_frames|rxb_intf3_frames" | grep -v ": 0$"
# the out-of-tree taint notice of loading upstream's module is expected
if problems_since_mark | grep -v "loading out-of-tree module taints"; then
	echo "FAIL kernel log"
else
	echo "PASS kernel log free of warnings/errors"
fi
