/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_TXRX_H_
#define _FBNIC_TXRX_H_

#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <net/xdp.h>

#include "fbnic_regs.h"

struct fbnic_dev;
struct fbnic_net;
struct fbnic_rxq;
struct page_pool;
struct xsk_buff_pool;

#define FBNIC_MAX_TXQS			FBNIC_MAX_QUEUES
#define FBNIC_MAX_RXQS			FBNIC_MAX_QUEUES
#define FBNIC_MAX_NAPI_VECTORS		FBNIC_MAX_QUEUES

/* Ring sizes, in descriptors (BDQs: in 4 KB buffers); powers of two */
#define FBNIC_QUEUE_SIZE_MIN		64u
#define FBNIC_QUEUE_SIZE_MAX		SZ_64K
#define FBNIC_TXQ_SIZE_DEFAULT		1024
#define FBNIC_HPQ_SIZE_DEFAULT		256
#define FBNIC_PPQ_SIZE_DEFAULT		256
#define FBNIC_RCQ_SIZE_DEFAULT		1024

/* A packet takes a metadata descriptor, one for the linear part and one
 * per fragment. The queue is stopped while fewer than that plus a margin
 * are free, so that the tail never gets within a cache line of the head,
 * and woken once twice as many are free again.
 */
#define FBNIC_TX_DESC_PER_PKT		(MAX_SKB_FRAGS + 2)
#define FBNIC_TX_DESC_GAP		8
#define FBNIC_TX_DESC_STOP		(FBNIC_TX_DESC_PER_PKT + FBNIC_TX_DESC_GAP)
#define FBNIC_TX_DESC_WAKE		(2 * FBNIC_TX_DESC_STOP)
#define FBNIC_TX_DESC_MIN		roundup_pow_of_two(FBNIC_TX_DESC_WAKE)

/* Worst case packet on the RCQ: header, four payload buffers, optional
 * metadata and metadata. The RCQ must hold at least two of those.
 */
#define FBNIC_RX_DESC_PER_PKT		7
#define FBNIC_RX_DESC_MIN \
	roundup_pow_of_two(2 * FBNIC_RX_DESC_PER_PKT)

/* Interrupt moderation defaults (ethtool -C) */
#define FBNIC_TX_USECS_DEFAULT		35
#define FBNIC_RX_USECS_DEFAULT		30
#define FBNIC_RX_FRAMES_DEFAULT		0
/* The RIM counts completion descriptors; a frame takes at least two */
#define FBNIC_RX_DESC_PER_FRAME_MIN	2

/* Room the Rx DMA engine leaves around every header it writes, so that
 * an skb can be built around the header where it lies: tailroom for the
 * skb_shared_info, headroom for the stack, and together a multiple of
 * the 128-byte slots headers are placed on.
 */
#define FBNIC_RX_TROOM		SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
#define FBNIC_RX_HROOM_MIN		128
#define FBNIC_RX_HROOM \
	(ALIGN(FBNIC_RX_TROOM + FBNIC_RX_HROOM_MIN, 128) - FBNIC_RX_TROOM)
#define FBNIC_RX_SLOT_ALIGN		128

/* Header-data split: frames up to the threshold land whole in a header
 * buffer; below FBNIC_HDS_THRESH_MIN the engine splits at the L4 header
 */
#define FBNIC_HDS_THRESH_MIN		256
#define FBNIC_HDS_THRESH_DEFAULT	1536
#define FBNIC_HDS_THRESH_MAX \
	(FBNIC_BD_FRAG_SIZE - FBNIC_RX_HROOM - FBNIC_RX_TROOM)

/* TWQ1 ends in this many spare descriptors' worth of zeroes, which pad
 * short AF_XDP frames
 */
#define FBNIC_XDPQ_PAD_DESCS		8

/* Largest payload page a memory provider may ask for: 16 buffers, of
 * which the smallest payload ring (64 buffers) holds four
 */
#define FBNIC_RX_PAGE_SIZE_MAX		SZ_64K

/* Buffers per page, and the ID bits that pick a buffer in a page */
#define FBNIC_BD_FRAG_COUNT		(PAGE_SIZE / FBNIC_BD_FRAG_SIZE)
#define FBNIC_BD_FRAG_SHIFT		ilog2(FBNIC_BD_FRAG_COUNT)

