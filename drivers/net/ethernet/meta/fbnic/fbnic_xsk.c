// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

/*
 * AF_XDP zero-copy: a queue pair whose receive buffers and part of whose
 * XDP transmit frames are an AF_XDP socket's umem chunks.
 *
 * Receive. The header buffer queue posts chunks instead of pages, and
 * the Rx DMA engine is told to put each frame whole into a chunk of its
 * own: no header split, a header limit as large as what the chunk has
 * left after the headroom the umem and XDP want, and no tailroom. The
 * engine finishes a header buffer once another header of the limit's
 * size would not fit, which after any frame is at once. The payload
 * queue keeps its pages, for a frame the engine would still split; such
 * a frame is dropped. Buffer addresses are 4 KB-granular, so the chunks
 * must be aligned and at least 4 KB.
 *
 * Transmit. The socket's frames go out on TWQ1 of the pair, beside
 * XDP_TX and redirected frames, from the NAPI poll of the pair's vector
 * (so only when both queues of the pair share one); their completions
 * go back to the socket in the order it queued them.
 */

#include <linux/bitfield.h>
#include <linux/bpf_trace.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <net/netdev_rx_queue.h>
#include <net/xdp_sock_drv.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_regs.h"
#include "fbnic_txrx.h"
#include "fbnic_xsk.h"

/* Frames shorter than this get a second descriptor of zeroes */
#define FBNIC_XSK_MIN_FRAME_LEN		ETH_ZLEN

/**
 * fbnic_xsk_pool() - the zero-copy AF_XDP pool of a queue pair
 * @fbn: netdev private area
 * @q: queue index
 *
 * Return: the pool, or NULL if the pair runs on pages.
 */
struct xsk_buff_pool *fbnic_xsk_pool(struct fbnic_net *fbn, unsigned int q)
{
	if (q >= FBNIC_MAX_QUEUES || !test_bit(q, fbn->xsk_zc))
		return NULL;
	return xsk_get_pool_from_qid(fbn->netdev, q);
}

/* Where the device puts a frame in a chunk: past the headroom, on the
 * 128-byte boundary headers are placed on
 */
static u32 fbnic_xsk_frame_off(struct xsk_buff_pool *pool)
{
	return ALIGN(xsk_pool_get_headroom(pool), FBNIC_RX_SLOT_ALIGN);
}

static u32 fbnic_xsk_frame_room(struct xsk_buff_pool *pool)
{
	return FBNIC_BD_FRAG_SIZE - fbnic_xsk_frame_off(pool);
}

/**
 * fbnic_xsk_rde() - Rx DMA engine layout of a zero-copy queue
 * @pool: the queue's pool
 * @hroom: set to the headroom before each frame
 * @max_hdr: set to the header limit: the whole frame
 */
void fbnic_xsk_rde(struct xsk_buff_pool *pool, u32 *hroom, u32 *max_hdr)
{
	*hroom = xsk_pool_get_headroom(pool);
	*max_hdr = fbnic_xsk_frame_room(pool);
}

/* Largest frame an MTU lets in, with a VLAN tag */
static u32 fbnic_xsk_max_frame(unsigned int mtu)
{
	return mtu + VLAN_ETH_HLEN;
}

/**
 * fbnic_xsk_check_mtu() - whether every zero-copy queue takes an MTU
 * @fbn: netdev private area
 * @mtu: the MTU
 *
 * Return: 0, or -EINVAL if a frame would not fit a bound socket's chunk.
 */
int fbnic_xsk_check_mtu(struct fbnic_net *fbn, unsigned int mtu)
{
	struct xsk_buff_pool *pool;
	unsigned int q;

	for_each_set_bit(q, fbn->xsk_zc, FBNIC_MAX_QUEUES) {
		pool = fbnic_xsk_pool(fbn, q);
		if (pool && fbnic_xsk_max_frame(mtu) > fbnic_xsk_frame_room(pool)) {
			netdev_err(fbn->netdev,
				   "MTU %u does not fit the %u bytes the zero-copy AF_XDP socket on queue %u leaves a frame\n",
				   mtu, fbnic_xsk_frame_room(pool), q);
			return -EINVAL;
		}
	}
	return 0;
}

