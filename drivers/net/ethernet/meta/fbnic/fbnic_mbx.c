// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/pci.h>

#include "fbnic.h"
#include "fbnic_fault.h"
#include "fbnic_regs.h"

/*
 * The firmware mailbox is two rings of descriptors in BAR4. The host
 * posts a descriptor by writing a page's address and length with the
 * HOST_OWNED bit; the firmware consumes descriptors in order and hands
 * each back by setting FW_DONE (and FW_ERR if it could not process it).
 * On the to-firmware ring a descriptor carries a message; on the
 * from-firmware ring it carries an empty page that the firmware fills
 * and whose descriptor length it rewrites to the message length.
 *
 * A descriptor of all zeroes stops the firmware: the host always keeps
 * the one after its last posted descriptor zero. A descriptor with both
 * FW_DONE and HOST_OWNED set is a skip marker, which the firmware steps
 * over; a freshly reset ring is a stop marker followed by skip markers.
 */

#define FBNIC_MBX_SKIP_DESC	(FBNIC_MBX_DESC_FW_DONE | FBNIC_MBX_DESC_HOST_OWNED)
#define FBNIC_MBX_POLL_MS	20
#define FBNIC_MBX_TIMEOUT	(10 * HZ)

static u8 fbnic_mbx_next(u8 idx)
{
	return (idx + 1) % FBNIC_MBX_RING_SIZE;
}

static u64 fbnic_mbx_read_desc(struct fbnic_dev *fbd, int ring, int idx)
{
	u32 reg = FBNIC_MBX_DESC(ring, idx);
	u64 lo = fbnic_fw_rd32(fbd, reg);

	return lo | (u64)fbnic_fw_rd32(fbd, reg + 4) << 32;
}

/*
 * Post a descriptor. The upper half (length, address) goes first and is
 * flushed, so that when the firmware sees the ownership bits in the lower
 * half, the upper half it reads is already the new one.
 */
static void fbnic_mbx_write_desc(struct fbnic_dev *fbd, int ring, int idx,
				 u64 desc)
{
	u32 reg = FBNIC_MBX_DESC(ring, idx);

	fbnic_fw_wr32(fbd, reg + 4, upper_32_bits(desc));
	fbnic_fw_wrfl(fbd);
	fbnic_fw_wr32(fbd, reg, lower_32_bits(desc));
}

/*
 * Retire a descriptor: the ownership bits (lower half) change first, so
 * the firmware never sees a half-cleared descriptor as one to process.
 */
static void fbnic_mbx_clear_desc(struct fbnic_dev *fbd, int ring, int idx,
				 u32 lower)
{
	u32 reg = FBNIC_MBX_DESC(ring, idx);

	fbnic_fw_wr32(fbd, reg, lower);
	fbnic_fw_wrfl(fbd);
	fbnic_fw_wr32(fbd, reg + 4, 0);
}

static void fbnic_mbx_block_dma(struct fbnic_dev *fbd, int ring)
{
	/* Stop the device's DMA for this ring's direction and drop what is
	 * in flight: writes into host pages for messages from the firmware,
	 * reads of host pages for messages to it.
	 */
	if (ring == FBNIC_MBX_RING_FROM_FW)
		fbnic_wr32(fbd, FBNIC_PUL_OB_WR_CFG,
			   FBNIC_PUL_OB_WR_FLUSH | FBNIC_PUL_OB_WR_FLUSH_MODE);
	else
		fbnic_wr32(fbd, FBNIC_PUL_OB_RD_CFG, FBNIC_PUL_OB_RD_FLUSH);
	fbnic_wrfl(fbd);
}

static void fbnic_mbx_reset_ring(struct fbnic_dev *fbd, int ring)
{
	int idx;

	fbnic_mbx_block_dma(fbd, ring);

	fbnic_mbx_clear_desc(fbd, ring, 0, 0);
	/* From the end backwards, so the firmware meets the stop marker
	 * at descriptor 0 before any stale descriptor.
	 */
	for (idx = FBNIC_MBX_RING_SIZE - 1; idx > 0; idx--)
		fbnic_mbx_clear_desc(fbd, ring, idx, FBNIC_MBX_SKIP_DESC);
}

static enum dma_data_direction fbnic_mbx_dir(int ring)
{
	return ring == FBNIC_MBX_RING_FROM_FW ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
}

