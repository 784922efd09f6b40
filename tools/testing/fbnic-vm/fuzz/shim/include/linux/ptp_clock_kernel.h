/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: only the types, for struct fbnic_time */
#ifndef _SHIM_LINUX_PTP_CLOCK_KERNEL_H
#define _SHIM_LINUX_PTP_CLOCK_KERNEL_H

#include <linux/types.h>

struct ptp_clock;
struct ptp_clock_info {
	char name[32];
	s32 max_adj;
};

#endif
