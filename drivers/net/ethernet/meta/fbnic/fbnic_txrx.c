// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <linux/iopoll.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pci.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/bpf_trace.h>
#include <net/checksum.h>
#include <net/netdev_queues.h>
#include <net/netmem.h>
#include <net/page_pool/helpers.h>
#include <net/xdp_sock_drv.h>

#include "fbnic.h"
#include "fbnic_fault.h"
#include "fbnic_netdev.h"
#include "fbnic_queue.h"
#include "fbnic_regs.h"
#include "fbnic_txrx.h"
#include "fbnic_xsk.h"

/*
 * The data path. Every queue pair n of the device has its own register
 * window, FBNIC_QUEUE(n). Transmit queue n uses TWQ0 and the TCQ of pair
 * n; receive queue n uses the HPQ, PPQ and RCQ of pair n. Each queue is
 * served by one NAPI vector, and each vector by one MSI-X vector, whose
 * number the queues' interrupt managers are told.
 */

/* Frames shorter than this are padded; the MAC adds the FCS */
#define FBNIC_MIN_FRAME_LEN		60

/* Header lengths the TWD can express (2-byte units for L2 and L3,
 * 4-byte units for L4, checksum offset in 2-byte units)
 */
#define FBNIC_TX_MAX_L2_HLEN	(2 * FIELD_MAX(FBNIC_TWD_L2_HLEN))
#define FBNIC_TX_MAX_L3_HLEN	(2 * FIELD_MAX(FBNIC_TWD_L3_IHLEN))
#define FBNIC_TX_MAX_CSUM_OFF	(2 * FIELD_MAX(FBNIC_TWD_CSUM_OFFSET))

/* Transmit */

static unsigned int fbnic_txq_unused(const struct fbnic_txq *txq)
{
	return (READ_ONCE(txq->head) - txq->tail - 1) & txq->size_mask;
}

/* From NAPI: the tail moves under the xmit path */
static unsigned int fbnic_txq_used(const struct fbnic_txq *txq)
{
	return (READ_ONCE(txq->tail) - txq->head) & txq->size_mask;
}

static struct netdev_queue *fbnic_txq_netdev_queue(const struct fbnic_txq *txq)
{
	return netdev_get_tx_queue(txq->nv->fbn->netdev, txq->q_idx);
}

static void fbnic_txq_count_drop(struct fbnic_txq *txq)
{
	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.dropped++;
	u64_stats_update_end(&txq->stats.syncp);
}

/* Fill in the segmentation part of the metadata. The device inserts the
 * length of each segment into the L4 checksum itself, so the pseudo
 * header checksum the stack left there must not include it.
 */
static int fbnic_tx_lso(struct fbnic_txq *txq, struct sk_buff *skb,
			struct fbnic_tx_buf *first, u64 *meta)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int l4_off, l4_len, l3_type, l4_type;
	__be16 l4_bytes;

	if (skb_cow_head(skb, 0))
		return -ENOMEM;

	if (shinfo->gso_type & SKB_GSO_PARTIAL)
		l3_type = FBNIC_TWD_L3_TYPE_OTHER;
	else if (ip_hdr(skb)->version == 4)
		l3_type = FBNIC_TWD_L3_TYPE_IPV4;
	else
		l3_type = FBNIC_TWD_L3_TYPE_IPV6;

	l4_off = skb_checksum_start_offset(skb);
	l4_bytes = htons(skb->len - l4_off);

	if (shinfo->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) {
		struct tcphdr *th = (struct tcphdr *)skb_checksum_start(skb);

		l4_type = FBNIC_TWD_L4_TYPE_TCP;
		l4_len = __tcp_hdrlen(th);
		csum_replace_by_diff(&th->check, (__force __wsum)l4_bytes);
	} else {
		struct udphdr *uh = (struct udphdr *)skb_checksum_start(skb);

		l4_type = FBNIC_TWD_L4_TYPE_UDP;
		l4_len = sizeof(*uh);
		csum_replace_by_diff(&uh->check, (__force __wsum)l4_bytes);
	}

	*meta |= FIELD_PREP(FBNIC_TWD_L3_TYPE, l3_type) |
		 FIELD_PREP(FBNIC_TWD_L4_TYPE, l4_type) |
		 FIELD_PREP(FBNIC_TWD_L4_HLEN, l4_len / 4) |
		 FIELD_PREP(FBNIC_TWD_MSS, shinfo->gso_size) |
		 FBNIC_TWD_FLAG_REQ_LSO;

	/* Every segment but the first repeats the headers on the wire */
	first->segs = shinfo->gso_segs;
	first->bytes += (shinfo->gso_segs - 1) * (l4_off + l4_len);

	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.lso += shinfo->gso_segs;
	u64_stats_update_end(&txq->stats.syncp);
	return 0;
}

static int fbnic_tx_offloads(struct fbnic_txq *txq, struct sk_buff *skb,
			     struct fbnic_tx_buf *first, u64 *meta)
{
	unsigned int l2_len, l3_len;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;

	/* fbnic_features_check() made sure these fit the descriptor */
	l2_len = skb_network_offset(skb);
	l3_len = skb_checksum_start(skb) - skb_network_header(skb);

	*meta |= FIELD_PREP(FBNIC_TWD_L2_HLEN, l2_len / 2) |
		 FIELD_PREP(FBNIC_TWD_L3_IHLEN, l3_len / 2) |
		 FIELD_PREP(FBNIC_TWD_CSUM_OFFSET, skb->csum_offset / 2);

	if (skb_is_gso(skb))
		return fbnic_tx_lso(txq, skb, first, meta);

	*meta |= FBNIC_TWD_FLAG_REQ_CSO;
	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.csum_partial++;
	u64_stats_update_end(&txq->stats.syncp);
	return 0;
}

/* Ask the device for a Tx timestamp if the socket wants one and Tx
 * stamping is on; the stamp comes in its own completion.
 */
static bool fbnic_tx_tstamp_request(struct fbnic_txq *txq, struct sk_buff *skb)
{
	struct fbnic_net *fbn = txq->nv->fbn;

	if (likely(!(skb_shinfo(skb)->tx_flags & SKBTX_HW_TSTAMP)))
		return false;
	if (READ_ONCE(fbn->hwtstamp_config.tx_type) != HWTSTAMP_TX_ON)
		return false;

	skb_shinfo(skb)->tx_flags |= SKBTX_IN_PROGRESS;
	return true;
}

/* Undo a transmit mapping, of either work queue */
static void fbnic_tx_unmap_one(struct device *dev, dma_addr_t dma, u32 len,
			       bool is_page)
{
	if (is_page)
		/* Skipped for dma 0: a dma-buf's net_iov, not our mapping */
		netmem_dma_unmap_page_attrs(dev, dma, len, DMA_TO_DEVICE, 0);
	else
		dma_unmap_single(dev, dma, len, DMA_TO_DEVICE);
}

static void fbnic_tx_unmap(struct device *dev, struct fbnic_tx_buf *buf)
{
	if (!buf->len)
		return;
	fbnic_tx_unmap_one(dev, buf->dma, buf->len, buf->is_page);
	buf->len = 0;
}

/* An address/length descriptor, of either work queue */
__le64 fbnic_twd_al(dma_addr_t dma, u32 len)
{
	return cpu_to_le64(FIELD_PREP(FBNIC_TWD_ADDR, dma) |
			   FIELD_PREP(FBNIC_TWD_LEN, len) |
			   FIELD_PREP(FBNIC_TWD_TYPE, FBNIC_TWD_TYPE_AL));
}

/* Write one address/length descriptor; false if the mapping failed */
static bool fbnic_tx_add_al(struct fbnic_txq *txq, struct device *dev,
			    u32 idx, dma_addr_t dma, u32 len, bool is_page)
{
	struct fbnic_tx_buf *buf = &txq->buf[idx];

	if (dma_mapping_error(dev, dma))
		return false;

	buf->dma = dma;
	buf->len = len;
	buf->is_page = is_page;
	txq->desc[idx] = fbnic_twd_al(dma, len);
	return true;
}

/* Map the packet behind its metadata descriptor. Returns the index of
 * the last descriptor used, or -1 after undoing a failed mapping.
 */
static int fbnic_tx_map(struct fbnic_txq *txq, struct sk_buff *skb, u32 meta)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	struct device *dev = txq->nv->fbd->dev;
	u32 idx = meta, last = meta;
	unsigned int i, len;
	dma_addr_t dma;

	len = skb_headlen(skb);
	if (len) {
		if (len > FIELD_MAX(FBNIC_TWD_LEN))
			goto unwind;
		idx = (idx + 1) & txq->size_mask;
		dma = fbnic_fault_tx_dma_map() ? DMA_MAPPING_ERROR :
		      dma_map_single(dev, skb->data, len, DMA_TO_DEVICE);
		if (!fbnic_tx_add_al(txq, dev, idx, dma, len, false))
			goto unwind;
		last = idx;
	}

	for (i = 0; i < shinfo->nr_frags; i++) {
		skb_frag_t *frag = &shinfo->frags[i];

		len = skb_frag_size(frag);
		if (!len)
			continue;
		if (len > FIELD_MAX(FBNIC_TWD_LEN))
			goto unwind;
		idx = (idx + 1) & txq->size_mask;
		dma = fbnic_fault_tx_dma_map() ? DMA_MAPPING_ERROR :
		      skb_frag_dma_map(dev, frag, 0, len, DMA_TO_DEVICE);
		if (!fbnic_tx_add_al(txq, dev, idx, dma, len, true))
			goto unwind;
		/* devmem TCP: the payload's mapping is its binding's */
		if (netmem_is_net_iov(skb_frag_netmem(frag)))
			txq->buf[idx].dma = 0;
		last = idx;
	}

	if (last == meta)
		goto unwind;

	txq->desc[last] |= cpu_to_le64(FIELD_PREP(FBNIC_TWD_TYPE,
						  FBNIC_TWD_TYPE_LAST_AL));
	return last;

unwind:
	net_warn_ratelimited("%s: Tx DMA mapping of %u bytes failed\n",
			     netdev_name(skb->dev), skb->len);
	while (last != meta) {
		fbnic_tx_unmap(dev, &txq->buf[last]);
		last = (last - 1) & txq->size_mask;
	}
	return -1;
}

/* Ring the doorbell for everything queued so far. The packet that rings
 * asks for a completion, which reports the head past all of them.
 */
static void fbnic_tx_ring_doorbell(struct fbnic_txq *txq, u32 meta)
{
	txq->desc[meta] |= cpu_to_le64(FBNIC_TWD_FLAG_REQ_COMPLETION);
	txq->deferred_meta = -1;
	/* writel() orders the descriptor writes before the doorbell */
	fbnic_wr32(txq->nv->fbd, txq->tail_reg, txq->tail);
}

/* A burst sent with xmit_more is only rung by its last packet; when that
 * one never makes it to the ring, ring for the others now so that they
 * do not wait for the next transmit, which may never come.
 */
static void fbnic_tx_flush_deferred(struct fbnic_txq *txq)
{
	if (txq->deferred_meta >= 0)
		fbnic_tx_ring_doorbell(txq, txq->deferred_meta);
}

