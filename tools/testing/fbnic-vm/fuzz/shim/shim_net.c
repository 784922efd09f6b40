// SPDX-License-Identifier: GPL-2.0
/*
 * fbnic fuzz shim: pages, page pools, socket buffers and the stack's
 * receive side, for the data path harness.
 *
 * The point is to catch what the kernel's debug options would: pages
 * are their own allocations and are freed when their last reference
 * goes (ASan reports any later use), reference counts that go below
 * zero abort, skb and XDP helpers check their buffer bounds, and the
 * stack reads every byte of every packet it is handed.
 */
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/page_pool/helpers.h>
#include <net/xdp.h>
#include <net/xdp_sock_drv.h>

#include "shim.h"

/* ---- Pages, and the address -> page table for virt_to_head_page() ---- */

#define PAGE_HASH	4096

static struct page *page_hash[PAGE_HASH];
static unsigned int pages_live;

static unsigned int page_bucket(uintptr_t addr)
{
	return (addr >> PAGE_SHIFT) % PAGE_HASH;
}

static void page_register(struct page *page)
{
	unsigned int b = page_bucket((uintptr_t)page->addr);

	page->shim_next = page_hash[b];
	page_hash[b] = page;
	pages_live++;
}

static void page_unregister(struct page *page)
{
	struct page **pp = &page_hash[page_bucket((uintptr_t)page->addr)];

	for (; *pp; pp = &(*pp)->shim_next) {
		if (*pp == page) {
			*pp = page->shim_next;
			pages_live--;
			return;
		}
	}
	shim_warn(__FILE__, __LINE__, "freeing a page that is not live");
}

struct page *virt_to_head_page(const void *addr)
{
	uintptr_t base = (uintptr_t)addr & PAGE_MASK;
	struct page *page;

	for (page = page_hash[page_bucket(base)]; page; page = page->shim_next)
		if ((uintptr_t)page->addr == base)
			return page;
	shim_warn(__FILE__, __LINE__, "virt_to_head_page() of no live page");
}

unsigned int shim_pages_live(void)
{
	return pages_live;
}

static struct page *page_new(void)
{
	struct page *page = calloc(1, sizeof(*page));

	/* Not cleared, as in the kernel (ASan fills its first 4 KB) */
	page->addr = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	page_register(page);
	return page;
}

static void page_free(struct page *page)
{
	page_unregister(page);
	free(page->addr);
	free(page);
}

struct page *shim_alloc_page(void)
{
	struct page *page = page_new();

	page->refcount = 1;
	return page;
}

void shim_get_page(struct page *page)
{
	page->refcount++;
}

void put_page(struct page *page)
{
	if (page->pp)
		shim_warn(__FILE__, __LINE__, "put_page() on a page pool page");
	if (page->refcount <= 0)
		shim_warn(__FILE__, __LINE__, "put_page() of a free page");
	if (!--page->refcount)
		page_free(page);
}

/* ---- Page pools ---- */

struct page_pool *page_pool_create(const struct page_pool_params *params)
{
	struct page_pool *pool;

	if (shim_alloc_should_fail())
		return ERR_PTR(-ENOMEM);
	pool = calloc(1, sizeof(*pool));
	pool->p = *params;
	return pool;
}

void page_pool_destroy(struct page_pool *pool)
{
	if (!pool || pool->destroyed)
		shim_warn(__FILE__, __LINE__, "page pool destroyed twice");
	pool->destroyed = true;
	if (!pool->pages_out)
		free(pool);
}

netmem_ref page_pool_dev_alloc_netmems(struct page_pool *pool)
{
	struct page *page;

	if (pool->destroyed)
		shim_warn(__FILE__, __LINE__, "allocation from a destroyed pool");
	if (shim_alloc_should_fail())
		return 0;
	page = page_new();
	page->pp = pool;
	page->pp_ref_count = 1;
	if (pool->p.flags & PP_FLAG_DMA_MAP) {
		page->dma = shim_dma_map(page->addr, PAGE_SIZE);
		if (page->dma == DMA_MAPPING_ERROR) {
			page_free(page);
			return 0;
		}
	}
	pool->pages_out++;
	return page_to_netmem(page);
}