/**
 * struct fbnic_tx_stats - counters of one transmit queue
 * @packets: packets completed (wire packets for TSO)
 * @bytes: bytes completed, headers of every segment included
 * @dropped: packets dropped by the driver
 * @csum_partial: packets sent with checksum offload
 * @lso: wire packets produced by segmentation offload
 * @stop: times the queue was stopped for lack of descriptors
 * @wake: times it was woken again
 * @bad_completion: completions the device reported out of range
 * @xdp_packets: frames sent on TWQ1, for XDP_TX or other devices'
 *	redirects (also in @packets)
 * @xdp_bytes: their bytes (also in @bytes)
 * @xdp_dropped: frames queued on TWQ1 and discarded unsent, or refused
 *	to other devices' redirects (also in @dropped)
 * @ts_packets: hardware Tx timestamps handed to the socket
 * @ts_lost: timestamp requests whose packet was dropped before its stamp
 *	came
 * @ts_err: timestamp requests the device answered without a stamp (not
 *	valid, or the request was not allowed)
 * @syncp: consistent reads of the above on 32-bit machines
 */
struct fbnic_tx_stats {
	u64 packets;
	u64 bytes;
	u64 dropped;
	u64 csum_partial;
	u64 lso;
	u64 stop;
	u64 wake;
	u64 bad_completion;
	u64 xdp_packets;
	u64 xdp_bytes;
	u64 xdp_dropped;
	u64 ts_packets;
	u64 ts_lost;
	u64 ts_err;
	struct u64_stats_sync syncp;
};

/**
 * struct fbnic_xdpq_counts - what XDP sent on one queue pair's TWQ1
 * @packets: frames sent
 * @bytes: their bytes
 * @dropped: frames discarded unsent or refused for want of room
 */
struct fbnic_xdpq_counts {
	u64 packets;
	u64 bytes;
	u64 dropped;
};

/**
 * struct fbnic_xdp_rx_counts - XDP verdicts on one receive queue
 * @pass: frames passed to the stack
 * @drop: frames dropped (XDP_DROP)
 * @tx: frames sent back out (XDP_TX)
 * @redirect: frames redirected that their target took
 * @errors: frames lost to XDP failures (see fbnic_rx_stats)
 */
struct fbnic_xdp_rx_counts {
	u64 pass;
	u64 drop;
	u64 tx;
	u64 redirect;
	u64 errors;
};

/**
 * struct fbnic_rx_stats - counters of one receive queue
 * @packets: packets handed to the stack
 * @bytes: their bytes
 * @dropped: packets dropped by the driver (errors, no memory)
 * @alloc_failed: skb or buffer page allocations that failed
 * @csum_complete: packets with CHECKSUM_COMPLETE
 * @csum_unnecessary: packets whose L4 checksum the device verified
 * @csum_none: packets without checksum information
 * @length_errors: frames the device reported in error or too long
 * @bad_desc: completions the device reported out of range or order
 * @xdp_pass: frames the XDP program passed to the stack
 * @xdp_drop: frames the XDP program dropped (XDP_DROP)
 * @xdp_tx: frames the XDP program sent back out (XDP_TX)
 * @xdp_redirect: frames the XDP program redirected (XDP_REDIRECT) that
 *	their target took
 * @xdp_errors: frames dropped because XDP failed: XDP_ABORTED, unknown
 *	actions, a full or missing XDP Tx ring, a redirect its target
 *	refused, multi-buffer frames for a program without frags support
 * @syncp: consistent reads of the above on 32-bit machines
 */
struct fbnic_rx_stats {
	u64 packets;
	u64 bytes;
	u64 dropped;
	u64 alloc_failed;
	u64 csum_complete;
	u64 csum_unnecessary;
	u64 csum_none;
	u64 length_errors;
	u64 bad_desc;
	u64 xdp_pass;
	u64 xdp_drop;
	u64 xdp_tx;
	u64 xdp_redirect;
	u64 xdp_errors;
	struct u64_stats_sync syncp;
};

/**
 * struct fbnic_tx_buf - host-private state of one transmit descriptor
 * @skb: the packet, on its metadata descriptor
 * @dma: DMA address mapped for an address/length descriptor
 * @len: length of that mapping
 * @is_page: mapped with skb_frag_dma_map() rather than dma_map_single()
 * @desc_count: descriptors of the packet, on its metadata descriptor
 * @bytes: bytes the packet puts on the wire, on its metadata descriptor
 * @segs: wire packets of the packet, on its metadata descriptor
 * @ts_pending: the packet asked the device for a Tx timestamp, which has
 *	not come yet; on its metadata descriptor
 *
 * Kept apart from the descriptor ring, which the device could write:
 * unmapping relies only on what the driver recorded.
 */