static netdev_tx_t fbnic_xmit_ring(struct sk_buff *skb, struct fbnic_txq *txq)
{
	struct netdev_queue *nq = fbnic_txq_netdev_queue(txq);
	u32 meta_idx = txq->tail;
	struct fbnic_tx_buf *first;
	u64 meta;
	int last;

	if (skb_put_padto(skb, FBNIC_MIN_FRAME_LEN))
		goto dropped;	/* skb freed */

	if (unlikely(fbnic_txq_unused(txq) <
		     skb_shinfo(skb)->nr_frags + 2 + FBNIC_TX_DESC_GAP)) {
		/* The queue is stopped before it gets this full */
		netif_tx_stop_queue(nq);
		fbnic_tx_flush_deferred(txq);
		u64_stats_update_begin(&txq->stats.syncp);
		txq->stats.stop++;
		u64_stats_update_end(&txq->stats.syncp);
		return NETDEV_TX_BUSY;
	}

	first = &txq->buf[meta_idx];
	first->skb = skb;
	first->bytes = skb->len;
	first->segs = 1;
	first->len = 0;
	first->ts_pending = false;

	meta = FBNIC_TWD_FLAG_DEST_MAC |
	       FIELD_PREP(FBNIC_TWD_TYPE, FBNIC_TWD_TYPE_META);
	if (fbnic_tx_offloads(txq, skb, first, &meta))
		goto free;
	if (fbnic_tx_tstamp_request(txq, skb)) {
		meta |= FBNIC_TWD_FLAG_REQ_TS;
		first->ts_pending = true;
	}

	txq->desc[meta_idx] = cpu_to_le64(meta);
	last = fbnic_tx_map(txq, skb, meta_idx);
	if (last < 0)
		goto free;

	first->desc_count = ((last - meta_idx) & txq->size_mask) + 1;
	/* Pairs with READ_ONCE() in fbnic_txq_used(), and with the acquire
	 * in fbnic_txq_ts_waiter(), which reads the packets before it
	 */
	smp_store_release(&txq->tail, (last + 1) & txq->size_mask);

	skb_tx_timestamp(skb);

	if (!netif_txq_maybe_stop(nq, fbnic_txq_unused(txq),
				  FBNIC_TX_DESC_STOP, FBNIC_TX_DESC_WAKE)) {
		u64_stats_update_begin(&txq->stats.syncp);
		txq->stats.stop++;
		u64_stats_update_end(&txq->stats.syncp);
	}

	if (__netdev_tx_sent_queue(nq, first->bytes, netdev_xmit_more()))
		fbnic_tx_ring_doorbell(txq, meta_idx);
	else
		txq->deferred_meta = meta_idx;

	return NETDEV_TX_OK;

free:
	first->skb = NULL;
	dev_kfree_skb_any(skb);
dropped:
	fbnic_tx_flush_deferred(txq);
	fbnic_txq_count_drop(txq);
	return NETDEV_TX_OK;
}

/**
 * fbnic_xmit_frame() - ndo_start_xmit: queue a packet on a TWQ
 * @skb: the packet
 * @dev: the fbnic netdev
 *
 * Return: NETDEV_TX_OK, or NETDEV_TX_BUSY if the ring is full.
 */
netdev_tx_t fbnic_xmit_frame(struct sk_buff *skb, struct net_device *dev)
{
	struct fbnic_net *fbn = netdev_priv(dev);
	u16 q = skb_get_queue_mapping(skb);
	struct fbnic_txq *txq = NULL;

	if (likely(q < fbn->num_tx_queues))
		txq = fbn->txq[q];
	if (unlikely(!txq)) {
		dev_kfree_skb_any(skb);
		dev_core_stats_tx_dropped_inc(dev);
		return NETDEV_TX_OK;
	}

	return fbnic_xmit_ring(skb, txq);
}

/* Offloads of encapsulated packets: the device segments them only as
 * GSO_PARTIAL, with the outer headers prepared by the stack, and only
 * if it may send the same IPv4 ID in every segment.
 */
static netdev_features_t fbnic_features_check_encap(struct sk_buff *skb,
						    netdev_features_t features)
{
	if (!skb_is_gso(skb))
		return features;
	if (!(features & NETIF_F_TSO_MANGLEID))
		features &= ~NETIF_F_TSO;
	return features;
}

/**
 * fbnic_features_check() - ndo_features_check: offloads for one packet
 * @skb: the packet
 * @dev: the fbnic netdev
 * @features: offloads the stack would use
 *
 * The metadata descriptor holds the header lengths in narrow fields;
 * packets whose headers do not fit are checksummed and segmented by the
 * stack.
 *
 * Return: the offloads the device can do for @skb.
 */
netdev_features_t fbnic_features_check(struct sk_buff *skb,
				       struct net_device *dev,
				       netdev_features_t features)
{
	unsigned int l2_len, l3_len;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return features;

	l2_len = skb_network_offset(skb);
	l3_len = skb_checksum_start(skb) - skb_network_header(skb);
	if ((l2_len | l3_len | skb->csum_offset) % 2 ||
	    l2_len > FBNIC_TX_MAX_L2_HLEN ||
	    l3_len > FBNIC_TX_MAX_L3_HLEN ||
	    skb->csum_offset > FBNIC_TX_MAX_CSUM_OFF)
		return features & ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);

	if (skb->encapsulation)
		return fbnic_features_check_encap(skb, features);
	return features;
}

/* Release the packets whose descriptors all lie before @hw_head. With
 * @discard they are counted as dropped rather than sent.
 */
static void fbnic_clean_txq(struct fbnic_txq *txq, u32 hw_head, int budget,
			    bool discard)
{
	unsigned int pkts = 0, bytes = 0, segs = 0, ts_lost = 0;
	struct device *dev = txq->nv->fbd->dev;
	u32 head = txq->head;
	u32 todo;

	todo = (hw_head - head) & txq->size_mask;
	while (todo) {
		struct fbnic_tx_buf *first = &txq->buf[head];
		struct sk_buff *skb = first->skb;
		u16 count = first->desc_count;
		u16 i;

		/* The device reported a head inside this packet */
		if (WARN_ON_ONCE(!skb) || count > todo)
			break;
		/* The packet stays until its timestamp has come */
		if (first->ts_pending) {
			if (!discard)
				break;
			first->ts_pending = false;
			ts_lost++;
		}

		for (i = 1; i < count; i++)
			fbnic_tx_unmap(dev, &txq->buf[(head + i) &
						      txq->size_mask]);

		pkts++;
		segs += first->segs;
		bytes += first->bytes;
		first->skb = NULL;
		napi_consume_skb(skb, budget);

		head = (head + count) & txq->size_mask;
		todo -= count;
	}

	if (!pkts)
		return;

	/* Pairs with READ_ONCE() in fbnic_txq_unused() */
	WRITE_ONCE(txq->head, head);

	u64_stats_update_begin(&txq->stats.syncp);
	if (discard) {
		txq->stats.dropped += pkts;
		txq->stats.ts_lost += ts_lost;
	} else {
		txq->stats.packets += segs;
		txq->stats.bytes += bytes;
	}
	u64_stats_update_end(&txq->stats.syncp);

	if (discard) {
		netdev_tx_completed_queue(fbnic_txq_netdev_queue(txq), pkts,
					  bytes);
		return;
	}

	if (!netif_txq_completed_wake(fbnic_txq_netdev_queue(txq), pkts,
				      bytes, fbnic_txq_unused(txq),
				      FBNIC_TX_DESC_WAKE)) {
		u64_stats_update_begin(&txq->stats.syncp);
		txq->stats.wake++;
		u64_stats_update_end(&txq->stats.syncp);
	}
}

/* A head reported by the device must lie in the part of the ring the
 * driver handed it: between the driver's head and tail.
 */
static bool fbnic_txq_head_valid(const struct fbnic_txq *txq, u32 hw_head)
{
	return hw_head <= txq->size_mask &&
	       ((hw_head - txq->head) & txq->size_mask) <= fbnic_txq_used(txq);
}

/* Take a valid head the device reported, unless it is behind one it
 * reported before: packets waiting for a timestamp hold the driver's
 * head back, the device's moves on.
 */
static void fbnic_txq_note_dev_head(struct fbnic_txq *txq, u32 hw_head)
{
	u32 seen = (txq->dev_head - txq->head) & txq->size_mask;

	if (((hw_head - txq->head) & txq->size_mask) >= seen)
		txq->dev_head = hw_head;
}

static void fbnic_txq_count_bad_tcd(struct fbnic_txq *txq, u64 tcd)
{
	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.bad_completion++;
	u64_stats_update_end(&txq->stats.syncp);
	netdev_warn_once(txq->nv->fbn->netdev,
			 "Tx queue %u: unexpected completion %016llx\n",
			 txq->q_idx, tcd);
}

/* The oldest packet on the ring still waiting for its Tx timestamp, or
 * NULL. Packets are only freed past it, so the search starts at the head.
 */
static struct fbnic_tx_buf *fbnic_txq_ts_waiter(struct fbnic_txq *txq)
{
	/* Pairs with the release in fbnic_xmit_ring() */
	u32 used = (smp_load_acquire(&txq->tail) - txq->head) & txq->size_mask;
	u32 idx = txq->head, walked = 0;

	while (walked < used) {
		struct fbnic_tx_buf *first = &txq->buf[idx];

		if (!first->skb || !first->desc_count)
			return NULL;
		if (first->ts_pending)
			return first;
		walked += first->desc_count;
		idx = (idx + first->desc_count) & txq->size_mask;
	}
	return NULL;
}

/* A timestamp completion: hand the stamp to the socket of the packet that
 * waits for it, or count why there is none.
 */
static void fbnic_tx_tstamp_done(struct fbnic_txq *txq, u64 tcd)
{
	struct skb_shared_hwtstamps hwts = {};
	struct fbnic_tx_buf *first;
	u64 ns;

	/* Only TWQ0 packets ask for stamps */
	first = tcd & FBNIC_TCD_TWQ1 ? NULL : fbnic_txq_ts_waiter(txq);
	if (!first) {
		fbnic_txq_count_bad_tcd(txq, tcd);
		return;
	}
	first->ts_pending = false;

	if (tcd & (FBNIC_TCD_STATUS_TS_INVALID |
		   FBNIC_TCD_STATUS_ILLEGAL_TS_REQ)) {
		u64_stats_update_begin(&txq->stats.syncp);
		txq->stats.ts_err++;
		u64_stats_update_end(&txq->stats.syncp);
		net_dbg_ratelimited("%s: Tx queue %u: no timestamp, status %016llx\n",
				    netdev_name(txq->nv->fbn->netdev),
				    txq->q_idx, tcd);
		return;
	}

	ns = fbnic_time_stamp_to_ns(txq->nv->fbd,
				    FIELD_GET(FBNIC_TCD_TYPE1_TS, tcd));
	hwts.hwtstamp = ns_to_ktime(ns);
	skb_tstamp_tx(first->skb, &hwts);

	u64_stats_update_begin(&txq->stats.syncp);
	txq->stats.ts_packets++;
	u64_stats_update_end(&txq->stats.syncp);
}

/* The DONE bit the device writes flips on every pass over a completion
 * ring; a descriptor is new while its DONE bit matches the pass of the
 * driver's head.
 */
static bool fbnic_ring_desc_ready(u32 head, u32 size_mask, __le64 desc)
{
	bool odd_pass = head & (size_mask + 1);

	return !!(desc & cpu_to_le64(FBNIC_TCD_DONE)) != odd_pass;
}

static bool fbnic_cq_desc_ready(const struct fbnic_cq *cq, __le64 desc)
{
	return fbnic_ring_desc_ready(cq->head, cq->size_mask, desc);
}

static void fbnic_cq_advance(struct fbnic_cq *cq)
{
	cq->head = (cq->head + 1) & (2 * cq->size_mask + 1);
}

static void fbnic_cq_update_head(struct fbnic_dev *fbd, struct fbnic_cq *cq,
				 u32 old_head)
{
	if (cq->head != old_head)
		fbnic_wr32(fbd, cq->head_reg, cq->head & cq->size_mask);
}

/* XDP_TX: TWQ1 */

static u32 fbnic_xdpq_used(const struct fbnic_xdpq *xdpq)
{
	return (xdpq->tail - xdpq->head) & xdpq->size_mask;
}

/* Senders only */
u32 fbnic_xdpq_unused(const struct fbnic_xdpq *xdpq)
{
	/* Pairs with the release in fbnic_clean_xdpq(): the descriptors
	 * before @head are no longer in use once it says so
	 */
	u32 head = smp_load_acquire(&xdpq->head);

	return (head - xdpq->tail - 1) & xdpq->size_mask;
}

/* Give back what one TWQ1 descriptor holds: an XDP_TX page reference, or
 * the mapping of a redirected frame's buffer and, on the frame's
 * metadata descriptor, the frame itself
 */