static void fbnic_mbx_free_buf(struct fbnic_dev *fbd, int ring, int idx)
{
	struct fbnic_mbx_buf *buf = &fbd->mbx.ring[ring].buf[idx];

	if (!buf->data)
		return;
	dma_unmap_single(fbd->dev, buf->dma, FBNIC_MBX_BUF_SIZE,
			 fbnic_mbx_dir(ring));
	free_page((unsigned long)buf->data);
	buf->data = NULL;
}

/**
 * fbnic_mbx_init() - put both mailbox rings in their reset state
 * @fbd: device
 *
 * Must be called before the mailbox interrupt is enabled.
 */
void fbnic_mbx_init(struct fbnic_dev *fbd)
{
	int ring;

	spin_lock_init(&fbd->mbx.lock);
	memset(fbd->mbx.ring, 0, sizeof(fbd->mbx.ring));

	/* The mailbox cause stays set until the driver clears it, so that
	 * a message arriving while the handler runs is not lost.
	 */
	fbnic_wr32(fbd, FBNIC_INTR_SW_AC_MODE(0), (u32)~BIT(FBNIC_FW_VECTOR));
	fbnic_wr32(fbd, FBNIC_INTR_CLEAR(0), BIT(FBNIC_FW_VECTOR));

	for (ring = 0; ring < FBNIC_MBX_RINGS; ring++)
		fbnic_mbx_reset_ring(fbd, ring);
}

/* Consume a pending mailbox interrupt cause; true if there was one */
static bool fbnic_mbx_take_event(struct fbnic_dev *fbd)
{
	u32 status = fbnic_rd32(fbd, FBNIC_INTR_STATUS(0));

	if (!fbnic_present(fbd) || !(status & BIT(FBNIC_FW_VECTOR)))
		return false;
	fbnic_wr32(fbd, FBNIC_INTR_CLEAR(0), BIT(FBNIC_FW_VECTOR));
	return true;
}

/**
 * fbnic_mbx_wait_fw() - wait for the firmware to take up the mailbox
 * @fbd: device
 *
 * The firmware answers a reset of the to-firmware ring with a mailbox
 * interrupt. The reset is repeated until it does, in case the firmware
 * was itself restarting when the first one was written.
 *
 * Return: 0, -ENODEV if the device is gone, -ETIMEDOUT after 10 s.
 */
int fbnic_mbx_wait_fw(struct fbnic_dev *fbd)
{
	unsigned long deadline = jiffies + FBNIC_MBX_TIMEOUT;

	do {
		fbnic_mbx_reset_ring(fbd, FBNIC_MBX_RING_TO_FW);
		msleep(FBNIC_MBX_POLL_MS);
		if (!fbnic_present(fbd))
			return -ENODEV;
		if (fbnic_mbx_take_event(fbd))
			return 0;
	} while (time_before(jiffies, deadline));

	return -ETIMEDOUT;
}

/* Post a buffer at the ring's tail; called with the ring protected */
static int fbnic_mbx_post(struct fbnic_dev *fbd, int ring_idx, void *data,
			  size_t len, bool eom)
{
	struct fbnic_mbx_ring *ring = &fbd->mbx.ring[ring_idx];
	u8 tail = ring->tail;
	dma_addr_t dma;

	if (!ring->ready || !fbnic_present(fbd))
		return -ENODEV;
	/* One descriptor always stays free as the stop marker */
	if (fbnic_mbx_next(tail) == ring->head)
		return -EBUSY;

	if (fbnic_fault_mbx_dma_map())
		return -ENOMEM;
	dma = dma_map_single(fbd->dev, data, FBNIC_MBX_BUF_SIZE,
			     fbnic_mbx_dir(ring_idx));
	if (dma_mapping_error(fbd->dev, dma))
		return -ENOMEM;

	ring->buf[tail].data = data;
	ring->buf[tail].dma = dma;
	ring->tail = fbnic_mbx_next(tail);

	fbnic_fw_wr32(fbd, FBNIC_MBX_DESC(ring_idx, ring->tail), 0);
	fbnic_mbx_write_desc(fbd, ring_idx, tail,
			     FIELD_PREP(FBNIC_MBX_DESC_LEN, len) |
			     (dma & FBNIC_MBX_DESC_ADDR) |
			     (eom ? FBNIC_MBX_DESC_EOM : 0) |
			     FBNIC_MBX_DESC_HOST_OWNED);
	return 0;
}

