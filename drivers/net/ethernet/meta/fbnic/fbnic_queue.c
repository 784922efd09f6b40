// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/iopoll.h>
#include <linux/pci.h>
#include <net/netdev_lock.h>
#include <net/netdev_queues.h>
#include <net/netdev_rx_queue.h>
#include <net/page_pool/helpers.h>
#include <net/xdp_sock_drv.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_queue.h"
#include "fbnic_regs.h"
#include "fbnic_txrx.h"
#include "fbnic_xsk.h"

/*
 * The life of a queue's rings: their memory, programming them into the
 * device, stopping them and giving back what they hold. Opening and
 * closing the netdev and changing its queue layout do this for every
 * queue; the queue API (a memory provider being bound, say) does it for
 * one receive queue while the others keep running. Both go through the
 * same per-queue steps below.
 */

/* How long the engines get to go idle before a queue reset */
#define FBNIC_IDLE_TIMEOUT_US		500000
#define FBNIC_IDLE_POLL_US		20

/* Ring sizes are powers of two; the device takes log2 in four bits */
static u32 fbnic_ring_log2(u32 entries)
{
	return FIELD_PREP(FBNIC_QUEUE_SIZE_LOG2, ilog2(entries));
}

static void fbnic_q_set_base(struct fbnic_dev *fbd, unsigned int q, u32 bal,
			     dma_addr_t dma)
{
	fbnic_q_wr32(fbd, q, bal, lower_32_bits(dma));
	fbnic_q_wr32(fbd, q, bal + 4, upper_32_bits(dma));
}

/* Ring memory */

static void *fbnic_alloc_desc(struct device *dev, u32 count, size_t *size,
			      dma_addr_t *dma)
{
	/* Whole pages: the device wants 128-byte aligned rings */
	*size = ALIGN(array_size(count, sizeof(__le64)), PAGE_SIZE);
	return dma_alloc_coherent(dev, *size, dma, GFP_KERNEL | __GFP_NOWARN);
}

static void fbnic_free_desc(struct device *dev, __le64 **desc, size_t *size,
			    dma_addr_t dma)
{
	if (!*desc)
		return;
	dma_free_coherent(dev, *size, *desc, dma);
	*desc = NULL;
	*size = 0;
}

static int fbnic_alloc_cq(struct device *dev, struct fbnic_cq *cq, u32 count)
{
	cq->desc = fbnic_alloc_desc(dev, count, &cq->size, &cq->dma);
	if (!cq->desc)
		return -ENOMEM;
	cq->size_mask = count - 1;
	cq->head = 0;
	return 0;
}

static void fbnic_free_txq_res(struct device *dev, struct fbnic_txq *txq)
{
	kvfree(txq->buf);
	txq->buf = NULL;
	kvfree(txq->xdpq.buf);
	txq->xdpq.buf = NULL;
	fbnic_free_desc(dev, &txq->xdpq.desc, &txq->xdpq.size, txq->xdpq.dma);
	fbnic_free_desc(dev, &txq->desc, &txq->size, txq->dma);
	fbnic_free_desc(dev, &txq->tcq.desc, &txq->tcq.size, txq->tcq.dma);
}

static int fbnic_alloc_txq_res(struct fbnic_net *fbn, struct fbnic_txq *txq)
{
	struct device *dev = fbn->fbd->dev;

	txq->desc = fbnic_alloc_desc(dev, fbn->txq_size, &txq->size,
				     &txq->dma);
	if (!txq->desc)
		return -ENOMEM;
	txq->size_mask = fbn->txq_size - 1;
	txq->buf = kvzalloc_objs(*txq->buf, fbn->txq_size);
	if (!txq->buf)
		goto err;
	/* TWQ1, for XDP_TX, as large as TWQ0, and the zeroes after it */
	txq->xdpq.desc = fbnic_alloc_desc(dev,
					  fbn->txq_size + FBNIC_XDPQ_PAD_DESCS,
					  &txq->xdpq.size, &txq->xdpq.dma);
	txq->xdpq.buf = kvzalloc_objs(*txq->xdpq.buf, fbn->txq_size);
	if (!txq->xdpq.desc || !txq->xdpq.buf)
		goto err;
	txq->xdpq.size_mask = fbn->txq_size - 1;
	/* A completion per packet at most, so as large as the TWQ */
	if (fbnic_alloc_cq(dev, &txq->tcq, fbn->txq_size))
		goto err;
	return 0;

err:
	fbnic_free_txq_res(dev, txq);
	return -ENOMEM;
}

