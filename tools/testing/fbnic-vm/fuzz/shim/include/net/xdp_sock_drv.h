/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: AF_XDP pools. The harness binds none, so the data
 * path never takes a zero-copy branch; what it calls on the way is here.
 */
#ifndef _SHIM_NET_XDP_SOCK_DRV_H
#define _SHIM_NET_XDP_SOCK_DRV_H

#include <stdlib.h>
#include <net/xdp.h>

struct xsk_buff_pool;

/* Reached only with a pool bound: the harness has none */
static inline void xsk_buff_free(struct xdp_buff *xdp)
{
	(void)xdp;
	abort();
}

static inline void xsk_tx_completed(struct xsk_buff_pool *pool, u32 n)
{
	(void)pool;
	(void)n;
	abort();
}

static inline void xsk_pool_set_rxq_info(struct xsk_buff_pool *pool,
					 struct xdp_rxq_info *rxq)
{
	(void)pool;
	(void)rxq;
	abort();
}

#endif
