/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: socket buffers, laid out as the kernel's: a head
 * buffer with the data in it and struct skb_shared_info at its end, and
 * page fragments. Everything that moves data checks it against the
 * buffer (the kernel's skb_over_panic() and more); the stack's side
 * (napi_gro_receive(), in shim_net.c) reads every byte of every packet
 * it is given and holds the last few for a while, as sockets do, before
 * freeing them: an skb built over memory a held one still owns aborts.
 */
#ifndef _SHIM_LINUX_SKBUFF_H
#define _SHIM_LINUX_SKBUFF_H

#include <linux/dma-mapping.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct net_device;
struct napi_struct;

#define SMP_CACHE_BYTES		64
#define SKB_DATA_ALIGN(x)	ALIGN(x, SMP_CACHE_BYTES)
#define MAX_SKB_FRAGS		17
#define NET_SKB_PAD		64
#define NET_IP_ALIGN		0

#define CHECKSUM_NONE		0
#define CHECKSUM_UNNECESSARY	1
#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3

#define SKBTX_HW_TSTAMP		BIT(0)
#define SKBTX_IN_PROGRESS	BIT(2)

#define SKB_GSO_TCPV4		BIT(0)
#define SKB_GSO_TCPV6		BIT(4)
#define SKB_GSO_PARTIAL		BIT(13)

enum pkt_hash_types {
	PKT_HASH_TYPE_NONE,
	PKT_HASH_TYPE_L2,
	PKT_HASH_TYPE_L3,
	PKT_HASH_TYPE_L4,
};

struct skb_shared_hwtstamps {
	ktime_t hwtstamp;
};

typedef struct skb_frag {
	netmem_ref netmem;
	unsigned int len;
	unsigned int offset;
} skb_frag_t;

struct skb_shared_info {
	u8 flags;
	u8 nr_frags;
	u8 tx_flags;
	unsigned short gso_size;
	unsigned short gso_segs;
	unsigned int gso_type;
	struct skb_shared_hwtstamps hwtstamps;
	unsigned int xdp_frags_size;
	unsigned int xdp_frags_truesize;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	struct net_device *dev;
	unsigned int len;
	unsigned int data_len;
	u16 queue_mapping;
	u8 ip_summed;
	u8 pp_recycle:1;
	u8 head_frag:1;
	u8 encapsulation:1;
	u8 l4_hash:1;
	__be16 protocol;
	u32 hash;
	__wsum csum;
	u16 csum_start;
	u16 csum_offset;
	u16 network_header;
	u16 mac_header;
	unsigned char *head;
	unsigned char *data;
	unsigned int tail;	/* offsets from head, as on 64-bit kernels */
	unsigned int end;
	unsigned int truesize;
	struct sk_buff *shim_prev;	/* list of live skbs (shim_net.c) */
	struct sk_buff *shim_next;
};

/* shim_net.c */
struct sk_buff *napi_build_skb(void *data, unsigned int frag_size);
struct sk_buff *napi_alloc_skb(struct napi_struct *napi, unsigned int len);
struct sk_buff *shim_alloc_skb(unsigned int len);
void shim_free_skb(struct sk_buff *skb);
void *__skb_put(struct sk_buff *skb, unsigned int len);
void skb_reserve(struct sk_buff *skb, int len);
bool pskb_may_pull(struct sk_buff *skb, unsigned int len);
int skb_put_padto(struct sk_buff *skb, unsigned int len);
void skb_tstamp_tx(struct sk_buff *skb, struct skb_shared_hwtstamps *hwts);
void shim_unref_netmem(netmem_ref netmem);
unsigned int shim_skbs_live(void);
/* Free the packets the stack still holds (napi_gro_receive()) */
void shim_stack_release(void);

#define dev_kfree_skb_any(skb) shim_free_skb(skb)
#define consume_skb(skb) shim_free_skb(skb)
#define kfree_skb(skb) shim_free_skb(skb)
#define napi_consume_skb(skb, budget) ((void)(budget), shim_free_skb(skb))

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)(skb->head + skb->end);
}

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len;
}

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->head + skb->tail;
}

static inline void *skb_put_data(struct sk_buff *skb, const void *data,
				 unsigned int len)
{
	void *p = __skb_put(skb, len);

	memcpy(p, data, len);
	return p;
}

static inline void skb_mark_for_recycle(struct sk_buff *skb)
{
	skb->pp_recycle = 1;
}

static inline struct page *skb_frag_page(const skb_frag_t *frag)
{
	return netmem_to_page(frag->netmem);
}

static inline unsigned int skb_frag_off(const skb_frag_t *frag)
{
	return frag->offset;
}

static inline unsigned int skb_frag_size(const skb_frag_t *frag)
{
	return frag->len;
}

static inline dma_addr_t skb_frag_dma_map(struct device *dev,
					  const skb_frag_t *frag, size_t offset,
					  size_t size,
					  enum dma_data_direction dir)
{
	return dma_map_single(dev, (u8 *)page_address(skb_frag_page(frag)) +
			      frag->offset + offset, size, dir);
}

static inline void skb_add_rx_frag(struct sk_buff *skb, int i,
				   struct page *page, int off, int size,
				   unsigned int truesize)
{
	struct skb_shared_info *sh = skb_shinfo(skb);

	if (i < 0 || i >= MAX_SKB_FRAGS)
		shim_warn(__FILE__, __LINE__, "frag index beyond MAX_SKB_FRAGS");
	sh->frags[i].netmem = page_to_netmem(page);
	sh->frags[i].offset = off;
	sh->frags[i].len = size;
	sh->nr_frags = i + 1;
	skb->len += size;
	skb->data_len += size;
	skb->truesize += truesize;
}

static inline void skb_add_rx_frag_netmem(struct sk_buff *skb, int i,
					  netmem_ref netmem, int off, int size,
					  unsigned int truesize)
{
	skb_add_rx_frag(skb, i, netmem_to_page(netmem), off, size, truesize);
}

static inline netmem_ref skb_frag_netmem(const skb_frag_t *frag)
{
	return frag->netmem;
}

static inline void skb_set_hash(struct sk_buff *skb, u32 hash,
				enum pkt_hash_types type)
{
	skb->hash = hash;
	skb->l4_hash = type == PKT_HASH_TYPE_L4;
}

static inline void skb_record_rx_queue(struct sk_buff *skb, u16 q)
{
	skb->queue_mapping = q + 1;
}

static inline u16 skb_get_queue_mapping(const struct sk_buff *skb)
{
	return skb->queue_mapping;
}

static inline struct skb_shared_hwtstamps *skb_hwtstamps(struct sk_buff *skb)
{
	return &skb_shinfo(skb)->hwtstamps;
}

static inline void skb_tx_timestamp(struct sk_buff *skb)
{
	(void)skb;
}

static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_size;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return skb_network_header(skb) - skb->data;
}

static inline unsigned char *skb_checksum_start(const struct sk_buff *skb)
{
	return skb->head + skb->csum_start;
}

static inline int skb_checksum_start_offset(const struct sk_buff *skb)
{
	return skb->csum_start - (skb->data - skb->head);
}

/* Checksum and segmentation offload are not fuzzed: Tx skbs are built
 * without them, so these are not reached
 */
static inline int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	(void)skb; (void)headroom;
	shim_unreachable_call(__func__);
}

#endif
