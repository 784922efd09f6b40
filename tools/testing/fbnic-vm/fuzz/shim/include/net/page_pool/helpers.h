/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: page pools. Every page is a fresh allocation, mapped
 * through the shim's IOMMU; its pp_ref_count follows the kernel's rules
 * (page_pool_unref_page() of the whole count returns 0, going below zero
 * aborts), and the release of the last reference frees it: a page used
 * after that is an ASan use-after-free. A destroyed pool lives on until
 * its last page comes back, as in the kernel.
 */
#ifndef _SHIM_NET_PAGE_POOL_HELPERS_H
#define _SHIM_NET_PAGE_POOL_HELPERS_H

#include <linux/dma-mapping.h>
#include <linux/mm.h>

struct napi_struct;
struct net_device;

#define PP_FLAG_DMA_MAP		BIT(0)
#define PP_FLAG_DMA_SYNC_DEV	BIT(1)
#define PP_FLAG_ALLOW_UNREADABLE_NETMEM	BIT(2)

struct page_pool_params {
	unsigned int flags;
	unsigned int order;
	unsigned int pool_size;
	int nid;
	struct device *dev;
	struct napi_struct *napi;
	struct net_device *netdev;
	unsigned int queue_idx;
	enum dma_data_direction dma_dir;
	unsigned int offset;
	unsigned int max_len;
};

struct page_pool {
	struct page_pool_params p;
	long pages_out;
	bool destroyed;
};

/* shim_net.c */
struct page_pool *page_pool_create(const struct page_pool_params *params);
void page_pool_destroy(struct page_pool *pool);
netmem_ref page_pool_dev_alloc_netmems(struct page_pool *pool);
void page_pool_put_unrefed_page(struct page_pool *pool, struct page *page,
				unsigned int dma_sync_size, bool allow_direct);
long page_pool_unref_page(struct page *page, long nr);
void page_pool_dma_sync_for_cpu(const struct page_pool *pool,
				const struct page *page, u32 offset,
				u32 dma_sync_size);

static inline void page_pool_enable_direct_recycling(struct page_pool *pool,
						     struct napi_struct *napi)
{
	pool->p.napi = napi;
}

static inline void page_pool_disable_direct_recycling(struct page_pool *pool)
{
	pool->p.napi = NULL;
}

static inline dma_addr_t page_pool_get_dma_addr(const struct page *page)
{
	return page->dma;
}

static inline void page_pool_fragment_page(struct page *page, long nr)
{
	if (!page->pp)
		shim_warn(__FILE__, __LINE__, "fragmenting a non-pool page");
	page->pp_ref_count = nr;
}

static inline void page_pool_put_full_page(struct page_pool *pool,
					   struct page *page,
					   bool allow_direct)
{
	if (!page_pool_unref_page(page, 1))
		page_pool_put_unrefed_page(pool, page, -1, allow_direct);
}

/* The netmem forms: the fuzzer has no memory provider, every netmem is a
 * page of the shim's pools
 */
static inline dma_addr_t page_pool_get_dma_addr_netmem(netmem_ref netmem)
{
	return netmem_to_page(netmem)->dma;
}

static inline void page_pool_fragment_netmem(netmem_ref netmem, long nr)
{
	page_pool_fragment_page(netmem_to_page(netmem), nr);
}

static inline long page_pool_unref_netmem(netmem_ref netmem, long nr)
{
	return page_pool_unref_page(netmem_to_page(netmem), nr);
}

static inline void page_pool_put_unrefed_netmem(struct page_pool *pool,
						netmem_ref netmem,
						unsigned int dma_sync_size,
						bool allow_direct)
{
	page_pool_put_unrefed_page(pool, netmem_to_page(netmem),
				   dma_sync_size, allow_direct);
}

static inline void page_pool_put_full_netmem(struct page_pool *pool,
					     netmem_ref netmem,
					     bool allow_direct)
{
	page_pool_put_full_page(pool, netmem_to_page(netmem), allow_direct);
}

static inline void page_pool_dma_sync_netmem_for_cpu(const struct page_pool *pool,
						     netmem_ref netmem,
						     u32 offset,
						     u32 dma_sync_size)
{
	page_pool_dma_sync_for_cpu(pool, netmem_to_page(netmem), offset,
				   dma_sync_size);
}


#endif
