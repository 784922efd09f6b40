// SPDX-License-Identifier: GPL-2.0
/* Sends the frames of the fbnic data-path tests (their experimental
 * EtherType) back where they came from, addresses swapped, with XDP_TX;
 * everything else goes to the stack.
 */
#define KBUILD_MODNAME "xdp_fbnic_tx"
#include "xdp_fbnic_test.h"

SEC("xdp.frags")
int xdp_fbnic_tx(struct xdp_md *ctx)
{
	struct ethhdr *eth = fbnic_test_frame(ctx);

	if (!eth)
		return XDP_PASS;
	fbnic_swap_macs(eth);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
