/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: work items are not run by the shim; a harness runs
 * the ones it models by calling work.func itself when pending is set.
 */
#ifndef _SHIM_LINUX_WORKQUEUE_H
#define _SHIM_LINUX_WORKQUEUE_H

#include <linux/kernel.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	bool pending;
};

struct delayed_work {
	struct work_struct work;
	unsigned long delay;
};

struct workqueue_struct {
	int unused;
};

extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_dfl_wq;

#define INIT_WORK(w, f) do { (w)->func = (f); (w)->pending = false; } while (0)
#define INIT_DELAYED_WORK(w, f) do { INIT_WORK(&(w)->work, f); \
	(w)->delay = 0; } while (0)
#define to_delayed_work(w) container_of(w, struct delayed_work, work)

static inline bool queue_work(struct workqueue_struct *wq,
			      struct work_struct *w)
{
	bool was = w->pending;

	(void)wq;
	w->pending = true;
	return !was;
}

static inline bool schedule_work(struct work_struct *w)
{
	return queue_work(system_wq, w);
}

static inline bool mod_delayed_work(struct workqueue_struct *wq,
				    struct delayed_work *dw,
				    unsigned long delay)
{
	bool was = dw->work.pending;

	(void)wq;
	if (!dw->work.func)
		shim_warn(__FILE__, __LINE__, "uninitialised delayed work");
	dw->work.pending = true;
	dw->delay = delay;
	return was;
}

static inline bool queue_delayed_work(struct workqueue_struct *wq,
				      struct delayed_work *dw,
				      unsigned long delay)
{
	if (dw->work.pending)
		return false;
	mod_delayed_work(wq, dw, delay);
	return true;
}

static inline bool schedule_delayed_work(struct delayed_work *dw,
					 unsigned long delay)
{
	return queue_delayed_work(system_wq, dw, delay);
}

static inline bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	bool was = dw->work.pending;

	dw->work.pending = false;
	return was;
}

static inline bool cancel_work_sync(struct work_struct *w)
{
	bool was = w->pending;

	w->pending = false;
	return was;
}

#define cancel_delayed_work(dw) cancel_delayed_work_sync(dw)
#define flush_work(w) do { } while (0)

#endif
