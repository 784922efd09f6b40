// SPDX-License-Identifier: GPL-2.0
/*
 * fbnic fuzz shim: fbnic_xsk.c, which the harness does not build. No
 * queue has an AF_XDP pool, so only the lookups that say so are reached.
 */
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_txrx.h"
#include "fbnic_xsk.h"

struct xsk_buff_pool *fbnic_xsk_pool(struct fbnic_net *fbn, unsigned int q)
{
	(void)fbn;
	(void)q;
	return NULL;
}

bool fbnic_xsk_xmit(struct fbnic_rxq *rxq, int budget)
{
	(void)budget;
	/* A pool would have to be on the pair's TWQ1 */
	if (rxq->xdp_txq && rxq->xdp_txq->xdpq.xsk_pool)
		abort();
	return true;
}

void fbnic_xsk_rde(struct xsk_buff_pool *pool, u32 *hroom, u32 *max_hdr)
{
	(void)pool;
	(void)hroom;
	(void)max_hdr;
	abort();
}

void fbnic_xsk_fill(struct fbnic_rxq *rxq, struct fbnic_bdq *bdq, u32 free)
{
	(void)rxq;
	(void)bdq;
	(void)free;
	abort();
}

void fbnic_xsk_rx_hdr(struct fbnic_rxq *rxq, u64 rcd, s32 *hpq_slot)
{
	(void)rxq;
	(void)rcd;
	(void)hpq_slot;
	abort();
}

int fbnic_xsk_rx_meta(struct fbnic_rxq *rxq, u64 rcd,
		      struct fbnic_rx_stats *acc)
{
	(void)rxq;
	(void)rcd;
	(void)acc;
	abort();
}