static int fbnic_mbx_fill_from_fw(struct fbnic_dev *fbd)
{
	struct fbnic_mbx_ring *ring = &fbd->mbx.ring[FBNIC_MBX_RING_FROM_FW];

	while (fbnic_mbx_next(ring->tail) != ring->head) {
		void *page = (void *)__get_free_page(GFP_KERNEL);
		int err;

		if (!page)
			return -ENOMEM;
		err = fbnic_mbx_post(fbd, FBNIC_MBX_RING_FROM_FW, page,
				     FBNIC_MBX_BUF_SIZE, false);
		if (err) {
			free_page((unsigned long)page);
			return err;
		}
	}
	return 0;
}

/**
 * fbnic_mbx_start() - let the firmware use the mailbox rings
 * @fbd: device
 *
 * Enables the device's DMA for both rings and fills the from-firmware
 * ring with pages.
 *
 * Return: 0 or a negative errno; on error the mailbox is stopped.
 */
int fbnic_mbx_start(struct fbnic_dev *fbd)
{
	int err;

	fbnic_wr32(fbd, FBNIC_PUL_OB_WR_CFG, FBNIC_PUL_OB_WR_BME);
	fbnic_wr32(fbd, FBNIC_PUL_OB_RD_CFG, FBNIC_PUL_OB_RD_BME);

	spin_lock_irq(&fbd->mbx.lock);
	fbd->mbx.ring[FBNIC_MBX_RING_TO_FW].ready = true;
	spin_unlock_irq(&fbd->mbx.lock);

	/* The from-firmware ring is only touched by the poll path, which
	 * does not run until the mailbox interrupt is enabled.
	 */
	fbd->mbx.ring[FBNIC_MBX_RING_FROM_FW].ready = true;
	err = fbnic_mbx_fill_from_fw(fbd);
	if (err)
		fbnic_mbx_stop(fbd);
	return err;
}

/**
 * fbnic_mbx_send() - queue a message to the firmware
 * @fbd: device
 * @msg: the message, in a page from __get_free_page()
 * @len: its length in bytes
 *
 * On success the mailbox owns the page and frees it once the firmware
 * has read it. On error the caller still owns it.
 *
 * Return: 0, -ENODEV if the mailbox is not running, -EBUSY if the ring
 * is full, -ENOMEM if the page could not be mapped.
 */
int fbnic_mbx_send(struct fbnic_dev *fbd, void *msg, size_t len)
{
	unsigned long flags;
	int err;

	if (WARN_ON_ONCE(len > FBNIC_MBX_BUF_SIZE))
		return -EINVAL;

	spin_lock_irqsave(&fbd->mbx.lock, flags);
	err = fbnic_mbx_post(fbd, FBNIC_MBX_RING_TO_FW, msg, len, true);
	spin_unlock_irqrestore(&fbd->mbx.lock, flags);
	return err;
}

/* Free the pages of messages the firmware has finished reading */
static void fbnic_mbx_reap_to_fw(struct fbnic_dev *fbd)
{
	struct fbnic_mbx_ring *ring = &fbd->mbx.ring[FBNIC_MBX_RING_TO_FW];
	unsigned long flags;
	u64 desc;

	spin_lock_irqsave(&fbd->mbx.lock, flags);
	while (ring->head != ring->tail) {
		desc = fbnic_mbx_read_desc(fbd, FBNIC_MBX_RING_TO_FW, ring->head);
		if (!fbnic_present(fbd) || !(desc & FBNIC_MBX_DESC_FW_DONE))
			break;
		if (desc & FBNIC_MBX_DESC_FW_ERR) {
			ring->fw_errors++;
			dev_warn_ratelimited(fbd->dev,
					     "firmware failed to read a mailbox message\n");
		}
		fbnic_mbx_free_buf(fbd, FBNIC_MBX_RING_TO_FW, ring->head);
		ring->head = fbnic_mbx_next(ring->head);
	}
	spin_unlock_irqrestore(&fbd->mbx.lock, flags);
}

