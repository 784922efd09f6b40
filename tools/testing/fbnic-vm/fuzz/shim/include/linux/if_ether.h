/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_IF_ETHER_H
#define _SHIM_LINUX_IF_ETHER_H

#include <linux/types.h>

#define ETH_ALEN	6
#define ETH_HLEN	14
#define ETH_ZLEN	60
#define ETH_DATA_LEN	1500
#define ETH_FRAME_LEN	1514
#define ETH_FCS_LEN	4
#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD
#define ETH_P_8021Q	0x8100

struct ethhdr {
	u8 h_dest[ETH_ALEN];
	u8 h_source[ETH_ALEN];
	__be16 h_proto;
} __attribute__((packed));

#endif
