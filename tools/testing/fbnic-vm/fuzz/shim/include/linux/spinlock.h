/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: locks for a single thread. A lock knows whether it is
 * held: taking it twice, or releasing it unheld, aborts (a deadlock or
 * an unbalanced unlock in the kernel), and lockdep_assert_held() works.
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <linux/kernel.h>

typedef struct {
	int held;
} spinlock_t;

#define DEFINE_SPINLOCK(x) spinlock_t x = { 0 }
#define spin_lock_init(l) ((l)->held = 0)

#define shim_lock(l) do { if ((l)->held) \
	shim_warn(__FILE__, __LINE__, "lock already held: " #l); \
	(l)->held = 1; } while (0)
#define shim_unlock(l) do { if (!(l)->held) \
	shim_warn(__FILE__, __LINE__, "unlock of a free lock: " #l); \
	(l)->held = 0; } while (0)

#define spin_lock(l) shim_lock(l)
#define spin_unlock(l) shim_unlock(l)
#define spin_lock_bh(l) shim_lock(l)
#define spin_unlock_bh(l) shim_unlock(l)
#define spin_lock_irq(l) shim_lock(l)
#define spin_unlock_irq(l) shim_unlock(l)
#define spin_lock_irqsave(l, f) do { (f) = 0; shim_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f) do { (void)(f); shim_unlock(l); } while (0)

#define local_bh_disable() do { } while (0)
#define local_bh_enable() do { } while (0)

#endif
