/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_NETDEV_H_
#define _FBNIC_NETDEV_H_

#include <linux/netdevice.h>

struct fbnic_dev;

/**
 * struct fbnic_net - private area of the fbnic net_device
 * @netdev: the net_device this is the private area of
 * @fbd: the PCI function the netdev belongs to
 */
struct fbnic_net {
	struct net_device *netdev;
	struct fbnic_dev *fbd;
};

#endif /* _FBNIC_NETDEV_H_ */