/* Check a completed from-firmware descriptor and hand its message on */
static void fbnic_mbx_receive(struct fbnic_dev *fbd, int idx, u64 desc)
{
	struct fbnic_mbx_ring *ring = &fbd->mbx.ring[FBNIC_MBX_RING_FROM_FW];
	size_t len = FIELD_GET(FBNIC_MBX_DESC_LEN, desc);
	struct fbnic_mbx_buf *buf = &ring->buf[idx];

	if (desc & FBNIC_MBX_DESC_FW_ERR) {
		ring->fw_errors++;
		dev_warn_ratelimited(fbd->dev,
				     "firmware flagged an error on a mailbox message, dropped\n");
		return;
	}
	/* A zero length is a descriptor the firmware did not use */
	if (!len)
		return;
	if (len > FBNIC_MBX_BUF_SIZE) {
		fbd->mbx.bad_msgs++;
		dev_err_ratelimited(fbd->dev,
				    "mailbox message length %zu exceeds its %lu byte buffer, dropped\n",
				    len, FBNIC_MBX_BUF_SIZE);
		return;
	}

	dma_sync_single_for_cpu(fbd->dev, buf->dma, FBNIC_MBX_BUF_SIZE,
				DMA_FROM_DEVICE);
	fbnic_fw_receive(fbd, buf->data, len);
	dma_sync_single_for_device(fbd->dev, buf->dma, FBNIC_MBX_BUF_SIZE,
				   DMA_FROM_DEVICE);
}

/*
 * Process messages from the firmware in ring order. Each page goes
 * straight back to the firmware: it is moved from the head descriptor
 * to the tail one, which keeps the ring full with a single stop marker.
 */
static void fbnic_mbx_process_from_fw(struct fbnic_dev *fbd)
{
	struct fbnic_mbx_ring *ring = &fbd->mbx.ring[FBNIC_MBX_RING_FROM_FW];
	u64 desc;

	while (ring->ready && ring->head != ring->tail) {
		u8 head = ring->head, tail = ring->tail;

		desc = fbnic_mbx_read_desc(fbd, FBNIC_MBX_RING_FROM_FW, head);
		if (!fbnic_present(fbd) || !(desc & FBNIC_MBX_DESC_FW_DONE))
			break;

		fbnic_mbx_receive(fbd, head, desc);

		fbnic_fw_wr32(fbd, FBNIC_MBX_DESC(FBNIC_MBX_RING_FROM_FW, head), 0);
		ring->buf[tail] = ring->buf[head];
		ring->buf[head].data = NULL;
		fbnic_mbx_write_desc(fbd, FBNIC_MBX_RING_FROM_FW, tail,
				     FIELD_PREP(FBNIC_MBX_DESC_LEN,
						FBNIC_MBX_BUF_SIZE) |
				     (ring->buf[tail].dma & FBNIC_MBX_DESC_ADDR) |
				     FBNIC_MBX_DESC_HOST_OWNED);
		ring->head = fbnic_mbx_next(head);
		ring->tail = fbnic_mbx_next(tail);
	}
}

/**
 * fbnic_mbx_poll() - service the mailbox
 * @fbd: device
 *
 * Acknowledges the mailbox interrupt cause, frees messages the firmware
 * has read and processes messages it has sent. Called from the mailbox
 * interrupt thread only, so the from-firmware ring has a single user.
 */
void fbnic_mbx_poll(struct fbnic_dev *fbd)
{
	fbnic_mbx_take_event(fbd);
	fbnic_mbx_reap_to_fw(fbd);
	fbnic_mbx_process_from_fw(fbd);
}

/**
 * fbnic_mbx_stop() - stop the mailbox and free its pages
 * @fbd: device
 *
 * No new message is accepted; messages already queued are given up to
 * 10 s to be read by the firmware. The mailbox interrupt must already be
 * disabled.
 */
void fbnic_mbx_stop(struct fbnic_dev *fbd)
{
	struct fbnic_mbx_ring *to_fw = &fbd->mbx.ring[FBNIC_MBX_RING_TO_FW];
	unsigned long deadline = jiffies + FBNIC_MBX_TIMEOUT;
	int ring, idx;

	spin_lock_irq(&fbd->mbx.lock);
	to_fw->ready = false;
	spin_unlock_irq(&fbd->mbx.lock);

	while (fbnic_present(fbd) && to_fw->head != to_fw->tail &&
	       time_before(jiffies, deadline)) {
		fbnic_mbx_reap_to_fw(fbd);
		if (to_fw->head != to_fw->tail)
			msleep(FBNIC_MBX_POLL_MS);
	}

	fbd->mbx.ring[FBNIC_MBX_RING_FROM_FW].ready = false;
	for (ring = 0; ring < FBNIC_MBX_RINGS; ring++) {
		fbnic_mbx_reset_ring(fbd, ring);
		for (idx = 0; idx < FBNIC_MBX_RING_SIZE; idx++)
			fbnic_mbx_free_buf(fbd, ring, idx);
	}
}
