/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_RPC_H_
#define _FBNIC_RPC_H_

#include <linux/if_ether.h>
#include <linux/types.h>

#include "fbnic_regs.h"

struct fbnic_dev;
struct fbnic_net;
struct netdev_hw_addr_list;

/* How the host's entries of the MAC DA TCAM are laid out. Entries 0-3
 * are left to a BMC sharing the port; the last one catches everything
 * (promiscuous) or all multicast when the lists do not fit.
 */
#define FBNIC_MACDA_BROADCAST		4
#define FBNIC_MACDA_MC_FIRST		5
#define FBNIC_MACDA_MC_LAST		23
#define FBNIC_MACDA_UC_FIRST		24
#define FBNIC_MACDA_UC_LAST		29
#define FBNIC_MACDA_OWN			30
#define FBNIC_MACDA_CATCH_ALL		31

/* Flow types RSS distinguishes, in the order of their action TCAM
 * entries: the first entry that matches a packet decides, so the more
 * specific ones come first.
 */
enum fbnic_rss_flow {
	FBNIC_RSS_FLOW_UDP6,
	FBNIC_RSS_FLOW_UDP4,
	FBNIC_RSS_FLOW_TCP6,
	FBNIC_RSS_FLOW_TCP4,
	FBNIC_RSS_FLOW_IP6,
	FBNIC_RSS_FLOW_IP4,
	FBNIC_RSS_FLOW_ETHER,
	FBNIC_RSS_FLOW_COUNT,
};

/* The host's RSS rules take the last entries of the action TCAM */
#define FBNIC_RPC_ACT_RSS_FIRST \
	(FBNIC_RPC_ACT_TBL_ENTRIES - FBNIC_RSS_FLOW_COUNT)

/**
 * struct fbnic_macda_entry - one MAC DA TCAM entry as written
 * @value: address to match
 * @mask: bits of @value that do not matter
 * @valid: the entry is live
 */
struct fbnic_macda_entry {
	u8 value[ETH_ALEN];
	u8 mask[ETH_ALEN];
	bool valid;
};

/**
 * struct fbnic_rpc - what the driver programmed into the classifier
 * @macda: the MAC DA TCAM as the device holds it
 * @uc_promisc: all unicast is accepted
 * @mc_promisc: all multicast is accepted
 */
struct fbnic_rpc {
	struct fbnic_macda_entry macda[FBNIC_RPC_TCAM_MACDA_ENTRIES];
	bool uc_promisc;
	bool mc_promisc;
};

void fbnic_rss_init(struct fbnic_net *fbn);
void fbnic_rss_reset_indir(struct fbnic_net *fbn, unsigned int num_rx);
u16 fbnic_rss_hash_to_en_mask(u32 rxh);
void fbnic_rss_write_hw(struct fbnic_net *fbn);
void fbnic_rss_disable_hw(struct fbnic_dev *fbd);
void fbnic_rpc_write_rules(struct fbnic_net *fbn);
void fbnic_rpc_clear_rules(struct fbnic_net *fbn);
void fbnic_rpc_sync_rx_mode(struct fbnic_net *fbn,
			    struct netdev_hw_addr_list *uc,
			    struct netdev_hw_addr_list *mc);
void fbnic_rpc_clear_rx_mode(struct fbnic_net *fbn);

#endif /* _FBNIC_RPC_H_ */