/* What the device can do with a pool's chunks */
static int fbnic_xsk_check_pool(struct fbnic_net *fbn,
				struct xsk_buff_pool *pool, u16 qid)
{
	struct net_device *netdev = fbn->netdev;

	if (qid >= fbn->num_rx_queues) {
		netdev_err(netdev, "AF_XDP zero-copy: no receive queue %u\n",
			   qid);
		return -EINVAL;
	}
	if (pool->unaligned ||
	    xsk_pool_get_chunk_size(pool) < FBNIC_BD_FRAG_SIZE) {
		netdev_err(netdev,
			   "AF_XDP zero-copy needs aligned chunks of at least %u bytes (buffer addresses are 4 KB-granular)\n",
			   FBNIC_BD_FRAG_SIZE);
		return -EOPNOTSUPP;
	}
	if (xsk_pool_get_headroom(pool) >
	    FIELD_MAX(FBNIC_QUEUE_RDE_CTL0_MIN_HROOM)) {
		netdev_err(netdev,
			   "AF_XDP zero-copy: umem headroom %u is more than the device leaves (%lu)\n",
			   xsk_pool_get_headroom(pool) - XDP_PACKET_HEADROOM,
			   FIELD_MAX(FBNIC_QUEUE_RDE_CTL0_MIN_HROOM) -
			   XDP_PACKET_HEADROOM);
		return -EINVAL;
	}
	if (fbnic_xsk_max_frame(netdev->mtu) > fbnic_xsk_frame_room(pool)) {
		netdev_err(netdev,
			   "AF_XDP zero-copy: MTU %u frames do not fit the %u bytes a chunk leaves\n",
			   netdev->mtu, fbnic_xsk_frame_room(pool));
		return -EINVAL;
	}
	return 0;
}

/* Rebuild the pair's receive rings (and switch its TWQ1) for the
 * pool the queue now has, or has no more; a netdev that is down picks
 * it up when it opens.
 */
static int fbnic_xsk_restart(struct fbnic_net *fbn, u16 qid)
{
	if (!netif_running(fbn->netdev) || !fbn->up)
		return 0;
	return netdev_rx_queue_restart(fbn->netdev, qid);
}

static int fbnic_xsk_enable(struct fbnic_net *fbn, struct xsk_buff_pool *pool,
			    u16 qid)
{
	int err;

	err = fbnic_xsk_check_pool(fbn, pool, qid);
	if (err)
		return err;
	err = xsk_pool_dma_map(pool, fbn->fbd->dev, 0);
	if (err)
		return err;

	set_bit(qid, fbn->xsk_zc);
	err = fbnic_xsk_restart(fbn, qid);
	if (err) {
		clear_bit(qid, fbn->xsk_zc);
		xsk_pool_dma_unmap(pool, 0);
	}
	return err;
}

static int fbnic_xsk_disable(struct fbnic_net *fbn, u16 qid)
{
	/* The stack still has the pool at the queue while it unbinds */
	struct xsk_buff_pool *pool = fbnic_xsk_pool(fbn, qid);
	int err;

	if (!pool)
		return -EINVAL;

	clear_bit(qid, fbn->xsk_zc);
	err = fbnic_xsk_restart(fbn, qid);
	if (err) {
		/* The queue kept its chunks: they stay mapped */
		set_bit(qid, fbn->xsk_zc);
		return err;
	}
	xsk_pool_dma_unmap(pool, 0);
	return 0;
}

/**
 * fbnic_xsk_pool_setup() - bind or unbind a zero-copy AF_XDP pool
 * @netdev: the netdev
 * @pool: the pool, NULL to unbind
 * @qid: queue pair
 *
 * Runs under the netdev instance lock. A running queue pair restarts
 * on the pool's chunks, the other queues pass traffic meanwhile.
 *
 * Return: 0 or a negative errno.
 */