static int fbnic_alloc_bdq(struct device *dev, struct fbnic_bdq *bdq,
			   u32 bufs)
{
	u32 pages = max_t(u32, bufs >> bdq->frag_shift, 2);

	bdq->desc = fbnic_alloc_desc(dev, pages << bdq->frag_shift,
				     &bdq->size, &bdq->dma);
	if (!bdq->desc)
		return -ENOMEM;
	if (bdq->xsk_pool) {
		bdq->xsk_bufs = kvzalloc_objs(*bdq->xsk_bufs, pages);
		if (!bdq->xsk_bufs)
			return -ENOMEM;
	} else {
		bdq->pages = kvzalloc_objs(*bdq->pages, pages);
		if (!bdq->pages)
			return -ENOMEM;
	}
	bdq->size_mask = pages - 1;
	bdq->head = 0;
	bdq->tail = 0;
	return 0;
}

static void fbnic_free_bdq(struct device *dev, struct fbnic_bdq *bdq)
{
	kvfree(bdq->pages);
	bdq->pages = NULL;
	kvfree(bdq->xsk_bufs);
	bdq->xsk_bufs = NULL;
	fbnic_free_desc(dev, &bdq->desc, &bdq->size, bdq->dma);
}

static void fbnic_bdq_destroy_pool(struct fbnic_bdq *bdq)
{
	if (bdq->pp) {
		page_pool_destroy(bdq->pp);
		bdq->pp = NULL;
	}
}

static void fbnic_free_rxq_res(struct device *dev, struct fbnic_rxq *rxq)
{
	fbnic_free_bdq(dev, &rxq->hpq);
	fbnic_free_bdq(dev, &rxq->ppq);
	fbnic_free_desc(dev, &rxq->rcq.desc, &rxq->rcq.size, rxq->rcq.dma);
	if (xdp_rxq_info_is_reg(&rxq->xdp_rxq))
		xdp_rxq_info_unreg(&rxq->xdp_rxq);
	fbnic_bdq_destroy_pool(&rxq->hpq);
	fbnic_bdq_destroy_pool(&rxq->ppq);
}

static int fbnic_bdq_create_pool(struct fbnic_bdq *bdq,
				 struct page_pool_params *pp, u32 bufs)
{
	struct page_pool *pool;

	pp->pool_size = min_t(u32, bufs >> bdq->frag_shift, 32768);
	pool = page_pool_create(pp);
	if (IS_ERR(pool))
		return PTR_ERR(pool);
	bdq->pp = pool;
	return 0;
}

/* The page pools of a receive queue, one per buffer queue. Headers
 * always land in host memory the driver reads, a page at a time;
 * payloads in whatever memory provider the stack bound to the queue
 * (dma-buf for devmem TCP, an io_uring area), which page_pool_create()
 * looks up by queue index, under the netdev instance lock, in pages of
 * the size @qcfg says. They are made without a NAPI: rings allocated
 * beside a running queue may be freed unused, and a pool tied to a NAPI
 * that polls must not be destroyed; fbnic_enable_rxq() ties them to the
 * queue's vector, which is stopped then.
 */
static int fbnic_rxq_create_pools(struct fbnic_net *fbn, struct fbnic_rxq *rxq,
				  const struct netdev_queue_config *qcfg)
{
	bool provider = netif_rxq_has_unreadable_mp(fbn->netdev, rxq->q_idx);
	u32 order = ilog2(qcfg->rx_page_size >> PAGE_SHIFT);
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.order = 0,
		.nid = NUMA_NO_NODE,
		.dev = fbn->fbd->dev,
		.netdev = fbn->netdev,
		.queue_idx = rxq->q_idx,
		/* XDP_TX sends from the pages it received in */
		.dma_dir = DMA_BIDIRECTIONAL,
		.offset = 0,
		.max_len = PAGE_SIZE,
	};
	int err;

	/* A zero-copy AF_XDP socket's chunks take the headers (the whole
	 * frames), one buffer each
	 */
	rxq->hpq.xsk_pool = fbnic_xsk_pool(fbn, rxq->q_idx);
	rxq->hpq.frag_shift = rxq->hpq.xsk_pool ? 0 : FBNIC_BD_FRAG_SHIFT;
	if (!rxq->hpq.xsk_pool) {
		err = fbnic_bdq_create_pool(&rxq->hpq, &pp, fbn->hpq_size);
		if (err)
			return err;
	}

	/* XDP and memory providers exclude each other, and providers
	 * (io_uring's) take only memory the device writes
	 */
	pp.flags |= PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	if (provider)
		pp.dma_dir = DMA_FROM_DEVICE;
	pp.order = order;
	pp.max_len = PAGE_SIZE << order;
	rxq->ppq.frag_shift = FBNIC_BD_FRAG_SHIFT + order;
	err = fbnic_bdq_create_pool(&rxq->ppq, &pp, fbn->ppq_size);
	if (err)
		fbnic_bdq_destroy_pool(&rxq->hpq);
	return err;
}