long page_pool_unref_page(struct page *page, long nr)
{
	long left;

	if (!page->pp)
		shim_warn(__FILE__, __LINE__, "page pool unref of another page");
	if (page->pp_ref_count == nr) {
		page->pp_ref_count = 0;
		return 0;
	}
	left = page->pp_ref_count - nr;
	if (left < 0 || nr < 0) {
		fprintf(stderr, "SHIM: page pool reference count %ld - %ld\n",
			page->pp_ref_count, nr);
		shim_warn(__FILE__, __LINE__, "pp_ref_count below zero");
	}
	page->pp_ref_count = left;
	return left;
}

void page_pool_put_unrefed_page(struct page_pool *pool, struct page *page,
				unsigned int dma_sync_size, bool allow_direct)
{
	(void)dma_sync_size;
	(void)allow_direct;
	if (page->pp != pool)
		shim_warn(__FILE__, __LINE__, "page returned to another pool");
	if (page->pp_ref_count)
		shim_warn(__FILE__, __LINE__, "page released with references");
	if (page->dma)
		shim_dma_unmap(page->dma, PAGE_SIZE);
	page_free(page);
	if (!--pool->pages_out && pool->destroyed)
		free(pool);
}

void page_pool_dma_sync_for_cpu(const struct page_pool *pool,
				const struct page *page, u32 offset,
				u32 dma_sync_size)
{
	if (page->pp != pool)
		shim_warn(__FILE__, __LINE__, "sync of another pool's page");
	dma_sync_single_for_cpu(NULL, page->dma + offset + pool->p.offset,
				dma_sync_size, DMA_FROM_DEVICE);
}

/* Drop one reference of a page an skb or XDP frame holds */
void shim_unref_netmem(netmem_ref netmem)
{
	struct page *page = netmem_to_page(netmem);

	if (page->pp)
		page_pool_put_full_page(page->pp, page, false);
	else
		put_page(page);
}

/* ---- Socket buffers ---- */

static unsigned int skbs_live;
static struct sk_buff *skbs;	/* all live skbs */

unsigned int shim_skbs_live(void)
{
	return skbs_live;
}

/* Packets the stack holds: a socket's queue, GRO */
#define STACK_HELD	8
static struct sk_buff *stack_held[STACK_HELD];
static unsigned int stack_next;

void shim_stack_release(void)
{
	unsigned int i;

	for (i = 0; i < STACK_HELD; i++) {
		shim_free_skb(stack_held[i]);
		stack_held[i] = NULL;
	}
}

#define SHINFO_SIZE	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
/* What building an skb clears: the kernel clears up to dataref, which
 * the frags (and the XDP frag sizes) follow
 */
#define SHINFO_CLEAR	offsetof(struct skb_shared_info, xdp_frags_size)

static struct sk_buff *skb_new(void)
{
	struct sk_buff *skb;

	if (shim_alloc_should_fail())
		return NULL;
	skb = calloc(1, sizeof(*skb));
	skb->shim_next = skbs;
	if (skbs)
		skbs->shim_prev = skb;
	skbs = skb;
	skbs_live++;
	return skb;
}

struct sk_buff *napi_build_skb(void *data, unsigned int frag_size)
{
	struct sk_buff *skb;

	if (frag_size <= SHINFO_SIZE)
		shim_warn(__FILE__, __LINE__, "build_skb() buffer too small");
	/* The buffer, shared info included, lies in one page */
	if (virt_to_head_page(data) !=
	    virt_to_head_page((u8 *)data + frag_size - 1))
		shim_warn(__FILE__, __LINE__, "build_skb() buffer crosses a page");
	/* Nobody else may own any of it: an skb built in place over one
	 * that is still alive corrupts that one's data and shared info
	 */
	for (skb = skbs; skb; skb = skb->shim_next) {
		if (skb->head_frag && (u8 *)data < skb->head + skb->end +
		    SHINFO_SIZE && skb->head < (u8 *)data + frag_size)
			shim_warn(__FILE__, __LINE__,
				  "build_skb() over memory a live skb owns");
	}
	skb = skb_new();
	if (!skb)
		return NULL;
	skb->head = data;
	skb->data = data;
	skb->tail = 0;
	skb->end = frag_size - SHINFO_SIZE;
	skb->head_frag = 1;
	skb->truesize = frag_size;
	memset(skb_shinfo(skb), 0, SHINFO_CLEAR);
	return skb;
}