struct fbnic_tx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	u32 len;
	bool is_page;
	u16 desc_count;
	u32 bytes;
	u16 segs;
	bool ts_pending;
};

/**
 * struct fbnic_xdp_tx_buf - host-private state of one TWQ1 descriptor
 * @page: for XDP_TX, the page pool page behind an address/length
 *	descriptor, whose reference the ring holds until the frame completes
 * @frame: for a frame another device redirected here, the frame, on its
 *	metadata descriptor; it goes back to its owner once sent
 * @dma: for such a frame, the mapping of an address/length descriptor
 * @len: length of that mapping, 0 if none
 * @is_page: mapped with skb_frag_dma_map() rather than dma_map_single()
 * @desc_count: descriptors of the frame, on its metadata descriptor
 * @bytes: bytes of the frame, on its metadata descriptor
 * @xsk: on its metadata descriptor, the frame came from the ring's AF_XDP
 *	socket (zero-copy): its umem chunk goes back to the socket once sent
 */
struct fbnic_xdp_tx_buf {
	struct page *page;
	struct xdp_frame *frame;
	dma_addr_t dma;
	u32 len;
	bool is_page;
	u16 desc_count;
	u32 bytes;
	bool xsk;
};

/**
 * struct fbnic_cq - a completion ring the device writes
 * @desc: the descriptors
 * @dma: their DMA address
 * @size: bytes allocated for them
 * @size_mask: descriptors - 1
 * @head: next descriptor to read; bit log2(size) is the pass parity
 * @head_reg: BAR0 offset of the head register
 */
struct fbnic_cq {
	__le64 *desc;
	dma_addr_t dma;
	size_t size;
	u32 size_mask;
	u32 head;
	/* Stays with the queue when a restart trades the ring */
	u32 head_reg;
};

/**
 * struct fbnic_xdpq - TWQ1 of a queue pair: frames XDP sends
 * @desc: work descriptors
 * @dma: their DMA address
 * @size: bytes allocated for them
 * @buf: host state of each descriptor
 * @size_mask: descriptors - 1
 * @head: oldest descriptor not yet completed
 * @tail: next descriptor to fill
 * @pending_meta: metadata descriptor of the last frame queued since the
 *	doorbell was last rung, -1 if none
 * @tail_reg: BAR0 offset of the doorbell
 * @lock: serialises the senders: @tail, @pending_meta, the descriptors
 *	from @tail on and @xmit_dropped
 * @xmit_dropped: frames other devices redirected here that did not fit
 * @xmit_syncp: consistent reads of @xmit_dropped on 32-bit machines
 * @xsk_pool: AF_XDP socket whose frames the ring also sends (zero-copy),
 *	or NULL; changed only while the pair's vector is stopped
 *
 * Three kinds of sender fill it: XDP_TX from the NAPI poll of the pair's
 * receive queue, ndo_xdp_xmit() with frames other devices (or this
 * one's XDP_REDIRECT) send, from any CPU, and an AF_XDP socket's frames,
 * from the same NAPI poll. It is cleaned only from the
 * NAPI poll of the pair's transmit queue (whose TCQ reports TWQ1 heads
 * too), without the lock: senders read @head to see the room, and a
 * stale @head only hides room that was freed.
 */
struct fbnic_xdpq {
	__le64 *desc;
	dma_addr_t dma;
	size_t size;
	struct fbnic_xdp_tx_buf *buf;
	u32 size_mask;
	u32 head;
	u32 tail;
	s32 pending_meta;
	u32 tail_reg;
	spinlock_t lock;	/* senders: XDP_TX vs. ndo_xdp_xmit() */
	u64 xmit_dropped;
	struct u64_stats_sync xmit_syncp;
	struct xsk_buff_pool *xsk_pool;
};

/**
 * struct fbnic_txq - a transmit queue: TWQ0, TWQ1 and their completion queue
 * @desc: work descriptors
 * @dma: their DMA address
 * @size: bytes allocated for them
 * @buf: host state of each descriptor
 * @size_mask: descriptors - 1
 * @head: oldest descriptor not yet completed
 * @tail: next descriptor to fill
 * @dev_head: the furthest head the device reported; packets between @head
 *	and it wait for their Tx timestamp
 * @deferred_meta: metadata descriptor of the last packet queued without
 *	a doorbell (xmit_more), -1 if none
 * @tail_reg: BAR0 offset of the doorbell
 * @q_idx: netdev queue (and hardware queue pair) index
 * @nv: the vector that serves it
 * @tcq: completion queue
 * @xdpq: TWQ1, for XDP_TX and redirected frames
 * @stats: counters
 */