static int fbnic_alloc_rxq_res(struct fbnic_net *fbn, struct fbnic_rxq *rxq,
			       const struct netdev_queue_config *qcfg)
{
	struct device *dev = fbn->fbd->dev;
	int err;

	err = fbnic_rxq_create_pools(fbn, rxq, qcfg);
	if (err)
		return err;

	if (fbnic_alloc_bdq(dev, &rxq->hpq, fbn->hpq_size) ||
	    fbnic_alloc_bdq(dev, &rxq->ppq, fbn->ppq_size) ||
	    fbnic_alloc_cq(dev, &rxq->rcq, fbn->rcq_size)) {
		fbnic_free_rxq_res(dev, rxq);
		return -ENOMEM;
	}

	err = xdp_rxq_info_reg(&rxq->xdp_rxq, fbn->netdev, rxq->q_idx,
			       rxq->nv->napi.napi_id);
	if (!err && rxq->hpq.xsk_pool)
		err = xdp_rxq_info_reg_mem_model(&rxq->xdp_rxq,
						 MEM_TYPE_XSK_BUFF_POOL, NULL);
	else if (!err)
		err = xdp_rxq_info_reg_mem_model(&rxq->xdp_rxq,
						 MEM_TYPE_PAGE_POOL,
						 rxq->hpq.pp);
	if (err) {
		fbnic_free_rxq_res(dev, rxq);
		return err;
	}
	return 0;
}

/* A queue the netdev brings up itself, with what the stack configured
 * for it (a memory provider's page size, say)
 */
static int fbnic_alloc_rxq_res_default(struct fbnic_net *fbn,
				       struct fbnic_rxq *rxq)
{
	struct netdev_queue_config qcfg;

	netdev_queue_config(fbn->netdev, rxq->q_idx, &qcfg);
	return fbnic_alloc_rxq_res(fbn, rxq, &qcfg);
}

/**
 * fbnic_free_resources() - free the rings of every queue
 * @fbn: netdev private area
 *
 * The rings must have been flushed.
 */
void fbnic_free_resources(struct fbnic_net *fbn)
{
	struct device *dev = fbn->fbd->dev;
	unsigned int i;

	for (i = 0; i < FBNIC_MAX_TXQS; i++)
		if (fbn->txq[i])
			fbnic_free_txq_res(dev, fbn->txq[i]);
	for (i = 0; i < FBNIC_MAX_RXQS; i++)
		if (fbn->rxq[i])
			fbnic_free_rxq_res(dev, fbn->rxq[i]);
}

/**
 * fbnic_alloc_resources() - allocate the rings and page pools of every queue
 * @fbn: netdev private area, with its vectors allocated
 *
 * Return: 0 or -ENOMEM, in which case nothing is left allocated.
 */
int fbnic_alloc_resources(struct fbnic_net *fbn)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < fbn->num_tx_queues && !err; i++)
		err = fbnic_alloc_txq_res(fbn, fbn->txq[i]);
	for (i = 0; i < fbn->num_rx_queues && !err; i++)
		err = fbnic_alloc_rxq_res_default(fbn, fbn->rxq[i]);

	if (err)
		fbnic_free_resources(fbn);
	return err;
}

/**
 * fbnic_set_netif_queues() - tell the stack about the queues and vectors
 * @fbn: netdev private area, with its vectors allocated
 *
 * Return: 0 or a negative errno.
 */
int fbnic_set_netif_queues(struct fbnic_net *fbn)
{
	unsigned int i;
	int err;

	err = netif_set_real_num_queues(fbn->netdev, fbn->num_tx_queues,
					fbn->num_rx_queues);
	if (err)
		return err;

	for (i = 0; i < fbn->num_tx_queues; i++)
		netif_queue_set_napi(fbn->netdev, i, NETDEV_QUEUE_TYPE_TX,
				     &fbn->txq[i]->nv->napi);
	for (i = 0; i < fbn->num_rx_queues; i++)
		netif_queue_set_napi(fbn->netdev, i, NETDEV_QUEUE_TYPE_RX,
				     &fbn->rxq[i]->nv->napi);
	return 0;
}

/**
 * fbnic_reset_netif_queues() - undo fbnic_set_netif_queues()
 * @fbn: netdev private area
 */
void fbnic_reset_netif_queues(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < FBNIC_MAX_TXQS; i++)
		if (fbn->txq[i])
			netif_queue_set_napi(fbn->netdev, i,
					     NETDEV_QUEUE_TYPE_TX, NULL);
	for (i = 0; i < FBNIC_MAX_RXQS; i++)
		if (fbn->rxq[i])
			netif_queue_set_napi(fbn->netdev, i,
					     NETDEV_QUEUE_TYPE_RX, NULL);
}

/* Bringing queues up and down */