struct sk_buff *shim_alloc_skb(unsigned int len)
{
	unsigned int size = SKB_DATA_ALIGN(NET_SKB_PAD + len);
	struct sk_buff *skb = skb_new();

	if (!skb)
		return NULL;
	skb->head = malloc(size + SHINFO_SIZE);
	skb->end = size;
	skb->data = skb->head + NET_SKB_PAD;
	skb->tail = NET_SKB_PAD;
	skb->truesize = size + SHINFO_SIZE;
	memset(skb_shinfo(skb), 0, sizeof(struct skb_shared_info));
	return skb;
}

struct sk_buff *napi_alloc_skb(struct napi_struct *napi, unsigned int len)
{
	(void)napi;
	return shim_alloc_skb(len);
}

/* Give back what a head buffer or a frag holds */
static void skb_put_mem(struct sk_buff *skb, struct page *page)
{
	if (skb->pp_recycle && page->pp) {
		page_pool_put_full_page(page->pp, page, false);
		return;
	}
	if (page->pp)
		shim_warn(__FILE__, __LINE__,
			  "page pool page in an skb not marked for recycling");
	put_page(page);
}

void shim_free_skb(struct sk_buff *skb)
{
	struct skb_shared_info *sh;
	unsigned int i;

	if (!skb)
		return;
	sh = skb_shinfo(skb);
	for (i = 0; i < sh->nr_frags; i++)
		skb_put_mem(skb, skb_frag_page(&sh->frags[i]));
	if (skb->head_frag)
		skb_put_mem(skb, virt_to_head_page(skb->head));
	else
		free(skb->head);
	if (skb->shim_prev)
		skb->shim_prev->shim_next = skb->shim_next;
	else
		skbs = skb->shim_next;
	if (skb->shim_next)
		skb->shim_next->shim_prev = skb->shim_prev;
	free(skb);
	skbs_live--;
}

void *__skb_put(struct sk_buff *skb, unsigned int len)
{
	void *p = skb_tail_pointer(skb);

	if (skb_is_nonlinear(skb))
		shim_warn(__FILE__, __LINE__, "__skb_put() on a nonlinear skb");
	if (len > skb->end - skb->tail)
		shim_warn(__FILE__, __LINE__, "skb_over_panic");
	skb->tail += len;
	skb->len += len;
	return p;
}

void skb_reserve(struct sk_buff *skb, int len)
{
	if (len < 0 || (unsigned int)len > skb->end - skb->tail)
		shim_warn(__FILE__, __LINE__, "skb_reserve() beyond the buffer");
	skb->data += len;
	skb->tail += len;
}

/* Move @len bytes from the frags into the linear part, reallocating the
 * head as the kernel's __pskb_pull_tail() does when it lacks tailroom
 */
