// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/timekeeping.h>

#include "fbnic.h"
#include "fbnic_regs.h"

/*
 * The NIC's time counter as a PTP hardware clock. The counter runs free
 * from probe to remove; the clock's time is the counter plus a software
 * offset, which settime and adjtime move. Only the rate (adjfine) is
 * changed in the device. Keeping the counter monotonic this way lets the
 * data path widen the 40-bit stamps of its descriptors against a recent
 * counter value (fbnic_time::base) without ever seeing it go backwards.
 *
 * The counter wraps its low 40 bits every 2^40 ns, about 18 minutes. The
 * base is refreshed every minute and kept a minute behind the counter,
 * so a stamp up to a minute old when the base moved, and up to about 16
 * minutes newer than it, widens correctly.
 */

#define FBNIC_TIME_STAMP_MASK		GENMASK_ULL(39, 0)
#define FBNIC_TIME_REFRESH_PERIOD	(60 * HZ)
#define FBNIC_TIME_BASE_LAG_NS		(60 * NSEC_PER_SEC)
/* A refresh this late leaves less than half the widening window */
#define FBNIC_TIME_REFRESH_LATE		(8 * 60 * HZ)
/* One retry catches a carry; the counter carries every 4.3 seconds */
#define FBNIC_TIME_READ_TRIES		3
/* A rate of zero would stop the clock */
#define FBNIC_TIME_MAX_ADJ_PPB		999999999

static struct fbnic_dev *fbnic_time_fbd(struct ptp_clock_info *info)
{
	return container_of(info, struct fbnic_dev, time.info);
}

/* ns per tick of the data path clock, as the Q16.32 number the addend is */
static u64 fbnic_time_nominal_addend(void)
{
	return div_u64((u64)NSEC_PER_SEC << 32, FBNIC_PTP_CLOCK_HZ);
}

/* Read the 64-bit counter. The high word is read again after the low
 * one: if it changed, the low word may be from either side of a carry
 * and is read once more. @sts, if given, brackets the low word's read,
 * the one that pins the value down.
 */
static u64 fbnic_time_read_counter(struct fbnic_dev *fbd,
				   struct ptp_system_timestamp *sts)
{
	unsigned int tries = FBNIC_TIME_READ_TRIES;
	u32 hi, lo, hi_again;

	hi = fbnic_rd32(fbd, FBNIC_PTP_CTR_VAL_HI);
	do {
		ptp_read_system_prets(sts);
		lo = fbnic_rd32(fbd, FBNIC_PTP_CTR_VAL_LO);
		ptp_read_system_postts(sts);
		hi_again = fbnic_rd32(fbd, FBNIC_PTP_CTR_VAL_HI);
		if (hi_again == hi)
			break;
		hi = hi_again;
	} while (--tries);

	return (u64)hi << 32 | lo;
}

/* Whether the counter can be used: running, on a device that answers */
static bool fbnic_time_usable(struct fbnic_dev *fbd)
{
	return READ_ONCE(fbd->time.running) && fbnic_present(fbd);
}

static void fbnic_time_write_addend(struct fbnic_dev *fbd, u64 addend)
{
	fbnic_wr32(fbd, FBNIC_PTP_ADD_VAL_NS,
		   FIELD_PREP(FBNIC_PTP_ADD_VAL_NS_INT, addend >> 32));
	fbnic_wr32(fbd, FBNIC_PTP_ADD_VAL_SUBNS, lower_32_bits(addend));
}

/* Start the counter at @start ns. It is enabled first, then loaded with
 * the rate and the start value, and only then are its outputs to the
 * MAC and the Tx scheduler turned on; the read back flushes the writes.
 */
static void fbnic_time_hw_start(struct fbnic_dev *fbd, u64 start)
{
	u32 ctrl = FBNIC_PTP_CTRL_EN | FIELD_PREP(FBNIC_PTP_CTRL_TICK_IVAL, 1);

	fbnic_wr32(fbd, FBNIC_PTP_CTRL, ctrl);
	fbnic_time_write_addend(fbd, fbd->time.addend);
	fbnic_wr32(fbd, FBNIC_PTP_INIT_HI, upper_32_bits(start));
	fbnic_wr32(fbd, FBNIC_PTP_INIT_LO, lower_32_bits(start));
	fbnic_wr32(fbd, FBNIC_PTP_ADJUST, FBNIC_PTP_ADJUST_INIT);

	ctrl |= FBNIC_PTP_CTRL_TQS_OUT_EN |
		FIELD_PREP(FBNIC_PTP_CTRL_MAC_OUT_IVAL, 3);
	fbnic_wr32(fbd, FBNIC_PTP_CTRL, ctrl);
	fbnic_rd32(fbd, FBNIC_PTP_SPARE);
}