static void fbnic_xdpq_release_buf(struct device *dev,
				   struct fbnic_xdp_tx_buf *buf,
				   bool allow_direct)
{
	if (buf->page) {
		page_pool_put_full_page(buf->page->pp, buf->page,
					allow_direct);
		buf->page = NULL;
	} else if (buf->len) {
		fbnic_tx_unmap_one(dev, buf->dma, buf->len, buf->is_page);
		buf->len = 0;
	}
	if (buf->frame) {
		/* Not from this device's pools: never recycled directly */
		xdp_return_frame(buf->frame);
		buf->frame = NULL;
	}
}

static bool fbnic_xdpq_head_valid(const struct fbnic_xdpq *xdpq, u32 hw_head)
{
	return xdpq->desc && hw_head <= xdpq->size_mask &&
	       ((hw_head - xdpq->head) & xdpq->size_mask) <=
	       fbnic_xdpq_used(xdpq);
}

/* Give the pages of the frames before @hw_head back to their page pool.
 * With @discard they are counted as dropped rather than sent.
 */
static void fbnic_clean_xdpq(struct fbnic_txq *txq, u32 hw_head,
			     bool allow_direct, bool discard)
{
	struct device *dev = txq->nv->fbd->dev;
	struct fbnic_xdpq *xdpq = &txq->xdpq;
	unsigned int pkts = 0, bytes = 0;
	u32 todo = (hw_head - xdpq->head) & xdpq->size_mask;
	u32 head = xdpq->head, xsk_frames = 0;

	while (todo) {
		struct fbnic_xdp_tx_buf *first = &xdpq->buf[head];
		u16 count = first->desc_count;
		u16 i;

		if (WARN_ON_ONCE(!count) || count > todo)
			break;
		for (i = 0; i < count; i++)
			fbnic_xdpq_release_buf(dev,
					       &xdpq->buf[(head + i) &
							  xdpq->size_mask],
					       allow_direct);
		pkts++;
		bytes += first->bytes;
		xsk_frames += first->xsk;
		first->desc_count = 0;
		head = (head + count) & xdpq->size_mask;
		todo -= count;
	}
	/* Senders may reuse the descriptors from here on */
	smp_store_release(&xdpq->head, head);
	if (!pkts)
		return;
	/* The socket's frames complete in the order it queued them */
	if (xsk_frames)
		xsk_tx_completed(xdpq->xsk_pool, xsk_frames);

	u64_stats_update_begin(&txq->stats.syncp);
	if (discard) {
		txq->stats.dropped += pkts;
		txq->stats.xdp_dropped += pkts;
	} else {
		txq->stats.packets += pkts;
		txq->stats.bytes += bytes;
		txq->stats.xdp_packets += pkts;
		txq->stats.xdp_bytes += bytes;
	}
	u64_stats_update_end(&txq->stats.syncp);
}

/* Open a frame of @count descriptors at the tail with its metadata
 * descriptor; returns its index
 */
u32 fbnic_xdpq_add_meta(struct fbnic_xdpq *xdpq, u32 bytes, u16 count)
{
	u32 meta = xdpq->tail;

	xdpq->desc[meta] = cpu_to_le64(FBNIC_TWD_FLAG_DEST_MAC |
				       FIELD_PREP(FBNIC_TWD_TYPE,
						  FBNIC_TWD_TYPE_META));
	xdpq->buf[meta].page = NULL;
	xdpq->buf[meta].frame = NULL;
	xdpq->buf[meta].xsk = false;
	xdpq->buf[meta].bytes = bytes;
	xdpq->buf[meta].desc_count = count;
	return meta;
}

/* Close the frame at @meta whose last descriptor is @last; the next
 * doorbell hands it to the device
 */
void fbnic_xdpq_commit(struct fbnic_xdpq *xdpq, u32 meta, u32 last)
{
	xdpq->desc[last] |= cpu_to_le64(FIELD_PREP(FBNIC_TWD_TYPE,
						    FBNIC_TWD_TYPE_LAST_AL));
	xdpq->tail = (last + 1) & xdpq->size_mask;
	xdpq->pending_meta = meta;
}

/* Write one address/length descriptor of an XDP_TX frame; the page
 * reference goes with it
 */
static void fbnic_xdpq_add_al(struct fbnic_xdpq *xdpq, struct device *dev,
			      u32 idx, struct page *page, u32 off, u32 len)
{
	dma_addr_t dma = page_pool_get_dma_addr(page) + off;

	/* The program may have written the frame */
	dma_sync_single_for_device(dev, dma, len, DMA_BIDIRECTIONAL);
	xdpq->buf[idx].page = page;
	xdpq->desc[idx] = fbnic_twd_al(dma, len);
}

/* Queue the frame in @xdp on TWQ1, which takes over its page references.
 * Returns false if it cannot; the caller still owns the frame then.
 * Called with the ring's lock held.
 */
static bool fbnic_xdp_tx_locked(struct fbnic_txq *txq, struct xdp_buff *xdp)
{
	struct skb_shared_info *shinfo = xdp_get_shared_info_from_buff(xdp);
	u32 nr_frags = xdp_buff_has_frags(xdp) ? shinfo->nr_frags : 0;
	struct device *dev = txq->nv->fbd->dev;
	struct fbnic_xdpq *xdpq = &txq->xdpq;
	u32 len, meta, idx;
	unsigned int i;

	if (fbnic_xdpq_unused(xdpq) < nr_frags + 2 + FBNIC_TX_DESC_GAP)
		return false;

	/* Short frames are padded in the buffer's own tailroom */
	len = xdp->data_end - xdp->data;
	if (!nr_frags && len < FBNIC_MIN_FRAME_LEN) {
		if (xdp->data + FBNIC_MIN_FRAME_LEN >
		    xdp->data_hard_start + xdp->frame_sz)
			return false;
		memset(xdp->data_end, 0, FBNIC_MIN_FRAME_LEN - len);
		len = FBNIC_MIN_FRAME_LEN;
	}

	meta = fbnic_xdpq_add_meta(xdpq, len + (nr_frags ?
						shinfo->xdp_frags_size : 0),
				   nr_frags + 2);

	idx = (meta + 1) & xdpq->size_mask;
	fbnic_xdpq_add_al(xdpq, dev, idx, virt_to_head_page(xdp->data),
			  offset_in_page(xdp->data), len);
	for (i = 0; i < nr_frags; i++) {
		skb_frag_t *frag = &shinfo->frags[i];

		idx = (idx + 1) & xdpq->size_mask;
		fbnic_xdpq_add_al(xdpq, dev, idx, skb_frag_page(frag),
				  skb_frag_off(frag), skb_frag_size(frag));
	}
	fbnic_xdpq_commit(xdpq, meta, idx);
	return true;
}

static bool fbnic_xdp_tx(struct fbnic_rxq *rxq, struct xdp_buff *xdp)
{
	struct fbnic_txq *txq = rxq->xdp_txq;
	bool queued;

	if (!txq)
		return false;
	spin_lock(&txq->xdpq.lock);
	queued = fbnic_xdp_tx_locked(txq, xdp);
	spin_unlock(&txq->xdpq.lock);
	return queued;
}

/* Hand what was queued since the last doorbell to the device. Called
 * with the ring's lock held.
 */
void fbnic_xdpq_kick_locked(struct fbnic_txq *txq)
{
	struct fbnic_xdpq *xdpq = &txq->xdpq;

	if (xdpq->pending_meta < 0)
		return;
	xdpq->desc[xdpq->pending_meta] |=
		cpu_to_le64(FBNIC_TWD_FLAG_REQ_COMPLETION);
	xdpq->pending_meta = -1;
	/* writel() orders the descriptor writes before the doorbell */
	fbnic_wr32(txq->nv->fbd, xdpq->tail_reg, xdpq->tail);
}

/* Hand what XDP_TX queued in this poll to the device, once */
static void fbnic_xdpq_ring_doorbell(struct fbnic_rxq *rxq)
{
	struct fbnic_txq *txq = rxq->xdp_txq;

	if (!txq || READ_ONCE(txq->xdpq.pending_meta) < 0)
		return;
	spin_lock(&txq->xdpq.lock);
	fbnic_xdpq_kick_locked(txq);
	spin_unlock(&txq->xdpq.lock);
}

/* Map one buffer of a redirected frame for an address/length
 * descriptor; the mapping is undone when the frame completes
 */
static bool fbnic_xdpq_map(struct fbnic_xdpq *xdpq, struct device *dev,
			   u32 idx, void *data, const skb_frag_t *frag,
			   u32 len)
{
	struct fbnic_xdp_tx_buf *buf = &xdpq->buf[idx];
	dma_addr_t dma;

	dma = frag ? skb_frag_dma_map(dev, frag, 0, len, DMA_TO_DEVICE) :
		     dma_map_single(dev, data, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		return false;
	buf->dma = dma;
	buf->len = len;
	buf->is_page = !!frag;
	xdpq->desc[idx] = fbnic_twd_al(dma, len);
	return true;
}

/* Queue a frame another device (or this one's XDP_REDIRECT) sends on
 * TWQ1. Returns false if it cannot: no room, a frame too short to pad,
 * a mapping that failed; the caller still owns the frame then. Called
 * with the ring's lock held.
 */
static bool fbnic_xdpq_queue_frame(struct fbnic_txq *txq,
				   struct xdp_frame *frame)
{
	struct skb_shared_info *shinfo = xdp_get_shared_info_from_frame(frame);
	u32 nr_frags = xdp_frame_has_frags(frame) ? shinfo->nr_frags : 0;
	struct device *dev = txq->nv->fbd->dev;
	struct fbnic_xdpq *xdpq = &txq->xdpq;
	u32 len = frame->len, meta, idx, i;

	if (fbnic_xdpq_unused(xdpq) < nr_frags + 2 + FBNIC_TX_DESC_GAP)
		return false;
	if (!nr_frags && len < FBNIC_MIN_FRAME_LEN) {
		/* The sender gave the frame away with its tailroom */
		if (frame->data + FBNIC_MIN_FRAME_LEN >
		    (void *)frame + frame->frame_sz)
			return false;
		memset(frame->data + len, 0, FBNIC_MIN_FRAME_LEN - len);
		len = FBNIC_MIN_FRAME_LEN;
	}

	meta = fbnic_xdpq_add_meta(xdpq, len + (nr_frags ?
						xdp_get_frame_len(frame) -
						frame->len : 0),
				   nr_frags + 2);
	idx = (meta + 1) & xdpq->size_mask;
	if (!fbnic_xdpq_map(xdpq, dev, idx, frame->data, NULL, len))
		goto unmap;
	for (i = 0; i < nr_frags; i++) {
		skb_frag_t *frag = &shinfo->frags[i];

		idx = (idx + 1) & xdpq->size_mask;
		if (!fbnic_xdpq_map(xdpq, dev, idx, NULL, frag,
				    skb_frag_size(frag)))
			goto unmap;
	}
	xdpq->buf[meta].frame = frame;
	fbnic_xdpq_commit(xdpq, meta, idx);
	return true;

unmap:
	/* Nothing past the tail was handed to the device */
	for (idx = meta; idx != ((meta + nr_frags + 2) & xdpq->size_mask);
	     idx = (idx + 1) & xdpq->size_mask)
		fbnic_xdpq_release_buf(dev, &xdpq->buf[idx], false);
	xdpq->buf[meta].desc_count = 0;
	return false;
}

/**
 * fbnic_xdp_tx_frame() - queue a frame for XDP_TX on the pair's TWQ1
 * @rxq: the receive queue the frame came in on
 * @frame: the frame, copied out of an AF_XDP chunk
 *
 * Return: whether it was queued; the caller still owns it if not.
 */
bool fbnic_xdp_tx_frame(struct fbnic_rxq *rxq, struct xdp_frame *frame)
{
	struct fbnic_txq *txq = rxq->xdp_txq;
	bool queued;

	if (!txq)
		return false;
	spin_lock(&txq->xdpq.lock);
	queued = fbnic_xdpq_queue_frame(txq, frame);
	spin_unlock(&txq->xdpq.lock);
	return queued;
}

static void fbnic_xdpq_count_xmit_drops(struct fbnic_xdpq *xdpq, int n)
{
	u64_stats_update_begin(&xdpq->xmit_syncp);
	xdpq->xmit_dropped += n;
	u64_stats_update_end(&xdpq->xmit_syncp);
}

/**
 * fbnic_xdp_xmit() - send frames redirected to this netdev
 * @netdev: the netdev
 * @n: number of frames
 * @frames: the frames
 * @flags: XDP_XMIT_FLUSH to ring the doorbell once they are queued
 *
 * Each CPU sends on the TWQ1 of one queue pair. Runs in the sender's
 * NAPI poll, within an RCU read-side section: fbnic_down() waits for it
 * before the rings go.
 *
 * Return: frames queued (the caller frees the others), or a negative
 * errno if none could be.
 */
int fbnic_xdp_xmit(struct net_device *netdev, int n,
		   struct xdp_frame **frames, u32 flags)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_txq *txq;
	int sent;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	if (unlikely(!READ_ONCE(fbn->up)))
		return -ENETDOWN;
	txq = fbn->txq[smp_processor_id() % fbn->num_tx_queues];

	spin_lock(&txq->xdpq.lock);
	for (sent = 0; sent < n; sent++)
		if (!fbnic_xdpq_queue_frame(txq, frames[sent]))
			break;
	if (flags & XDP_XMIT_FLUSH)
		fbnic_xdpq_kick_locked(txq);
	if (sent < n)
		fbnic_xdpq_count_xmit_drops(&txq->xdpq, n - sent);
	spin_unlock(&txq->xdpq.lock);
	return sent;
}

