# SPDX-License-Identifier: GPL-2.0-or-later
# Guest half of run.sh traffic: the virtio-net peer sends exact frames over
# the wire; counter deltas (ethtool -S, eth-mac, rmon, ip -s) must match.
# RSS: per-queue qstats must match Toeplitz(ethtool key) + indirection.
# Tx: frames the host sends, as the MAC counts them. $SENDPY: send.py.
cp -a /payload/kselftest /tmp/kselftest 2>/dev/null
. /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
require_fbnic
fbnic_unload; log_mark; fbnic_load "$FBNIC_UPSTREAM_KO"
udevadm settle; sleep 1; IF=$(ls /sys/bus/pci/drivers/fbnic/$BDF/net/ | head -1)
PEER=$(ip -j link show | jq -r --arg m "$FBNIC_PEER_MAC" '.[] | select(.address == $m) | .ifname')
ip netns add pn; ip link set $PEER netns pn name peer0
sysctl -qw net.ipv6.conf.$IF.disable_ipv6=1
ip netns exec pn sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip addr add 192.0.2.1/24 dev $IF; ip link set $IF up
ip -n pn addr add 192.0.2.2/24 dev peer0; ip -n pn link set peer0 mtu 9800 up
sleep 6
ip netns exec pn ping -c 3 -W 2 192.0.2.1
MYMAC=$(cat /sys/class/net/$IF/address)
# no ARP refreshes in the middle of a count
ip neigh replace 192.0.2.2 lladdr $FBNIC_PEER_MAC dev $IF nud permanent
ip -n pn neigh replace 192.0.2.1 lladdr $MYMAC dev peer0 nud permanent
SEND="ip netns exec pn python3 $SENDPY peer0"
snap() { { ethtool -S $IF; ethtool -S $IF --groups eth-mac rmon | sed 's/: /:: /'; ip -j -s link show $IF | jq -r '.[0].stats64.rx | "ip_rx_packets: \(.packets)\nip_rx_bytes: \(.bytes)\nip_rx_dropped: \(.dropped)\nip_rx_missed: \(.missed_errors)"'; } | sed 's/^ *//; s/:: */: /' > $1; }
sleep 2; snap /tmp/a
$SEND $MYMAC udp4 100 100
$SEND ff:ff:ff:ff:ff:ff raw 20 60
$SEND 01:00:5e:7f:00:01 raw 30 60
$SEND 02:99:00:00:00:01 raw 10 200
$SEND $MYMAC udp4 3 9000
$SEND $MYMAC udp4 2 9745
$SEND $MYMAC udp4 2 9790
$SEND $MYMAC raw 5 30
sleep 2; snap /tmp/b
python3 - <<'PY'
def load(p):
    d = {}
    for l in open(p):
        if ":" in l:
            k, v = l.rsplit(":", 1)
            try: d[k.strip()] = int(v)
            except ValueError: pass
    return d
a, b = load("/tmp/a"), load("/tmp/b")
delta = lambda k: b.get(k, 0) - a.get(k, 0)
wire = lambda n: max(n, 60) + 4
acc = 100 + 20 + 3 + 5          # accepted by the classifier
ok = acc + 30 + 10 + 2          # the MAC received fine (2 over the RMI MTU)
exp = {
  "eth-mac-FramesReceivedOK": ok,
  "eth-mac-OctetsReceivedOK": 100*wire(100) + 20*wire(60) + 30*wire(60) + 10*wire(200) + 3*wire(9000) + 2*wire(9745) + 5*wire(30),
  "eth-mac-BroadcastFramesReceivedOK": 20,
  "eth-mac-MulticastFramesReceivedOK": 30,
  "eth-mac-FrameTooLongErrors": 2,
  "rmon-etherStatsOversizePkts": 2,
  "rx-rmon-etherStatsPkts64Octets": 20 + 30 + 5,
  "rx-rmon-etherStatsPkts65to127Octets": 100,
  "rx-rmon-etherStatsPkts128to255Octets": 10,
  "rx-rmon-etherStatsPkts8192to9216Octets": 3,
  "rx-rmon-etherStatsPkts9217to9742Octets": 0,   # 9749 > MAX (RMI MTU)
  "rpc_unkn_etype": 20 + 5 + 30 + 10,
  "rxb_drbo0_frames": acc + 30 + 10,
  "rxb_fifo0_dropped_frames": 30 + 10,
  "rxb_intf3_frames": acc,
  "ip_rx_packets": acc,
  "ip_rx_dropped": 25,     # unknown EtherType: no protocol handler
}
bad = 0
for k, v in exp.items():
    got = delta(k)
    print(("ok   " if got == v else "FAIL ") + f"{k}: {got} (expected {v})")
    bad += got != v