/* Move the base the data path widens stamps against up to the counter */
static void fbnic_time_refresh(struct fbnic_dev *fbd)
{
	struct fbnic_time *t = &fbd->time;
	u64 now;

	now = fbnic_time_read_counter(fbd, NULL);
	if (!fbnic_present(fbd))
		return;

	write_seqlock_bh(&t->lock);
	t->base = now - FBNIC_TIME_BASE_LAG_NS;
	write_sequnlock_bh(&t->lock);
	t->refreshed = jiffies;
}

static long fbnic_time_aux_work(struct ptp_clock_info *info)
{
	struct fbnic_dev *fbd = fbnic_time_fbd(info);
	struct fbnic_time *t = &fbd->time;

	if (!READ_ONCE(t->running))
		return -1;
	if (time_after(jiffies, t->refreshed + FBNIC_TIME_REFRESH_LATE))
		dev_warn(fbd->dev, "time base refreshed %lu s ago: Rx/Tx timestamps may be wrong\n",
			 (jiffies - t->refreshed) / HZ);

	fbnic_time_refresh(fbd);
	if (!fbnic_present(fbd)) {
		/* Until a reset brings the device back, if one does */
		dev_warn(fbd->dev, "device lost, PTP clock stopped\n");
		return -1;
	}
	return FBNIC_TIME_REFRESH_PERIOD;
}

static int fbnic_time_gettimex64(struct ptp_clock_info *info,
				 struct timespec64 *ts,
				 struct ptp_system_timestamp *sts)
{
	struct fbnic_dev *fbd = fbnic_time_fbd(info);
	struct fbnic_time *t = &fbd->time;
	unsigned int seq;
	u64 counter;
	s64 offset;

	do {
		seq = read_seqbegin(&t->lock);
		counter = fbnic_time_read_counter(fbd, sts);
		offset = t->offset;
	} while (read_seqretry(&t->lock, seq));

	if (!fbnic_time_usable(fbd))
		return -ENODEV;
	*ts = ns_to_timespec64(counter + offset);
	return 0;
}

static int fbnic_time_settime64(struct ptp_clock_info *info,
				const struct timespec64 *ts)
{
	struct fbnic_dev *fbd = fbnic_time_fbd(info);
	struct fbnic_time *t = &fbd->time;
	u64 counter;
	int err = 0;

	write_seqlock_bh(&t->lock);
	counter = fbnic_time_read_counter(fbd, NULL);
	if (fbnic_time_usable(fbd))
		t->offset = timespec64_to_ns(ts) - counter;
	else
		err = -ENODEV;
	write_sequnlock_bh(&t->lock);
	return err;
}

static int fbnic_time_adjtime(struct ptp_clock_info *info, s64 delta)
{
	struct fbnic_dev *fbd = fbnic_time_fbd(info);
	struct fbnic_time *t = &fbd->time;

	if (!fbnic_time_usable(fbd))
		return -ENODEV;

	write_seqlock_bh(&t->lock);
	t->offset += delta;
	write_sequnlock_bh(&t->lock);
	return 0;
}

static int fbnic_time_adjfine(struct ptp_clock_info *info, long scaled_ppm)
{
	struct fbnic_dev *fbd = fbnic_time_fbd(info);
	struct fbnic_time *t = &fbd->time;
	u64 addend;

	addend = adjust_by_scaled_ppm(fbnic_time_nominal_addend(), scaled_ppm);

	write_seqlock_bh(&t->lock);
	t->addend = addend;
	fbnic_time_write_addend(fbd, addend);
	fbnic_wr32(fbd, FBNIC_PTP_ADJUST, FBNIC_PTP_ADJUST_ADDEND_SET);
	/* The addend registers must hold still while it is taken */
	fbnic_rd32(fbd, FBNIC_PTP_SPARE);
	write_sequnlock_bh(&t->lock);

	return fbnic_time_usable(fbd) ? 0 : -ENODEV;
}

static const struct ptp_clock_info fbnic_time_info = {
	.owner		= THIS_MODULE,
	.name		= "fbnic",
	.max_adj	= FBNIC_TIME_MAX_ADJ_PPB,
	.adjfine	= fbnic_time_adjfine,
	.adjtime	= fbnic_time_adjtime,
	.gettimex64	= fbnic_time_gettimex64,
	.settime64	= fbnic_time_settime64,
	.do_aux_work	= fbnic_time_aux_work,
};