static void fbnic_clean_tcq(struct fbnic_txq *txq, int budget)
{
	struct fbnic_cq *tcq = &txq->tcq;
	u32 old_head = tcq->head;
	s32 xdp_head = -1;

	for (;;) {
		__le64 raw = READ_ONCE(tcq->desc[tcq->head & tcq->size_mask]);
		u64 tcd;

		if (!fbnic_cq_desc_ready(tcq, raw))
			break;
		/* Read the rest of the descriptor only after DONE */
		dma_rmb();
		tcd = le64_to_cpu(READ_ONCE(tcq->desc[tcq->head &
						      tcq->size_mask]));
		fbnic_cq_advance(tcq);

		if (FIELD_GET(FBNIC_TCD_TYPE, tcd) == FBNIC_TCD_TYPE_TSTAMP) {
			fbnic_tx_tstamp_done(txq, tcd);
			continue;
		}
		if (FIELD_GET(FBNIC_TCD_TYPE, tcd) == FBNIC_TCD_TYPE_HEADS &&
		    (tcd & FBNIC_TCD_TWQ1) &&
		    fbnic_xdpq_head_valid(&txq->xdpq,
					  FIELD_GET(FBNIC_TCD_TYPE0_HEAD1, tcd))) {
			xdp_head = FIELD_GET(FBNIC_TCD_TYPE0_HEAD1, tcd);
			continue;
		}
		if (FIELD_GET(FBNIC_TCD_TYPE, tcd) != FBNIC_TCD_TYPE_HEADS ||
		    (tcd & FBNIC_TCD_TWQ1) ||
		    !fbnic_txq_head_valid(txq,
					  FIELD_GET(FBNIC_TCD_TYPE0_HEAD0, tcd))) {
			/* A head outside what was queued, or a type unknown */
			fbnic_txq_count_bad_tcd(txq, tcd);
			continue;
		}
		fbnic_txq_note_dev_head(txq,
					FIELD_GET(FBNIC_TCD_TYPE0_HEAD0, tcd));
	}

	fbnic_cq_update_head(txq->nv->fbd, tcq, old_head);
	/* Also without a new head: a stamp may free packets held for it.
	 * Nothing to free while the device's head is the driver's.
	 */
	if (txq->dev_head != txq->head)
		fbnic_clean_txq(txq, txq->dev_head, budget, false);
	if (xdp_head >= 0)
		fbnic_clean_xdpq(txq, xdp_head, !!budget, false);
}

/**
 * fbnic_xdpq_reap() - take the completions a stopped vector left
 * @txq: the transmit queue, whose vector's NAPI is disabled
 *
 * Return: whether TWQ1 holds nothing the device has yet to send.
 */
bool fbnic_xdpq_reap(struct fbnic_txq *txq)
{
	fbnic_clean_tcq(txq, 0);
	return txq->xdpq.head == txq->xdpq.tail;
}

/* Receive */

static u32 fbnic_bdq_used(const struct fbnic_bdq *bdq)
{
	return (bdq->tail - bdq->head) & bdq->size_mask;
}

/* Post a fresh page on slot @idx: one descriptor per 4 KB fragment. The
 * page starts with a large reference count the driver owns; each piece
 * handed to the stack takes one of those references along.
 */
static void fbnic_bdq_post(struct fbnic_bdq *bdq, u32 idx, netmem_ref netmem)
{
	dma_addr_t dma = page_pool_get_dma_addr_netmem(netmem);
	u32 id = idx << bdq->frag_shift;
	unsigned int i;

	page_pool_fragment_netmem(netmem, PAGE_SIZE);
	bdq->pages[idx].netmem = netmem;
	bdq->pages[idx].bias = PAGE_SIZE;
	bdq->pages[idx].hdr_end = 0;

	for (i = 0; i < BIT(bdq->frag_shift); i++) {
		bdq->desc[id + i] =
			cpu_to_le64(FIELD_PREP(FBNIC_BD_ADDR,
					       (dma + i * FBNIC_BD_FRAG_SIZE) >>
					       12) |
				    FIELD_PREP(FBNIC_BD_ID, id + i));
	}
}

/* Give back the driver's references to the page of slot @idx */
static void fbnic_bdq_release(struct fbnic_bdq *bdq, u32 idx,
			      bool allow_direct)
{
	struct fbnic_rx_page *rp;

	if (bdq->xsk_pool) {
		if (bdq->xsk_bufs[idx])
			xsk_buff_free(bdq->xsk_bufs[idx]);
		bdq->xsk_bufs[idx] = NULL;
		return;
	}
	rp = &bdq->pages[idx];
	if (!rp->netmem)
		return;
	if (!page_pool_unref_netmem(rp->netmem, rp->bias))
		page_pool_put_unrefed_netmem(bdq->pp, rp->netmem, -1,
					     allow_direct);
	rp->netmem = 0;
	rp->bias = 0;
}

/* Slots the driver may post a page on */
u32 fbnic_bdq_unused(const struct fbnic_bdq *bdq)
{
	return (bdq->head - bdq->tail - 1) & bdq->size_mask;
}

static void fbnic_bdq_fill(struct fbnic_rxq *rxq, struct fbnic_bdq *bdq)
{
	u32 free = fbnic_bdq_unused(bdq);
	u32 tail = bdq->tail;

	/* Most polls retire no page: then there is nothing to post */
	if (!free)
		return;
	if (bdq->xsk_pool) {
		fbnic_xsk_fill(rxq, bdq, free);
		return;
	}

	while (free--) {
		/* A payload pool's memory provider hands out its own memory */
		netmem_ref netmem = page_pool_dev_alloc_netmems(bdq->pp);

		if (!netmem) {
			bdq->alloc_failed++;
			break;
		}
		fbnic_bdq_post(bdq, tail, netmem);
		tail = (tail + 1) & bdq->size_mask;
	}

	if (tail == bdq->tail)
		return;
	bdq->tail = tail;
	/* The doorbell counts 4 KB buffers; writel() orders the descriptors */
	fbnic_wr32(rxq->nv->fbd, bdq->tail_reg, tail << bdq->frag_shift);
}

/* The device moved on to slot @idx: the slots before it are done */
static void fbnic_bdq_retire(struct fbnic_bdq *bdq, u32 idx, bool allow_direct)
{
	while (bdq->head != idx) {
		fbnic_bdq_release(bdq, bdq->head, allow_direct);
		bdq->head = (bdq->head + 1) & bdq->size_mask;
	}
}

/**
 * struct fbnic_rx_buf_ref - a buffer an RCD points at, checked
 * @rp: the posted page
 * @slot: its slot in the buffer queue
 * @off: offset of the data in the page
 * @len: data length
 * @buf_end: end of the 4 KB buffer in the page
 * @fin: the device is done with the buffer
 */
struct fbnic_rx_buf_ref {
	struct fbnic_rx_page *rp;
	u32 slot;
	u32 off;
	u32 len;
	u32 buf_end;
	bool fin;
};

/* Check an address/length RCD against what was posted: a slot the
 * device owns, data inside its 4 KB buffer, and a page the driver still
 * holds a reference to give away with the data. A device naming one page
 * in more completions than the page has references must not get it freed
 * while it is posted.
 */
static bool fbnic_rcd_buf(const struct fbnic_bdq *bdq, u64 rcd,
			  struct fbnic_rx_buf_ref *ref)
{
	u32 id = FIELD_GET(FBNIC_RCD_AL_BUFF_ID, rcd);
	u32 frag = id & (BIT(bdq->frag_shift) - 1);
	u32 off = FIELD_GET(FBNIC_RCD_AL_BUFF_OFF, rcd);
	u32 len = FIELD_GET(FBNIC_RCD_AL_BUFF_LEN, rcd);

	ref->slot = id >> bdq->frag_shift;
	if (ref->slot > bdq->size_mask ||
	    ((ref->slot - bdq->head) & bdq->size_mask) >= fbnic_bdq_used(bdq))
		return false;
	if (off >= FBNIC_BD_FRAG_SIZE || len > FBNIC_BD_FRAG_SIZE - off)
		return false;

	ref->rp = &bdq->pages[ref->slot];
	ref->off = frag * FBNIC_BD_FRAG_SIZE + off;
	ref->len = len;
	ref->buf_end = (frag + 1) * FBNIC_BD_FRAG_SIZE;
	ref->fin = !!(rcd & FBNIC_RCD_AL_PAGE_FIN);
	return ref->rp->netmem && ref->rp->bias > 1;
}

void fbnic_rx_count_bad(struct fbnic_rxq *rxq, u64 rcd)
{
	u64_stats_update_begin(&rxq->stats.syncp);
	rxq->stats.bad_desc++;
	u64_stats_update_end(&rxq->stats.syncp);
	netdev_warn_once(rxq->nv->fbn->netdev,
			 "Rx queue %u: unexpected completion %016llx\n",
			 rxq->q_idx, rcd);
}

/* Give back the page references an XDP packet holds, one per buffer, or
 * its AF_XDP chunk
 */
static void fbnic_rx_xdp_release(struct fbnic_rxq *rxq, bool allow_direct)
{
	struct xdp_buff *xdp = &rxq->xdp.base;
	struct skb_shared_info *shinfo;
	unsigned int i;

	if (rxq->xsk_buf) {
		xsk_buff_free(rxq->xsk_buf);
		rxq->xsk_buf = NULL;
	}
	if (!xdp->data)
		return;
	if (xdp_buff_has_frags(xdp)) {
		shinfo = xdp_get_shared_info_from_buff(xdp);
		for (i = 0; i < shinfo->nr_frags; i++)
			page_pool_put_full_netmem(rxq->ppq.pp,
						  skb_frag_netmem(&shinfo->frags[i]),
						  allow_direct);
	}
	page_pool_put_full_page(rxq->hpq.pp, virt_to_head_page(xdp->data),
				allow_direct);
	xdp->data = NULL;
}

static void fbnic_rx_drop_pkt(struct fbnic_rxq *rxq)
{
	if (rxq->skb) {
		dev_kfree_skb_any(rxq->skb);
		rxq->skb = NULL;
	}
	fbnic_rx_xdp_release(rxq, false);
	rxq->pkt_started = false;
	rxq->pkt_bad = false;
	rxq->pkt_xdp = false;
	rxq->pkt_tstamp = 0;
}