static bool skb_pull_tail(struct sk_buff *skb, unsigned int len)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int i, k, eat, headroom = skb->data - skb->head;
	unsigned char *head;

	if (len > skb->end - skb->tail) {
		unsigned int size = SKB_DATA_ALIGN(skb->tail + len);

		if (shim_alloc_should_fail())
			return false;
		head = malloc(size + SHINFO_SIZE);
		memcpy(head, skb->head, skb->tail);
		memcpy(head + size, sh, sizeof(*sh));
		if (skb->head_frag)
			skb_put_mem(skb, virt_to_head_page(skb->head));
		else
			free(skb->head);
		skb->head = head;
		skb->data = head + headroom;
		skb->end = size;
		skb->head_frag = 0;
		sh = skb_shinfo(skb);
	}

	eat = len;
	for (i = 0; i < sh->nr_frags && eat; i++) {
		skb_frag_t *f = &sh->frags[i];
		unsigned int n = min(eat, f->len);

		memcpy(skb_tail_pointer(skb),
		       (u8 *)page_address(skb_frag_page(f)) + f->offset, n);
		skb->tail += n;
		eat -= n;
	}
	if (eat)
		shim_warn(__FILE__, __LINE__, "frags hold less than data_len");

	/* Drop the frags that were eaten whole, trim the first one left */
	eat = len;
	for (i = 0, k = 0; i < sh->nr_frags; i++) {
		skb_frag_t *f = &sh->frags[i];

		if (eat >= f->len) {
			eat -= f->len;
			skb_put_mem(skb, skb_frag_page(f));
			continue;
		}
		sh->frags[k] = *f;
		sh->frags[k].offset += eat;
		sh->frags[k].len -= eat;
		eat = 0;
		k++;
	}
	sh->nr_frags = k;
	skb->data_len -= len;
	return true;
}

bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	if (len <= skb_headlen(skb))
		return true;
	if (len > skb->len)
		return false;
	return skb_pull_tail(skb, len - skb_headlen(skb));
}

/* Only for the short linear skbs the harness sends */
int skb_put_padto(struct sk_buff *skb, unsigned int len)
{
	unsigned int pad;

	if (skb->len >= len)
		return 0;
	pad = len - skb->len;
	if (skb_is_nonlinear(skb) || pad > skb->end - skb->tail)
		shim_unreachable_call(__func__);
	memset(__skb_put(skb, pad), 0, pad);
	return 0;
}

void skb_tstamp_tx(struct sk_buff *skb, struct skb_shared_hwtstamps *hwts)
{
	volatile u64 v = skb->len + (u64)hwts->hwtstamp;

	(void)v;
}

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	struct ethhdr *eth = (struct ethhdr *)skb->data;

	if (skb_headlen(skb) < ETH_HLEN)
		shim_warn(__FILE__, __LINE__,
			  "eth_type_trans() without a linear Ethernet header");
	skb->dev = dev;
	skb->mac_header = skb->data - skb->head;
	skb->data += ETH_HLEN;
	skb->len -= ETH_HLEN;
	return eth->h_proto;
}

/* The stack: a packet it is given must be whole and readable */
int napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	const volatile u8 *p;
	unsigned int i, frags = 0;
	u32 sum = 0;

	(void)napi;
	if (skb->data < skb->head || skb->tail > skb->end ||
	    skb->data + skb_headlen(skb) != skb->head + skb->tail)
		shim_warn(__FILE__, __LINE__, "skb linear part inconsistent");
	if (sh->nr_frags > MAX_SKB_FRAGS)
		shim_warn(__FILE__, __LINE__, "skb has too many frags");
	for (p = skb->data, i = 0; i < skb_headlen(skb); i++)
		sum += p[i];
	for (i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];
		struct page *page = skb_frag_page(f);
		unsigned int j;

		if (virt_to_head_page(page_address(page)) != page ||
		    f->offset > PAGE_SIZE || f->len > PAGE_SIZE - f->offset)
			shim_warn(__FILE__, __LINE__, "skb frag outside its page");
		for (p = (u8 *)page_address(page) + f->offset, j = 0;
		     j < f->len; j++)
			sum += p[j];
		frags += f->len;
	}
	if (frags != skb->data_len)
		shim_warn(__FILE__, __LINE__, "skb data_len is not its frags");
	sum += skb_hwtstamps(skb)->hwtstamp;
	shim_printk("stack: %u byte packet, proto %04x, sum %u\n", skb->len,
		    ntohs(skb->protocol), sum);
	shim_free_skb(stack_held[stack_next]);
	stack_held[stack_next] = skb;
	stack_next = (stack_next + 1) % STACK_HELD;
	return 0;
}

struct sk_buff *xdp_build_skb_from_buff(const struct xdp_buff *xdp)
{
	const struct xdp_rxq_info *rxq = xdp->rxq;
	unsigned int nr = 0, size = 0, truesize = 0;
	struct skb_shared_info *sh;
	struct sk_buff *skb;

