// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

/*
 * DMA mapping failures on demand. Nothing in the DMA API can be made to
 * fail from outside (no fail_function point, and an IOMMU rarely runs
 * out of addresses on cue), so the driver has its own fault points,
 * driven by the kernel's fault injection framework
 * (Documentation/fault-injection/fault-injection.rst):
 *   <debugfs>/fbnic/fail_tx_dma_map   mapping a packet for transmit
 *   <debugfs>/fbnic/fail_mbx_dma_map  mapping a firmware mailbox buffer
 * Each failure takes the place of a mapping, so the driver runs the same
 * path as when the DMA API returns an error. The points also count as
 * fail-nth sites, so a task's fail-nth sweep reaches them.
 */

#include <linux/debugfs.h>
#include <linux/fault-inject.h>

#include "fbnic_fault.h"

static DECLARE_FAULT_ATTR(fbnic_fail_tx_dma_map);
static DECLARE_FAULT_ATTR(fbnic_fail_mbx_dma_map);

/**
 * fbnic_fault_tx_dma_map() - should this Tx mapping fail?
 *
 * Return: true if a failure is injected in place of the mapping.
 */
bool fbnic_fault_tx_dma_map(void)
{
	return should_fail(&fbnic_fail_tx_dma_map, 1);
}

/**
 * fbnic_fault_mbx_dma_map() - should this mailbox mapping fail?
 *
 * Return: true if a failure is injected in place of the mapping.
 */
bool fbnic_fault_mbx_dma_map(void)
{
	return should_fail(&fbnic_fail_mbx_dma_map, 1);
}

/**
 * fbnic_fault_dbg_init() - add the fault points' controls to debugfs
 * @root: the driver's debugfs directory
 *
 * Like the rest of debugfs, a failure here is not the driver's.
 */
void fbnic_fault_dbg_init(struct dentry *root)
{
	fault_create_debugfs_attr("fail_tx_dma_map", root,
				  &fbnic_fail_tx_dma_map);
	fault_create_debugfs_attr("fail_mbx_dma_map", root,
				  &fbnic_fail_mbx_dma_map);
}
