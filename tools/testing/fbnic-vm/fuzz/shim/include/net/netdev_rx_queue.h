/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: nothing of it is used outside the stack */
#ifndef _SHIM_NET_NETDEV_RX_QUEUE_H
#define _SHIM_NET_NETDEV_RX_QUEUE_H

#include <linux/netdevice.h>

#endif
