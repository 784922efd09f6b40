/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: DMA through a checking IOMMU (shim.c). Every mapping
 * gets its own bus address window; a harness playing the device turns
 * bus addresses back into memory with shim_dma_to_cpu(), which refuses
 * anything outside a live mapping. Unmapping what is not mapped, or with
 * another size, aborts; mappings left at the end of an input are leaks.
 */
#ifndef _SHIM_LINUX_DMA_MAPPING_H
#define _SHIM_LINUX_DMA_MAPPING_H

#include <linux/device.h>
#include <linux/gfp.h>

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_MAPPING_ERROR (~(dma_addr_t)0)

dma_addr_t shim_dma_map(void *cpu, size_t size);
void shim_dma_unmap(dma_addr_t addr, size_t size);
void *shim_dma_to_cpu(dma_addr_t addr, size_t len);

static inline dma_addr_t dma_map_single(struct device *dev, void *ptr,
					size_t size,
					enum dma_data_direction dir)
{
	(void)dev; (void)dir;
	return shim_dma_map(ptr, size);
}

static inline void dma_unmap_single(struct device *dev, dma_addr_t addr,
				    size_t size, enum dma_data_direction dir)
{
	(void)dev; (void)dir;
	shim_dma_unmap(addr, size);
}

#define dma_unmap_page(d, a, s, r) dma_unmap_single(d, a, s, r)

static inline int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	(void)dev;
	return addr == DMA_MAPPING_ERROR;
}

/* A sync must cover mapped memory */
static inline void dma_sync_single_for_cpu(struct device *dev,
					   dma_addr_t addr, size_t size,
					   enum dma_data_direction dir)
{
	(void)dev; (void)dir;
	if (!shim_dma_to_cpu(addr, size))
		shim_warn(__FILE__, __LINE__, "sync outside a DMA mapping");
}

#define dma_sync_single_for_device(d, a, s, r) \
	dma_sync_single_for_cpu(d, a, s, r)

static inline void *dma_alloc_coherent(struct device *dev, size_t size,
				       dma_addr_t *dma, gfp_t gfp)
{
	void *p;

	(void)dev; (void)gfp;
	if (shim_alloc_should_fail())
		return NULL;
	p = aligned_alloc(PAGE_SIZE, ALIGN(size, PAGE_SIZE));
	if (!p)
		return NULL;
	memset(p, 0, size);
	*dma = shim_dma_map(p, size);
	/* The kernel's coherent allocations come mapped or not at all */
	if (*dma == DMA_MAPPING_ERROR) {
		free(p);
		return NULL;
	}
	return p;
}

static inline void dma_free_coherent(struct device *dev, size_t size,
				     void *cpu, dma_addr_t dma)
{
	(void)dev;
	shim_dma_unmap(dma, size);
	free(cpu);
}

#endif
