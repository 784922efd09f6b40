// SPDX-License-Identifier: GPL-2.0
/* Sends the frames of the fbnic data-path tests (their experimental
 * EtherType) back where they came from, addresses swapped, through the
 * device in slot 0 of a device map with XDP_REDIRECT: the target's
 * ndo_xdp_xmit() sends them. Everything else goes to the stack. The test
 * puts the target's ifindex in the map.
 */
#define KBUILD_MODNAME "xdp_fbnic_devmap"
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define FBNIC_TEST_ETHERTYPE	0x88b5

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} fbnic_tx_port SEC(".maps");

SEC("xdp.frags")
int xdp_fbnic_devmap(struct xdp_md *ctx)
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
	/* An empty slot makes it XDP_ABORTED: the frame is lost, visibly */
	return bpf_redirect_map(&fbnic_tx_port, 0, 0);
}

char _license[] SEC("license") = "GPL";
