// SPDX-License-Identifier: GPL-2.0
/* Hands the frames of the fbnic data-path tests (their experimental
 * EtherType) to the CPU in slot 0 of a CPU map with XDP_REDIRECT: that
 * CPU's map thread builds their skbs and gives them to the stack. Nothing
 * else is redirected. The test sets the slot's queue size.
 */
#define KBUILD_MODNAME "xdp_fbnic_cpumap"
#include "xdp_fbnic_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} fbnic_cpus SEC(".maps");

SEC("xdp.frags")
int xdp_fbnic_cpumap(struct xdp_md *ctx)
{
	if (!fbnic_test_frame(ctx))
		return XDP_PASS;
	return bpf_redirect_map(&fbnic_cpus, 0, 0);
}

char _license[] SEC("license") = "GPL";
