#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Sourced: puts the virtio-net peer NIC into its own network namespace,
# addresses both ends of the emulated wire, and exports the environment
# of the kernel's drivers/net selftests (lib/py/env.py: NetDrvEpEnv).
# The addresses stay clear of 192.0.2.0/24 and 2001:db8::/64, which those
# tests give the inner ends of their tunnels. LOCAL_PREFIX_V6 is the
# prefix of the netkit tests' (NetDrvContEnv: nk_*.py, userns_devmem.py)
# container behind the fbnic host: the peer routes it to LOCAL_V6.
# $1: the fbnic interface. Returns non-zero if the wire is not there.
# The interface name must be final: run `udevadm settle` after a load.

FBNIC_PEER_NS=fbnic-peer
[ -n "${FBNIC_PEER_MAC:-}" ] || . /payload/rig.env

net_env_setup() {
	local dev=$1 peer

	[ -n "${FBNIC_PEER_MAC:-}" ] || { echo "# no peer NIC on the wire"; return 1; }
	peer=$(ip -j link show | jq -r --arg m "$FBNIC_PEER_MAC" \
		'.[] | select(.address == $m) | .ifname' | head -n1)
	if [ -z "$peer" ]; then
		ip netns exec "$FBNIC_PEER_NS" true 2>/dev/null ||
			{ echo "# peer NIC $FBNIC_PEER_MAC not found"; return 1; }
	else
		ip netns add "$FBNIC_PEER_NS" 2>/dev/null
		ip link set "$peer" netns "$FBNIC_PEER_NS" name peer0 || return 1
	fi
	ip -n "$FBNIC_PEER_NS" link set lo up
	# Tests take the interfaces down and up; a host's network manager
	# would put the addresses back, here they simply stay.
	ip netns exec "$FBNIC_PEER_NS" sysctl -qw net.ipv6.conf.peer0.keep_addr_on_down=1
	sysctl -qw "net.ipv6.conf.$dev.keep_addr_on_down=1"
	ip -n "$FBNIC_PEER_NS" addr replace 203.0.113.2/24 dev peer0
	ip -n "$FBNIC_PEER_NS" addr replace 2001:db8:f::2/64 dev peer0 nodad
	ip -n "$FBNIC_PEER_NS" link set peer0 up
	ip addr replace 203.0.113.1/24 dev "$dev"
	ip addr replace 2001:db8:f::1/64 dev "$dev" nodad
	ip link set "$dev" up
	ip -n "$FBNIC_PEER_NS" -6 route replace 2001:db8:e::/64 \
		via 2001:db8:f::1 dev peer0

	export NETIF=$dev
	export LOCAL_V4=203.0.113.1 REMOTE_V4=203.0.113.2
	export LOCAL_V6=2001:db8:f::1 REMOTE_V6=2001:db8:f::2
	export LOCAL_PREFIX_V6=2001:db8:e::/64
	export REMOTE_TYPE=netns REMOTE_ARGS=$FBNIC_PEER_NS
}