print("intf3 bytes", delta("rxb_intf3_bytes"), "ip rx bytes", delta("ip_rx_bytes"))
print("RESULT", "PASS" if not bad else "FAIL")
PY
grep -E "rde_[0-9]+_pkt" /tmp/b | grep -v ": 0" | head

# --- filtering with real frames: joined group, promiscuous mode
rxp() { ip -j -s link show $IF | jq .[0].stats64.rx.packets; }
filt() {	# $1 what, $2 expected delta, $3 destination MAC
	local before=$(rxp)
	$SEND $3 udp4 5 100; sleep 1
	[ $(($(rxp) - before)) = $2 ] && echo "FILTER ok   $1" ||
		echo "FILTER FAIL $1: $(($(rxp) - before)) of 5 frames received"
}
filt "unjoined group dropped" 0 01:00:5e:7f:00:01
ip maddr add 01:00:5e:7f:00:01 dev $IF
filt "joined group received" 5 01:00:5e:7f:00:01
ip maddr del 01:00:5e:7f:00:01 dev $IF
filt "left group dropped" 0 01:00:5e:7f:00:01
filt "foreign unicast dropped" 0 02:99:00:00:00:01
ip link set $IF promisc on; sleep 1
filt "foreign unicast in promiscuous mode" 5 02:99:00:00:00:01
ip link set $IF promisc off; sleep 1
filt "foreign unicast after promiscuous off" 0 02:99:00:00:00:01

