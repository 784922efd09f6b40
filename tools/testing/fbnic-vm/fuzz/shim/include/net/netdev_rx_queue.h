/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: restarting a receive queue, which the harness does
 * as the stack would, through the driver's queue API
 */
#ifndef _SHIM_NET_NETDEV_RX_QUEUE_H
#define _SHIM_NET_NETDEV_RX_QUEUE_H

#include <linux/netdevice.h>

int netdev_rx_queue_restart(struct net_device *dev, unsigned int rxq_idx);

#endif