/* Drop the packet being assembled as the end of its completions: count
 * it, and give its buffers back to the page pool from NAPI context.
 * Returns -1, what the metadata handlers report for a dropped packet.
 */
int fbnic_rx_drop_counted(struct fbnic_rxq *rxq, struct fbnic_rx_stats *acc)
{
	acc->dropped++;
	fbnic_rx_xdp_release(rxq, true);
	fbnic_rx_drop_pkt(rxq);
	return -1;
}

/* Where the header buffer of a header at @ref ends: headers are placed on
 * 128-byte slots with the programmed head- and tailroom around them, and
 * one that used up the buffer owns its remainder.
 */
static u32 fbnic_rx_hdr_end(const struct fbnic_rx_buf_ref *ref)
{
	u32 off = ref->off & (FBNIC_BD_FRAG_SIZE - 1);
	u32 end;

	if (ref->fin)
		return FBNIC_BD_FRAG_SIZE;
	end = ALIGN(off + ref->len + FBNIC_RX_TROOM + FBNIC_RX_HROOM,
		    FBNIC_RX_SLOT_ALIGN) - FBNIC_RX_HROOM;
	return min_t(u32, end, FBNIC_BD_FRAG_SIZE);
}

/* Whether a header at @ref, whose room ends at @end, can be handed on
 * where it lies: it starts a 128-byte slot, as the device places
 * headers (so the room in front of it, where XDP keeps a redirected
 * frame's descriptor, is aligned too), the device left the room around
 * it, and none of that room went with an earlier header of the page,
 * which the stack may still hold (a device reporting a header twice must
 * not have two skbs share their data and shared info).
 */
static bool fbnic_rx_hdr_in_place(const struct fbnic_rx_buf_ref *ref,
				  u32 end)
{
	u32 off = ref->off & (FBNIC_BD_FRAG_SIZE - 1);

	return IS_ALIGNED(off, FBNIC_RX_SLOT_ALIGN) &&
	       off >= FBNIC_RX_HROOM &&
	       off + ref->len + FBNIC_RX_TROOM <= end &&
	       ref->off - FBNIC_RX_HROOM >= ref->rp->hdr_end;
}

/* Build an skb around a header where it lies, if the device left the
 * room around it an skb needs; otherwise copy the header out.
 */
static struct sk_buff *fbnic_rx_build_head(struct fbnic_rxq *rxq,
					   const struct fbnic_rx_buf_ref *ref)
{
	u32 buf_start = ref->buf_end - FBNIC_BD_FRAG_SIZE;
	u32 off = ref->off - buf_start;
	struct page *page = netmem_to_page(ref->rp->netmem);
	struct sk_buff *skb;
	u32 start, end;
	void *va;

	va = page_address(page);
	end = fbnic_rx_hdr_end(ref);
	if (fbnic_rx_hdr_in_place(ref, end)) {
		start = off - FBNIC_RX_HROOM;
		page_pool_dma_sync_for_cpu(rxq->hpq.pp, page, buf_start + start,
					   end - start);
		skb = napi_build_skb(va + buf_start + start, end - start);
		if (!skb)
			return NULL;
		skb_mark_for_recycle(skb);
		skb_reserve(skb, FBNIC_RX_HROOM);
		__skb_put(skb, ref->len);
		ref->rp->bias--;
		ref->rp->hdr_end = buf_start + end;
		return skb;
	}

	page_pool_dma_sync_for_cpu(rxq->hpq.pp, page, ref->off, ref->len);
	skb = napi_alloc_skb(&rxq->nv->napi, ref->len);
	if (!skb)
		return NULL;
	/* Payload fragments still come from the page pool */
	skb_mark_for_recycle(skb);
	skb_put_data(skb, va + ref->off, ref->len);
	return skb;
}

/* Open an XDP packet on a header where it lies; the device leaves the
 * head- and tailroom XDP needs around every header it places.
 */
static bool fbnic_rx_xdp_head(struct fbnic_rxq *rxq,
			      const struct fbnic_rx_buf_ref *ref)
{
	u32 buf_start = ref->buf_end - FBNIC_BD_FRAG_SIZE;
	u32 off = ref->off - buf_start;
	struct page *page = netmem_to_page(ref->rp->netmem);
	u32 start, end;

	end = fbnic_rx_hdr_end(ref);
	if (!fbnic_rx_hdr_in_place(ref, end))
		return false;

	start = off - FBNIC_RX_HROOM;
	page_pool_dma_sync_for_cpu(rxq->hpq.pp, page, buf_start + start,
				   end - start);
	xdp_init_buff(&rxq->xdp.base, end - start, &rxq->xdp_rxq);
	rxq->xdp.rxq = rxq;
	xdp_prepare_buff(&rxq->xdp.base, page_address(page) + buf_start + start,
			 FBNIC_RX_HROOM, ref->len, true);
	ref->rp->bias--;
	ref->rp->hdr_end = buf_start + end;
	return true;
}

static void fbnic_rx_hdr(struct fbnic_rxq *rxq, u64 rcd, s32 *hpq_slot)
{
	struct fbnic_rx_buf_ref ref;

	if (rxq->pkt_started) {
		/* The previous packet never got its metadata */
		fbnic_rx_count_bad(rxq, rcd);
		fbnic_rx_drop_pkt(rxq);
	}
	rxq->pkt_started = true;
	rxq->pkt_tstamp = 0;

	if (rxq->hpq.xsk_pool) {
		fbnic_xsk_rx_hdr(rxq, rcd, hpq_slot);
		return;
	}
	if (!fbnic_rcd_buf(&rxq->hpq, rcd, &ref)) {
		fbnic_rx_count_bad(rxq, rcd);
		rxq->pkt_bad = true;
		return;
	}
	*hpq_slot = ref.slot;

	/* The program may come or go; a packet keeps the path it began on */
	rxq->pkt_xdp = !!READ_ONCE(rxq->nv->fbn->xdp_prog);
	if (rxq->pkt_xdp) {
		if (!fbnic_rx_xdp_head(rxq, &ref)) {
			fbnic_rx_count_bad(rxq, rcd);
			rxq->pkt_bad = true;
		}
		return;
	}

	rxq->skb = fbnic_rx_build_head(rxq, &ref);
	if (!rxq->skb) {
		u64_stats_update_begin(&rxq->stats.syncp);
		rxq->stats.alloc_failed++;
		u64_stats_update_end(&rxq->stats.syncp);
		rxq->pkt_bad = true;
	}
}

static void fbnic_rx_payload(struct fbnic_rxq *rxq, u64 rcd, s32 *ppq_slot)
{
	struct sk_buff *skb = rxq->skb;
	struct fbnic_rx_buf_ref ref;
	u32 truesize;

	if (!fbnic_rcd_buf(&rxq->ppq, rcd, &ref)) {
		fbnic_rx_count_bad(rxq, rcd);
		rxq->pkt_bad = true;
		return;
	}
	*ppq_slot = ref.slot;

	if (!rxq->pkt_started) {
		fbnic_rx_count_bad(rxq, rcd);
		return;
	}
	if (rxq->pkt_bad || !ref.len)
		return;

	/* Payloads are packed on 128-byte boundaries too */
	truesize = ref.fin ? ref.buf_end - ref.off :
			     min_t(u32, ALIGN(ref.len, FBNIC_RX_SLOT_ALIGN),
				   ref.buf_end - ref.off);

	/* Payload memory from a memory provider is not synced: the CPU
	 * does not read it (the page pool knows)
	 */
	page_pool_dma_sync_netmem_for_cpu(rxq->ppq.pp, ref.rp->netmem, ref.off,
					  ref.len);
	if (rxq->pkt_xdp) {
		/* A zero-copy frame must fit its chunk: the device split it */
		if (rxq->xsk_buf) {
			fbnic_rx_count_bad(rxq, rcd);
			rxq->pkt_bad = true;
			return;
		}
		/* The reference first: a frag merged into the previous one
		 * gives its reference straight back
		 */
		ref.rp->bias--;
		if (!xdp_buff_add_frag(&rxq->xdp.base, ref.rp->netmem,
				       ref.off, ref.len, truesize)) {
			ref.rp->bias++;
			rxq->pkt_bad = true;
		}
		return;
	}

	if (skb_shinfo(skb)->nr_frags >= MAX_SKB_FRAGS) {
		rxq->pkt_bad = true;
		return;
	}

	/* Unreadable memory makes the skb unreadable */
	skb_add_rx_frag_netmem(skb, skb_shinfo(skb)->nr_frags, ref.rp->netmem,
			       ref.off, ref.len, truesize);
	ref.rp->bias--;
}

/* Optional metadata: the packet's Rx timestamp, kept while Rx stamping
 * is on (the classifier asks for stamps only then). The action index it
 * may also carry is not used.
 */
static void fbnic_rx_opt_meta(struct fbnic_rxq *rxq, u64 rcd)
{
	struct fbnic_net *fbn = rxq->nv->fbn;
	u64 ns;

	if (!rxq->pkt_started ||
	    FIELD_GET(FBNIC_RCD_OPT_META_TYPE, rcd) !=
	    FBNIC_RCD_OPT_META_TYPE_TS_ACT) {
		fbnic_rx_count_bad(rxq, rcd);
		return;
	}
	if (!(rcd & FBNIC_RCD_OPT_META_TS_VALID) ||
	    READ_ONCE(fbn->hwtstamp_config.rx_filter) == HWTSTAMP_FILTER_NONE)
		return;

	ns = fbnic_time_stamp_to_ns(rxq->nv->fbd,
				    FIELD_GET(FBNIC_RCD_OPT_META_TS, rcd));
	rxq->pkt_tstamp = ns_to_ktime(ns);
}

/* The flow type the parser found, as RSS rules are kept per flow type */
static enum fbnic_rss_flow fbnic_rcd_rss_flow(u64 rcd)
{
	u32 l3 = FIELD_GET(FBNIC_RCD_META_L3_TYPE, rcd);
	u32 l4 = FIELD_GET(FBNIC_RCD_META_L4_TYPE, rcd);
	bool v6 = l3 == FBNIC_RCD_META_L3_TYPE_IPV6 ||
		  l3 == FBNIC_RCD_META_L3_TYPE_V6V6;

	if (l3 == FBNIC_RCD_META_L3_TYPE_OTHER)
		return FBNIC_RSS_FLOW_ETHER;
	if (l4 == FBNIC_RCD_META_L4_TYPE_TCP)
		return v6 ? FBNIC_RSS_FLOW_TCP6 : FBNIC_RSS_FLOW_TCP4;
	if (l4 == FBNIC_RCD_META_L4_TYPE_UDP)
		return v6 ? FBNIC_RSS_FLOW_UDP6 : FBNIC_RSS_FLOW_UDP4;
	return v6 ? FBNIC_RSS_FLOW_IP6 : FBNIC_RSS_FLOW_IP4;
}

/* What the RSS hash of a frame covers: the fields ethtool configured for
 * its flow type (UDP, say, may be hashed on the addresses alone)
 */
static u32 fbnic_rx_hash_fields(const struct fbnic_net *fbn, u64 rcd)
{
	return READ_ONCE(fbn->rss_flow_hash[fbnic_rcd_rss_flow(rcd)]);
}

#define FBNIC_RXH_L4_PORTS	(RXH_L4_B_0_1 | RXH_L4_B_2_3)
#define FBNIC_RXH_L3_ADDRS	(RXH_IP_SRC | RXH_IP_DST)

static enum pkt_hash_types fbnic_rx_hash_type(const struct fbnic_net *fbn,
					      u64 rcd)
{
	u32 fields = fbnic_rx_hash_fields(fbn, rcd);

	if (fields & FBNIC_RXH_L4_PORTS)
		return PKT_HASH_TYPE_L4;
	if (fields & FBNIC_RXH_L3_ADDRS)
		return PKT_HASH_TYPE_L3;
	return PKT_HASH_TYPE_L2;
}

/* Hand a packet whose protocol is set to the stack, with what the device
 * learnt about it. A packet an XDP program saw may have been rewritten:
 * the device's sum over the original bytes is not used for it.
 */
