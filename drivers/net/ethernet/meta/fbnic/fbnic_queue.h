/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_QUEUE_H_
#define _FBNIC_QUEUE_H_

#include <linux/types.h>

#include "fbnic.h"
#include "fbnic_regs.h"

struct fbnic_net;
struct fbnic_rxq;
struct fbnic_txq;
struct netdev_queue_mgmt_ops;

/* Every queue pair n has its own register window, FBNIC_QUEUE(n) */
static inline u32 fbnic_queue_reg(unsigned int q, u32 reg)
{
	return FBNIC_QUEUE(q) + reg;
}

static inline void fbnic_q_wr32(struct fbnic_dev *fbd, unsigned int q,
				u32 reg, u32 val)
{
	fbnic_wr32(fbd, fbnic_queue_reg(q, reg), val);
}

/* fbnic_queue.c: the life of a queue's rings, for the whole netdev (open,
 * close, reconfiguration) and for one Rx queue (the queue API)
 */
int fbnic_alloc_resources(struct fbnic_net *fbn);
void fbnic_free_resources(struct fbnic_net *fbn);
void fbnic_enable(struct fbnic_net *fbn);
void fbnic_disable(struct fbnic_net *fbn);
int fbnic_wait_all_queues_idle(struct fbnic_dev *fbd, bool may_fail);
void fbnic_flush(struct fbnic_net *fbn);
void fbnic_config_drop_mode(struct fbnic_net *fbn);
int fbnic_set_netif_queues(struct fbnic_net *fbn);
void fbnic_reset_netif_queues(struct fbnic_net *fbn);

extern const struct netdev_queue_mgmt_ops fbnic_queue_mgmt_ops;

/* fbnic_txrx.c: what only the data path knows how to undo or redo */
void fbnic_flush_txq(struct fbnic_txq *txq);
void fbnic_flush_rxq(struct fbnic_rxq *rxq);
void fbnic_fill_rxq(struct fbnic_rxq *rxq);

#endif /* _FBNIC_QUEUE_H_ */
