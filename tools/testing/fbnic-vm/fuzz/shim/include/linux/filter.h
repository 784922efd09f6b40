/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: an XDP program is the harness's shim_xdp_run() */
#ifndef _SHIM_LINUX_FILTER_H
#define _SHIM_LINUX_FILTER_H

#include <net/xdp.h>

enum xdp_action {
	XDP_ABORTED = 0,
	XDP_DROP,
	XDP_PASS,
	XDP_TX,
	XDP_REDIRECT,
};

struct bpf_prog_aux {
	bool xdp_has_frags;
};

struct bpf_prog {
	struct bpf_prog_aux *aux;
};

u32 shim_xdp_run(const struct bpf_prog *prog, struct xdp_buff *xdp);

static inline u32 bpf_prog_run_xdp(const struct bpf_prog *prog,
				   struct xdp_buff *xdp)
{
	return shim_xdp_run(prog, xdp);
}

static inline void bpf_warn_invalid_xdp_action(struct net_device *dev,
					       struct bpf_prog *prog, u32 act)
{
	(void)dev; (void)prog; (void)act;
}

#endif
