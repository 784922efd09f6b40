/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: polling loops on the shim's clock (jiffies in ms) */
#ifndef _SHIM_LINUX_IOPOLL_H
#define _SHIM_LINUX_IOPOLL_H

#include <linux/delay.h>

#define read_poll_timeout(op, val, cond, sleep_us, timeout_us, \
			  sleep_before_read, args...) \
({ \
	unsigned long __tries = (timeout_us) / ((sleep_us) ? (sleep_us) : 1) + 1; \
	int __ret = -ETIMEDOUT; \
	while (__tries--) { \
		(val) = op(args); \
		if (cond) { \
			__ret = 0; \
			break; \
		} \
		usleep_range(sleep_us, sleep_us); \
	} \
	__ret; \
})

#endif