static void fbnic_enable_txq(struct fbnic_napi_vector *nv,
			     struct fbnic_txq *txq)
{
	struct fbnic_dev *fbd = nv->fbd;
	unsigned int q = txq->q_idx;

	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TWQ0_CTL, FBNIC_QUEUE_CTL_RESET);
	txq->head = 0;
	txq->tail = 0;
	txq->dev_head = 0;
	txq->deferred_meta = -1;
	fbnic_q_set_base(fbd, q, FBNIC_QUEUE_TWQ0_BAL, txq->dma);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TWQ0_SIZE,
		     fbnic_ring_log2(txq->size_mask + 1));
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TWQ0_CTL, FBNIC_QUEUE_CTL_ENABLE);

	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TWQ1_CTL, FBNIC_QUEUE_CTL_RESET);
	txq->xdpq.head = 0;
	txq->xdpq.tail = 0;
	txq->xdpq.pending_meta = -1;
	fbnic_q_set_base(fbd, q, FBNIC_QUEUE_TWQ1_BAL, txq->xdpq.dma);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TWQ1_SIZE,
		     fbnic_ring_log2(txq->xdpq.size_mask + 1));
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TWQ1_CTL, FBNIC_QUEUE_CTL_ENABLE);

	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TCQ_CTL, FBNIC_QUEUE_CTL_RESET);
	txq->tcq.head = 0;
	fbnic_q_set_base(fbd, q, FBNIC_QUEUE_TCQ_BAL, txq->tcq.dma);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TCQ_SIZE,
		     fbnic_ring_log2(txq->tcq.size_mask + 1));
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TIM_CTL,
		     FIELD_PREP(FBNIC_QUEUE_IM_CTL_MSIX, nv->v_idx));
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TIM_THRESHOLD,
		     FIELD_PREP(FBNIC_QUEUE_IM_THRESHOLD,
				txq->tcq.size_mask / 2));
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TIM_MASK, 0);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TCQ_CTL, FBNIC_QUEUE_CTL_ENABLE);
}

static void fbnic_enable_bdq(struct fbnic_dev *fbd, struct fbnic_rxq *rxq)
{
	unsigned int q = rxq->q_idx;

	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_BDQ_CTL, FBNIC_QUEUE_CTL_RESET);
	rxq->hpq.head = 0;
	rxq->hpq.tail = 0;
	rxq->ppq.head = 0;
	rxq->ppq.tail = 0;

	fbnic_q_set_base(fbd, q, FBNIC_QUEUE_BDQ_HPQ_BAL, rxq->hpq.dma);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_BDQ_HPQ_SIZE,
		     fbnic_ring_log2((rxq->hpq.size_mask + 1) <<
				     rxq->hpq.frag_shift));
	fbnic_q_set_base(fbd, q, FBNIC_QUEUE_BDQ_PPQ_BAL, rxq->ppq.dma);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_BDQ_PPQ_SIZE,
		     fbnic_ring_log2((rxq->ppq.size_mask + 1) <<
				     rxq->ppq.frag_shift));
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_BDQ_CTL,
		     FBNIC_QUEUE_CTL_ENABLE | FBNIC_QUEUE_BDQ_CTL_PPQ_ENABLE);
}

/* Buffer layout and drop policy of the Rx DMA engine. While buffers are
 * short, the device holds frames back (and with flow control, the link
 * partner) when there is a single queue or pause frames are sent; with
 * several queues and no flow control it drops them, so that one slow
 * queue does not stall the others.
 */
static void fbnic_config_rde(struct fbnic_net *fbn, struct fbnic_rxq *rxq)
{
	bool hdr_split = fbn->hds_thresh < FBNIC_HDS_THRESH_MIN;
	u32 hroom = FBNIC_RX_HROOM, troom = FBNIC_RX_TROOM, max_hdr;
	struct fbnic_dev *fbd = fbn->fbd;
	u32 drop_mode;

	max_hdr = max_t(u32, fbn->hds_thresh, FBNIC_HDS_THRESH_MIN);
	/* Zero-copy: each frame whole in a chunk of its own */
	if (rxq->hpq.xsk_pool) {
		fbnic_xsk_rde(rxq->hpq.xsk_pool, &hroom, &max_hdr);
		troom = 0;
		hdr_split = false;
	}

	drop_mode = fbn->num_rx_queues > 1 && !fbn->tx_pause ?
		    FBNIC_QUEUE_RDE_DROP_IMMEDIATE : FBNIC_QUEUE_RDE_DROP_NEVER;
	fbnic_q_wr32(fbd, rxq->q_idx, FBNIC_QUEUE_RDE_CTL0,
		     FIELD_PREP(FBNIC_QUEUE_RDE_CTL0_DROP_MODE, drop_mode) |
		     FIELD_PREP(FBNIC_QUEUE_RDE_CTL0_MIN_HROOM, hroom) |
		     FIELD_PREP(FBNIC_QUEUE_RDE_CTL0_MIN_TROOM, troom) |
		     (hdr_split ? FBNIC_QUEUE_RDE_CTL0_EN_HDR_SPLIT : 0));
	fbnic_q_wr32(fbd, rxq->q_idx, FBNIC_QUEUE_RDE_CTL1,
		     FIELD_PREP(FBNIC_QUEUE_RDE_CTL1_MAX_HDR, max_hdr));
}

