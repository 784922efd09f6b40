/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: only the type, for struct fbnic_time */
#ifndef _SHIM_LINUX_SEQLOCK_H
#define _SHIM_LINUX_SEQLOCK_H

#include <linux/spinlock.h>

typedef struct {
	unsigned int seq;
	spinlock_t lock;
} seqlock_t;

#endif
