/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: devices are only named in messages (linux/kernel.h) */
#ifndef _SHIM_LINUX_DEVICE_H
#define _SHIM_LINUX_DEVICE_H

#include <linux/kernel.h>

struct device {
	int unused;
};

#endif
