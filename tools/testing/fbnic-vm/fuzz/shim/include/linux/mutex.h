/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: mutexes, checked as the spinlocks are */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H

#include <linux/spinlock.h>

struct mutex {
	int held;
};

#define mutex_init(m) ((m)->held = 0)
#define mutex_destroy(m) do { } while (0)
#define mutex_lock(m) shim_lock(m)
#define mutex_unlock(m) shim_unlock(m)

#endif