int fbnic_xsk_pool_setup(struct net_device *netdev,
			 struct xsk_buff_pool *pool, u16 qid)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	return pool ? fbnic_xsk_enable(fbn, pool, qid) :
		      fbnic_xsk_disable(fbn, qid);
}

/**
 * fbnic_xsk_wakeup() - run a zero-copy queue pair's NAPI poll
 * @netdev: the netdev
 * @qid: queue pair
 * @flags: XDP_WAKEUP_RX and/or XDP_WAKEUP_TX; one poll does both
 *
 * The socket asks when it queued frames to send or chunks to fill.
 * Called within an RCU read-side section, which fbnic_down() waits for.
 *
 * Return: 0, -ENETDOWN if the data path is down, -EINVAL if the queue
 * does not run zero-copy.
 */
int fbnic_xsk_wakeup(struct net_device *netdev, u32 qid, u32 flags)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_napi_vector *nv;

	if (!READ_ONCE(fbn->up))
		return -ENETDOWN;
	if (qid >= fbn->num_rx_queues || !fbn->rxq[qid] ||
	    !READ_ONCE(fbn->rxq[qid]->hpq.xsk_pool))
		return -EINVAL;

	nv = fbn->rxq[qid]->nv;
	/* A poll under way polls once more rather than being raced */
	if (!napi_if_scheduled_mark_missed(&nv->napi)) {
		local_bh_disable();
		napi_schedule(&nv->napi);
		local_bh_enable();
	}
	return 0;
}

/**
 * fbnic_xsk_fill() - post the socket's free chunks on a header queue
 * @rxq: the receive queue
 * @bdq: its header buffer queue, on a pool
 * @free: slots free
 *
 * A socket out of chunks is asked to wake the queue once it has some.
 */
void fbnic_xsk_fill(struct fbnic_rxq *rxq, struct fbnic_bdq *bdq, u32 free)
{
	struct xsk_buff_pool *pool = bdq->xsk_pool;
	u32 tail = bdq->tail, n, got, i;

	while (free) {
		/* Contiguous slots up to the end of the ring */
		n = min(free, bdq->size_mask + 1 - tail);
		got = xsk_buff_alloc_batch(pool, &bdq->xsk_bufs[tail], n);
		for (i = 0; i < got; i++) {
			dma_addr_t dma =
				xsk_buff_xdp_get_frame_dma(bdq->xsk_bufs[tail + i]);

			bdq->desc[tail + i] =
				cpu_to_le64(FIELD_PREP(FBNIC_BD_ADDR, dma >> 12) |
					    FIELD_PREP(FBNIC_BD_ID, tail + i));
		}
		tail = (tail + got) & bdq->size_mask;
		free -= got;
		if (got < n)
			break;
	}

	if (xsk_uses_need_wakeup(pool)) {
		if (free)
			xsk_set_rx_need_wakeup(pool);
		else
			xsk_clear_rx_need_wakeup(pool);
	}
	if (tail == bdq->tail)
		return;
	bdq->tail = tail;
	/* writel() orders the descriptors before the doorbell */
	fbnic_wr32(rxq->nv->fbd, bdq->tail_reg, tail);
}

/* A slot the device was given and has not reported yet */
static bool fbnic_xsk_slot_posted(const struct fbnic_bdq *bdq, u32 slot)
{
	return slot <= bdq->size_mask &&
	       ((slot - bdq->head) & bdq->size_mask) <
	       ((bdq->tail - bdq->head) & bdq->size_mask);
}

/**
 * fbnic_xsk_rx_hdr() - open a packet on the chunk a header RCD names
 * @rxq: a zero-copy receive queue
 * @rcd: the completion
 * @hpq_slot: set to the first slot the device may still use
 *
 * The chunk must be one the device was given, finished, and hold the
 * frame past the headroom; otherwise the packet is dropped.
 */
