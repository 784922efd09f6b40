/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: what the harnesses may use of the shim's state */
#ifndef _SHIM_H
#define _SHIM_H

#include <linux/types.h>

extern unsigned long jiffies;
/* Fail the nth allocation from now (counted from shim_reset()), 0: none */
extern unsigned long shim_alloc_fail_at;
extern unsigned long shim_alloc_count;

bool shim_alloc_should_fail(void);
void shim_reset(void);
/* Live DMA mappings: 0 once a device is torn down */
unsigned int shim_dma_mappings(void);

/* A harness's own check failed: the driver broke an invariant */
void fuzz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
#define FUZZ_BUG() fuzz_fail("invariant broken at %s:%d", __FILE__, __LINE__)

#endif