/**
 * fbnic_config_drop_mode() - reprogram the Rx queues' drop policy
 * @fbn: netdev private area, with the data path up
 *
 * For a change of flow control.
 */
void fbnic_config_drop_mode(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < fbn->num_rx_queues; i++)
		fbnic_config_rde(fbn, fbn->rxq[i]);
}

static void fbnic_enable_rxq(struct fbnic_napi_vector *nv,
			     struct fbnic_rxq *rxq)
{
	struct fbnic_net *fbn = nv->fbn;
	struct fbnic_dev *fbd = nv->fbd;
	unsigned int q = rxq->q_idx;
	struct fbnic_txq *txq;

	/* XDP_TX needs the pair's Tx queue polled by the same vector */
	txq = q < fbn->num_tx_queues ? fbn->txq[q] : NULL;
	rxq->xdp_txq = txq && txq->nv == nv ? txq : NULL;
	/* So does a zero-copy socket's Tx; the vector is stopped */
	if (rxq->xdp_txq)
		rxq->xdp_txq->xdpq.xsk_pool = rxq->hpq.xsk_pool;
	if (rxq->hpq.xsk_pool)
		xsk_pool_set_rxq_info(rxq->hpq.xsk_pool, &rxq->xdp_rxq);

	/* Pages freed from the vector's poll go straight back to the pools */
	if (rxq->hpq.pp)
		page_pool_enable_direct_recycling(rxq->hpq.pp, &nv->napi);
	page_pool_enable_direct_recycling(rxq->ppq.pp, &nv->napi);

	fbnic_enable_bdq(fbd, rxq);
	fbnic_config_rde(nv->fbn, rxq);

	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RCQ_CTL, FBNIC_QUEUE_CTL_RESET);
	rxq->rcq.head = 0;
	fbnic_q_set_base(fbd, q, FBNIC_QUEUE_RCQ_BAL, rxq->rcq.dma);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RCQ_SIZE,
		     fbnic_ring_log2(rxq->rcq.size_mask + 1));
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RIM_CTL,
		     FIELD_PREP(FBNIC_QUEUE_IM_CTL_MSIX, nv->v_idx));
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RIM_MASK, 0);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RCQ_CTL, FBNIC_QUEUE_CTL_ENABLE);
}

/**
 * fbnic_enable() - program and enable every queue's rings
 * @fbn: netdev private area, with rings allocated and flushed
 *
 * The buffer queues are still empty; fbnic_fill() posts their pages.
 */
void fbnic_enable(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < fbn->num_tx_queues; i++)
		fbnic_enable_txq(fbn->txq[i]->nv, fbn->txq[i]);
	for (i = 0; i < fbn->num_rx_queues; i++)
		fbnic_enable_rxq(fbn->rxq[i]->nv, fbn->rxq[i]);
	for (i = 0; i < fbn->num_napi; i++)
		fbnic_config_moderation(fbn->napi[i]);
	fbnic_wrfl(fbn->fbd);
}

static void fbnic_disable_txq(struct fbnic_dev *fbd, unsigned int q)
{
	fbnic_rmw32(fbd, fbnic_queue_reg(q, FBNIC_QUEUE_TWQ0_CTL),
		    FBNIC_QUEUE_CTL_ENABLE, 0);
	fbnic_rmw32(fbd, fbnic_queue_reg(q, FBNIC_QUEUE_TWQ1_CTL),
		    FBNIC_QUEUE_CTL_ENABLE, 0);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TCQ_CTL, 0);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_TIM_MASK, FBNIC_QUEUE_IM_MASK);
}

static void fbnic_disable_rxq(struct fbnic_dev *fbd, unsigned int q)
{
	fbnic_rmw32(fbd, fbnic_queue_reg(q, FBNIC_QUEUE_BDQ_CTL),
		    FBNIC_QUEUE_CTL_ENABLE, 0);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RCQ_CTL, 0);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RIM_MASK, FBNIC_QUEUE_IM_MASK);
}

/* Undo fbnic_disable_rxq() on rings that were not reset meanwhile */
static void fbnic_resume_rxq(struct fbnic_dev *fbd, unsigned int q)
{
	fbnic_rmw32(fbd, fbnic_queue_reg(q, FBNIC_QUEUE_BDQ_CTL),
		    FBNIC_QUEUE_CTL_ENABLE, FBNIC_QUEUE_CTL_ENABLE);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RCQ_CTL, FBNIC_QUEUE_CTL_ENABLE);
	fbnic_q_wr32(fbd, q, FBNIC_QUEUE_RIM_MASK, 0);
}

