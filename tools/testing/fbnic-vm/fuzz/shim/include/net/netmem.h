/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: netmem; every netmem is a page (no memory provider) */
#ifndef _SHIM_NET_NETMEM_H
#define _SHIM_NET_NETMEM_H

#include <linux/dma-mapping.h>
#include <linux/mm.h>

static inline bool netmem_is_net_iov(netmem_ref netmem)
{
	(void)netmem;
	return false;
}

static inline void netmem_dma_unmap_page_attrs(struct device *dev,
					       dma_addr_t addr, size_t size,
					       enum dma_data_direction dir,
					       unsigned long attrs)
{
	(void)attrs;
	if (addr)
		dma_unmap_page(dev, addr, size, dir);
}

#endif
