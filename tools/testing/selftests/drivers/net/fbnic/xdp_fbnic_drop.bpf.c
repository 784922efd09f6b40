// SPDX-License-Identifier: GPL-2.0
/* Drops the frames of the fbnic data-path tests (their experimental
 * EtherType) and passes everything else, so the test can still talk to
 * the remote end while the program runs.
 */
#define KBUILD_MODNAME "xdp_fbnic_drop"
#include "xdp_fbnic_test.h"

SEC("xdp.frags")
int xdp_fbnic_drop(struct xdp_md *ctx)
{
	return fbnic_test_frame(ctx) ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
