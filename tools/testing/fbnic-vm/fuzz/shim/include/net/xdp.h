/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: XDP buffers, with the kernel's layout (the shared
 * info at the end of the frame) and its frag rules: xdp_buff_add_frag()
 * coalesces a frag contiguous with the previous one and gives its page
 * reference back, and refuses one past MAX_SKB_FRAGS.
 */
#ifndef _SHIM_NET_XDP_H
#define _SHIM_NET_XDP_H

#include <linux/skbuff.h>

struct net_device;
struct bpf_prog;

enum xdp_mem_type {
	MEM_TYPE_PAGE_SHARED = 0,
	MEM_TYPE_PAGE_ORDER0,
	MEM_TYPE_PAGE_POOL,
	MEM_TYPE_XSK_BUFF_POOL,
};

#define XDP_FLAGS_HAS_FRAGS	BIT(0)

struct xdp_rxq_info {
	struct net_device *dev;
	u32 queue_index;
	u32 reg_state;
	unsigned int napi_id;
	struct {
		u32 type;
	} mem;
};

struct xdp_buff {
	void *data;
	void *data_end;
	void *data_meta;
	void *data_hard_start;
	struct xdp_rxq_info *rxq;
	u32 frame_sz;
	u32 flags;
};

static inline int xdp_rxq_info_reg(struct xdp_rxq_info *rxq,
				   struct net_device *dev, u32 queue_index,
				   unsigned int napi_id)
{
	rxq->dev = dev;
	rxq->queue_index = queue_index;
	rxq->napi_id = napi_id;
	rxq->reg_state = 1;
	return 0;
}

static inline int xdp_rxq_info_reg_mem_model(struct xdp_rxq_info *rxq,
					     enum xdp_mem_type type,
					     void *allocator)
{
	(void)allocator;
	rxq->mem.type = type;
	return 0;
}

static inline bool xdp_rxq_info_is_reg(struct xdp_rxq_info *rxq)
{
	return rxq->reg_state == 1;
}

static inline void xdp_rxq_info_unreg(struct xdp_rxq_info *rxq)
{
	rxq->reg_state = 0;
}

static inline void xdp_init_buff(struct xdp_buff *xdp, u32 frame_sz,
				 struct xdp_rxq_info *rxq)
{
	xdp->frame_sz = frame_sz;
	xdp->rxq = rxq;
	xdp->flags = 0;
}

static inline void xdp_prepare_buff(struct xdp_buff *xdp,
				    unsigned char *hard_start, int headroom,
				    int data_len, const bool meta_valid)
{
	unsigned char *data = hard_start + headroom;

	xdp->data_hard_start = hard_start;
	xdp->data = data;
	xdp->data_end = data + data_len;
	xdp->data_meta = meta_valid ? data : data + 1;
}

static inline bool xdp_buff_has_frags(const struct xdp_buff *xdp)
{
	return xdp->flags & XDP_FLAGS_HAS_FRAGS;
}

static inline struct skb_shared_info *
xdp_get_shared_info_from_buff(const struct xdp_buff *xdp)
{
	return (struct skb_shared_info *)((u8 *)xdp->data_hard_start +
		xdp->frame_sz - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)));
}

static inline unsigned int xdp_get_buff_len(const struct xdp_buff *xdp)
{
	unsigned int len = (u8 *)xdp->data_end - (u8 *)xdp->data;

	if (xdp_buff_has_frags(xdp))
		len += xdp_get_shared_info_from_buff(xdp)->xdp_frags_size;
	return len;
}

static inline bool xdp_buff_add_frag(struct xdp_buff *xdp, netmem_ref netmem,
				     u32 offset, u32 size, u32 truesize)
{
	struct skb_shared_info *sh = xdp_get_shared_info_from_buff(xdp);
	unsigned int n = 0;
	skb_frag_t *prev;

	if (!xdp_buff_has_frags(xdp)) {
		xdp->flags |= XDP_FLAGS_HAS_FRAGS;
		sh->xdp_frags_size = 0;
		sh->xdp_frags_truesize = 0;
	} else {
		n = sh->nr_frags;
		prev = &sh->frags[n - 1];
		if (netmem == prev->netmem &&
		    offset == prev->offset + prev->len) {
			prev->len += size;
			shim_unref_netmem(netmem);
			goto done;
		}
		if (n == MAX_SKB_FRAGS)
			return false;
	}
	sh->frags[n].netmem = netmem;
	sh->frags[n].offset = offset;
	sh->frags[n].len = size;
	n++;
done:
	sh->nr_frags = n;
	sh->xdp_frags_size += size;
	sh->xdp_frags_truesize += truesize;
	return true;
}

/* The metadata kfuncs' context and hash types (the fuzzer calls none) */
struct xdp_md;

enum xdp_rss_hash_type {
	XDP_RSS_TYPE_NONE	= 0,
	XDP_RSS_L3_IPV4		= 1 << 0,
	XDP_RSS_L3_IPV6		= 1 << 1,
	XDP_RSS_L4		= 1 << 3,
	XDP_RSS_L4_TCP		= 1 << 4,
	XDP_RSS_L4_UDP		= 1 << 5,
};

struct xdp_metadata_ops {
	int (*xmo_rx_timestamp)(const struct xdp_md *ctx, u64 *timestamp);
	int (*xmo_rx_hash)(const struct xdp_md *ctx, u32 *hash,
			   enum xdp_rss_hash_type *rss_type);
};

/* A frame on its way to a redirect target, kept where the kernel keeps
 * it: at the start of the buffer's headroom
 */
struct xdp_frame {
	void *data;
	u32 len;
	u32 headroom;
	u32 metasize;
	u32 frame_sz;
	u32 flags;
	enum xdp_mem_type mem_type;
};

#define XDP_XMIT_FLUSH		BIT(0)
#define XDP_XMIT_FLAGS_MASK	XDP_XMIT_FLUSH

static inline bool xdp_frame_has_frags(const struct xdp_frame *frame)
{
	return frame->flags & XDP_FLAGS_HAS_FRAGS;
}

static inline struct skb_shared_info *
xdp_get_shared_info_from_frame(const struct xdp_frame *frame)
{
	/* The frame itself sits at the start of the buffer */
	u8 *hard_start = (u8 *)frame->data - frame->headroom - sizeof(*frame);

	return (struct skb_shared_info *)(hard_start + frame->frame_sz -
		SKB_DATA_ALIGN(sizeof(struct skb_shared_info)));
}

static inline unsigned int xdp_get_frame_len(const struct xdp_frame *frame)
{
	unsigned int len = frame->len;

	if (xdp_frame_has_frags(frame))
		len += xdp_get_shared_info_from_frame(frame)->xdp_frags_size;
	return len;
}

/* shim_net.c */
struct sk_buff *xdp_build_skb_from_buff(const struct xdp_buff *xdp);

int xdp_do_redirect(struct net_device *dev, struct xdp_buff *xdp,
		    struct bpf_prog *prog);
void xdp_do_flush(void);
void xdp_return_frame(struct xdp_frame *frame);
/* The harness: a device map's target gets the frames of a flush */
void shim_xdp_flush(struct xdp_frame **frames, int n);
bool shim_redirect_accepts(void);

#endif
