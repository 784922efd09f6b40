// SPDX-License-Identifier: GPL-2.0
/* Drops the frames of the fbnic data-path tests (their experimental
 * EtherType) and passes everything else, so the test can still talk to
 * the remote end while the program runs.
 */
#define KBUILD_MODNAME "xdp_fbnic_drop"
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define FBNIC_TEST_ETHERTYPE	0x88b5

SEC("xdp.frags")
int xdp_fbnic_drop(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(FBNIC_TEST_ETHERTYPE))
		return XDP_DROP;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
