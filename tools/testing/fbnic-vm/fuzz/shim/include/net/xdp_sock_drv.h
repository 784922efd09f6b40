/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: AF_XDP pools, as the driver sees them. The harness
 * makes a pool over a umem of its own and plays the socket: it queues
 * frames to send, takes the frames redirected to it and refills at once.
 * Every chunk is tracked: where it is (free, with the driver, with the
 * socket), so that a chunk freed twice, used while free or never given
 * back fails the run.
 */
#ifndef _SHIM_NET_XDP_SOCK_DRV_H
#define _SHIM_NET_XDP_SOCK_DRV_H

#include <stddef.h>
#include <net/xdp.h>

#define XDP_PACKET_HEADROOM	256
#define SHIM_XSK_CHUNKS		64
#define SHIM_XSK_TX_MAX		64

struct xdp_desc {
	u64 addr;
	u32 len;
	u32 options;
};

struct xsk_buff_pool;

/* The kernel's layout: the buffer, then room the driver may use */
struct xdp_buff_xsk {
	struct xdp_buff xdp;
	u8 cb[24];
	dma_addr_t frame_dma;
	struct xsk_buff_pool *pool;
	u32 chunk;
	bool with_driver;
};

struct xsk_buff_pool {
	bool unaligned;
	u32 chunk_size;
	u32 headroom;			/* the umem's */
	u8 *umem;
	dma_addr_t dma;			/* 0 while not mapped */
	struct xdp_rxq_info *rxq;
	struct xdp_buff_xsk bufs[SHIM_XSK_CHUNKS];
	u32 free[SHIM_XSK_CHUNKS];
	u32 nr_free;
	/* The socket's Tx ring, and the batch handed to the driver */
	struct xdp_desc tx_ring[SHIM_XSK_TX_MAX];
	u32 tx_queued;
	struct xdp_desc tx_descs[SHIM_XSK_TX_MAX];
	u64 tx_handed, tx_completed;
	u64 rx_received;
};

#define XSK_CHECK_PRIV_TYPE(t) \
	_Static_assert(sizeof(t) <= offsetof(struct xdp_buff_xsk, cb) + 24, \
		       "driver data past the chunk's room")

static inline u32 xsk_pool_get_headroom(struct xsk_buff_pool *pool)
{
	return XDP_PACKET_HEADROOM + pool->headroom;
}

static inline u32 xsk_pool_get_chunk_size(struct xsk_buff_pool *pool)
{
	return pool->chunk_size;
}

static inline void xsk_pool_set_rxq_info(struct xsk_buff_pool *pool,
					 struct xdp_rxq_info *rxq)
{
	pool->rxq = rxq;
}

static inline bool xsk_uses_need_wakeup(struct xsk_buff_pool *pool)
{
	(void)pool;
	return true;
}

static inline void xsk_set_rx_need_wakeup(struct xsk_buff_pool *pool)
{
	(void)pool;
}

static inline void xsk_clear_rx_need_wakeup(struct xsk_buff_pool *pool)
{
	(void)pool;
}

static inline void xsk_set_tx_need_wakeup(struct xsk_buff_pool *pool)
{
	(void)pool;
}

static inline dma_addr_t xsk_buff_xdp_get_frame_dma(struct xdp_buff *xdp)
{
	return ((struct xdp_buff_xsk *)xdp)->frame_dma;
}

static inline void xsk_buff_raw_dma_sync_for_device(struct xsk_buff_pool *pool,
						    dma_addr_t dma, size_t len)
{
	(void)pool; (void)dma; (void)len;
}

/* shim_xsk.c */
struct xsk_buff_pool *xsk_get_pool_from_qid(struct net_device *dev, u16 q);
int xsk_pool_dma_map(struct xsk_buff_pool *pool, struct device *dev,
		     unsigned long attrs);
void xsk_pool_dma_unmap(struct xsk_buff_pool *pool, unsigned long attrs);
u32 xsk_buff_alloc_batch(struct xsk_buff_pool *pool, struct xdp_buff **xdp,
			 u32 max);
void xsk_buff_free(struct xdp_buff *xdp);
void xsk_buff_dma_sync_for_cpu(struct xdp_buff *xdp);
dma_addr_t xsk_buff_raw_get_dma(struct xsk_buff_pool *pool, u64 addr);
u32 xsk_tx_peek_release_desc_batch(struct xsk_buff_pool *pool, u32 max);
void xsk_tx_completed(struct xsk_buff_pool *pool, u32 n);
struct sk_buff *xdp_build_skb_from_zc(struct xdp_buff *xdp);
struct xdp_frame *xdp_convert_zc_to_xdp_frame(struct xdp_buff *xdp);
/* The socket takes a frame redirected to it: 0, or -errno if it refuses */
int shim_xsk_receive(struct xdp_buff *xdp);

/* The harness: which pool the queue has */
struct xsk_buff_pool *shim_xsk_pool_of(u16 q);

#endif
