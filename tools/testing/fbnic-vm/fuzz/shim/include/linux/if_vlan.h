/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_IF_VLAN_H
#define _SHIM_LINUX_IF_VLAN_H

#include <linux/if_ether.h>

#define VLAN_HLEN	4
#define VLAN_ETH_HLEN	18

#endif
