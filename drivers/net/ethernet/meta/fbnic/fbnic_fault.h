/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_FAULT_H_
#define _FBNIC_FAULT_H_

#include <linux/types.h>

struct dentry;

#if IS_ENABLED(CONFIG_FAULT_INJECTION_DEBUG_FS)
bool fbnic_fault_tx_dma_map(void);
bool fbnic_fault_mbx_dma_map(void);
void fbnic_fault_dbg_init(struct dentry *root);
#else
static inline bool fbnic_fault_tx_dma_map(void)
{
	return false;
}

static inline bool fbnic_fault_mbx_dma_map(void)
{
	return false;
}

static inline void fbnic_fault_dbg_init(struct dentry *root)
{
}
#endif

#endif /* _FBNIC_FAULT_H_ */
