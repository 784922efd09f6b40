/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_MBX_H_
#define _FBNIC_MBX_H_

#include <linux/spinlock.h>
#include <linux/types.h>

#include "fbnic_regs.h"

struct fbnic_dev;

/* Mailbox buffers are single pages; a descriptor's length field is 16 bits */
#define FBNIC_MBX_BUF_SIZE	min_t(size_t, PAGE_SIZE, 0xffff)

/**
 * struct fbnic_mbx_buf - a page handed to the firmware through a descriptor
 * @data: kernel address of the page
 * @dma: its DMA address
 */
struct fbnic_mbx_buf {
	void *data;
	dma_addr_t dma;
};

/**
 * struct fbnic_mbx_ring - host view of one mailbox descriptor ring
 * @buf: page behind each descriptor the host has posted
 * @head: oldest descriptor posted and not yet taken back by the host
 * @tail: next descriptor the host will post
 * @ready: the ring may be posted to
 * @fw_errors: descriptors the firmware completed with its error bit
 */
struct fbnic_mbx_ring {
	struct fbnic_mbx_buf buf[FBNIC_MBX_RING_SIZE];
	u8 head;
	u8 tail;
	bool ready;
	u64 fw_errors;
};

/**
 * struct fbnic_mbx - the firmware mailbox
 * @lock: protects the to-firmware ring and the pending request pointer
 * @ring: the two rings, indexed by FBNIC_MBX_RING_*
 * @bad_msgs: messages from the firmware dropped as malformed
 */
struct fbnic_mbx {
	spinlock_t lock;	/* to-firmware ring, pending request */
	struct fbnic_mbx_ring ring[FBNIC_MBX_RINGS];
	u64 bad_msgs;
};

void fbnic_mbx_init(struct fbnic_dev *fbd);
int fbnic_mbx_wait_fw(struct fbnic_dev *fbd);
int fbnic_mbx_start(struct fbnic_dev *fbd);
void fbnic_mbx_stop(struct fbnic_dev *fbd);
int fbnic_mbx_send(struct fbnic_dev *fbd, void *msg, size_t len);
void fbnic_mbx_poll(struct fbnic_dev *fbd);

#endif /* _FBNIC_MBX_H_ */