/* Start the counter at @start and the periodic refresh of the base */
static void fbnic_time_start(struct fbnic_dev *fbd, u64 start)
{
	struct fbnic_time *t = &fbd->time;

	fbnic_time_hw_start(fbd, start);
	fbnic_time_refresh(fbd);
	WRITE_ONCE(t->running, true);
	if (t->clock)
		ptp_schedule_worker(t->clock, FBNIC_TIME_REFRESH_PERIOD);
}

/**
 * fbnic_time_probe() - start the time counter and register its PTP clock
 * @fbd: device, with its registers mapped
 *
 * The counter starts at the system's real time. Without a PTP clock (no
 * PTP support, or its registration failed) the device still works, with
 * no hardware timestamps.
 */
void fbnic_time_probe(struct fbnic_dev *fbd)
{
	struct fbnic_time *t = &fbd->time;
	struct ptp_clock *clock;

	seqlock_init(&t->lock);
	t->addend = fbnic_time_nominal_addend();
	t->info = fbnic_time_info;

	clock = ptp_clock_register(&t->info, fbd->dev);
	if (IS_ERR(clock)) {
		dev_warn(fbd->dev, "no PTP clock, no hardware timestamps: %pe\n",
			 clock);
		clock = NULL;
	}
	t->clock = clock;

	if (fbnic_present(fbd))
		fbnic_time_start(fbd, ktime_get_real_ns());
}

/**
 * fbnic_time_remove() - unregister the PTP clock
 * @fbd: device, whose netdev (the data path's stamps) is gone
 *
 * Unregistering also stops the clock's periodic work.
 */
void fbnic_time_remove(struct fbnic_dev *fbd)
{
	struct fbnic_time *t = &fbd->time;

	WRITE_ONCE(t->running, false);
	if (t->clock)
		ptp_clock_unregister(t->clock);
	t->clock = NULL;
}

/**
 * fbnic_time_suspend() - stop using the counter for a sleep or a reset
 * @fbd: device
 *
 * Remembers where the counter was and when, so that fbnic_time_resume()
 * restarts it as far ahead as the system's time went meanwhile: the clock
 * neither goes back nor loses the time slept. A device that no longer
 * answers gives an estimate from the last refresh. Safe to call twice.
 */
void fbnic_time_suspend(struct fbnic_dev *fbd)
{
	struct fbnic_time *t = &fbd->time;
	u64 now;

	if (!READ_ONCE(t->running))
		return;
	WRITE_ONCE(t->running, false);
	if (t->clock)
		ptp_cancel_worker_sync(t->clock);

	now = fbnic_time_read_counter(fbd, NULL);
	if (!fbnic_present(fbd))
		now = t->base + FBNIC_TIME_BASE_LAG_NS +
		      jiffies_to_nsecs(jiffies - t->refreshed);
	t->resume_at = now;
	t->stopped_at = ktime_get_boottime_ns();
}

/**
 * fbnic_time_resume() - restart the counter after fbnic_time_suspend()
 * @fbd: device, answering again
 *
 * The device may have lost the counter's setup: it is programmed again
 * with the rate last set, from where it stood plus the time since.
 */
void fbnic_time_resume(struct fbnic_dev *fbd)
{
	struct fbnic_time *t = &fbd->time;

	if (READ_ONCE(t->running) || !fbnic_present(fbd))
		return;
	fbnic_time_start(fbd, t->resume_at +
			 (ktime_get_boottime_ns() - t->stopped_at));
}

/**
 * fbnic_time_phc_index() - the PTP clock's index, for ethtool
 * @fbd: device
 *
 * Return: the index of /dev/ptpN, or -1 if there is no clock.
 */
int fbnic_time_phc_index(struct fbnic_dev *fbd)
{
	return fbd->time.clock ? ptp_clock_index(fbd->time.clock) : -1;
}

/**
 * fbnic_time_stamp_to_ns() - the clock's time of a descriptor timestamp
 * @fbd: device
 * @stamp: the 40 low bits of the counter the device wrote
 *
 * Safe from any context, the data path's included.
 *
 * Return: the clock's time of @stamp, in ns.
 */
u64 fbnic_time_stamp_to_ns(struct fbnic_dev *fbd, u64 stamp)
{
	struct fbnic_time *t = &fbd->time;
	unsigned int seq;
	s64 offset;
	u64 base;

	do {
		seq = read_seqbegin(&t->lock);
		base = t->base;
		offset = t->offset;
	} while (read_seqretry(&t->lock, seq));

	/* The first counter value at or after the base with these low bits */
	return base + ((stamp - base) & FBNIC_TIME_STAMP_MASK) + offset;
}
