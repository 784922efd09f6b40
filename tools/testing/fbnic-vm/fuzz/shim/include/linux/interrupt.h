/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: interrupts are never delivered by the shim */
#ifndef _SHIM_LINUX_INTERRUPT_H
#define _SHIM_LINUX_INTERRUPT_H

#include <linux/kernel.h>

typedef enum irqreturn {
	IRQ_NONE,
	IRQ_HANDLED,
	IRQ_WAKE_THREAD,
} irqreturn_t;

typedef irqreturn_t (*irq_handler_t)(int irq, void *data);

static inline int request_irq(unsigned int irq, irq_handler_t handler,
			      unsigned long flags, const char *name, void *data)
{
	(void)irq; (void)handler; (void)flags; (void)name; (void)data;
	return 0;
}

static inline const void *free_irq(unsigned int irq, void *data)
{
	(void)irq;
	return data;
}

static inline void enable_irq(unsigned int irq)
{
	(void)irq;
}

static inline void disable_irq(unsigned int irq)
{
	(void)irq;
}

static inline void synchronize_irq(unsigned int irq)
{
	(void)irq;
}

#endif
