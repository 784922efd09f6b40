// SPDX-License-Identifier: GPL-2.0
/* Sends the frames of the fbnic data-path tests (their experimental
 * EtherType) back where they came from, addresses swapped, with XDP_TX;
 * everything else goes to the stack.
 */
#define KBUILD_MODNAME "xdp_fbnic_tx"
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define FBNIC_TEST_ETHERTYPE	0x88b5

SEC("xdp.frags")
int xdp_fbnic_tx(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	unsigned char tmp[ETH_ALEN];

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(FBNIC_TEST_ETHERTYPE))
		return XDP_PASS;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