/**
 * fbnic_disable() - stop every queue's engines
 * @fbn: netdev private area
 *
 * The engines finish what they are doing; wait for that with
 * fbnic_wait_all_queues_idle() before flushing the rings.
 */
void fbnic_disable(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;
	unsigned int q;

	for (q = 0; q < fbn->num_tx_queues; q++)
		fbnic_disable_txq(fbd, q);
	for (q = 0; q < fbn->num_rx_queues; q++)
		fbnic_disable_rxq(fbd, q);
	fbnic_wrfl(fbd);
}

/**
 * struct fbnic_idle_regs - a bank of per-queue idle bits
 * @reg: first register
 * @count: registers in the bank
 */
struct fbnic_idle_regs {
	u32 reg;
	u8 count;
};

static const struct fbnic_idle_regs fbnic_tx_idle[] = {
	{ FBNIC_QM_TWQ_IDLE(0), FBNIC_QM_TWQ_IDLE_CNT },
	{ FBNIC_QM_TQS_IDLE(0), FBNIC_QM_TQS_IDLE_CNT },
	{ FBNIC_QM_TDE_IDLE(0), FBNIC_QM_TDE_IDLE_CNT },
	{ FBNIC_QM_TCQ_IDLE(0), FBNIC_QM_TCQ_IDLE_CNT },
};

static const struct fbnic_idle_regs fbnic_rx_idle[] = {
	{ FBNIC_QM_HPQ_IDLE(0), FBNIC_QM_HPQ_IDLE_CNT },
	{ FBNIC_QM_PPQ_IDLE(0), FBNIC_QM_PPQ_IDLE_CNT },
	{ FBNIC_QM_RCQ_IDLE(0), FBNIC_QM_RCQ_IDLE_CNT },
};

/* Every queue idle: all bits of all banks set */
static bool fbnic_banks_idle(struct fbnic_dev *fbd,
			     const struct fbnic_idle_regs *banks,
			     unsigned int nbanks)
{
	unsigned int i, j;

	for (i = 0; i < nbanks; i++)
		for (j = 0; j < banks[i].count; j++)
			if (fbnic_rd32(fbd, banks[i].reg + 4 * j) != ~0U)
				return false;
	return true;
}

static int fbnic_wait_banks_idle(struct fbnic_dev *fbd,
				 const struct fbnic_idle_regs *banks,
				 unsigned int nbanks)
{
	bool idle;

	return read_poll_timeout(fbnic_banks_idle, idle, idle,
				 FBNIC_IDLE_POLL_US, FBNIC_IDLE_TIMEOUT_US,
				 false, fbd, banks, nbanks);
}

static void fbnic_dump_idle(struct fbnic_dev *fbd, const char *dir,
			    const struct fbnic_idle_regs *banks,
			    unsigned int nbanks)
{
	unsigned int i, j;

	for (i = 0; i < nbanks; i++)
		for (j = 0; j < banks[i].count; j++)
			dev_err(fbd->dev, "%s idle 0x%05x: %08x\n", dir,
				banks[i].reg + 4 * j,
				fbnic_rd32(fbd, banks[i].reg + 4 * j));
}

/**
 * fbnic_wait_all_queues_idle() - wait for the disabled queues to drain
 * @fbd: device
 * @may_fail: give up if Tx does not drain, rather than carry on
 *
 * Transmit that does not drain (no link, say) is flushed: the TMI drops
 * what is queued while the drop switch is on.
 *
 * Return: 0, or -ETIMEDOUT if a queue did not go idle.
 */
int fbnic_wait_all_queues_idle(struct fbnic_dev *fbd, bool may_fail)
{
	int err;

	err = fbnic_wait_banks_idle(fbd, fbnic_tx_idle,
				    ARRAY_SIZE(fbnic_tx_idle));
	if (err) {
		dev_warn(fbd->dev, "Tx queues did not drain, dropping their frames\n");
		fbnic_rmw32(fbd, FBNIC_TMI_DROP_CTRL, FBNIC_TMI_DROP_CTRL_EN,
			    FBNIC_TMI_DROP_CTRL_EN);
		err = fbnic_wait_banks_idle(fbd, fbnic_tx_idle,
					    ARRAY_SIZE(fbnic_tx_idle));
		fbnic_rmw32(fbd, FBNIC_TMI_DROP_CTRL, FBNIC_TMI_DROP_CTRL_EN, 0);
	}
	if (err) {
		fbnic_dump_idle(fbd, "Tx", fbnic_tx_idle,
				ARRAY_SIZE(fbnic_tx_idle));
		if (may_fail)
			return err;
	}

	err = fbnic_wait_banks_idle(fbd, fbnic_rx_idle,
				    ARRAY_SIZE(fbnic_rx_idle));
	if (err)
		fbnic_dump_idle(fbd, "Rx", fbnic_rx_idle,
				ARRAY_SIZE(fbnic_rx_idle));
	return err;
}