	if (xdp_buff_has_frags(xdp)) {
		sh = xdp_get_shared_info_from_buff(xdp);
		nr = sh->nr_frags;
		size = sh->xdp_frags_size;
		truesize = sh->xdp_frags_truesize;
	}
	skb = napi_build_skb(xdp->data_hard_start, xdp->frame_sz);
	if (!skb)
		return NULL;
	skb_reserve(skb, (u8 *)xdp->data - (u8 *)xdp->data_hard_start);
	__skb_put(skb, (u8 *)xdp->data_end - (u8 *)xdp->data);
	if (rxq->mem.type == MEM_TYPE_PAGE_POOL)
		skb_mark_for_recycle(skb);
	skb_record_rx_queue(skb, rxq->queue_index);
	if (nr) {
		skb_shinfo(skb)->nr_frags = nr;
		skb->len += size;
		skb->data_len += size;
		skb->truesize += truesize;
	}
	skb->protocol = eth_type_trans(skb, rxq->dev);
	return skb;
}

/* ---- XDP_REDIRECT ---- */

/* Frames redirected since the last flush, as a device map bulks them */
#define REDIRECT_BULK	16
static struct xdp_frame *redirected[REDIRECT_BULK];
static int nr_redirected;

static void return_netmem(netmem_ref netmem)
{
	shim_unref_netmem(netmem);
}

/**
 * xdp_return_frame() - the target is done with a frame: its page
 * references go back, the head's and each frag's
 */
void xdp_return_frame(struct xdp_frame *frame)
{
	if (xdp_frame_has_frags(frame)) {
		struct skb_shared_info *sh = xdp_get_shared_info_from_frame(frame);
		unsigned int i;

		for (i = 0; i < sh->nr_frags; i++)
			return_netmem(sh->frags[i].netmem);
	}
	return_netmem(page_to_netmem(virt_to_head_page(frame->data)));
}

/* The kernel's conversion: the frame sits at the start of the headroom,
 * which must hold it
 */
static struct xdp_frame *convert_buff(struct xdp_buff *xdp)
{
	u32 metasize = xdp->data_meta < xdp->data ?
		       (u8 *)xdp->data - (u8 *)xdp->data_meta : 0;
	u32 headroom = (u8 *)xdp->data - (u8 *)xdp->data_hard_start;
	struct xdp_frame *frame = xdp->data_hard_start;

	if (headroom < metasize + sizeof(*frame))
		return NULL;
	frame->data = xdp->data;
	frame->len = (u8 *)xdp->data_end - (u8 *)xdp->data;
	frame->headroom = headroom - sizeof(*frame);
	frame->metasize = metasize;
	frame->frame_sz = xdp->frame_sz;
	frame->flags = xdp->flags;
	frame->mem_type = xdp->rxq->mem.type;
	return frame;
}

/**
 * xdp_do_redirect() - a device map to the fbnic itself takes the frame
 * (unless the input says the target refuses it), to send it at the flush
 */
int xdp_do_redirect(struct net_device *dev, struct xdp_buff *xdp,
		    struct bpf_prog *prog)
{
	struct xdp_frame *frame;

	(void)dev; (void)prog;
	/* A zero-copy queue's frames go to its AF_XDP socket */
	if (xdp->rxq->mem.type == MEM_TYPE_XSK_BUFF_POOL)
		return shim_xsk_receive(xdp);
	if (!shim_redirect_accepts())
		return -EINVAL;
	frame = convert_buff(xdp);
	if (!frame)
		return -EOVERFLOW;
	if (nr_redirected == REDIRECT_BULK)
		xdp_do_flush();
	redirected[nr_redirected++] = frame;
	return 0;
}

/**
 * xdp_do_flush() - the target sends what was redirected; what it did not
 * take is returned
 */
void xdp_do_flush(void)
{
	int n = nr_redirected;

	nr_redirected = 0;
	if (n)
		shim_xdp_flush(redirected, n);
}