struct fbnic_txq {
	__le64 *desc;
	dma_addr_t dma;
	size_t size;
	struct fbnic_tx_buf *buf;
	u32 size_mask;
	u32 head;
	u32 tail;
	u32 dev_head;
	s32 deferred_meta;
	u32 tail_reg;
	u16 q_idx;
	struct fbnic_napi_vector *nv;
	struct fbnic_cq tcq;
	struct fbnic_xdpq xdpq;
	struct fbnic_tx_stats stats;
};

/**
 * struct fbnic_rx_page - a page posted on a buffer queue
 * @netmem: the page, from the buffer queue's page pool: always host
 *	memory for headers, for payloads whatever memory provider the
 *	stack bound to the queue gives (which the CPU may not be able to
 *	read)
 * @bias: references still held by the driver; the stack holds the rest
 * @hdr_end: page offset up to which headers have been handed on where
 *	they lie; a later header's room must start at or after it
 */
struct fbnic_rx_page {
	netmem_ref netmem;
	long bias;
	u32 hdr_end;
};

/**
 * struct fbnic_bdq - a receive buffer queue (HPQ or PPQ)
 * @desc: buffer descriptors, 1 << @frag_shift per page
 * @dma: their DMA address
 * @size: bytes allocated for them
 * @pages: page behind each slot
 * @pp: page pool the pages come from
 * @frag_shift: log2 of the 4 KB buffers in one of its pages (payload
 *	pages may be larger than PAGE_SIZE when a memory provider asks)
 * @size_mask: slots (pages) - 1
 * @head: oldest slot the device may still use
 * @tail: next slot to fill
 * @tail_reg: BAR0 offset of the doorbell
 * @alloc_failed: pages the page pool could not give
 * @xsk_pool: AF_XDP socket whose umem chunks the queue posts instead of
 *	pages (zero-copy receive), or NULL; then @pp is NULL
 * @xsk_bufs: the chunk posted on each slot, with @xsk_pool
 */
struct fbnic_bdq {
	__le64 *desc;
	dma_addr_t dma;
	size_t size;
	struct fbnic_rx_page *pages;
	struct page_pool *pp;
	u8 frag_shift;
	u32 size_mask;
	u32 head;
	u32 tail;
	/* Stay with the queue when a restart trades the ring */
	u32 tail_reg;
	u64 alloc_failed;
	struct xsk_buff_pool *xsk_pool;
	struct xdp_buff **xsk_bufs;
};

/**
 * struct fbnic_xdp_buff - an XDP buffer and the queue it came in on
 * @base: what the program sees
 * @rxq: the queue, for the program's metadata kfuncs
 *
 * An AF_XDP buffer keeps room for @rxq right behind its xdp_buff too.
 */
struct fbnic_xdp_buff {
	struct xdp_buff base;
	struct fbnic_rxq *rxq;
};

/**
 * struct fbnic_rxq - a receive queue: header and payload buffer queues
 *	and their completion queue
 * @hpq: header buffers
 * @ppq: payload buffers
 * @rcq: completion queue
 * @skb: packet being assembled from completions, or NULL
 * @pkt_bad: the packet being assembled is to be dropped
 * @pkt_started: a header descriptor opened a packet
 * @pkt_xdp: the packet is being assembled in @xdp for the XDP program
 *	(decided at its header), rather than in @skb
 * @pkt_tstamp: hardware Rx timestamp of the packet, 0 if it has none
 * @pkt_meta: metadata completion of the packet the XDP program runs on,
 *	for the program's metadata kfuncs
 * @xdp: the packet for XDP; it holds a page reference per buffer
 * @xsk_buf: on a zero-copy queue, the umem chunk the packet landed in
 * @xdp_rxq: XDP's view of the queue
 * @xdp_txq: transmit queue of the same pair and vector, whose TWQ1 takes
 *	XDP_TX frames; NULL if there is none
 * @q_idx: netdev queue (and hardware queue pair) index
 * @nv: the vector that serves it
 * @stats: counters
 */