/* One receive queue's engines idle: its bit set in every Rx bank */
static int fbnic_wait_rxq_idle(struct fbnic_dev *fbd, unsigned int q)
{
	u32 bit = BIT(q % 32), off = 4 * (q / 32), val;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(fbnic_rx_idle); i++) {
		err = read_poll_timeout(fbnic_rd32, val, val & bit,
					FBNIC_IDLE_POLL_US,
					FBNIC_IDLE_TIMEOUT_US, false, fbd,
					fbnic_rx_idle[i].reg + off);
		if (err) {
			dev_err(fbd->dev, "Rx queue %u did not go idle: 0x%05x is %08x\n",
				q, fbnic_rx_idle[i].reg + off, val);
			return err;
		}
	}
	return 0;
}

/**
 * fbnic_flush() - give back everything left on the rings
 * @fbn: netdev private area, with the queues disabled and idle
 *
 * Unsent packets are counted as dropped, posted pages return to their
 * page pool and the completion rings are cleared for the next start.
 */
void fbnic_flush(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < fbn->num_tx_queues; i++)
		fbnic_flush_txq(fbn->txq[i]);
	for (i = 0; i < fbn->num_rx_queues; i++)
		fbnic_flush_rxq(fbn->rxq[i]);
}

/* The queue API: one receive queue restarted on new rings */

/* A buffer queue is ring state but for its doorbell and counter: trade
 * the whole and take those back, so that ring state added later cannot
 * be left behind
 */
static void fbnic_bdq_swap_rings(struct fbnic_bdq *a, struct fbnic_bdq *b)
{
	swap(*a, *b);
	swap(a->tail_reg, b->tail_reg);
	swap(a->alloc_failed, b->alloc_failed);
}

static void fbnic_cq_swap_ring(struct fbnic_cq *a, struct fbnic_cq *b)
{
	swap(*a, *b);
	swap(a->head_reg, b->head_reg);
}

/* Trade a live queue's rings, page pools and XDP registration for those
 * of a queue memory block; the queue keeps its identity, vector and
 * counters.
 */
static void fbnic_rxq_swap_rings(struct fbnic_rxq *rxq, struct fbnic_rxq *mem)
{
	fbnic_bdq_swap_rings(&rxq->hpq, &mem->hpq);
	fbnic_bdq_swap_rings(&rxq->ppq, &mem->ppq);
	fbnic_cq_swap_ring(&rxq->rcq, &mem->rcq);
	swap(rxq->xdp_rxq, mem->xdp_rxq);
}

/* The queue whose rings the stack wants replaced, or NULL if the data
 * path is not there (closed, or torn down by a failed reset while the
 * netdev still counts as running)
 */
static struct fbnic_rxq *fbnic_live_rxq(struct net_device *dev, int idx)
{
	struct fbnic_net *fbn = netdev_priv(dev);

	netdev_assert_locked(dev);
	if (idx < 0 || idx >= fbn->num_rx_queues || !fbn->napi[0])
		return NULL;
	return fbn->rxq[idx];
}

static int fbnic_queue_mem_alloc(struct net_device *dev,
				 struct netdev_queue_config *qcfg,
				 void *qmem, int idx)
{
	struct fbnic_net *fbn = netdev_priv(dev);
	struct fbnic_rxq *rxq = qmem, *live;

	rxq->q_idx = idx;
	/* Closed: the rings come with the next open. A page pool is made
	 * all the same, for the stack to check a memory provider being
	 * bound against; it goes again at once.
	 */
	if (!netif_running(dev))
		return fbnic_rxq_create_pools(fbn, rxq, qcfg);

	live = fbnic_live_rxq(dev, idx);
	if (!live)
		return -ENETDOWN;
	rxq->nv = live->nv;
	return fbnic_alloc_rxq_res(fbn, rxq, qcfg);
}

static void fbnic_queue_mem_free(struct net_device *dev, void *qmem)
{
	struct fbnic_net *fbn = netdev_priv(dev);

	fbnic_free_rxq_res(fbn->fbd->dev, qmem);
}

/* A pair whose AF_XDP socket goes (or changes) must not leave the
 * socket's frames on TWQ1: wait for the device to send them, dropping
 * them at the MAC if it does not (no link, say), before the pool is
 * unmapped. The vector is stopped.
 */