void fbnic_xsk_rx_hdr(struct fbnic_rxq *rxq, u64 rcd, s32 *hpq_slot)
{
	u32 off = FIELD_GET(FBNIC_RCD_AL_BUFF_OFF, rcd);
	u32 len = FIELD_GET(FBNIC_RCD_AL_BUFF_LEN, rcd);
	u32 slot = FIELD_GET(FBNIC_RCD_AL_BUFF_ID, rcd);
	struct fbnic_bdq *hpq = &rxq->hpq;
	struct xdp_buff *xdp;
	u32 hroom;

	rxq->pkt_xdp = true;
	if (!fbnic_xsk_slot_posted(hpq, slot))
		goto bad;
	/* Each chunk takes one frame: the device is done with it */
	*hpq_slot = (slot + 1) & hpq->size_mask;

	xdp = hpq->xsk_bufs[slot];
	hroom = xsk_pool_get_headroom(hpq->xsk_pool);
	if (!xdp || !(rcd & FBNIC_RCD_AL_PAGE_FIN) || off < hroom ||
	    off >= FBNIC_BD_FRAG_SIZE || len > FBNIC_BD_FRAG_SIZE - off)
		goto bad;
	hpq->xsk_bufs[slot] = NULL;

	/* data_hard_start is past the umem's headroom, XDP's comes after */
	xdp->data = xdp->data_hard_start + off - (hroom - XDP_PACKET_HEADROOM);
	xdp->data_meta = xdp->data;
	xdp->data_end = xdp->data + len;
	xdp->flags = 0;
	xsk_buff_dma_sync_for_cpu(xdp);
	rxq->xsk_buf = xdp;
	return;

bad:
	fbnic_rx_count_bad(rxq, rcd);
	rxq->pkt_bad = true;
}

/* XDP_TX from a chunk: the frame is copied out, the chunk goes back */
static bool fbnic_xsk_rx_tx(struct fbnic_rxq *rxq, struct xdp_buff *xdp)
{
	struct xdp_frame *frame = xdp_convert_zc_to_xdp_frame(xdp);

	if (!frame)
		return false;
	rxq->xsk_buf = NULL;
	if (fbnic_xdp_tx_frame(rxq, frame))
		return true;
	xdp_return_frame(frame);
	return false;
}

/**
 * fbnic_xsk_rx_meta() - run the XDP program on a zero-copy packet
 * @rxq: the receive queue
 * @rcd: the packet's metadata completion
 * @acc: counters of this poll
 *
 * XDP_REDIRECT to the queue's socket hands it the chunk; XDP_PASS and
 * XDP_TX copy the frame out and give the chunk back.
 *
 * Return: the bytes received, or a negative value if the packet was
 * dropped.
 */
int fbnic_xsk_rx_meta(struct fbnic_rxq *rxq, u64 rcd,
		      struct fbnic_rx_stats *acc)
{
	struct net_device *netdev = rxq->nv->fbn->netdev;
	struct xdp_buff *xdp = rxq->xsk_buf;
	struct bpf_prog *prog;
	struct sk_buff *skb;
	u32 act = XDP_PASS;
	int len;

	if (rxq->pkt_bad || !xdp)
		goto drop;
	len = xdp->data_end - xdp->data;
	if (unlikely(len < ETH_HLEN)) {
		acc->length_errors++;
		goto drop;
	}

	prog = READ_ONCE(rxq->nv->fbn->xdp_prog);
	rxq->pkt_meta = rcd;
	if (prog) {
		/* The queue, for the metadata kfuncs: every chunk has room */
		XSK_CHECK_PRIV_TYPE(struct fbnic_xdp_buff);
		((struct fbnic_xdp_buff *)xdp)->rxq = rxq;
		act = bpf_prog_run_xdp(prog, xdp);
	}

