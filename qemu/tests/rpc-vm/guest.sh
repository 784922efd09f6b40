# SPDX-License-Identifier: GPL-2.0-or-later
# Guest half of run.sh: upstream fbnic programs the classifier, probe.py
# pushes frames through it over the rig's monitor port and checks them.
# $PROBE is the path of probe.py in the guest.
cp -a /payload/kselftest /tmp/kselftest 2>/dev/null
. /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
require_fbnic; require_emu_ctl
fbnic_unload; log_mark; fbnic_load "$FBNIC_UPSTREAM_KO"
IF=$(ls /sys/bus/pci/drivers/fbnic/$BDF/net/ | head -1)
ip link set $IF up; sleep 6
P="python3 $PROBE $IF"
export FBNIC_EMU_CTL
$P rss
$P accept:$(cat /sys/class/net/$IF/address)
$P accept:ff:ff:ff:ff:ff:ff
$P drop:02:11:22:33:44:55
$P accept:33:33:00:00:00:01
$P drop:33:33:00:00:00:99
ip maddr add 33:33:00:00:00:99 dev $IF
$P accept:33:33:00:00:00:99
ip maddr del 33:33:00:00:00:99 dev $IF
$P drop:33:33:00:00:00:99
ip link set $IF allmulticast on
$P accept:33:33:00:00:00:99
$P drop:02:11:22:33:44:55
ip link set $IF allmulticast off
ip link set $IF promisc on
$P accept:02:11:22:33:44:55
$P accept:33:33:00:00:00:99
ip link set $IF promisc off
$P drop:02:11:22:33:44:55
ip link add link $IF name mv0 address 02:aa:bb:cc:dd:ee type macvlan &&
	ip link set mv0 up
$P accept:02:aa:bb:cc:dd:ee
ethtool -N $IF rx-flow-hash udp4 sdfn
$P udp4-l4
ethtool -N $IF flow-type tcp4 dst-port 5001 action 1 && $P nfc
ethtool -S $IF | grep -E "rpc_|rxb_drbo0_frames|rxb_intf3_frames|rxb_fifo0_dropped_frames|rxb_parser_err0"
ethtool -S $IF --groups eth-mac | grep -E "Received|Octets"
problems_since_mark || echo "no kernel warnings/errors"
