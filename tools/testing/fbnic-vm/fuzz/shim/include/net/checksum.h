/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_NET_CHECKSUM_H
#define _SHIM_NET_CHECKSUM_H

#include <linux/kernel.h>

/* Only reached with checksum offload, which is not fuzzed */
static inline void csum_replace_by_diff(__sum16 *sum, __wsum diff)
{
	(void)sum; (void)diff;
	shim_unreachable_call(__func__);
}

#endif
