// SPDX-License-Identifier: GPL-2.0
/*
 * fbnic fuzz shim: AF_XDP pools (see net/xdp_sock_drv.h). The umem is
 * mapped through the shim's IOMMU, so the device model of the harness
 * reaches a chunk only by the address the driver posted, and only while
 * the pool is mapped.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/xdp.h>
#include <net/xdp_sock_drv.h>

#include "shim.h"

struct xsk_buff_pool *xsk_get_pool_from_qid(struct net_device *dev, u16 q)
{
	(void)dev;
	return shim_xsk_pool_of(q);
}

int xsk_pool_dma_map(struct xsk_buff_pool *pool, struct device *dev,
		     unsigned long attrs)
{
	dma_addr_t dma;

	(void)dev; (void)attrs;
	if (pool->dma)
		fuzz_fail("AF_XDP pool mapped twice");
	dma = shim_dma_map(pool->umem,
			   (size_t)SHIM_XSK_CHUNKS * pool->chunk_size);
	if (dma == DMA_MAPPING_ERROR)
		return -ENOMEM;
	pool->dma = dma;
	return 0;
}

void xsk_pool_dma_unmap(struct xsk_buff_pool *pool, unsigned long attrs)
{
	u32 i;

	(void)attrs;
	if (!pool->dma)
		fuzz_fail("AF_XDP pool unmapped while not mapped");
	for (i = 0; i < SHIM_XSK_CHUNKS; i++)
		if (pool->bufs[i].with_driver)
			fuzz_fail("AF_XDP pool unmapped with chunk %u posted", i);
	shim_dma_unmap(pool->dma, (size_t)SHIM_XSK_CHUNKS * pool->chunk_size);
	pool->dma = 0;
}

/* A buffer the driver holds, or the run fails */
static struct xdp_buff_xsk *driver_buf(struct xdp_buff *xdp, const char *op)
{
	struct xdp_buff_xsk *xskb = (struct xdp_buff_xsk *)xdp;

	if (!xskb->pool || xskb < xskb->pool->bufs ||
	    xskb >= xskb->pool->bufs + SHIM_XSK_CHUNKS || !xskb->with_driver)
		fuzz_fail("%s of an AF_XDP chunk the driver does not hold", op);
	return xskb;
}

/* The chunk goes back to the fill ring (the socket refills at once) */
static void chunk_free(struct xdp_buff_xsk *xskb)
{
	struct xsk_buff_pool *pool = xskb->pool;

	xskb->with_driver = false;
	pool->free[pool->nr_free++] = xskb->chunk;
}

u32 xsk_buff_alloc_batch(struct xsk_buff_pool *pool, struct xdp_buff **xdp,
			 u32 max)
{
	u32 n = 0;

	if (!pool->dma)
		fuzz_fail("AF_XDP chunks taken from an unmapped pool");
	while (n < max && pool->nr_free && !shim_alloc_should_fail()) {
		struct xdp_buff_xsk *xskb =
			&pool->bufs[pool->free[--pool->nr_free]];
		u64 off = (u64)xskb->chunk * pool->chunk_size;

		xskb->with_driver = true;
		xskb->frame_dma = pool->dma + off;
		xskb->xdp.data_hard_start = pool->umem + off + pool->headroom;
		xskb->xdp.frame_sz = pool->chunk_size - pool->headroom;
		xskb->xdp.rxq = pool->rxq;
		xskb->xdp.flags = 0;
		xdp[n++] = &xskb->xdp;
	}
	return n;
}

void xsk_buff_free(struct xdp_buff *xdp)
{
	chunk_free(driver_buf(xdp, "free"));
}

void xsk_buff_dma_sync_for_cpu(struct xdp_buff *xdp)
{
	driver_buf(xdp, "sync");
}

/* A frame must lie in its chunk, past the headroom XDP needs */
static void check_frame(struct xdp_buff_xsk *xskb)
{
	u8 *hard = xskb->xdp.data_hard_start;
	u8 *data = xskb->xdp.data, *end = xskb->xdp.data_end;

	if (data < hard + XDP_PACKET_HEADROOM || end < data ||
	    end > hard + xskb->xdp.frame_sz)
		fuzz_fail("AF_XDP frame %p..%p outside its chunk %p+%u", data,
			  end, hard, xskb->xdp.frame_sz);
}

int shim_xsk_receive(struct xdp_buff *xdp)
{
	struct xdp_buff_xsk *xskb = driver_buf(xdp, "redirect");

	check_frame(xskb);
	if (!shim_redirect_accepts())
		return -ENOBUFS;	/* the socket's Rx ring is full */
	xskb->pool->rx_received++;
	chunk_free(xskb);
	return 0;
}

struct sk_buff *xdp_build_skb_from_zc(struct xdp_buff *xdp)
{
	struct xdp_buff_xsk *xskb = driver_buf(xdp, "copy to skb");
	u32 len = (u8 *)xdp->data_end - (u8 *)xdp->data;
	struct sk_buff *skb;

	check_frame(xskb);
	skb = napi_alloc_skb(NULL, len);
	if (!skb)
		return NULL;
	skb_put_data(skb, xdp->data, len);
	skb_record_rx_queue(skb, xdp->rxq->queue_index);
	skb->protocol = eth_type_trans(skb, xdp->rxq->dev);
	chunk_free(xskb);
	return skb;
}

/* As the kernel: a page of its own, the frame at its start */
struct xdp_frame *xdp_convert_zc_to_xdp_frame(struct xdp_buff *xdp)
{
	struct xdp_buff_xsk *xskb = driver_buf(xdp, "copy to frame");
	u32 len = (u8 *)xdp->data_end - (u8 *)xdp->data;
	struct xdp_frame *frame;
	struct page *page;
	u8 *va;

	check_frame(xskb);
	if (shim_alloc_should_fail())
		return NULL;
	page = shim_alloc_page();
	va = page_address(page);
	frame = (struct xdp_frame *)va;
	frame->data = va + XDP_PACKET_HEADROOM;
	frame->len = len;
	frame->headroom = XDP_PACKET_HEADROOM - sizeof(*frame);
	frame->metasize = 0;
	frame->frame_sz = PAGE_SIZE;
	frame->flags = 0;
	frame->mem_type = MEM_TYPE_PAGE_ORDER0;
	memcpy(frame->data, xdp->data, len);
	chunk_free(xskb);
	return frame;
}

dma_addr_t xsk_buff_raw_get_dma(struct xsk_buff_pool *pool, u64 addr)
{
	return pool->dma + addr;
}

/* The socket's queued frames, up to @max, to the driver's batch */
u32 xsk_tx_peek_release_desc_batch(struct xsk_buff_pool *pool, u32 max)
{
	u32 n = min_t(u32, max, pool->tx_queued);

	if (!pool->dma)
		fuzz_fail("AF_XDP frames sent from an unmapped pool");
	memcpy(pool->tx_descs, pool->tx_ring, n * sizeof(*pool->tx_descs));
	memmove(pool->tx_ring, pool->tx_ring + n,
		(pool->tx_queued - n) * sizeof(*pool->tx_ring));
	pool->tx_queued -= n;
	pool->tx_handed += n;
	return n;
}

void xsk_tx_completed(struct xsk_buff_pool *pool, u32 n)
{
	if (pool->tx_completed + n > pool->tx_handed)
		fuzz_fail("AF_XDP: %u completions, %llu frames outstanding", n,
			  pool->tx_handed - pool->tx_completed);
	pool->tx_completed += n;
}
