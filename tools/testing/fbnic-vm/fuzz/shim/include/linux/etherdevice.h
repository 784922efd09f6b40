/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_ETHERDEVICE_H
#define _SHIM_LINUX_ETHERDEVICE_H

#include <linux/if_ether.h>
#include <linux/netdevice.h>

/* Reads the Ethernet header, which must be in the linear part */
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

#endif