static int fbnic_xsk_tx_release(struct fbnic_rxq *rxq, unsigned int idx)
{
	struct fbnic_net *fbn = rxq->nv->fbn;
	struct fbnic_txq *txq = rxq->xdp_txq;
	struct fbnic_dev *fbd = fbn->fbd;
	bool empty;
	int err;

	if (!txq || !txq->xdpq.xsk_pool ||
	    txq->xdpq.xsk_pool == fbnic_xsk_pool(fbn, idx))
		return 0;

	err = read_poll_timeout(fbnic_xdpq_reap, empty, empty,
				FBNIC_IDLE_POLL_US, FBNIC_IDLE_TIMEOUT_US,
				false, txq);
	if (err) {
		fbnic_rmw32(fbd, FBNIC_TMI_DROP_CTRL, FBNIC_TMI_DROP_CTRL_EN,
			    FBNIC_TMI_DROP_CTRL_EN);
		err = read_poll_timeout(fbnic_xdpq_reap, empty, empty,
					FBNIC_IDLE_POLL_US,
					FBNIC_IDLE_TIMEOUT_US, false, txq);
		fbnic_rmw32(fbd, FBNIC_TMI_DROP_CTRL, FBNIC_TMI_DROP_CTRL_EN, 0);
	}
	if (err) {
		netdev_err(fbn->netdev, "queue %u: TWQ1 did not send the AF_XDP socket's frames\n",
			   idx);
		return err;
	}
	txq->xdpq.xsk_pool = NULL;
	return 0;
}

/* The vector pauses while its queue changes rings: its other queues wait
 * in their rings meanwhile, nothing of theirs is dropped or reset.
 */
static int fbnic_queue_start(struct net_device *dev,
			     struct netdev_queue_config *qcfg,
			     void *qmem, int idx)
{
	struct fbnic_rxq *rxq = fbnic_live_rxq(dev, idx);

	if (!rxq)
		return -ENETDOWN;
	fbnic_rxq_swap_rings(rxq, qmem);
	fbnic_enable_rxq(rxq->nv, rxq);
	fbnic_fill_rxq(rxq);
	fbnic_nv_napi_enable(rxq->nv);
	return 0;
}

static int fbnic_queue_stop(struct net_device *dev, void *qmem, int idx)
{
	struct fbnic_rxq *rxq = fbnic_live_rxq(dev, idx);
	struct fbnic_dev *fbd;
	int err;

	if (!rxq)
		return -ENETDOWN;
	fbd = rxq->nv->fbd;

	fbnic_nv_napi_disable(rxq->nv);
	err = fbnic_xsk_tx_release(rxq, idx);
	if (err) {
		fbnic_nv_napi_enable(rxq->nv);
		return err;
	}
	fbnic_disable_rxq(fbd, idx);
	fbnic_wrfl(fbd);
	err = fbnic_wait_rxq_idle(fbd, idx);
	if (err) {
		/* The engines may still write to the buffers: keep them */
		fbnic_resume_rxq(fbd, idx);
		fbnic_nv_napi_enable(rxq->nv);
		return err;
	}

	fbnic_flush_rxq(rxq);
	/* The vector polls again before the old pools are destroyed */
	if (rxq->hpq.pp)
		page_pool_disable_direct_recycling(rxq->hpq.pp);
	page_pool_disable_direct_recycling(rxq->ppq.pp);
	fbnic_rxq_swap_rings(rxq, qmem);
	return 0;
}

static void fbnic_queue_default_qcfg(struct net_device *dev,
				     struct netdev_queue_config *qcfg)
{
	qcfg->rx_page_size = PAGE_SIZE;
}

/* Payload pages a memory provider may ask for: any power of two from a
 * page up, as long as the smallest payload ring still takes two
 */
static int fbnic_queue_validate_qcfg(struct net_device *dev,
				     struct netdev_queue_config *qcfg,
				     struct netlink_ext_ack *extack)
{
	if (!is_power_of_2(qcfg->rx_page_size) ||
	    qcfg->rx_page_size < PAGE_SIZE ||
	    qcfg->rx_page_size > FBNIC_RX_PAGE_SIZE_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "Rx page size must be a power of two from %lu to %u",
				       PAGE_SIZE, FBNIC_RX_PAGE_SIZE_MAX);
		return -ERANGE;
	}
	return 0;
}

const struct netdev_queue_mgmt_ops fbnic_queue_mgmt_ops = {
	.ndo_queue_mem_size	= sizeof(struct fbnic_rxq),
	.ndo_queue_mem_alloc	= fbnic_queue_mem_alloc,
	.ndo_queue_mem_free	= fbnic_queue_mem_free,
	.ndo_queue_start	= fbnic_queue_start,
	.ndo_queue_stop		= fbnic_queue_stop,
	.ndo_default_qcfg	= fbnic_queue_default_qcfg,
	.ndo_validate_qcfg	= fbnic_queue_validate_qcfg,
	.supported_params	= QCFG_RX_PAGE_SIZE,
};
