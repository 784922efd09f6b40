/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_NET_TSTAMP_H
#define _SHIM_LINUX_NET_TSTAMP_H

#include <linux/types.h>

enum hwtstamp_tx_types {
	HWTSTAMP_TX_OFF,
	HWTSTAMP_TX_ON,
};

enum hwtstamp_rx_filters {
	HWTSTAMP_FILTER_NONE,
	HWTSTAMP_FILTER_ALL,
};

struct kernel_hwtstamp_config {
	int flags;
	int tx_type;
	int rx_filter;
};

#endif
