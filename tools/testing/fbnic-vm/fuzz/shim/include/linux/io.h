/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: MMIO is plain memory the harness lays out as BARs */
#ifndef _SHIM_LINUX_IO_H
#define _SHIM_LINUX_IO_H

#include <linux/kernel.h>

static inline u32 readl(const volatile void __iomem *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void writel(u32 val, volatile void __iomem *addr)
{
	*(volatile u32 *)addr = val;
}

#endif