void fbnic_rx_deliver(struct fbnic_rxq *rxq, struct sk_buff *skb, u64 rcd,
		      bool rewritable, struct fbnic_rx_stats *acc)
{
	struct net_device *netdev = rxq->nv->fbn->netdev;

	if (!(netdev->features & NETIF_F_RXCSUM) || rewritable) {
		acc->csum_none++;
	} else if (rcd & FBNIC_RCD_META_L4_CSUM_UNNECESSARY) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		acc->csum_unnecessary++;
	} else {
		/* The device sums everything after the Ethernet header, as
		 * little-endian 16-bit words
		 */
		skb->ip_summed = CHECKSUM_COMPLETE;
		skb->csum = (__force __wsum)le16_to_cpu((__force __le16)
			FIELD_GET(FBNIC_RCD_META_L2_CSUM, rcd));
		acc->csum_complete++;
	}

	if (netdev->features & NETIF_F_RXHASH)
		skb_set_hash(skb, FIELD_GET(FBNIC_RCD_META_RSS_HASH, rcd),
			     fbnic_rx_hash_type(rxq->nv->fbn, rcd));
	if (rxq->pkt_tstamp)
		skb_hwtstamps(skb)->hwtstamp = rxq->pkt_tstamp;

	skb_record_rx_queue(skb, rxq->q_idx);
	napi_gro_receive(&rxq->nv->napi, skb);
}

/* Run the XDP program on a complete packet and act on its verdict.
 * Returns the bytes received (the stack or XDP took them), or a negative
 * value if the packet was dropped.
 */
static int fbnic_rx_meta_xdp(struct fbnic_rxq *rxq, u64 rcd,
			     struct fbnic_rx_stats *acc)
{
	struct net_device *netdev = rxq->nv->fbn->netdev;
	struct xdp_buff *xdp = &rxq->xdp.base;
	struct bpf_prog *prog;
	struct sk_buff *skb;
	u32 act = XDP_PASS;
	int len;

	if (rxq->hpq.xsk_pool)
		return fbnic_xsk_rx_meta(rxq, rcd, acc);
	if (rxq->pkt_bad || !xdp->data)
		goto drop;
	len = xdp_get_buff_len(xdp);
	if (unlikely(xdp->data_end - xdp->data < ETH_HLEN)) {
		acc->length_errors++;
		goto drop;
	}

	prog = READ_ONCE(rxq->nv->fbn->xdp_prog);
	if (prog && xdp_buff_has_frags(xdp) && !prog->aux->xdp_has_frags) {
		/* The MTU or the split threshold changed under the program */
		acc->xdp_errors++;
		goto drop;
	}
	rxq->pkt_meta = rcd;
	if (prog)
		act = bpf_prog_run_xdp(prog, xdp);

	switch (act) {
	case XDP_PASS:
		skb = xdp_build_skb_from_buff(xdp);
		if (!skb) {
			acc->alloc_failed++;
			goto drop;
		}
		/* The skb holds the page references now */
		xdp->data = NULL;
		fbnic_rx_deliver(rxq, skb, rcd, !!prog, acc);
		acc->xdp_pass += !!prog;
		break;
	case XDP_TX:
		if (!fbnic_xdp_tx(rxq, xdp)) {
			acc->xdp_errors++;
			goto drop;
		}
		xdp->data = NULL;
		acc->xdp_tx++;
		break;
	case XDP_REDIRECT:
		if (xdp_do_redirect(netdev, xdp, prog)) {
			acc->xdp_errors++;
			goto drop;
		}
		/* The target holds the page references now */
		xdp->data = NULL;
		acc->xdp_redirect++;
		break;
	case XDP_DROP:
		acc->xdp_drop++;
		fbnic_rx_xdp_release(rxq, true);
		break;
	default:
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(netdev, prog, act);
		acc->xdp_errors++;
		goto drop;
	}

	rxq->pkt_started = false;
	rxq->pkt_xdp = false;
	return len;

drop:
	return fbnic_rx_drop_counted(rxq, acc);
}

/* The packet is complete: hand it to the stack (or to XDP). Returns the
 * bytes delivered, or a negative value if the packet was dropped.
 */
static int fbnic_rx_meta(struct fbnic_rxq *rxq, u64 rcd,
			 struct fbnic_rx_stats *acc)
{
	struct net_device *netdev = rxq->nv->fbn->netdev;
	struct sk_buff *skb = rxq->skb;
	unsigned int len;

	if (rcd & (FBNIC_RCD_META_ERR_MAC_EOP | FBNIC_RCD_META_ERR_TRUNCATED)) {
		acc->length_errors++;
		goto drop;
	}
	if (rxq->pkt_xdp)
		return fbnic_rx_meta_xdp(rxq, rcd, acc);
	if (rxq->pkt_bad || !skb)
		goto drop;
	if (unlikely(skb->len < ETH_HLEN)) {
		acc->length_errors++;
		goto drop;
	}
	if (skb_headlen(skb) < ETH_HLEN && !pskb_may_pull(skb, ETH_HLEN))
		goto drop;

	len = skb->len;
	skb->protocol = eth_type_trans(skb, netdev);
	fbnic_rx_deliver(rxq, skb, rcd, false, acc);

	rxq->skb = NULL;
	rxq->pkt_started = false;
	return len;

drop:
	return fbnic_rx_drop_counted(rxq, acc);
}

static void fbnic_rxq_add_stats(struct fbnic_rxq *rxq,
				const struct fbnic_rx_stats *acc)
{
	struct fbnic_rx_stats *s = &rxq->stats;

	u64_stats_update_begin(&s->syncp);
	s->packets += acc->packets;
	s->bytes += acc->bytes;
	s->dropped += acc->dropped;
	s->csum_complete += acc->csum_complete;
	s->csum_unnecessary += acc->csum_unnecessary;
	s->csum_none += acc->csum_none;
	s->length_errors += acc->length_errors;
	s->alloc_failed += acc->alloc_failed + rxq->hpq.alloc_failed +
			   rxq->ppq.alloc_failed;
	s->xdp_pass += acc->xdp_pass;
	s->xdp_drop += acc->xdp_drop;
	s->xdp_tx += acc->xdp_tx;
	s->xdp_redirect += acc->xdp_redirect;
	s->xdp_errors += acc->xdp_errors;
	u64_stats_update_end(&s->syncp);
	rxq->hpq.alloc_failed = 0;
	rxq->ppq.alloc_failed = 0;
}

static int fbnic_clean_rcq(struct fbnic_rxq *rxq, int budget)
{
	struct fbnic_rx_stats acc = {};
	struct fbnic_cq *rcq = &rxq->rcq;
	s32 hpq_slot = -1, ppq_slot = -1;
	u32 old_head = rcq->head;
	int done = 0;

	/* The handlers below never touch the ring: walk it with locals the
	 * compiler can keep in registers across their calls
	 */
	__le64 *ring = rcq->desc;
	u32 mask = rcq->size_mask;
	u32 head = old_head;

	while (done < budget) {
		__le64 *slot = &ring[head & mask];
		u64 rcd;
		int len;

		if (!fbnic_ring_desc_ready(head, mask, READ_ONCE(*slot)))
			break;
		dma_rmb();
		rcd = le64_to_cpu(READ_ONCE(*slot));
		head = (head + 1) & (2 * mask + 1);

		switch (FIELD_GET(FBNIC_RCD_TYPE, rcd)) {
		case FBNIC_RCD_TYPE_HDR_AL:
			fbnic_rx_hdr(rxq, rcd, &hpq_slot);
			break;
		case FBNIC_RCD_TYPE_PAY_AL:
			fbnic_rx_payload(rxq, rcd, &ppq_slot);
			break;
		case FBNIC_RCD_TYPE_OPT_META:
			fbnic_rx_opt_meta(rxq, rcd);
			break;
		case FBNIC_RCD_TYPE_META:
			if (!rxq->pkt_started) {
				fbnic_rx_count_bad(rxq, rcd);
				break;
			}
			len = fbnic_rx_meta(rxq, rcd, &acc);
			if (len >= 0) {
				acc.packets++;
				acc.bytes += len;
			}
			done++;
			break;
		}
	}

	rcq->head = head;

	/* Pages before the ones the device now works on are done with */
	if (hpq_slot >= 0)
		fbnic_bdq_retire(&rxq->hpq, hpq_slot, !!budget);
	if (ppq_slot >= 0)
		fbnic_bdq_retire(&rxq->ppq, ppq_slot, !!budget);
	fbnic_bdq_fill(rxq, &rxq->hpq);
	fbnic_bdq_fill(rxq, &rxq->ppq);
	fbnic_xdpq_ring_doorbell(rxq);
	/* Redirected frames go to their targets once a poll */
	if (acc.xdp_redirect)
		xdp_do_flush();

	fbnic_rxq_add_stats(rxq, &acc);
	fbnic_cq_update_head(rxq->nv->fbd, rcq, old_head);
	return done;
}

/* NAPI and interrupts */

static void fbnic_nv_irq_rearm(struct fbnic_napi_vector *nv)
{
	fbnic_wr32(nv->fbd, FBNIC_INTR_CQ_REARM(nv->v_idx),
		   FBNIC_INTR_CQ_REARM_INTR_UNMASK);
}

static int fbnic_poll(struct napi_struct *napi, int budget)
{
	struct fbnic_napi_vector *nv =
		container_of(napi, struct fbnic_napi_vector, napi);
	unsigned int i;
	int work = 0;

	for (i = 0; i < nv->num_txq; i++)
		fbnic_clean_tcq(nv->txq[i], budget);
	/* Netpoll: transmit completions only, and stay scheduled */
	if (!budget)
		return 0;
	/* Every queue gets the whole budget: none starves behind another */
	for (i = 0; i < nv->num_rxq; i++)
		work = max(work, fbnic_clean_rcq(nv->rxq[i], budget));
	/* AF_XDP sockets that still have frames to send keep the poll on */
	for (i = 0; i < nv->num_rxq; i++)
		if (!fbnic_xsk_xmit(nv->rxq[i], budget))
			work = budget;

	if (work >= budget)
		return budget;

	if (napi_complete_done(napi, work))
		fbnic_nv_irq_rearm(nv);
	return work;
}

static irqreturn_t fbnic_msix_clean_rings(int irq, void *data)
{
	struct fbnic_napi_vector *nv = data;

	/* The device masked the vector; the poll re-arms it when done */
	napi_schedule_irqoff(&nv->napi);
	return IRQ_HANDLED;
}

/**
 * fbnic_config_moderation() - program a vector's interrupt moderation
 * @nv: the vector
 *
 * Takes the timeouts and the frame threshold of the netdev's ethtool
 * coalescing settings; does not re-arm the vector.
 */
void fbnic_config_moderation(struct fbnic_napi_vector *nv)
{
	struct fbnic_net *fbn = nv->fbn;
	struct fbnic_dev *fbd = nv->fbd;
	unsigned int i;
	u32 thresh;

	fbnic_wr32(fbd, FBNIC_INTR_CQ_REARM(nv->v_idx),
		   FIELD_PREP(FBNIC_INTR_CQ_REARM_RCQ_TIMEOUT, fbn->rx_usecs) |
		   FBNIC_INTR_CQ_REARM_RCQ_TIMEOUT_UPD_EN |
		   FIELD_PREP(FBNIC_INTR_CQ_REARM_TCQ_TIMEOUT, fbn->tx_usecs) |
		   FBNIC_INTR_CQ_REARM_TCQ_TIMEOUT_UPD_EN);

	for (i = 0; i < nv->num_rxq; i++) {
		struct fbnic_rxq *rxq = nv->rxq[i];

		/* Without a frame count, interrupt at half a ring */
		thresh = fbn->rx_max_frames * FBNIC_RX_DESC_PER_FRAME_MIN;
		if (!thresh)
			thresh = rxq->rcq.size_mask / 2;
		fbnic_q_wr32(fbd, rxq->q_idx, FBNIC_QUEUE_RIM_THRESHOLD,
			     FIELD_PREP(FBNIC_QUEUE_IM_THRESHOLD, thresh));
	}
}

