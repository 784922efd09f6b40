// SPDX-License-Identifier: GPL-2.0
/* Sends the frames of the fbnic data-path tests (their experimental
 * EtherType) back where they came from, addresses swapped, through the
 * device in slot 0 of a device map with XDP_REDIRECT: the target's
 * ndo_xdp_xmit() sends them. Everything else goes to the stack. The test
 * puts the target's ifindex in the map.
 */
#define KBUILD_MODNAME "xdp_fbnic_devmap"
#include "xdp_fbnic_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} fbnic_tx_port SEC(".maps");

SEC("xdp.frags")
int xdp_fbnic_devmap(struct xdp_md *ctx)
{
	struct ethhdr *eth = fbnic_test_frame(ctx);

	if (!eth)
		return XDP_PASS;
	fbnic_swap_macs(eth);
	/* An empty slot makes it XDP_ABORTED: the frame is lost, visibly */
	return bpf_redirect_map(&fbnic_tx_port, 0, 0);
}

char _license[] SEC("license") = "GPL";