struct fbnic_rxq {
	struct fbnic_bdq hpq;
	struct fbnic_bdq ppq;
	struct fbnic_cq rcq;
	struct sk_buff *skb;
	bool pkt_bad;
	bool pkt_started;
	bool pkt_xdp;
	ktime_t pkt_tstamp;
	u64 pkt_meta;
	struct fbnic_xdp_buff xdp;
	struct xdp_buff *xsk_buf;
	struct xdp_rxq_info xdp_rxq;
	struct fbnic_txq *xdp_txq;
	u16 q_idx;
	struct fbnic_napi_vector *nv;
	struct fbnic_rx_stats stats;
};

/**
 * struct fbnic_napi_vector - one queue interrupt vector and its NAPI
 * @napi: NAPI context
 * @fbn: the netdev private area
 * @fbd: the device
 * @v_idx: MSI-X vector (also the interrupt cause and re-arm register)
 * @irq: Linux IRQ number
 * @name: IRQ name
 * @num_txq: transmit queues served
 * @num_rxq: receive queues served
 * @txq: the transmit queues
 * @rxq: the receive queues
 */
struct fbnic_napi_vector {
	struct napi_struct napi;
	struct fbnic_net *fbn;
	struct fbnic_dev *fbd;
	u16 v_idx;
	int irq;
	char name[IFNAMSIZ + 16];
	u16 num_txq;
	u16 num_rxq;
	struct fbnic_txq **txq;
	struct fbnic_rxq **rxq;
};

netdev_tx_t fbnic_xmit_frame(struct sk_buff *skb, struct net_device *dev);
netdev_features_t fbnic_features_check(struct sk_buff *skb,
				       struct net_device *dev,
				       netdev_features_t features);

int fbnic_alloc_napi_vectors(struct fbnic_net *fbn);
void fbnic_free_napi_vectors(struct fbnic_net *fbn);
void fbnic_fill(struct fbnic_net *fbn);
void fbnic_napi_enable(struct fbnic_net *fbn);
void fbnic_napi_disable(struct fbnic_net *fbn);
void fbnic_nv_napi_enable(struct fbnic_napi_vector *nv);
void fbnic_nv_napi_disable(struct fbnic_napi_vector *nv);
void fbnic_config_moderation(struct fbnic_napi_vector *nv);
void fbnic_kick_depleted(struct fbnic_net *fbn);
bool fbnic_xdp_needs_frags(u32 mtu, u32 hds_thresh);
int fbnic_xdp_xmit(struct net_device *netdev, int n,
		   struct xdp_frame **frames, u32 flags);
extern const struct xdp_metadata_ops fbnic_xdp_metadata_ops;

void fbnic_txq_read_stats(struct fbnic_txq *txq, struct fbnic_tx_stats *out);
void fbnic_rxq_read_stats(struct fbnic_rxq *rxq, struct fbnic_rx_stats *out);
void fbnic_tx_stats_add(struct fbnic_tx_stats *sum,
			const struct fbnic_tx_stats *add);
void fbnic_xdpq_counts_add(struct fbnic_xdpq_counts *sum,
			   const struct fbnic_tx_stats *tx);
void fbnic_rx_stats_add(struct fbnic_rx_stats *sum,
			const struct fbnic_rx_stats *add);
void fbnic_xdp_rx_counts_add(struct fbnic_xdp_rx_counts *sum,
			     const struct fbnic_rx_stats *rx);

/* For AF_XDP zero-copy (fbnic_xsk.c): the rings' own bookkeeping */
__le64 fbnic_twd_al(dma_addr_t dma, u32 len);
u32 fbnic_xdpq_unused(const struct fbnic_xdpq *xdpq);
u32 fbnic_xdpq_add_meta(struct fbnic_xdpq *xdpq, u32 bytes, u16 count);
void fbnic_xdpq_commit(struct fbnic_xdpq *xdpq, u32 meta, u32 last);
void fbnic_xdpq_kick_locked(struct fbnic_txq *txq);
bool fbnic_xdpq_reap(struct fbnic_txq *txq);
bool fbnic_xdp_tx_frame(struct fbnic_rxq *rxq, struct xdp_frame *frame);
u32 fbnic_bdq_unused(const struct fbnic_bdq *bdq);
void fbnic_rx_count_bad(struct fbnic_rxq *rxq, u64 rcd);
int fbnic_rx_drop_counted(struct fbnic_rxq *rxq, struct fbnic_rx_stats *acc);
void fbnic_rx_deliver(struct fbnic_rxq *rxq, struct sk_buff *skb, u64 rcd,
		      bool rewritable, struct fbnic_rx_stats *acc);

#endif /* _FBNIC_TXRX_H_ */