/* Queue vectors and their rings */

/* One vector per queue (Tx first) when there are as many vectors as
 * queues; otherwise queue q of either kind goes to vector q mod vectors.
 */
static bool fbnic_separate_vectors(const struct fbnic_net *fbn)
{
	return fbn->num_napi == fbn->num_tx_queues + fbn->num_rx_queues;
}

static unsigned int fbnic_txq_vector(const struct fbnic_net *fbn,
				     unsigned int q)
{
	return fbnic_separate_vectors(fbn) ? q : q % fbn->num_napi;
}

static unsigned int fbnic_rxq_vector(const struct fbnic_net *fbn,
				     unsigned int q)
{
	return fbnic_separate_vectors(fbn) ? fbn->num_tx_queues + q :
					      q % fbn->num_napi;
}

static int fbnic_alloc_txq(struct fbnic_net *fbn, unsigned int q)
{
	struct fbnic_napi_vector *nv = fbn->napi[fbnic_txq_vector(fbn, q)];
	struct fbnic_txq *txq;

	txq = kzalloc_obj(*txq);
	if (!txq)
		return -ENOMEM;
	txq->nv = nv;
	txq->q_idx = q;
	txq->deferred_meta = -1;
	txq->tail_reg = fbnic_queue_reg(q, FBNIC_QUEUE_TWQ0_TAIL);
	txq->xdpq.tail_reg = fbnic_queue_reg(q, FBNIC_QUEUE_TWQ1_TAIL);
	txq->xdpq.pending_meta = -1;
	spin_lock_init(&txq->xdpq.lock);
	u64_stats_init(&txq->xdpq.xmit_syncp);
	txq->tcq.head_reg = fbnic_queue_reg(q, FBNIC_QUEUE_TCQ_HEAD);
	u64_stats_init(&txq->stats.syncp);
	nv->txq[nv->num_txq++] = txq;

	/* Counter readers find the queue from here on */
	spin_lock_bh(&fbn->stats_lock);
	fbn->txq[q] = txq;
	spin_unlock_bh(&fbn->stats_lock);
	return 0;
}

static int fbnic_alloc_rxq(struct fbnic_net *fbn, unsigned int q)
{
	struct fbnic_napi_vector *nv = fbn->napi[fbnic_rxq_vector(fbn, q)];
	struct fbnic_rxq *rxq;

	rxq = kzalloc_obj(*rxq);
	if (!rxq)
		return -ENOMEM;
	rxq->nv = nv;
	rxq->q_idx = q;
	rxq->hpq.tail_reg = fbnic_queue_reg(q, FBNIC_QUEUE_BDQ_HPQ_TAIL);
	rxq->ppq.tail_reg = fbnic_queue_reg(q, FBNIC_QUEUE_BDQ_PPQ_TAIL);
	rxq->rcq.head_reg = fbnic_queue_reg(q, FBNIC_QUEUE_RCQ_HEAD);
	u64_stats_init(&rxq->stats.syncp);
	nv->rxq[nv->num_rxq++] = rxq;

	spin_lock_bh(&fbn->stats_lock);
	fbn->rxq[q] = rxq;
	spin_unlock_bh(&fbn->stats_lock);
	return 0;
}

/* Unhook and free a vector's queues, keeping their counters */
static void fbnic_nv_free_queues(struct fbnic_net *fbn,
				 struct fbnic_napi_vector *nv)
{
	struct fbnic_tx_stats tx;
	struct fbnic_rx_stats rx;
	unsigned int i;

	spin_lock_bh(&fbn->stats_lock);
	for (i = 0; i < nv->num_txq; i++) {
		fbnic_txq_read_stats(nv->txq[i], &tx);
		fbnic_tx_stats_add(&fbn->tx_base, &tx);
		fbnic_xdpq_counts_add(&fbn->xdpq_base[nv->txq[i]->q_idx], &tx);
		fbn->txq[nv->txq[i]->q_idx] = NULL;
	}
	for (i = 0; i < nv->num_rxq; i++) {
		fbnic_rxq_read_stats(nv->rxq[i], &rx);
		fbnic_rx_stats_add(&fbn->rx_base, &rx);
		fbnic_xdp_rx_counts_add(&fbn->xdp_rxq_base[nv->rxq[i]->q_idx],
					&rx);
		fbn->rxq[nv->rxq[i]->q_idx] = NULL;
	}
	spin_unlock_bh(&fbn->stats_lock);

	while (nv->num_txq)
		kfree(nv->txq[--nv->num_txq]);
	while (nv->num_rxq)
		kfree(nv->rxq[--nv->num_rxq]);
}

static unsigned int fbnic_nv_queue_count(const struct fbnic_net *fbn,
					 unsigned int idx, bool rx)
{
	unsigned int count = rx ? fbn->num_rx_queues : fbn->num_tx_queues;
	unsigned int q, n = 0;

	for (q = 0; q < count; q++)
		if ((rx ? fbnic_rxq_vector(fbn, q) :
			  fbnic_txq_vector(fbn, q)) == idx)
			n++;
	return n;
}

static void fbnic_free_nv_mem(struct fbnic_napi_vector *nv)
{
	kfree(nv->txq);
	kfree(nv->rxq);
	kfree(nv);
}

static int fbnic_alloc_napi_vector(struct fbnic_net *fbn, unsigned int idx)
{
	struct fbnic_dev *fbd = fbn->fbd;
	struct fbnic_napi_vector *nv;
	unsigned int ntx, nrx;
	int err = -ENOMEM;

	nv = kzalloc_obj(*nv);
	if (!nv)
		return -ENOMEM;
	ntx = fbnic_nv_queue_count(fbn, idx, false);
	nrx = fbnic_nv_queue_count(fbn, idx, true);
	nv->txq = kzalloc_objs(*nv->txq, max(ntx, 1U));
	nv->rxq = kzalloc_objs(*nv->rxq, max(nrx, 1U));
	if (!nv->txq || !nv->rxq)
		goto free;

	nv->fbn = fbn;
	nv->fbd = fbd;
	nv->v_idx = FBNIC_NON_QUEUE_VECTORS + idx;
	nv->irq = pci_irq_vector(fbd->pdev, nv->v_idx);
	if (nv->irq < 0) {
		err = nv->irq;
		goto free;
	}
	snprintf(nv->name, sizeof(nv->name), "%s-TxRx-%u",
		 netdev_name(fbn->netdev), idx);

	fbn->napi[idx] = nv;
	netif_napi_add_config_locked(fbn->netdev, &nv->napi, fbnic_poll, idx);

	err = request_irq(nv->irq, fbnic_msix_clean_rings, 0, nv->name, nv);
	if (err) {
		netdev_err(fbn->netdev, "cannot request IRQ %d for %s: %d\n",
			   nv->irq, nv->name, err);
		netif_napi_del_locked(&nv->napi);
		fbn->napi[idx] = NULL;
		goto free;
	}
	netif_napi_set_irq_locked(&nv->napi, nv->irq);
	return 0;

free:
	fbnic_free_nv_mem(nv);
	return err;
}

static void fbnic_free_napi_vector(struct fbnic_net *fbn, unsigned int idx)
{
	struct fbnic_napi_vector *nv = fbn->napi[idx];

	if (!nv)
		return;

	fbnic_nv_free_queues(fbn, nv);
	netif_napi_set_irq_locked(&nv->napi, -1);
	free_irq(nv->irq, nv);
	netif_napi_del_locked(&nv->napi);
	fbn->napi[idx] = NULL;
	fbnic_free_nv_mem(nv);
}

/**
 * fbnic_free_napi_vectors() - free the queue vectors, their IRQs and queues
 * @fbn: netdev private area
 *
 * The counters of the queues are kept in the netdev's base counters.
 */
void fbnic_free_napi_vectors(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < FBNIC_MAX_NAPI_VECTORS; i++)
		fbnic_free_napi_vector(fbn, i);
}

/**
 * fbnic_alloc_napi_vectors() - set up the queue vectors and their queues
 * @fbn: netdev private area, with num_napi and the queue counts set
 *
 * With as many vectors as queues, every queue has a vector of its own,
 * Tx queues first. Otherwise queues of each kind are dealt round the
 * vectors: vector i serves Tx and Rx queues i, i + num_napi, ...
 *
 * Return: 0 or a negative errno, in which case nothing is left allocated.
 */
int fbnic_alloc_napi_vectors(struct fbnic_net *fbn)
{
	unsigned int num_tx = fbn->num_tx_queues, num_rx = fbn->num_rx_queues;
	unsigned int i;
	int err = 0;

	if (!fbn->num_napi || fbn->num_napi > FBNIC_MAX_NAPI_VECTORS ||
	    !num_tx || num_tx > FBNIC_MAX_TXQS ||
	    !num_rx || num_rx > FBNIC_MAX_RXQS ||
	    (!fbnic_separate_vectors(fbn) &&
	     fbn->num_napi > max(num_tx, num_rx)))
		return -EINVAL;

	for (i = 0; i < fbn->num_napi && !err; i++)
		err = fbnic_alloc_napi_vector(fbn, i);
	for (i = 0; i < num_tx && !err; i++)
		err = fbnic_alloc_txq(fbn, i);
	for (i = 0; i < num_rx && !err; i++)
		err = fbnic_alloc_rxq(fbn, i);

	if (err)
		fbnic_free_napi_vectors(fbn);
	return err;
}

/**
 * fbnic_fill_rxq() - post pages on a receive queue's buffer queues
 * @rxq: the queue, enabled
 */
void fbnic_fill_rxq(struct fbnic_rxq *rxq)
{
	fbnic_bdq_fill(rxq, &rxq->hpq);
	fbnic_bdq_fill(rxq, &rxq->ppq);
}

/**
 * fbnic_fill() - post pages on every receive buffer queue
 * @fbn: netdev private area
 */
void fbnic_fill(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < fbn->num_rx_queues; i++)
		if (fbn->rxq[i])
			fbnic_fill_rxq(fbn->rxq[i]);
}

static void fbnic_nv_fire(struct fbnic_napi_vector *nv)
{
	fbnic_wr32(nv->fbd, FBNIC_INTR_SET(nv->v_idx / 32),
		   BIT(nv->v_idx % 32));
}

static void fbnic_nv_mask(struct fbnic_napi_vector *nv)
{
	fbnic_wr32(nv->fbd, FBNIC_INTR_MASK_SET(nv->v_idx / 32),
		   BIT(nv->v_idx % 32));
}

/**
 * fbnic_nv_napi_enable() - start polling one vector and unmask it
 * @nv: the vector
 *
 * The vector fires once, so that whatever arrived while its queues were
 * coming up is processed. Under the netdev instance lock.
 */
void fbnic_nv_napi_enable(struct fbnic_napi_vector *nv)
{
	napi_enable_locked(&nv->napi);
	fbnic_nv_irq_rearm(nv);
	fbnic_nv_fire(nv);
	fbnic_wrfl(nv->fbd);
}

/**
 * fbnic_nv_napi_disable() - stop polling one vector and mask it
 * @nv: the vector
 *
 * On return no poll and no interrupt handler of the vector is running.
 * Under the netdev instance lock.
 */
void fbnic_nv_napi_disable(struct fbnic_napi_vector *nv)
{
	napi_disable_locked(&nv->napi);
	fbnic_nv_mask(nv);
	fbnic_wrfl(nv->fbd);
	synchronize_irq(nv->irq);
}

/**
 * fbnic_napi_enable() - start polling and unmask the queue vectors
 * @fbn: netdev private area
 */
void fbnic_napi_enable(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < fbn->num_napi; i++)
		fbnic_nv_napi_enable(fbn->napi[i]);
}

/**
 * fbnic_napi_disable() - stop polling and mask the queue vectors
 * @fbn: netdev private area
 */
void fbnic_napi_disable(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < fbn->num_napi; i++)
		fbnic_nv_napi_disable(fbn->napi[i]);
}

