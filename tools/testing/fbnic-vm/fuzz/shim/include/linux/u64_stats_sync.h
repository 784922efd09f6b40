/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: 64-bit counters need no sequence on a 64-bit host */
#ifndef _SHIM_LINUX_U64_STATS_SYNC_H
#define _SHIM_LINUX_U64_STATS_SYNC_H

#include <linux/kernel.h>

struct u64_stats_sync {
	int in_update;
};

#define u64_stats_init(s) ((s)->in_update = 0)
#define u64_stats_update_begin(s) do { if ((s)->in_update++) \
	shim_warn(__FILE__, __LINE__, "nested u64_stats update"); } while (0)
#define u64_stats_update_end(s) do { if (--(s)->in_update) \
	shim_warn(__FILE__, __LINE__, "unbalanced u64_stats update"); } while (0)
#define u64_stats_fetch_begin(s) ((void)(s), 0U)
#define u64_stats_fetch_retry(s, start) ((void)(s), (void)(start), false)

#endif
