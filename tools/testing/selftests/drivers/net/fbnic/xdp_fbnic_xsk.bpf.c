// SPDX-License-Identifier: GPL-2.0
/* Hands the frames of the fbnic data-path tests (their experimental
 * EtherType) to the AF_XDP socket bound to the queue they came in on;
 * without one there, and for everything else, to the stack. The test's
 * socket puts itself in the map.
 */
#define KBUILD_MODNAME "xdp_fbnic_xsk"
#include "xdp_fbnic_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u32);
} fbnic_xsks SEC(".maps");

SEC("xdp.frags")
int xdp_fbnic_xsk(struct xdp_md *ctx)
{
	if (!fbnic_test_frame(ctx))
		return XDP_PASS;
	return bpf_redirect_map(&fbnic_xsks, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
