/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: netdev_assert_locked() lives in linux/netdevice.h */
#ifndef _SHIM_NET_NETDEV_LOCK_H
#define _SHIM_NET_NETDEV_LOCK_H

#include <linux/netdevice.h>

#endif