# --- RSS: TCP flows spread as Toeplitz(ethtool key) and the table say
ethtool -x $IF > /tmp/x
qstats() { python3 -c '
import sys, json
sys.path.insert(0, "/tmp/kselftest/drivers/net/hw")
from lib.py import NetdevFamily
nf = NetdevFamily()
q = nf.qstats_get({"ifindex": int(sys.argv[1]), "scope": ["queue"]}, dump=True)
print(json.dumps({x["queue-id"]: x.get("rx-packets", 0) for x in q if x["queue-type"] == "rx"}))
' $(cat /sys/class/net/$IF/ifindex); }
qstats > /tmp/qa
$SEND $MYMAC tcp4 64 60
sleep 2
qstats > /tmp/qb
python3 - <<'PY'
import json, re, struct, ipaddress
x = open("/tmp/x").read()
key = bytes(int(b, 16) for b in re.search(r"RSS hash key:\s*\n(\S+)", x).group(1).split(":"))
indir = []
for line in x.splitlines():
    m = re.match(r"\s*\d+:\s+([\d\s]+)$", line)
    if m:
        indir += [int(v) for v in m.group(1).split()]
def top(data):
    k = int.from_bytes(key, "big"); kl = len(key) * 8; h = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (k >> (kl - 32 - i)) & 0xffffffff
    return h
want = {}
for i in range(64):
    t = ipaddress.ip_address("192.0.2.2").packed + ipaddress.ip_address("192.0.2.1").packed + struct.pack(">HH", 10000 + i, 9)
    q = indir[top(t) % len(indir)]
    want[q] = want.get(q, 0) + 1
a = {int(k): v for k, v in json.load(open("/tmp/qa")).items()}
b = {int(k): v for k, v in json.load(open("/tmp/qb")).items()}
got = {q: b[q] - a.get(q, 0) for q in b if b[q] - a.get(q, 0)}
print("per-queue rx packets", got, "predicted", want)
print("RSS", "PASS" if got == want and len(got) > 1 else "FAIL")
PY

# --- checksums: TCP/UDP verified by the device (UNNECESSARY), the rest
# CHECKSUM_COMPLETE from the L2 checksum, which the stack cross-checks
csumstats() { python3 -c '
import sys, json
sys.path.insert(0, "/tmp/kselftest/drivers/net/hw")
from lib.py import NetdevFamily
q = NetdevFamily().qstats_get({"ifindex": int(sys.argv[1])}, dump=True)[0]
print(json.dumps({k: q.get(k, 0) for k in ("rx-csum-complete", "rx-csum-unnecessary", "rx-csum-none")}))
' $(cat /sys/class/net/$IF/ifindex); }
udpcsumerr() { awk '/^Udp:/ { if (h) print $8; h = 1 }' /proc/net/snmp; }
ethtool -K $IF rx on
csumstats > /tmp/ca; e0=$(udpcsumerr)
ip netns exec pn ping -q -c 10 -i 0.2 -s 333 192.0.2.1
ip netns exec pn ping -q -c 10 -i 0.2 -s 1000 192.0.2.1
$SEND $MYMAC tcp4 10 60
$SEND $MYMAC udp4-nocsum 10 101
$SEND $MYMAC udp4-badcsum 10 99
sleep 2
csumstats > /tmp/cb; e1=$(udpcsumerr)
python3 - $((e1 - e0)) <<'PY'
import json, sys
a, b = json.load(open("/tmp/ca")), json.load(open("/tmp/cb"))
d = {k: b[k] - a[k] for k in a}
# 20 pings + 10 zero-checksum UDP + 10 bad-checksum UDP: complete;
# the 10 TCP frames are "unnecessary", which upstream does not count
ok = d["rx-csum-complete"] == 40 and int(sys.argv[1]) == 10
print("CSUM", "PASS" if ok else "FAIL", d, "udp InCsumErrors +%s (expected 10)" % sys.argv[1])
PY
dmesg | grep -i "hw csum failure" && echo "CSUM FAIL: the stack disagreed with CHECKSUM_COMPLETE" || echo "CSUM no hw csum failure"

# --- Tx: frames the host sends, as the MAC counts them
ip link set $IF mtu 2100
sleep 3
snap /tmp/c
python3 - "$IF" "$FBNIC_PEER_MAC" <<'PY'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind((sys.argv[1], 0))
sa = bytes(int(x, 16) for x in open(f"/sys/class/net/{sys.argv[1]}/address").read().split(":"))
peer = bytes(int(x, 16) for x in sys.argv[2].split(":"))
for n, da, size in ((40, peer, 100), (10, b"\xff" * 6, 60), (7, bytes.fromhex("01005e000001"), 1500), (3, peer, 2000)):
    for i in range(n):
        s.send(da + sa + b"\x88\xb5" + bytes(size - 14))
PY
sleep 2; snap /tmp/d
python3 - <<'PY'
def load(p):
    d = {}
    for l in open(p):
        if ":" in l:
            k, v = l.rsplit(":", 1)
            try: d[k.strip()] = int(v)
            except ValueError: pass
    return d
a, b = load("/tmp/c"), load("/tmp/d")
delta = lambda k: b.get(k, 0) - a.get(k, 0)
exp = {"eth-mac-FramesTransmittedOK": 60, "eth-mac-OctetsTransmittedOK": 40*104 + 10*64 + 7*1504 + 3*2004,
       "eth-mac-BroadcastFramesXmittedOK": 10, "eth-mac-MulticastFramesXmittedOK": 7,
       "tx-rmon-etherStatsPkts64Octets": 10, "tx-rmon-etherStatsPkts65to127Octets": 40,
       "tx-rmon-etherStatsPkts1024to1518Octets": 7, "tx-rmon-etherStatsPkts1519to2047Octets": 3}
bad = 0
for k, v in exp.items():
    print(("ok   " if delta(k) == v else "FAIL ") + f"{k}: {delta(k)} (expected {v})")
    bad += delta(k) != v
print("TX", "PASS" if not bad else "FAIL")
PY
problems_since_mark || echo "no kernel warnings/errors"
