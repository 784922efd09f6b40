/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: pages. A struct page stands for one PAGE_SIZE block
 * of its own (page-aligned malloc), so ASan sees every page's bounds and
 * a page freed while still in use is a use-after-free. Pages are either
 * a page pool's (pp set, pp_ref_count counts) or plain (refcount counts);
 * the last reference frees them. shim_net.c keeps the address-to-page
 * table behind virt_to_head_page().
 */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H

#include <linux/gfp.h>
#include <linux/kernel.h>

struct page_pool;

struct page {
	void *addr;
	struct page_pool *pp;
	long pp_ref_count;	/* page pool pages */
	long refcount;		/* other pages */
	dma_addr_t dma;		/* page pool mapping, 0 if none */
	struct page *shim_next;	/* address table chain */
};

typedef unsigned long netmem_ref;

struct page *shim_alloc_page(void);	/* plain page, refcount 1 */
void shim_get_page(struct page *page);
void put_page(struct page *page);
struct page *virt_to_head_page(const void *addr);
/* Pages alive now: 0 once a device is torn down */
unsigned int shim_pages_live(void);

static inline void *page_address(const struct page *page)
{
	return page->addr;
}

static inline netmem_ref page_to_netmem(struct page *page)
{
	return (netmem_ref)page;
}

static inline struct page *netmem_to_page(netmem_ref netmem)
{
	return (struct page *)netmem;
}

#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)

#endif
