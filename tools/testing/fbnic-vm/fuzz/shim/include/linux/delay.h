/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: sleeping advances jiffies and returns */
#ifndef _SHIM_LINUX_DELAY_H
#define _SHIM_LINUX_DELAY_H

#include <linux/jiffies.h>

static inline void msleep(unsigned int ms)
{
	jiffies += msecs_to_jiffies(ms);
}

static inline void usleep_range(unsigned long lo, unsigned long hi)
{
	(void)hi;
	jiffies += lo / 1000 + 1;
}

static inline void udelay(unsigned long us)
{
	(void)us;
}

#define ndelay(x) udelay(x)
#define fsleep(us) usleep_range(us, us)

#endif
