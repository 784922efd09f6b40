/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_XSK_H_
#define _FBNIC_XSK_H_

#include <linux/types.h>

struct fbnic_bdq;
struct fbnic_net;
struct fbnic_rx_stats;
struct fbnic_rxq;
struct net_device;
struct xsk_buff_pool;

/* Control: binding a socket's pool to a queue pair */
struct xsk_buff_pool *fbnic_xsk_pool(struct fbnic_net *fbn, unsigned int q);
int fbnic_xsk_pool_setup(struct net_device *netdev,
			 struct xsk_buff_pool *pool, u16 qid);
int fbnic_xsk_wakeup(struct net_device *netdev, u32 qid, u32 flags);
int fbnic_xsk_check_mtu(struct fbnic_net *fbn, unsigned int mtu);
void fbnic_xsk_rde(struct xsk_buff_pool *pool, u32 *hroom, u32 *max_hdr);

/* Data path, from the vector's NAPI poll */
void fbnic_xsk_fill(struct fbnic_rxq *rxq, struct fbnic_bdq *bdq, u32 free);
void fbnic_xsk_rx_hdr(struct fbnic_rxq *rxq, u64 rcd, s32 *hpq_slot);
int fbnic_xsk_rx_meta(struct fbnic_rxq *rxq, u64 rcd,
		      struct fbnic_rx_stats *acc);
bool fbnic_xsk_xmit(struct fbnic_rxq *rxq, int budget);

#endif /* _FBNIC_XSK_H_ */