	switch (act) {
	case XDP_REDIRECT:
		if (xdp_do_redirect(netdev, xdp, prog)) {
			acc->xdp_errors++;
			goto drop;
		}
		acc->xdp_redirect++;
		break;
	case XDP_PASS:
		skb = xdp_build_skb_from_zc(xdp);
		if (!skb) {
			acc->alloc_failed++;
			goto drop;
		}
		fbnic_rx_deliver(rxq, skb, rcd, !!prog, acc);
		acc->xdp_pass += !!prog;
		break;
	case XDP_TX:
		if (!fbnic_xsk_rx_tx(rxq, xdp)) {
			acc->xdp_errors++;
			goto drop;
		}
		acc->xdp_tx++;
		break;
	case XDP_DROP:
		xsk_buff_free(xdp);
		acc->xdp_drop++;
		break;
	default:
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(netdev, prog, act);
		acc->xdp_errors++;
		goto drop;
	}

	/* The chunk went to the socket, the stack or back to the pool */
	rxq->xsk_buf = NULL;
	rxq->pkt_started = false;
	rxq->pkt_xdp = false;
	return len;

drop:
	return fbnic_rx_drop_counted(rxq, acc);
}

/* Zeroes the device reads to pad a short frame: past the ring's end */
static dma_addr_t fbnic_xsk_pad_dma(const struct fbnic_xdpq *xdpq)
{
	return xdpq->dma + (xdpq->size_mask + 1) * sizeof(*xdpq->desc);
}

/* Queue one of the socket's frames on TWQ1; the caller made room */
static void fbnic_xsk_queue_desc(struct fbnic_xdpq *xdpq,
				 struct xsk_buff_pool *pool,
				 const struct xdp_desc *desc)
{
	dma_addr_t dma = xsk_buff_raw_get_dma(pool, desc->addr);
	bool pad = desc->len < FBNIC_XSK_MIN_FRAME_LEN;
	u32 meta, idx;

	xsk_buff_raw_dma_sync_for_device(pool, dma, desc->len);
	meta = fbnic_xdpq_add_meta(xdpq, max_t(u32, desc->len,
					       FBNIC_XSK_MIN_FRAME_LEN),
				   pad ? 3 : 2);
	xdpq->buf[meta].xsk = true;

	/* The pool keeps the umem mapped: nothing to unmap per frame */
	idx = (meta + 1) & xdpq->size_mask;
	xdpq->desc[idx] = fbnic_twd_al(dma, desc->len);
	if (pad) {
		idx = (idx + 1) & xdpq->size_mask;
		xdpq->desc[idx] =
			fbnic_twd_al(fbnic_xsk_pad_dma(xdpq),
				     FBNIC_XSK_MIN_FRAME_LEN - desc->len);
	}
	fbnic_xdpq_commit(xdpq, meta, idx);
}

/**
 * fbnic_xsk_xmit() - send what a queue pair's AF_XDP socket queued
 * @rxq: the receive queue of the pair
 * @budget: frames at most
 *
 * Return: whether the socket's ring was emptied (or there is none);
 * false if the budget ran out first and the poll should go on.
 */
bool fbnic_xsk_xmit(struct fbnic_rxq *rxq, int budget)
{
	struct fbnic_txq *txq = rxq->xdp_txq;
	struct xsk_buff_pool *pool;
	struct fbnic_xdpq *xdpq;
	u32 room, n, i;

	if (!txq || !txq->xdpq.xsk_pool)
		return true;
	xdpq = &txq->xdpq;
	pool = xdpq->xsk_pool;

	spin_lock(&xdpq->lock);
	/* Three descriptors at most per frame, and the gap kept free */
	room = fbnic_xdpq_unused(xdpq);
	room = room > FBNIC_TX_DESC_GAP ? (room - FBNIC_TX_DESC_GAP) / 3 : 0;
	n = room ? xsk_tx_peek_release_desc_batch(pool,
						  min_t(u32, room, budget)) : 0;
	for (i = 0; i < n; i++)
		fbnic_xsk_queue_desc(xdpq, pool, &pool->tx_descs[i]);
	fbnic_xdpq_kick_locked(txq);
	spin_unlock(&xdpq->lock);

	if (xsk_uses_need_wakeup(pool))
		xsk_set_tx_need_wakeup(pool);
	/* A full ring goes on once completions free room */
	return n < budget;
}
