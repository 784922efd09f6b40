/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: the stop/wake helpers, with the kernel's results:
 * maybe_stop 1 (not stopped), 0 (stopped) or -1 (stopped and restarted);
 * completed_wake 0 (woken), 1 (not stopped) or -1 (nothing to do)
 */
#ifndef _SHIM_NET_NETDEV_QUEUES_H
#define _SHIM_NET_NETDEV_QUEUES_H

#include <linux/netdevice.h>

struct netlink_ext_ack;

/* Only the driver's ops report through extack; the fuzzer calls none */
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, ...) ((void)(extack))

#define netif_txq_maybe_stop(txq, get_desc, stop_thrs, start_thrs) \
({ \
	int _r = 1; \
	if ((get_desc) < (stop_thrs)) { \
		netif_tx_stop_queue(txq); \
		_r = 0; \
		if ((get_desc) >= (start_thrs)) { \
			netif_tx_start_queue(txq); \
			_r = -1; \
		} \
	} \
	_r; \
})

#define netif_txq_completed_wake(txq, pkts, bytes, get_desc, start_thrs) \
({ \
	int _r = -1; \
	netdev_tx_completed_queue(txq, pkts, bytes); \
	if ((pkts) && (get_desc) >= (start_thrs)) { \
		_r = 1; \
		if (netif_tx_queue_stopped(txq)) { \
			netif_tx_wake_queue(txq); \
			_r = 0; \
		} \
	} \
	_r; \
})

struct netdev_queue_config {
	unsigned int rx_page_size;
};

enum {
	QCFG_RX_PAGE_SIZE	= 0x1,
};

/* The stack's view of a queue's configuration: in the fuzzer, always the
 * driver's defaults (no memory provider)
 */
static inline void netdev_queue_config(struct net_device *dev, int rxq,
				       struct netdev_queue_config *qcfg)
{
	(void)dev; (void)rxq;
	qcfg->rx_page_size = PAGE_SIZE;
}

struct netdev_queue_mgmt_ops {
	size_t ndo_queue_mem_size;
	int (*ndo_queue_mem_alloc)(struct net_device *dev,
				   struct netdev_queue_config *qcfg,
				   void *per_queue_mem, int idx);
	void (*ndo_queue_mem_free)(struct net_device *dev, void *per_queue_mem);
	int (*ndo_queue_start)(struct net_device *dev,
			       struct netdev_queue_config *qcfg,
			       void *per_queue_mem, int idx);
	int (*ndo_queue_stop)(struct net_device *dev, void *per_queue_mem,
			      int idx);
	void (*ndo_default_qcfg)(struct net_device *dev,
				 struct netdev_queue_config *qcfg);
	int (*ndo_validate_qcfg)(struct net_device *dev,
				 struct netdev_queue_config *qcfg,
				 struct netlink_ext_ack *extack);
	unsigned int supported_params;
};

#endif