/**
 * fbnic_flush_txq() - give back what a stopped transmit queue still holds
 * @txq: the queue, disabled and idle
 *
 * Unsent packets are counted as dropped and XDP_TX pages go back to
 * their pool; the completion ring is cleared for the next start.
 */
void fbnic_flush_txq(struct fbnic_txq *txq)
{
	fbnic_clean_txq(txq, txq->tail, 0, true);
	/* What a device that did not stop may have left: unmap it all */
	while (txq->head != txq->tail) {
		struct fbnic_tx_buf *buf = &txq->buf[txq->head];

		fbnic_tx_unmap(txq->nv->fbd->dev, buf);
		if (buf->skb) {
			dev_kfree_skb_any(buf->skb);
			buf->skb = NULL;
			fbnic_txq_count_drop(txq);
		}
		txq->head = (txq->head + 1) & txq->size_mask;
	}
	txq->dev_head = txq->head;
	netdev_tx_reset_queue(fbnic_txq_netdev_queue(txq));

	/* XDP frames not sent give their pages and frames back */
	fbnic_clean_xdpq(txq, txq->xdpq.tail, false, true);
	while (txq->xdpq.head != txq->xdpq.tail) {
		struct fbnic_xdp_tx_buf *buf = &txq->xdpq.buf[txq->xdpq.head];

		fbnic_xdpq_release_buf(txq->nv->fbd->dev, buf, false);
		buf->desc_count = 0;
		txq->xdpq.head = (txq->xdpq.head + 1) & txq->xdpq.size_mask;
	}
	txq->xdpq.pending_meta = -1;
	memset(txq->tcq.desc, 0, txq->tcq.size);
	txq->tcq.head = 0;
}

/**
 * fbnic_flush_rxq() - give back what a stopped receive queue still holds
 * @rxq: the queue, disabled and idle
 *
 * A packet being assembled is dropped, posted pages go back to the page
 * pool and the completion ring is cleared for the next start.
 */
void fbnic_flush_rxq(struct fbnic_rxq *rxq)
{
	fbnic_rx_drop_pkt(rxq);
	fbnic_bdq_retire(&rxq->hpq, rxq->hpq.tail, false);
	fbnic_bdq_retire(&rxq->ppq, rxq->ppq.tail, false);
	memset(rxq->rcq.desc, 0, rxq->rcq.size);
	rxq->rcq.head = 0;
}

/**
 * fbnic_kick_depleted() - run NAPI for Rx queues that are out of buffers
 * @fbn: netdev private area, with the data path up
 *
 * A queue whose page allocations failed gets no completions, so no
 * interrupt to retry the allocation from; the service task nudges it.
 */
void fbnic_kick_depleted(struct fbnic_net *fbn)
{
	unsigned int i;

	for (i = 0; i < fbn->num_rx_queues; i++) {
		struct fbnic_rxq *rxq = fbn->rxq[i];

		if (!rxq)
			continue;
		if (fbnic_bdq_used(&rxq->hpq) >= 4 &&
		    fbnic_bdq_used(&rxq->ppq) >= 4)
			continue;
		local_bh_disable();
		napi_schedule(&rxq->nv->napi);
		local_bh_enable();
	}
}

/* Counters */

/**
 * fbnic_txq_read_stats() - consistent copy of a transmit queue's counters
 * @txq: the queue
 * @out: where to copy them
 */
void fbnic_txq_read_stats(struct fbnic_txq *txq, struct fbnic_tx_stats *out)
{
	unsigned int start;
	u64 xmit_dropped;

	do {
		start = u64_stats_fetch_begin(&txq->stats.syncp);
		out->packets = txq->stats.packets;
		out->bytes = txq->stats.bytes;
		out->dropped = txq->stats.dropped;
		out->csum_partial = txq->stats.csum_partial;
		out->lso = txq->stats.lso;
		out->stop = txq->stats.stop;
		out->wake = txq->stats.wake;
		out->bad_completion = txq->stats.bad_completion;
		out->xdp_packets = txq->stats.xdp_packets;
		out->xdp_bytes = txq->stats.xdp_bytes;
		out->xdp_dropped = txq->stats.xdp_dropped;
		out->ts_packets = txq->stats.ts_packets;
		out->ts_lost = txq->stats.ts_lost;
		out->ts_err = txq->stats.ts_err;
	} while (u64_stats_fetch_retry(&txq->stats.syncp, start));

	/* Redirected frames refused for want of room */
	do {
		start = u64_stats_fetch_begin(&txq->xdpq.xmit_syncp);
		xmit_dropped = txq->xdpq.xmit_dropped;
	} while (u64_stats_fetch_retry(&txq->xdpq.xmit_syncp, start));
	out->dropped += xmit_dropped;
	out->xdp_dropped += xmit_dropped;
}

/**
 * fbnic_rxq_read_stats() - consistent copy of a receive queue's counters
 * @rxq: the queue
 * @out: where to copy them
 */
void fbnic_rxq_read_stats(struct fbnic_rxq *rxq, struct fbnic_rx_stats *out)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&rxq->stats.syncp);
		out->packets = rxq->stats.packets;
		out->bytes = rxq->stats.bytes;
		out->dropped = rxq->stats.dropped;
		out->alloc_failed = rxq->stats.alloc_failed;
		out->csum_complete = rxq->stats.csum_complete;
		out->csum_unnecessary = rxq->stats.csum_unnecessary;
		out->csum_none = rxq->stats.csum_none;
		out->length_errors = rxq->stats.length_errors;
		out->bad_desc = rxq->stats.bad_desc;
		out->xdp_pass = rxq->stats.xdp_pass;
		out->xdp_drop = rxq->stats.xdp_drop;
		out->xdp_tx = rxq->stats.xdp_tx;
		out->xdp_redirect = rxq->stats.xdp_redirect;
		out->xdp_errors = rxq->stats.xdp_errors;
	} while (u64_stats_fetch_retry(&rxq->stats.syncp, start));
}

/**
 * fbnic_tx_stats_add() - add transmit counters to a sum
 * @sum: the sum
 * @add: counters to add
 */
void fbnic_tx_stats_add(struct fbnic_tx_stats *sum,
			const struct fbnic_tx_stats *add)
{
	sum->packets += add->packets;
	sum->bytes += add->bytes;
	sum->dropped += add->dropped;
	sum->csum_partial += add->csum_partial;
	sum->lso += add->lso;
	sum->stop += add->stop;
	sum->wake += add->wake;
	sum->bad_completion += add->bad_completion;
	sum->xdp_packets += add->xdp_packets;
	sum->xdp_bytes += add->xdp_bytes;
	sum->xdp_dropped += add->xdp_dropped;
	sum->ts_packets += add->ts_packets;
	sum->ts_lost += add->ts_lost;
	sum->ts_err += add->ts_err;
}

/**
 * fbnic_xdpq_counts_add() - add a transmit queue's TWQ1 counters to a sum
 * @sum: the sum
 * @tx: the queue's counters
 */
void fbnic_xdpq_counts_add(struct fbnic_xdpq_counts *sum,
			   const struct fbnic_tx_stats *tx)
{
	sum->packets += tx->xdp_packets;
	sum->bytes += tx->xdp_bytes;
	sum->dropped += tx->xdp_dropped;
}

/**
 * fbnic_xdp_rx_counts_add() - add a receive queue's XDP verdicts to a sum
 * @sum: the sum
 * @rx: the queue's counters
 */
void fbnic_xdp_rx_counts_add(struct fbnic_xdp_rx_counts *sum,
			     const struct fbnic_rx_stats *rx)
{
	sum->pass += rx->xdp_pass;
	sum->drop += rx->xdp_drop;
	sum->tx += rx->xdp_tx;
	sum->redirect += rx->xdp_redirect;
	sum->errors += rx->xdp_errors;
}

/**
 * fbnic_rx_stats_add() - add receive counters to a sum
 * @sum: the sum
 * @add: counters to add
 */
void fbnic_rx_stats_add(struct fbnic_rx_stats *sum,
			const struct fbnic_rx_stats *add)
{
	sum->packets += add->packets;
	sum->bytes += add->bytes;
	sum->dropped += add->dropped;
	sum->alloc_failed += add->alloc_failed;
	sum->csum_complete += add->csum_complete;
	sum->csum_unnecessary += add->csum_unnecessary;
	sum->csum_none += add->csum_none;
	sum->length_errors += add->length_errors;
	sum->bad_desc += add->bad_desc;
	sum->xdp_pass += add->xdp_pass;
	sum->xdp_drop += add->xdp_drop;
	sum->xdp_tx += add->xdp_tx;
	sum->xdp_redirect += add->xdp_redirect;
	sum->xdp_errors += add->xdp_errors;
}

/**
 * fbnic_xdp_needs_frags() - whether frames may span several buffers
 * @mtu: the netdev's MTU
 * @hds_thresh: frames up to this size land whole in a header buffer
 *
 * Below the minimum threshold the device splits every frame at its L4
 * header; above, frames longer than the threshold spill into payload
 * buffers. An XDP program that cannot handle frags must not see either.
 *
 * Return: true if an XDP program needs multi-buffer support.
 */
bool fbnic_xdp_needs_frags(u32 mtu, u32 hds_thresh)
{
	return hds_thresh < FBNIC_HDS_THRESH_MIN ||
	       mtu + VLAN_ETH_HLEN > hds_thresh;
}

/* XDP metadata kfuncs: what the device reported of the frame the program
 * runs on (its metadata completion, its optional timestamp)
 */

static int fbnic_xdp_rx_hash(const struct xdp_md *ctx, u32 *hash,
			     enum xdp_rss_hash_type *rss_type)
{
	const struct fbnic_rxq *rxq =
		container_of((const struct xdp_buff *)ctx, struct fbnic_xdp_buff,
			     base)->rxq;
	const struct fbnic_net *fbn = rxq->nv->fbn;
	u64 rcd = rxq->pkt_meta;
	u32 fields, l3;

	if (!(fbn->netdev->features & NETIF_F_RXHASH))
		return -ENODATA;

	fields = fbnic_rx_hash_fields(fbn, rcd);
	l3 = FIELD_GET(FBNIC_RCD_META_L3_TYPE, rcd);
	*rss_type = XDP_RSS_TYPE_NONE;
	if (fields & FBNIC_RXH_L3_ADDRS) {
		if (l3 == FBNIC_RCD_META_L3_TYPE_IPV4)
			*rss_type |= XDP_RSS_L3_IPV4;
		else if (l3 != FBNIC_RCD_META_L3_TYPE_OTHER)
			*rss_type |= XDP_RSS_L3_IPV6;
	}
	if (fields & FBNIC_RXH_L4_PORTS) {
		switch (FIELD_GET(FBNIC_RCD_META_L4_TYPE, rcd)) {
		case FBNIC_RCD_META_L4_TYPE_TCP:
			*rss_type |= XDP_RSS_L4 | XDP_RSS_L4_TCP;
			break;
		case FBNIC_RCD_META_L4_TYPE_UDP:
			*rss_type |= XDP_RSS_L4 | XDP_RSS_L4_UDP;
			break;
		}
	}
	*hash = FIELD_GET(FBNIC_RCD_META_RSS_HASH, rcd);
	return 0;
}

static int fbnic_xdp_rx_timestamp(const struct xdp_md *ctx, u64 *timestamp)
{
	const struct fbnic_rxq *rxq =
		container_of((const struct xdp_buff *)ctx, struct fbnic_xdp_buff,
			     base)->rxq;

	/* Stamped only while Rx timestamping is on (fbnic_rx_opt_meta()) */
	if (!rxq->pkt_tstamp)
		return -ENODATA;
	*timestamp = ktime_to_ns(rxq->pkt_tstamp);
	return 0;
}

const struct xdp_metadata_ops fbnic_xdp_metadata_ops = {
	.xmo_rx_hash		= fbnic_xdp_rx_hash,
	.xmo_rx_timestamp	= fbnic_xdp_rx_timestamp,
};
