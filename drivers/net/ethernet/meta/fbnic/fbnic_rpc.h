/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_RPC_H_
#define _FBNIC_RPC_H_

#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/types.h>

#include "fbnic_fw.h"
#include "fbnic_regs.h"

struct fbnic_dev;
struct fbnic_net;
struct net_device;
struct netdev_hw_addr_list;

/* Inner IP source and destination address TCAMs: 8 entries each of 8
 * words, word 0 holding the address's last two bytes and word 7 its
 * first two (an IPv4 address is in words 0 and 1), then a control word:
 * IPv6 flag and VALIDATE. A packet hits the first entry that matches.
 * (The outer header's tables follow the same layout; this driver does
 * not use them.)
 */
#define FBNIC_RPC_TCAM_IPSRC(entry, word) \
	(0x23240 + 32 * (word) + 4 * (entry))
#define FBNIC_RPC_TCAM_IPDST(entry, word) \
	(0x23360 + 32 * (word) + 4 * (entry))
#define FBNIC_RPC_TCAM_IP_WORDS		8
#define FBNIC_RPC_TCAM_IP_ENTRIES	8
#define   FBNIC_RPC_TCAM_IP_IS_V6	BIT(0)

/* Action TCAM word 0: the IP address TCAM entries the packet hit */
#define FBNIC_RPC_TCAM_ACT0_IPSRC_IDX	GENMASK(2, 0)
#define FBNIC_RPC_TCAM_ACT0_IPSRC_VALID	BIT(3)
#define FBNIC_RPC_TCAM_ACT0_IPDST_IDX	GENMASK(6, 4)
#define FBNIC_RPC_TCAM_ACT0_IPDST_VALID	BIT(7)
/* Action TCAM words 3 and 4: L4 source and destination ports */
#define FBNIC_RPC_TCAM_ACT_SPORT_WORD	3
#define FBNIC_RPC_TCAM_ACT_DPORT_WORD	4

/* How the MAC DA TCAM is laid out. Entries 0-3 hold the unicast
 * addresses of a BMC sharing the port, when there is one; broadcast and
 * multicast are shared with it. The host's unicast entries are the
 * aligned block of eight from FBNIC_MACDA_UC_FIRST, so that one action
 * key can tell them apart. The last one catches everything (promiscuous)
 * or all multicast when the lists do not fit; a BMC that wants all
 * multicast gets FBNIC_MACDA_MC_LAST for that.
 */
#define FBNIC_MACDA_BMC_FIRST		0
#define FBNIC_MACDA_BMC_LAST		3
#define FBNIC_MACDA_BROADCAST		4
#define FBNIC_MACDA_MC_FIRST		5
#define FBNIC_MACDA_MC_LAST		23
#define FBNIC_MACDA_UC_FIRST		24
#define FBNIC_MACDA_UC_LAST		29
#define FBNIC_MACDA_OWN			30
#define FBNIC_MACDA_CATCH_ALL		31
#define FBNIC_MACDA_BMC_ALLMULTI	FBNIC_MACDA_MC_LAST

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

/* With a BMC, the RSS rules above deliver to it too, and a second set
 * just before them keeps what hits the host's unicast entries for the
 * host alone.
 */
#define FBNIC_RPC_ACT_UC_FIRST \
	(FBNIC_RPC_ACT_RSS_FIRST - FBNIC_RSS_FLOW_COUNT)

/* The first two entries steer a BMC's own traffic, which must win over
 * anything the host asks for: its unicast addresses, and all multicast
 * when it wants that and the host does not.
 */
#define FBNIC_ACT_BMC			0
#define FBNIC_ACT_BMC_ALLMULTI		1

/* ethtool's flow steering (NFC) rules come next, before the RSS rules,
 * so that they win; rule location n is entry FBNIC_NFC_FIRST + n.
 */
#define FBNIC_NFC_FIRST			2
#define FBNIC_NFC_RULES			(FBNIC_RPC_ACT_UC_FIRST - FBNIC_NFC_FIRST)

/* MAC DA TCAM entries NFC rules may claim for destination address
 * matches: the first ones of the multicast range, so that they are hit
 * before any other entry holding the same address.
 */
#define FBNIC_NFC_MACS			4

/* Action TCAM words an NFC rule keys on: IP hits, flags, misc, ports */
#define FBNIC_NFC_KEY_WORDS		5

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
 * struct fbnic_ip_match - one IP address TCAM entry NFC rules share
 * @addr: address to match, IPv4 in the last four bytes
 * @care: bits of @addr that must match
 * @v6: the entry matches IPv6 packets, not IPv4 ones
 * @users: rules using the entry; 0 when the entry is free
 */
