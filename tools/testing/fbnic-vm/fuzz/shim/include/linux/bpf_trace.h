/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_BPF_TRACE_H
#define _SHIM_LINUX_BPF_TRACE_H

#include <linux/filter.h>

static inline void trace_xdp_exception(const struct net_device *dev,
				       const struct bpf_prog *prog, u32 act)
{
	(void)dev; (void)prog; (void)act;
}

#endif
