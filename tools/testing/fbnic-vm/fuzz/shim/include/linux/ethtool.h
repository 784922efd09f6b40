/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: the ethtool types the driver's headers name. Only
 * struct ethtool_rx_flow_spec is embedded (in struct fbnic_nfc_rule),
 * so it needs a size; no code built for fuzzing reads it.
 */
#ifndef _SHIM_LINUX_ETHTOOL_H
#define _SHIM_LINUX_ETHTOOL_H

#include <linux/types.h>

struct ethtool_rx_flow_spec {
	u32 flow_type;
	u8 opaque[156];
	u64 ring_cookie;
	u32 location;
};

/* Fields an RSS hash covers (uapi ethtool.h) */
#define RXH_L2DA	(1 << 1)
#define RXH_IP_SRC	(1 << 4)
#define RXH_IP_DST	(1 << 5)
#define RXH_L4_B_0_1	(1 << 6)
#define RXH_L4_B_2_3	(1 << 7)
#define RXH_IP6_FL	(1 << 9)
#define RXH_DISCARD	(1 << 31)

struct ethtool_ringparam;
struct kernel_ethtool_ringparam;
struct netlink_ext_ack;
struct ethtool_channels;
struct ethtool_pauseparam;
struct ethtool_coalesce;
struct kernel_ethtool_coalesce;
struct ethtool_rxfh_param;
struct ethtool_rxfh_fields;
struct ethtool_rxfh_context;
struct ethtool_rxnfc;
struct kernel_ethtool_ts_info;
struct ethtool_ts_stats;

#endif