struct fbnic_ip_match {
	u8 addr[16];
	u8 care[16];
	bool v6;
	unsigned int users;
};

/**
 * struct fbnic_nfc_mac - a MAC DA TCAM entry claimed by NFC rules
 * @addr: destination address to match
 * @users: rules using the entry; 0 when the entry is free
 */
struct fbnic_nfc_mac {
	u8 addr[ETH_ALEN];
	unsigned int users;
};

/**
 * struct fbnic_nfc_rule - an ethtool flow steering rule
 * @fs: the rule as ethtool gave it, returned on queries
 * @rss_context: RSS context of a FLOW_RSS rule
 * @value: action TCAM words 0 to FBNIC_NFC_KEY_WORDS - 1 to match
 * @care: bits of @value that must match
 * @act0: action table word 0: drop, queue or RSS and its table
 * @rss_flow: flow type whose RSS fields the action hashes
 * @ip_src: source address entry used, or -1
 * @ip_dst: destination address entry used, or -1
 * @mac: fbn->rpc.nfc_mac entry used, or -1
 * @valid: the location holds a rule
 */
struct fbnic_nfc_rule {
	struct ethtool_rx_flow_spec fs;
	u32 rss_context;
	u16 value[FBNIC_NFC_KEY_WORDS];
	u16 care[FBNIC_NFC_KEY_WORDS];
	u32 act0;
	u8 rss_flow;
	s8 ip_src;
	s8 ip_dst;
	s8 mac;
	bool valid;
};

/**
 * struct fbnic_rpc - what the driver programmed into the classifier
 * @macda: the MAC DA TCAM as the device holds it
 * @uc_promisc: all unicast is accepted
 * @mc_promisc: all multicast is accepted
 * @nfc: flow steering rules, by location
 * @ip_src: source address TCAM entries used by the rules
 * @ip_dst: destination address TCAM entries used by the rules
 * @nfc_mac: MAC DA entries used by the rules
 * @fw_sync: the host's filters as last computed for the firmware
 * @fw_sync_needed: @fw_sync changed and the firmware has not been told
 */
struct fbnic_rpc {
	struct fbnic_macda_entry macda[FBNIC_RPC_TCAM_MACDA_ENTRIES];
	bool uc_promisc;
	bool mc_promisc;
	struct fbnic_nfc_rule nfc[FBNIC_NFC_RULES];
	struct fbnic_ip_match ip_src[FBNIC_RPC_TCAM_IP_ENTRIES];
	struct fbnic_ip_match ip_dst[FBNIC_RPC_TCAM_IP_ENTRIES];
	struct fbnic_nfc_mac nfc_mac[FBNIC_NFC_MACS];
	struct fbnic_fw_mac_sync fw_sync;
	bool fw_sync_needed;
};

void fbnic_rss_init(struct fbnic_net *fbn);
void fbnic_rss_reset_indir(struct fbnic_net *fbn, unsigned int num_rx);
u16 fbnic_rss_hash_to_en_mask(u32 rxh);
void fbnic_rss_write_key(struct fbnic_net *fbn);
void fbnic_rss_write_indir(struct fbnic_net *fbn, unsigned int tbl);
void fbnic_rss_write_hw(struct fbnic_net *fbn);
void fbnic_rss_disable_hw(struct fbnic_dev *fbd);
void fbnic_rpc_write_rules(struct fbnic_net *fbn);
void fbnic_rpc_write_hash_fields(struct fbnic_net *fbn);
void fbnic_rpc_clear_rules(struct fbnic_net *fbn);
void fbnic_rpc_sync_rx_mode(struct fbnic_net *fbn,
			    struct netdev_hw_addr_list *uc,
			    struct netdev_hw_addr_list *mc);
void fbnic_rpc_clear_rx_mode(struct fbnic_net *fbn);
void fbnic_rpc_read_macda(struct fbnic_dev *fbd, unsigned int idx,
			  struct fbnic_macda_entry *e);
void fbnic_rpc_send_fw_sync(struct fbnic_net *fbn);
void fbnic_rpc_write_ip_match(struct fbnic_net *fbn, bool dst,
			      unsigned int idx);
void fbnic_rpc_write_nfc(struct fbnic_net *fbn, unsigned int loc);
void fbnic_rpc_sync_nfc_macs(struct fbnic_net *fbn);

int fbnic_get_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd,
		    u32 *rule_locs);
int fbnic_set_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd);
void fbnic_ntuple_flush(struct fbnic_net *fbn);

#endif /* _FBNIC_RPC_H_ */
