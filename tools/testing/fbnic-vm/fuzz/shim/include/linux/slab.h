/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: kmalloc and friends are malloc, so that ASan sees the
 * exact size of every object the driver allocates. An allocation can be
 * made to fail (shim_alloc_fail_at) to reach the error paths.
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/kernel.h>

bool shim_alloc_should_fail(void);

static inline void *kmalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	if (shim_alloc_should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	if (shim_alloc_should_fail())
		return NULL;
	return calloc(1, size ? size : 1);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kzalloc(n * size, gfp);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kvmalloc(s, g) kmalloc(s, g)
#define kvzalloc(s, g) kzalloc(s, g)
#define kvcalloc(n, s, g) kcalloc(n, s, g)
#define kvfree(p) kfree(p)
#define kzalloc_obj(obj) kzalloc(sizeof(obj), GFP_KERNEL)
#define kzalloc_objs(obj, n) kcalloc(n, sizeof(obj), GFP_KERNEL)
#define kvzalloc_objs(obj, n) kcalloc(n, sizeof(obj), GFP_KERNEL)

#endif
