/* SPDX-License-Identifier: GPL-2.0 */
/* What the fbnic data-path tests' XDP programs share: how they know the
 * tests' frames (an IEEE 802 local experimental EtherType, which nothing
 * else on the wire uses) and how they send one back where it came from.
 */
#ifndef _XDP_FBNIC_TEST_H
#define _XDP_FBNIC_TEST_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define FBNIC_TEST_ETHERTYPE	0x88b5

/* The frame's Ethernet header if it is one of the tests' frames, else
 * NULL
 */
static __always_inline struct ethhdr *fbnic_test_frame(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;

	if ((void *)(eth + 1) > data_end)
		return NULL;
	if (eth->h_proto != bpf_htons(FBNIC_TEST_ETHERTYPE))
		return NULL;
	return eth;
}

/* Address the frame to its sender */
static __always_inline void fbnic_swap_macs(struct ethhdr *eth)
{
	unsigned char tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
}

#endif
