/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: page allocations are page-aligned mallocs */
#ifndef _SHIM_LINUX_GFP_H
#define _SHIM_LINUX_GFP_H

#include <linux/kernel.h>

#define GFP_KERNEL	0x1u
#define GFP_ATOMIC	0x2u
#define __GFP_NOWARN	0x4u
#define __GFP_ZERO	0x8u

#ifndef PAGE_SHIFT
#define PAGE_SHIFT	12
#endif
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define NUMA_NO_NODE	(-1)

bool shim_alloc_should_fail(void);

static inline unsigned long __get_free_page(gfp_t gfp)
{
	void *p;

	if (shim_alloc_should_fail())
		return 0;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, PAGE_SIZE);
	return (unsigned long)p;
}

static inline unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_page(gfp | __GFP_ZERO);
}

static inline void free_page(unsigned long addr)
{
	free((void *)addr);
}

#endif
