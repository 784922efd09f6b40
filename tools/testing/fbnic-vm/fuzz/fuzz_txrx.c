// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the data path's completion handling, fbnic_txrx.c,
 * against a device that writes whatever the input says.
 *
 * fbnic_txrx.c and fbnic_csr.c are linked unmodified. The harness brings
 * a netdev's queues up the way fbnic_up() does (vectors, rings and page
 * pools, enable, fill, NAPI on), then runs operations:
 *  - the device writes receive completions (any 64-bit value, with the
 *    DONE bit of the ring's current pass) and, for buffer descriptors,
 *    packet bytes into the buffer the posted buffer descriptor names;
 *  - the device writes transmit completions: raw ones, or honest ones
 *    after reading every descriptor the driver posted up to its doorbell
 *    (each buffer must be mapped: the shim's IOMMU checks);
 *  - the stack sends packets (xmit_more, timestamp requests, frags);
 *  - NAPI polls, with any budget (0 is netpoll);
 *  - an XDP program, attached or not, returns the verdict the input
 *    gives (shim_xdp_run());
 *  - the queues restart (disable, flush, enable, fill), or one receive
 *    queue does through the queue API (new rings, stop, start, the old
 *    rings freed), or allocations fail;
 *  - an AF_XDP socket binds to queue 0 in zero-copy mode, or unbinds
 *    (fbnic_xsk.c, through the queue API), and queues frames to send;
 *    the device then writes into its chunks.
 * At the end the queues are torn down as fbnic_down() does, and every
 * page, skb, DMA mapping and AF_XDP chunk must be back.
 *
 * Built once with 4 KB pages and once with 64 KB pages (several 4 KB
 * buffers per page: the fragment arithmetic of buffer IDs and offsets).
 */
#include <linux/bitfield.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <net/netdev_queues.h>
#include <net/netdev_rx_queue.h>
#include <net/xdp_sock_drv.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_queue.h"
#include "fbnic_regs.h"
#include "fbnic_txrx.h"
#include "fbnic_xsk.h"
#include "shim.h"
#include "fuzz_input.h"

#define NQ_MAX		2
#define BAR0_SIZE	FBNIC_QUEUE(NQ_MAX)
#define BUFS_MAX	256	/* 4 KB buffers per BDQ, at most */

/* Opcodes; the byte is taken modulo OP_COUNT */
enum {
	OP_RCD,		/* u8 queue|flags, u64 rcd, [u8 n, n bytes of data] */
	OP_POLL,	/* u8 budget */
	OP_XMIT,	/* u8 flags, u16 len, [u16 frag len]... */
	OP_TX_DEVICE,	/* u8 flags: the device processes the Tx rings */
	OP_TCD,		/* u8 queue, u64 tcd */
	OP_FAIL_ALLOC,	/* u8 n: fail the nth allocation from now */
	OP_RESTART,	/* queues down and up again */
	OP_KICK,	/* the service task's depleted-queue check */
	OP_XDP_SWAP,	/* u8: attach (with/without frags) or detach */
	OP_RXQ_RESTART,	/* u8 idle: Rx queue 0 through the queue API */
	OP_XSK_BIND,	/* u8: bind (how) or unbind an AF_XDP pool, queue 0 */
	OP_XSK_TX,	/* u8 n, u16 len: the socket queues frames to send */
	OP_COUNT
};

/* OP_RCD flag bits (above the queue bit) */
#define RCD_WRITE_DATA	BIT(1)

/* OP_XMIT flags */
#define XMIT_QUEUE	GENMASK(1, 0)	/* 2, 3: no such queue */
#define XMIT_MORE	BIT(2)
#define XMIT_TSTAMP	BIT(3)
#define XMIT_FRAGS	GENMASK(6, 4)

/* OP_TX_DEVICE flags */
#define TXD_QUEUE	BIT(0)
#define TXD_TWQ1	BIT(1)
#define TXD_NO_HEAD	BIT(2)	/* read descriptors, complete nothing */
#define TXD_TS_AFTER	BIT(3)	/* stamps after the head, not before */
#define TXD_TS_BAD	BIT(4)	/* stamps flagged invalid */

struct txrx_fuzz {
	bool xmit_more;
	struct fbnic_dev *fbd;
	struct fbnic_net *fbn;
	struct net_device *netdev;
	u8 *bar0;
	/* Device state, per queue pair */
	u32 rcq_tail[NQ_MAX];		/* with the pass bit */
	u32 tcq_tail[NQ_MAX];
	u32 twq_head[NQ_MAX][2];	/* TWQ0, TWQ1 */
	bool tcd_raw[NQ_MAX];		/* OP_TCD wrote completions */
	/* Per 4 KB buffer of each HPQ and PPQ: how far the device has
	 * reported it used, and the bus address that was for
	 */
	struct {
		u64 addr;
		u32 used;
	} bufs[NQ_MAX][2][BUFS_MAX];
	u64 ts_count;
	/* The AF_XDP socket's pool, while the stack has it at queue 0 */
	struct xsk_buff_pool *pool;
};

static struct txrx_fuzz fz;
static struct device fake_dev;
static struct pci_dev fake_pdev;
static struct bpf_prog_aux prog_aux[2] = { { false }, { true } };
static struct bpf_prog progs[2] = { { &prog_aux[0] }, { &prog_aux[1] } };

/* Stubs for what fbnic_txrx.c calls in other files */
u64 fbnic_time_stamp_to_ns(struct fbnic_dev *fbd, u64 stamp)
{
	(void)fbd;
	return stamp;
}

bool shim_xmit_more(void)
{
	return fz.xmit_more;
}

/* The XDP program: checks the frame it is given, maybe writes it, and
 * returns the verdict the input gives (past the end: XDP_PASS)
 */
u32 shim_xdp_run(const struct bpf_prog *prog, struct xdp_buff *xdp)
{
	u8 *hard = xdp->data_hard_start, *data = xdp->data;
	u8 *end = xdp->data_end;
	u8 v = in_empty() ? XDP_PASS : in_u8();
	volatile u32 sum __maybe_unused = 0;
	u8 *p;

	(void)prog;
	/* An AF_XDP chunk: the frame lies in it, in one piece */
	if (xdp->rxq->mem.type == MEM_TYPE_XSK_BUFF_POOL) {
		if (data < hard || end < data || end > hard + xdp->frame_sz ||
		    xdp_buff_has_frags(xdp))
			fuzz_fail("AF_XDP frame %p..%p in %p+%u", data, end,
				  hard, xdp->frame_sz);
		goto run;
	}
	/* The frame, and the shared info after it, lie in one page */
	if (data < hard || end < data ||
	    end > hard + xdp->frame_sz - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) ||
	    virt_to_head_page(hard) != virt_to_head_page(hard + xdp->frame_sz - 1))
		fuzz_fail("XDP frame %p..%p in %p+%u", data, end, hard,
			  xdp->frame_sz);
	if (xdp_buff_has_frags(xdp)) {
		struct skb_shared_info *sh = xdp_get_shared_info_from_buff(xdp);
		unsigned int i, j;

		if (sh->nr_frags > MAX_SKB_FRAGS)
			fuzz_fail("XDP frame with %u frags", sh->nr_frags);
		for (i = 0; i < sh->nr_frags; i++) {
			const skb_frag_t *f = &sh->frags[i];

			p = (u8 *)page_address(skb_frag_page(f)) + f->offset;
			for (j = 0; j < f->len; j++)
				sum += p[j];
		}
	}
run:
	for (p = data; p < end; p++)
		sum += *p;
	if (v & 0x80)	/* the program rewrites the packet */
		memset(data, v, end - data);
	return v & 7;	/* 5-7: not an action */
}

/* XDP_REDIRECT's target is a device map entry for the fbnic itself:
 * whether it takes a frame is the input's choice, the frames it took go
 * to fbnic_xdp_xmit() at the flush, and those that did not fit are
 * returned, as the device map does
 */
bool shim_redirect_accepts(void)
{
	return in_empty() || (in_u8() & 1);
}

void shim_xdp_flush(struct xdp_frame **frames, int n)
{
	int sent = fbnic_xdp_xmit(fz.netdev, n, frames, XDP_XMIT_FLUSH);
	int i;

	if (sent > n)
		fuzz_fail("ndo_xdp_xmit sent %d of %d frames", sent, n);
	for (i = sent < 0 ? 0 : sent; i < n; i++)
		xdp_return_frame(frames[i]);
}

struct xsk_buff_pool *shim_xsk_pool_of(u16 q)
{
	return q == 0 ? fz.pool : NULL;
}

/* ---- The device ---- */

static u32 bar_rd(u32 reg)
{
	u32 v;

	memcpy(&v, fz.bar0 + reg, sizeof(v));
	return v;
}

/* Write a completion at the device's tail, if the ring has room */
static bool dev_write_cq(struct fbnic_cq *cq, u32 *tail, u64 val)
{
	u32 size = cq->size_mask + 1;

	if (((*tail - cq->head) & (2 * size - 1)) >= size)
		return false;	/* full: the device waits */
	val &= ~FBNIC_RCD_DONE;
	if (!(*tail & size))	/* even pass: DONE set */
		val |= FBNIC_RCD_DONE;
	cq->desc[*tail & cq->size_mask] = cpu_to_le64(val);
	*tail = (*tail + 1) & (2 * size - 1);
	return true;
}

/*
 * A buffer RCD: write its packet bytes where the buffer descriptor it
 * names says. An honest device never writes again over what it already
 * reported (a header's room as the driver computes it, a payload's
 * 128-byte slots): the stack may own that memory now. A lying RCD is
 * still written to the ring, without data.
 */
static void dev_write_buf(struct fbnic_rxq *rxq, bool ppq, u64 rcd,
			  const u8 *bytes, size_t n)
{
	struct fbnic_bdq *bdq = ppq ? &rxq->ppq : &rxq->hpq;
	u32 id = FIELD_GET(FBNIC_RCD_AL_BUFF_ID, rcd);
	u32 off = FIELD_GET(FBNIC_RCD_AL_BUFF_OFF, rcd);
	u32 len = FIELD_GET(FBNIC_RCD_AL_BUFF_LEN, rcd);
	u32 nbufs = (bdq->size_mask + 1) << bdq->frag_shift;
	u32 end;
	u64 addr;
	u8 *dst;

	if (id >= nbufs || id >= BUFS_MAX || off >= FBNIC_BD_FRAG_SIZE)
		return;
	addr = le64_to_cpu(bdq->desc[id]) & FBNIC_BD_ADDR;
	if (fz.bufs[rxq->q_idx][ppq][id].addr != addr) {
		fz.bufs[rxq->q_idx][ppq][id].addr = addr;	/* new page */
		fz.bufs[rxq->q_idx][ppq][id].used = 0;
	}
	if (off < fz.bufs[rxq->q_idx][ppq][id].used)
		return;
	if (rcd & FBNIC_RCD_AL_PAGE_FIN)
		end = FBNIC_BD_FRAG_SIZE;
	else if (ppq)
		end = ALIGN(off + len, FBNIC_RX_SLOT_ALIGN);
	else
		end = ALIGN(off + len + FBNIC_RX_TROOM + FBNIC_RX_HROOM,
			    FBNIC_RX_SLOT_ALIGN) - FBNIC_RX_HROOM;
	fz.bufs[rxq->q_idx][ppq][id].used = end;

	n = min_t(size_t, n, FBNIC_BD_FRAG_SIZE - off);
	dst = shim_dma_to_cpu(addr + off, n);
	if (dst)	/* else the IOMMU blocks it */
		memcpy(dst, bytes, n);
}

static void op_rcd(void)
{
	u8 flags = in_u8();
	u64 rcd = in_u64();
	struct fbnic_rxq *rxq = fz.fbn->rxq[flags % fz.fbn->num_rx_queues];
	u8 bytes[256];
	size_t n = 0;

	if (flags & RCD_WRITE_DATA) {
		n = in_bytes(bytes, in_u8());
	}
	if (!rxq || !rxq->rcq.desc)
		return;
	switch (FIELD_GET(FBNIC_RCD_TYPE, rcd)) {
	case FBNIC_RCD_TYPE_HDR_AL:
		dev_write_buf(rxq, false, rcd, bytes, n);
		break;
	case FBNIC_RCD_TYPE_PAY_AL:
		dev_write_buf(rxq, true, rcd, bytes, n);
		break;
	}
	dev_write_cq(&rxq->rcq, &fz.rcq_tail[rxq->q_idx], rcd);
}

static void op_tcd(void)
{
	u8 q = in_u8();
	u64 tcd = in_u64();
	struct fbnic_txq *txq = fz.fbn->txq[q % fz.fbn->num_tx_queues];

	if (!txq || !txq->tcq.desc)
		return;
	/* The device may now have reported heads it never read up to:
	 * the driver then unmaps buffers the device reads later, which
	 * is the device's fault, not one to report
	 */
	fz.tcd_raw[txq->q_idx] = true;
	dev_write_cq(&txq->tcq, &fz.tcq_tail[txq->q_idx], tcd);
}

/*
 * Read what the driver posted on a TWQ, up to the tail it rang: every
 * buffer must be mapped for the length the descriptor says. Then
 * report the new head (and timestamps) on the TCQ.
 */
static void dev_tx(u8 flags)
{
	bool twq1 = flags & TXD_TWQ1;
	struct fbnic_txq *txq;
	u32 head, tail, mask, ts = 0;
	__le64 *ring;
	u64 tcd;

	txq = fz.fbn->txq[(flags & TXD_QUEUE) % fz.fbn->num_tx_queues];
	if (!txq || !txq->desc)
		return;
	ring = twq1 ? txq->xdpq.desc : txq->desc;
	mask = twq1 ? txq->xdpq.size_mask : txq->size_mask;
	head = fz.twq_head[txq->q_idx][twq1];
	tail = bar_rd(twq1 ? txq->xdpq.tail_reg : txq->tail_reg) & mask;

	for (; head != tail; head = (head + 1) & mask) {
		u64 twd = le64_to_cpu(ring[head]);
		volatile u8 sum __maybe_unused = 0;
		u8 *buf;
		u32 len, i;

		if (FIELD_GET(FBNIC_TWD_TYPE, twd) == FBNIC_TWD_TYPE_META) {
			ts += !!(twd & FBNIC_TWD_FLAG_REQ_TS);
			continue;
		}
		len = FIELD_GET(FBNIC_TWD_LEN, twd);
		buf = shim_dma_to_cpu(FIELD_GET(FBNIC_TWD_ADDR, twd), len);
		if (!buf && fz.tcd_raw[txq->q_idx])
			continue;	/* the IOMMU blocks it */
		if (!buf || !len)
			fuzz_fail("TWD %u: %016llx is no mapped buffer",
				  head, twd);
		for (i = 0; i < len; i++)
			sum += buf[i];
	}
	fz.twq_head[txq->q_idx][twq1] = head;
	if (flags & TXD_NO_HEAD)
		return;

	tcd = FIELD_PREP(FBNIC_TCD_TYPE, FBNIC_TCD_TYPE_TSTAMP) |
	      (flags & TXD_TS_BAD ? FBNIC_TCD_STATUS_TS_INVALID : 0);
	for (; ts && !(flags & TXD_TS_AFTER); ts--)
		dev_write_cq(&txq->tcq, &fz.tcq_tail[txq->q_idx],
			     tcd | FIELD_PREP(FBNIC_TCD_TYPE1_TS, ++fz.ts_count));
	dev_write_cq(&txq->tcq, &fz.tcq_tail[txq->q_idx],
		     FIELD_PREP(FBNIC_TCD_TYPE, FBNIC_TCD_TYPE_HEADS) |
		     (twq1 ? FBNIC_TCD_TWQ1 |
			     FIELD_PREP(FBNIC_TCD_TYPE0_HEAD1, head) :
			     FIELD_PREP(FBNIC_TCD_TYPE0_HEAD0, head)));
	for (; ts; ts--)
		dev_write_cq(&txq->tcq, &fz.tcq_tail[txq->q_idx],
			     tcd | FIELD_PREP(FBNIC_TCD_TYPE1_TS, ++fz.ts_count));
}

static void op_tx_device(void)
{
	dev_tx(in_u8());
}

/* ---- The stack ---- */

static void op_xmit(void)
{
	u8 flags = in_u8();
	u32 len = in_u16() % 2048;
	unsigned int nfrags = FIELD_GET(XMIT_FRAGS, flags), i;
	struct sk_buff *skb;
	netdev_tx_t ret;

	/* Short frames are padded in place: give them the room */
	if (nfrags && len < 60)
		len = 60;
	skb = shim_alloc_skb(max_t(u32, len, 60));
	if (!skb)
		return;
	memset(__skb_put(skb, len), 0x5a, len);
	for (i = 0; i < nfrags; i++) {
		u32 flen = in_u16() % (PAGE_SIZE + 1);
		u32 off = flen ? (in_u8() * 16) % (PAGE_SIZE - flen + 1) : 0;
		struct page *page = shim_alloc_page();

		/* skb_add_rx_frag() is the skb frag helper the shim has */
		skb_add_rx_frag(skb, i, page, off, flen, flen);
	}
	skb->queue_mapping = FIELD_GET(XMIT_QUEUE, flags);
	skb->ip_summed = CHECKSUM_NONE;
	skb->dev = fz.netdev;
	if (flags & XMIT_TSTAMP)
		skb_shinfo(skb)->tx_flags |= SKBTX_HW_TSTAMP;
	fz.xmit_more = flags & XMIT_MORE;

	ret = fbnic_xmit_frame(skb, fz.netdev);
	if (ret == NETDEV_TX_BUSY)	/* the stack keeps it */
		shim_free_skb(skb);
	else if (ret != NETDEV_TX_OK)
		FUZZ_BUG();
}

static void op_poll_budget(int budget)
{
	unsigned int i;

	for (i = 0; i < fz.fbn->num_napi; i++) {
		struct napi_struct *napi = &fz.fbn->napi[i]->napi;
		int done = napi->poll(napi, budget);

		if (done < 0 || done > budget)
			FUZZ_BUG();
	}
}

static void op_poll(void)
{
	op_poll_budget(in_u8() % 65);
}

static void queues_up(void)
{
	unsigned int q;

	/* fbnic_enable() resets every queue: the device's pointers, and
	 * the tail registers with them, start again from 0
	 */
	memset(fz.bar0 + FBNIC_QUEUE(0), 0, BAR0_SIZE - FBNIC_QUEUE(0));
	for (q = 0; q < NQ_MAX; q++) {
		fz.rcq_tail[q] = 0;
		fz.tcq_tail[q] = 0;
		fz.twq_head[q][0] = 0;
		fz.twq_head[q][1] = 0;
		fz.tcd_raw[q] = false;
	}
	fbnic_enable(fz.fbn);
	fbnic_fill(fz.fbn);
	fbnic_napi_enable(fz.fbn);
	WRITE_ONCE(fz.fbn->up, true);
}

static void queues_down(void)
{
	WRITE_ONCE(fz.fbn->up, false);
	fbnic_napi_disable(fz.fbn);
	fbnic_disable(fz.fbn);
	fbnic_flush(fz.fbn);
}

/* Rx queue 0 restarted by the stack, as netdev_rx_queue_restart() does
 * it; the device goes idle at once unless @idle says it does not (then
 * the old rings stay, still posted)
 */
static int rxq_restart(bool idle)
{
	const struct netdev_queue_mgmt_ops *ops = &fbnic_queue_mgmt_ops;
	struct netdev_queue_config qcfg;
	void *new_mem, *old_mem;
	u32 bit = idle ? 1 : 0;
	int err;

	memcpy(fz.bar0 + FBNIC_QM_HPQ_IDLE(0), &bit, 4);
	memcpy(fz.bar0 + FBNIC_QM_PPQ_IDLE(0), &bit, 4);
	memcpy(fz.bar0 + FBNIC_QM_RCQ_IDLE(0), &bit, 4);
	new_mem = calloc(1, ops->ndo_queue_mem_size);
	old_mem = calloc(1, ops->ndo_queue_mem_size);
	netdev_queue_config(fz.netdev, 0, &qcfg);
	err = ops->ndo_queue_mem_alloc(fz.netdev, &qcfg, new_mem, 0);
	if (err)
		goto free;
	err = ops->ndo_queue_stop(fz.netdev, old_mem, 0);
	if (err) {
		/* Idle Rx stops, but a zero-copy Tx may not drain */
		if (idle && !fz.pool)
			FUZZ_BUG();
		ops->ndo_queue_mem_free(fz.netdev, new_mem);
		goto free;
	}
	if (!idle)
		FUZZ_BUG();
	/* The new rings start from the device's reset state */
	fz.rcq_tail[0] = 0;
	memset(fz.bufs[0], 0, sizeof(fz.bufs[0]));
	if (ops->ndo_queue_start(fz.netdev, &qcfg, new_mem, 0))
		FUZZ_BUG();
	ops->ndo_queue_mem_free(fz.netdev, old_mem);
free:
	free(new_mem);
	free(old_mem);
	return err;
}

static void op_rxq_restart(void)
{
	rxq_restart(in_u8() & 1);
}

/* What the stack does to bind or unbind a pool: the driver's own queue
 * restart, with the device idle
 */
int netdev_rx_queue_restart(struct net_device *dev, unsigned int rxq_idx)
{
	if (dev != fz.netdev || rxq_idx)
		FUZZ_BUG();
	return rxq_restart(true);
}

static struct xsk_buff_pool *pool_new(u8 how)
{
	static const u32 headroom[] = { 0, 64, 100, 300 };
	struct xsk_buff_pool *pool = calloc(1, sizeof(*pool));
	u32 i;

	/* 2 KB chunks, too much headroom, unaligned: refused */
	pool->chunk_size = how & 1 ? 4096 : 2048;
	pool->headroom = headroom[(how >> 1) & 3];
	pool->unaligned = how & 8;
	pool->umem = aligned_alloc(PAGE_SIZE,
				   (size_t)SHIM_XSK_CHUNKS * pool->chunk_size);
	for (i = 0; i < SHIM_XSK_CHUNKS; i++) {
		pool->bufs[i].pool = pool;
		pool->bufs[i].chunk = i;
		pool->free[pool->nr_free++] = i;
	}
	return pool;
}

/* Every chunk back, every frame sent reported */
static void pool_free(struct xsk_buff_pool *pool)
{
	if (pool->dma || pool->nr_free != SHIM_XSK_CHUNKS ||
	    pool->tx_completed != pool->tx_handed)
		fuzz_fail("AF_XDP pool left with %u of %u chunks free, %llu of %llu sends completed",
			  pool->nr_free, SHIM_XSK_CHUNKS, pool->tx_completed,
			  pool->tx_handed);
	free(pool->umem);
	free(pool);
}

/* The stack unbinds the socket: the driver stops using the pool, which
 * the stack then takes off the queue. TWQ1 must give the socket's frames
 * back first: the device sends what it holds.
 */
static void xsk_unbind(void)
{
	if (fz.fbn->up) {
		op_poll_budget(64);
		dev_tx(TXD_TWQ1);
	}
	if (fbnic_xsk_pool_setup(fz.netdev, NULL, 0))
		return;		/* the kernel warns, and keeps it */
	pool_free(fz.pool);
	fz.pool = NULL;
}

static void op_xsk_bind(void)
{
	u8 how = in_u8();

	if (fz.pool) {
		xsk_unbind();
		return;
	}
	/* The stack has the pool at the queue before the driver binds it */
	fz.pool = pool_new(how);
	if (fbnic_xsk_pool_setup(fz.netdev, fz.pool, 0)) {
		pool_free(fz.pool);
		fz.pool = NULL;
	}
}

/* The socket queues frames, each from the start of a chunk */
static void op_xsk_tx(void)
{
	u8 n = in_u8() % 16;
	u16 len = in_u16();
	struct xsk_buff_pool *pool = fz.pool;

	if (!pool)
		return;
	while (n-- && pool->tx_queued < SHIM_XSK_TX_MAX) {
		struct xdp_desc *d = &pool->tx_ring[pool->tx_queued++];

		d->addr = (u64)(n % SHIM_XSK_CHUNKS) * pool->chunk_size;
		d->len = 1 + len % pool->chunk_size;
		d->options = 0;
	}
}

static void op_xdp_swap(void)
{
	u8 v = in_u8();

	WRITE_ONCE(fz.fbn->xdp_prog, v & 1 ? &progs[(v >> 1) & 1] : NULL);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fbnic_net *fbn;
	struct fbnic_dev *fbd;
	u8 cfg;

	if (size < 1)
		return 0;
	if (!fz.bar0)
		fz.bar0 = calloc(1, BAR0_SIZE);
	/* Of the rest of BAR0 the data path reads only the spare register
	 * (the queue windows are cleared as the queues come up)
	 */
	memset(fz.bar0 + FBNIC_MASTER_SPARE_0, 0, 4);
	shim_reset();
	in_start(data, size);
	fz.ts_count = 0;
	memset(fz.bufs, 0, sizeof(fz.bufs));
	cfg = in_u8();

	fbd = calloc(1, sizeof(*fbd));
	fbd->dev = &fake_dev;
	fbd->pdev = &fake_pdev;
	fbnic_csr_init(fbd, fz.bar0, NULL);
	fz.netdev = calloc(1, sizeof(*fz.netdev));
	strcpy(fz.netdev->name, "fbnic0");
	fbn = calloc(1, sizeof(*fbn));
	fz.netdev->priv = fbn;
	fbn->netdev = fz.netdev;
	fbn->fbd = fbd;
	fz.fbd = fbd;
	fz.fbn = fbn;

	/* Config byte: bit 0 a vector per queue (no XDP_TX), bits 1-2 XDP
	 * program (none, without frags, with frags), bit 3 Rx checksum,
	 * bit 4 Rx hash, bit 5 Rx stamps, bit 6 Tx stamps, bit 7 larger
	 * rings
	 */
	fbn->num_tx_queues = 1;
	fbn->num_rx_queues = 1;
	fbn->num_napi = cfg & 1 ? 2 : 1;
	fbn->txq_size = cfg & 0x80 ? 128 : 64;
	fbn->rcq_size = cfg & 0x80 ? 128 : 64;
	fbn->hpq_size = FBNIC_QUEUE_SIZE_MIN;
	fbn->ppq_size = FBNIC_QUEUE_SIZE_MIN;
	fbn->hds_thresh = FBNIC_HDS_THRESH_DEFAULT;
	fbn->tx_usecs = FBNIC_TX_USECS_DEFAULT;
	fbn->rx_usecs = FBNIC_RX_USECS_DEFAULT;
	spin_lock_init(&fbn->stats_lock);
	if ((cfg >> 1) & 3)
		fbn->xdp_prog = &progs[((cfg >> 1) & 3) == 2];
	fz.netdev->features = (cfg & 0x08 ? NETIF_F_RXCSUM : 0) |
			      (cfg & 0x10 ? NETIF_F_RXHASH : 0);
	fbn->hwtstamp_config.rx_filter = cfg & 0x20 ? HWTSTAMP_FILTER_ALL :
						      HWTSTAMP_FILTER_NONE;
	fbn->hwtstamp_config.tx_type = cfg & 0x40 ? HWTSTAMP_TX_ON :
						    HWTSTAMP_TX_OFF;

	if (fbnic_alloc_napi_vectors(fbn) || fbnic_alloc_resources(fbn) ||
	    fbnic_set_netif_queues(fbn))
		FUZZ_BUG();
	queues_up();

	while (!in_empty()) {
		switch (in_u8() % OP_COUNT) {
		case OP_RCD:
			op_rcd();
			break;
		case OP_POLL:
			op_poll();
			break;
		case OP_XMIT:
			op_xmit();
			break;
		case OP_TX_DEVICE:
			op_tx_device();
			break;
		case OP_TCD:
			op_tcd();
			break;
		case OP_FAIL_ALLOC:
			shim_alloc_fail_at = shim_alloc_count + 1 + in_u8();
			break;
		case OP_RESTART:
			queues_down();
			queues_up();
			break;
		case OP_KICK:
			fbnic_kick_depleted(fbn);
			break;
		case OP_XDP_SWAP:
			op_xdp_swap();
			break;
		case OP_RXQ_RESTART:
			op_rxq_restart();
			break;
		case OP_XSK_BIND:
			op_xsk_bind();
			break;
		case OP_XSK_TX:
			op_xsk_tx();
			break;
		}
	}

	/* Down and freed, as fbnic_down() and the netdev's release do; a
	 * socket still bound unbinds from the closed netdev
	 */
	shim_alloc_fail_at = 0;
	queues_down();
	if (fz.pool)
		xsk_unbind();
	if (fz.pool)
		fuzz_fail("AF_XDP pool not unbound from a closed netdev");
	fbnic_reset_netif_queues(fbn);
	fbnic_free_resources(fbn);
	fbnic_free_napi_vectors(fbn);
	shim_stack_release();
	if (shim_pages_live() || shim_skbs_live() || shim_dma_mappings())
		fuzz_fail("left after teardown: %u pages, %u skbs, %u DMA mappings",
			  shim_pages_live(), shim_skbs_live(),
			  shim_dma_mappings());
	free(fbn);
	free(fz.netdev);
	free(fbd);
	return 0;
}
