/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: completions for a single thread. A wait on a
 * completion not yet done first lets the harness act as the other side
 * (shim_wait_hook(): the firmware answering, an interrupt thread
 * running); if it is still not done then, the wait times out at once.
 */
#ifndef _SHIM_LINUX_COMPLETION_H
#define _SHIM_LINUX_COMPLETION_H

#include <linux/kernel.h>

struct completion {
	unsigned int done;
};

/* Provided by the harness */
void shim_wait_hook(struct completion *c);

static inline void init_completion(struct completion *c)
{
	c->done = 0;
}

static inline void reinit_completion(struct completion *c)
{
	c->done = 0;
}

static inline void complete(struct completion *c)
{
	c->done++;
}

static inline unsigned long wait_for_completion_timeout(struct completion *c,
							unsigned long timeout)
{
	if (!c->done)
		shim_wait_hook(c);
	if (!c->done)
		return 0;
	c->done--;
	return timeout ? timeout : 1;
}

static inline bool completion_done(struct completion *c)
{
	return c->done;
}

#endif
