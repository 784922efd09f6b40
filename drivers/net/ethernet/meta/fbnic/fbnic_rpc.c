// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <net/netdev_lock.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_regs.h"
#include "fbnic_rpc.h"

/*
 * The receive classifier. A frame's destination address is looked up in
 * the MAC DA TCAM; the action TCAM then matches the hit entry together
 * with the frame's L3/L4 types and picks an action: drop, or deliver to
 * the host with RSS over a chosen set of fields. A frame whose address
 * matches no entry matches no action either and meets the default
 * action, which the driver sets to drop. So the MAC DA TCAM is the
 * receive filter, and the action TCAM the per-flow-type RSS setup.
 *
 * All of this runs under the netdev instance lock, which every caller
 * (netdev and ethtool ops, the service work) holds.
 */

/* Fields hashed by default: addresses and ports for TCP, addresses only
 * for UDP (fragments would land elsewhere) and other IP, DA for the rest
 */
#define FBNIC_RXH_L4	(RXH_IP_SRC | RXH_IP_DST | RXH_L4_B_0_1 | RXH_L4_B_2_3)
#define FBNIC_RXH_L3	(RXH_IP_SRC | RXH_IP_DST)
#define FBNIC_RXH_L2	RXH_L2DA

static const u32 fbnic_rss_default_hash[FBNIC_RSS_FLOW_COUNT] = {
	[FBNIC_RSS_FLOW_UDP6]	= FBNIC_RXH_L3,
	[FBNIC_RSS_FLOW_UDP4]	= FBNIC_RXH_L3,
	[FBNIC_RSS_FLOW_TCP6]	= FBNIC_RXH_L4,
	[FBNIC_RSS_FLOW_TCP4]	= FBNIC_RXH_L4,
	[FBNIC_RSS_FLOW_IP6]	= FBNIC_RXH_L3,
	[FBNIC_RSS_FLOW_IP4]	= FBNIC_RXH_L3,
	[FBNIC_RSS_FLOW_ETHER]	= FBNIC_RXH_L2,
};

/* What the action TCAM sees of each flow type in its word 1 */
static const u16 fbnic_rss_flow_match[FBNIC_RSS_FLOW_COUNT] = {
	[FBNIC_RSS_FLOW_UDP6]	= FBNIC_RPC_TCAM_ACT1_L4_VALID |
				  FBNIC_RPC_TCAM_ACT1_L4_IS_UDP |
				  FBNIC_RPC_TCAM_ACT1_IP_VALID |
				  FBNIC_RPC_TCAM_ACT1_IP_IS_V6,
	[FBNIC_RSS_FLOW_UDP4]	= FBNIC_RPC_TCAM_ACT1_L4_VALID |
				  FBNIC_RPC_TCAM_ACT1_L4_IS_UDP |
				  FBNIC_RPC_TCAM_ACT1_IP_VALID,
	[FBNIC_RSS_FLOW_TCP6]	= FBNIC_RPC_TCAM_ACT1_L4_VALID |
				  FBNIC_RPC_TCAM_ACT1_IP_VALID |
				  FBNIC_RPC_TCAM_ACT1_IP_IS_V6,
	[FBNIC_RSS_FLOW_TCP4]	= FBNIC_RPC_TCAM_ACT1_L4_VALID |
				  FBNIC_RPC_TCAM_ACT1_IP_VALID,
	[FBNIC_RSS_FLOW_IP6]	= FBNIC_RPC_TCAM_ACT1_IP_VALID |
				  FBNIC_RPC_TCAM_ACT1_IP_IS_V6,
	[FBNIC_RSS_FLOW_IP4]	= FBNIC_RPC_TCAM_ACT1_IP_VALID,
	[FBNIC_RSS_FLOW_ETHER]	= 0,
};

/**
 * fbnic_rss_reset_indir() - spread the main RSS table over the Rx queues
 * @fbn: netdev private area
 * @num_rx: Rx queues to spread over
 *
 * A table the user configured is kept.
 */
void fbnic_rss_reset_indir(struct fbnic_net *fbn, unsigned int num_rx)
{
	unsigned int i;

	if (netif_is_rxfh_configured(fbn->netdev))
		return;
	for (i = 0; i < FBNIC_RPC_RSS_TBL_SIZE; i++)
		fbn->indir_tbl[0][i] = ethtool_rxfh_indir_default(i, num_rx);
}

/**
 * fbnic_rss_init() - default RSS key, tables and hashed fields
 * @fbn: netdev private area, with the queue counts set
 */
void fbnic_rss_init(struct fbnic_net *fbn)
{
	unsigned int i;

	get_random_bytes(fbn->rss_key, sizeof(fbn->rss_key));
	for (i = 0; i < FBNIC_RPC_RSS_TBL_COUNT; i++)
		memset(fbn->indir_tbl[i], 0, sizeof(fbn->indir_tbl[i]));
	fbnic_rss_reset_indir(fbn, fbn->num_rx_queues);
	memcpy(fbn->rss_flow_hash, fbnic_rss_default_hash,
	       sizeof(fbn->rss_flow_hash));
}

/**
 * fbnic_rss_hash_to_en_mask() - RSS fields of an action from ethtool's
 * @rxh: RXH_* flags
 *
 * Return: the FBNIC_RPC_ACT_TBL1_RSS_* bits hashing those fields.
 */
u16 fbnic_rss_hash_to_en_mask(u32 rxh)
{
	u16 en = 0;

	if (rxh & RXH_L2DA)
		en |= FBNIC_RPC_ACT_TBL1_RSS_L2_DA;
	if (rxh & RXH_IP_SRC)
		en |= FBNIC_RPC_ACT_TBL1_RSS_IP_SRC;
	if (rxh & RXH_IP_DST)
		en |= FBNIC_RPC_ACT_TBL1_RSS_IP_DST;
	if (rxh & RXH_L4_B_0_1)
		en |= FBNIC_RPC_ACT_TBL1_RSS_L4_SRC;
	if (rxh & RXH_L4_B_2_3)
		en |= FBNIC_RPC_ACT_TBL1_RSS_L4_DST;
	if (rxh & RXH_IP6_FL)
		en |= FBNIC_RPC_ACT_TBL1_RSS_OV6_FL |
		      FBNIC_RPC_ACT_TBL1_RSS_IV6_FL;
	return en;
}

/**
 * fbnic_rss_write_key() - program the RSS hash key
 * @fbn: netdev private area
 *
 * The key goes to the registers first byte first, most significant
 * byte of each register first; the bits past the key's length are zero.
 * The tables are left alone, so a new key alone rehashes flows without
 * rewriting them.
 */
void fbnic_rss_write_key(struct fbnic_net *fbn)
{
	unsigned int i, j;

	for (i = 0; i < FBNIC_RPC_RSS_KEY_REGS; i++) {
		u32 val = 0;

		for (j = 0; j < 4; j++) {
			unsigned int byte = 4 * i + j;

			if (byte < FBNIC_RPC_RSS_KEY_BYTES)
				val |= (u32)fbn->rss_key[byte] << (24 - 8 * j);
		}
		if (i == FBNIC_RPC_RSS_KEY_REGS - 1)
			val &= FBNIC_RPC_RSS_KEY_LAST_MASK;
		fbnic_wr32(fbn->fbd, FBNIC_RPC_RSS_KEY(i), val);
	}
}

/**
 * fbnic_rss_write_indir() - program one RSS indirection table
 * @fbn: netdev private area
 * @tbl: the table, below FBNIC_RPC_RSS_TBL_COUNT
 */
void fbnic_rss_write_indir(struct fbnic_net *fbn, unsigned int tbl)
{
	unsigned int i;

	for (i = 0; i < FBNIC_RPC_RSS_TBL_SIZE; i++)
		fbnic_wr32(fbn->fbd, FBNIC_RPC_RSS_TBL(tbl, i),
			   fbn->indir_tbl[tbl][i]);
}

/**
 * fbnic_rss_write_hw() - program RSS and turn the classifier on
 * @fbn: netdev private area
 *
 * Writes both indirection tables and the key, makes the default action
 * drop (frames for nobody) and enables the classifier for frames up to
 * the largest the MAC passes. For bringing the data path up or back after
 * a firmware restart; changes while it runs write only their own part.
 */
void fbnic_rss_write_hw(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;
	unsigned int t;

	for (t = 0; t < FBNIC_RPC_RSS_TBL_COUNT; t++)
		fbnic_rss_write_indir(fbn, t);
	fbnic_rss_write_key(fbn);

	fbnic_wr32(fbd, FBNIC_RPC_ACT_TBL0_DEFAULT, FBNIC_RPC_ACT_TBL0_DROP);
	fbnic_wrfl(fbd);
	fbnic_wr32(fbd, FBNIC_RPC_ACT_TBL1_DEFAULT, 0);

	fbnic_wr32(fbd, FBNIC_RPC_RMI_CONFIG,
		   FIELD_PREP(FBNIC_RPC_RMI_CONFIG_MTU, FBNIC_MAX_FRAME_SIZE) |
		   FIELD_PREP(FBNIC_RPC_RMI_CONFIG_OH_BYTES,
			      FBNIC_RPC_RMI_OH_BYTES) |
		   FBNIC_RPC_RMI_CONFIG_ENABLE);
}

/**
 * fbnic_rss_disable_hw() - turn the classifier off: nothing reaches the host
 * @fbd: device
 *
 * Left on when a BMC shares the port: its traffic goes through the
 * classifier too.
 */
void fbnic_rss_disable_hw(struct fbnic_dev *fbd)
{
	if (fbd->fw.bmc_present)
		return;
	fbnic_wr32(fbd, FBNIC_RPC_RMI_CONFIG,
		   FIELD_PREP(FBNIC_RPC_RMI_CONFIG_OH_BYTES,
			      FBNIC_RPC_RMI_OH_BYTES));
}

/* Write action TCAM entry @idx: its action, then the first @words key
 * words from @value and @care (the others do not matter), then make it
 * live.
 */
static void fbnic_act_tcam_write(struct fbnic_dev *fbd, unsigned int idx,
				 u32 act0, u32 act1, const u16 *value,
				 const u16 *care, unsigned int words)
{
	unsigned int w;

	fbnic_wr32(fbd, FBNIC_RPC_ACT_TBL0(idx), act0);
	fbnic_wr32(fbd, FBNIC_RPC_ACT_TBL1(idx), act1);

	for (w = 0; w < FBNIC_RPC_TCAM_ACT_WORDS; w++) {
		u32 val = FIELD_PREP(FBNIC_RPC_TCAM_MASK, 0xffff);

		if (w < words)
			val = FIELD_PREP(FBNIC_RPC_TCAM_MASK, (u16)~care[w]) |
			      FIELD_PREP(FBNIC_RPC_TCAM_VALUE,
					 value[w] & care[w]);
		fbnic_wr32(fbd, FBNIC_RPC_TCAM_ACT(idx, w), val);
	}
	/* The entry goes live only once all of it is written */
	fbnic_wrfl(fbd);
	fbnic_wr32(fbd, FBNIC_RPC_TCAM_ACT(idx, FBNIC_RPC_TCAM_ACT_WORDS),
		   FBNIC_RPC_TCAM_VALIDATE);
}

static void fbnic_act_tcam_clear(struct fbnic_dev *fbd, unsigned int idx)
{
	unsigned int w;

	for (w = 0; w <= FBNIC_RPC_TCAM_ACT_WORDS; w++)
		fbnic_wr32(fbd, FBNIC_RPC_TCAM_ACT(idx, w), 0);
}

/* Write one set of RSS entries, one per flow type, from action entry
 * @first. @uc_only keys them on the host's unicast MAC DA entries and
 * keeps a BMC out; otherwise a BMC present shares what they match.
 */
static void fbnic_rpc_write_rss_set(struct fbnic_net *fbn, unsigned int first,
				    bool uc_only)
{
	bool to_bmc = fbn->fbd->fw.bmc_present && !uc_only;
	unsigned int f;

	/* The host's unicast entries are told apart by two index bits */
	BUILD_BUG_ON(FBNIC_MACDA_UC_FIRST % 8);
	BUILD_BUG_ON(FBNIC_MACDA_CATCH_ALL - FBNIC_MACDA_UC_FIRST != 7);

	for (f = 0; f < FBNIC_RSS_FLOW_COUNT; f++) {
		u32 rxh = fbn->rss_flow_hash[f];
		u16 key[2] = {}, care[2] = {};
		u32 dest = 0, act0;

		if (!(rxh & RXH_DISCARD))
			dest |= FBNIC_RPC_ACT_DEST_HOST;
		if (to_bmc)
			dest |= FBNIC_RPC_ACT_DEST_BMC;
		if (dest)
			act0 = FIELD_PREP(FBNIC_RPC_ACT_TBL0_DEST, dest) |
			       FIELD_PREP(FBNIC_RPC_ACT_TBL0_DMA_HINT,
					  FBNIC_RCD_HDR_AL_DMA_HINT_L4);
		else
			act0 = FBNIC_RPC_ACT_TBL0_DROP;
		if (dest & FBNIC_RPC_ACT_DEST_HOST)
			act0 |= fbnic_rx_tstamp_act(fbn, f);

		/* Only the flags the flow type has must be set; the
		 * entries' order keeps the more specific types first.
		 */
		key[1] = FBNIC_RPC_TCAM_ACT1_L2_MACDA_VALID |
			 fbnic_rss_flow_match[f];
		care[1] = key[1];
		if (uc_only) {
			key[1] |= FIELD_PREP(FBNIC_RPC_TCAM_ACT1_L2_MACDA_IDX,
					     FBNIC_MACDA_UC_FIRST);
			care[1] |= FIELD_PREP(FBNIC_RPC_TCAM_ACT1_L2_MACDA_IDX,
					      FBNIC_MACDA_UC_FIRST);
		}
		fbnic_act_tcam_write(fbn->fbd, first + f, act0,
				     fbnic_rss_hash_to_en_mask(rxh),
				     key, care, ARRAY_SIZE(key));
	}
}

/* Send MAC DA entries @first..@first + @n - 1 to the BMC alone */
static void fbnic_rpc_write_bmc_rule(struct fbnic_dev *fbd, unsigned int idx,
				     unsigned int first, unsigned int n)
{
	u16 key[2] = {}, care[2] = {};

	key[1] = FBNIC_RPC_TCAM_ACT1_L2_MACDA_VALID |
		 FIELD_PREP(FBNIC_RPC_TCAM_ACT1_L2_MACDA_IDX, first);
	care[1] = FBNIC_RPC_TCAM_ACT1_L2_MACDA_VALID |
		  FIELD_PREP(FBNIC_RPC_TCAM_ACT1_L2_MACDA_IDX,
			     ~(n - 1) &
			     FIELD_MAX(FBNIC_RPC_TCAM_ACT1_L2_MACDA_IDX));
	fbnic_act_tcam_write(fbd, idx,
			     FIELD_PREP(FBNIC_RPC_ACT_TBL0_DEST,
					FBNIC_RPC_ACT_DEST_BMC),
			     0, key, care, ARRAY_SIZE(key));
}

/* A BMC's all-multicast entry is its alone unless the host takes all
 * multicast too; then the shared RSS rules serve both.
 */
static void fbnic_rpc_write_bmc_allmulti(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;

	fbnic_act_tcam_clear(fbd, FBNIC_ACT_BMC_ALLMULTI);
	if (fbd->fw.bmc_present && fbd->fw.bmc_all_multi &&
	    !fbn->rpc.mc_promisc) {
		fbnic_wrfl(fbd);
		fbnic_rpc_write_bmc_rule(fbd, FBNIC_ACT_BMC_ALLMULTI,
					 FBNIC_MACDA_BMC_ALLMULTI, 1);
	}
}

/* The host's RSS entries, and with a BMC its rules and the host-only set */
static void fbnic_rpc_write_rss_rules(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;
	unsigned int f;

	if (fbd->fw.bmc_present) {
		fbnic_rpc_write_bmc_rule(fbd, FBNIC_ACT_BMC,
					 FBNIC_MACDA_BMC_FIRST,
					 FBNIC_MACDA_BMC_LAST -
					 FBNIC_MACDA_BMC_FIRST + 1);
		fbnic_rpc_write_bmc_allmulti(fbn);
		fbnic_rpc_write_rss_set(fbn, FBNIC_RPC_ACT_UC_FIRST, true);
	} else {
		fbnic_act_tcam_clear(fbd, FBNIC_ACT_BMC);
		fbnic_act_tcam_clear(fbd, FBNIC_ACT_BMC_ALLMULTI);
		for (f = 0; f < FBNIC_RSS_FLOW_COUNT; f++)
			fbnic_act_tcam_clear(fbd, FBNIC_RPC_ACT_UC_FIRST + f);
	}
	fbnic_rpc_write_rss_set(fbn, FBNIC_RPC_ACT_RSS_FIRST, false);
}

/* IP TCAM word w holds address bytes 14 - 2w (high) and 15 - 2w (low) */
static u16 fbnic_ip_word(const u8 *addr, unsigned int w)
{
	return (addr[14 - 2 * w] << 8) | addr[15 - 2 * w];
}

/**
 * fbnic_rpc_write_ip_match() - program an IP address TCAM entry
 * @fbn: netdev private area
 * @dst: the destination address table, else the source one
 * @idx: entry, below FBNIC_RPC_TCAM_IP_ENTRIES
 *
 * Writes the entry as fbn->rpc holds it, or clears it if no rule uses it.
 */
void fbnic_rpc_write_ip_match(struct fbnic_net *fbn, bool dst,
			      unsigned int idx)
{
	const struct fbnic_ip_match *m;
	struct fbnic_dev *fbd = fbn->fbd;
	unsigned int w;
	u32 ctl;

	m = dst ? &fbn->rpc.ip_dst[idx] : &fbn->rpc.ip_src[idx];

	/* Stop matching before the words change under the entry */
	fbnic_wr32(fbd, dst ? FBNIC_RPC_TCAM_IPDST(idx, FBNIC_RPC_TCAM_IP_WORDS) :
			      FBNIC_RPC_TCAM_IPSRC(idx, FBNIC_RPC_TCAM_IP_WORDS),
		   0);
	if (!m->users)
		return;

	for (w = 0; w < FBNIC_RPC_TCAM_IP_WORDS; w++) {
		u32 val = FIELD_PREP(FBNIC_RPC_TCAM_MASK,
				     (u16)~fbnic_ip_word(m->care, w)) |
			  FIELD_PREP(FBNIC_RPC_TCAM_VALUE,
				     fbnic_ip_word(m->addr, w));

		fbnic_wr32(fbd, dst ? FBNIC_RPC_TCAM_IPDST(idx, w) :
				      FBNIC_RPC_TCAM_IPSRC(idx, w), val);
	}
	fbnic_wrfl(fbd);
	ctl = FBNIC_RPC_TCAM_VALIDATE | (m->v6 ? FBNIC_RPC_TCAM_IP_IS_V6 : 0);
	fbnic_wr32(fbd, dst ? FBNIC_RPC_TCAM_IPDST(idx, FBNIC_RPC_TCAM_IP_WORDS) :
			      FBNIC_RPC_TCAM_IPSRC(idx, FBNIC_RPC_TCAM_IP_WORDS),
		   ctl);
}

/* The fields an NFC rule's RSS hashes: those of its flow type */
static u16 fbnic_nfc_hash_fields(struct fbnic_net *fbn,
				 const struct fbnic_nfc_rule *r)
{
	return fbnic_rss_hash_to_en_mask(fbn->rss_flow_hash[r->rss_flow]);
}

/**
 * fbnic_rpc_write_nfc() - program the action entry of an NFC rule
 * @fbn: netdev private area
 * @loc: rule location, below FBNIC_NFC_RULES
 *
 * Writes the rule at @loc, or clears its entry if it holds none. The IP
 * and MAC DA entries the rule refers to must be programmed already.
 */
void fbnic_rpc_write_nfc(struct fbnic_net *fbn, unsigned int loc)
{
	const struct fbnic_nfc_rule *r = &fbn->rpc.nfc[loc];
	unsigned int idx = FBNIC_NFC_FIRST + loc;
	struct fbnic_dev *fbd = fbn->fbd;

	/* A rule replaced in place must not match half-written */
	fbnic_act_tcam_clear(fbd, idx);
	if (!r->valid)
		return;
	fbnic_wrfl(fbd);
	fbnic_act_tcam_write(fbd, idx, r->act0, fbnic_nfc_hash_fields(fbn, r),
			     r->value, r->care, FBNIC_NFC_KEY_WORDS);
}

/**
 * fbnic_rpc_write_rules() - program the host's action entries
 * @fbn: netdev private area
 *
 * The NFC rules with the IP address entries they use, and one RSS entry
 * per flow type, matching frames of that type for any address the MAC DA
 * TCAM accepted: deliver to the host, hashing the fields ethtool asked
 * for, or drop them if it asked for that. The MAC DA entries are
 * fbnic_rpc_sync_rx_mode()'s.
 */
void fbnic_rpc_write_rules(struct fbnic_net *fbn)
{
	unsigned int i;

	netdev_assert_locked(fbn->netdev);
	for (i = 0; i < FBNIC_RPC_TCAM_IP_ENTRIES; i++) {
		fbnic_rpc_write_ip_match(fbn, false, i);
		fbnic_rpc_write_ip_match(fbn, true, i);
	}
	for (i = 0; i < FBNIC_NFC_RULES; i++)
		fbnic_rpc_write_nfc(fbn, i);
	fbnic_rpc_write_rss_rules(fbn);
}

/**
 * fbnic_rpc_write_hash_fields() - apply new RSS fields to the action entries
 * @fbn: netdev private area
 *
 * Only the actions' RSS field selections change; the NFC rules' keys
 * are left alone, so their flows are not disturbed.
 */
void fbnic_rpc_write_hash_fields(struct fbnic_net *fbn)
{
	unsigned int loc;

	netdev_assert_locked(fbn->netdev);
	for (loc = 0; loc < FBNIC_NFC_RULES; loc++) {
		const struct fbnic_nfc_rule *r = &fbn->rpc.nfc[loc];

		if (r->valid)
			fbnic_wr32(fbn->fbd, FBNIC_RPC_ACT_TBL1(FBNIC_NFC_FIRST + loc),
				   fbnic_nfc_hash_fields(fbn, r));
	}
	fbnic_rpc_write_rss_rules(fbn);
}

/**
 * fbnic_rpc_clear_rules() - remove the host's action and IP entries
 * @fbn: netdev private area
 *
 * The rules stay in fbn->rpc for fbnic_rpc_write_rules() to write again.
 */
void fbnic_rpc_clear_rules(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;
	unsigned int i;

	for (i = 0; i < FBNIC_RSS_FLOW_COUNT; i++) {
		fbnic_act_tcam_clear(fbd, FBNIC_RPC_ACT_RSS_FIRST + i);
		fbnic_act_tcam_clear(fbd, FBNIC_RPC_ACT_UC_FIRST + i);
	}
	for (i = 0; i < FBNIC_NFC_RULES; i++)
		fbnic_act_tcam_clear(fbd, FBNIC_NFC_FIRST + i);
	for (i = 0; i < FBNIC_RPC_TCAM_IP_ENTRIES; i++) {
		fbnic_wr32(fbd,
			   FBNIC_RPC_TCAM_IPSRC(i, FBNIC_RPC_TCAM_IP_WORDS), 0);
		fbnic_wr32(fbd,
			   FBNIC_RPC_TCAM_IPDST(i, FBNIC_RPC_TCAM_IP_WORDS), 0);
	}

	/* A BMC keeps its traffic while the host has none: all that the
	 * MAC DA TCAM still accepts (its entries) goes to it.
	 */
	fbnic_act_tcam_clear(fbd, FBNIC_ACT_BMC_ALLMULTI);
	if (fbd->fw.bmc_present) {
		fbnic_wrfl(fbd);
		fbnic_rpc_write_bmc_rule(fbd, FBNIC_RPC_ACT_TBL_ENTRIES - 1, 0,
					 FBNIC_RPC_TCAM_MACDA_ENTRIES);
	}
}

/* MAC DA TCAM word w holds address bytes 4 - 2w (high) and 5 - 2w (low) */
static u16 fbnic_macda_word(const u8 *addr, unsigned int w)
{
	return (addr[4 - 2 * w] << 8) | addr[5 - 2 * w];
}

static void fbnic_macda_write(struct fbnic_dev *fbd, unsigned int idx,
			      const struct fbnic_macda_entry *e)
{
	unsigned int w;

	if (!e->valid) {
		for (w = 0; w <= FBNIC_RPC_TCAM_MACDA_WORDS; w++)
			fbnic_wr32(fbd, FBNIC_RPC_TCAM_MACDA(idx, w), 0);
		return;
	}

	for (w = 0; w < FBNIC_RPC_TCAM_MACDA_WORDS; w++)
		fbnic_wr32(fbd, FBNIC_RPC_TCAM_MACDA(idx, w),
			   FIELD_PREP(FBNIC_RPC_TCAM_MASK,
				      fbnic_macda_word(e->mask, w)) |
			   FIELD_PREP(FBNIC_RPC_TCAM_VALUE,
				      fbnic_macda_word(e->value, w)));
	fbnic_wrfl(fbd);
	fbnic_wr32(fbd, FBNIC_RPC_TCAM_MACDA(idx, FBNIC_RPC_TCAM_MACDA_WORDS),
		   FBNIC_RPC_TCAM_VALIDATE);
}

/**
 * fbnic_rpc_read_macda() - read a MAC DA TCAM entry back from the device
 * @fbd: device
 * @idx: entry, below FBNIC_RPC_TCAM_MACDA_ENTRIES
 * @e: the entry as the device holds it, in the driver's form
 */
void fbnic_rpc_read_macda(struct fbnic_dev *fbd, unsigned int idx,
			  struct fbnic_macda_entry *e)
{
	unsigned int w;
	u32 val;

	memset(e, 0, sizeof(*e));
	val = fbnic_rd32(fbd, FBNIC_RPC_TCAM_MACDA(idx,
						   FBNIC_RPC_TCAM_MACDA_WORDS));
	if (!(val & FBNIC_RPC_TCAM_VALIDATE) || val == ~0U)
		return;

	for (w = 0; w < FBNIC_RPC_TCAM_MACDA_WORDS; w++) {
		u16 value, mask;

		val = fbnic_rd32(fbd, FBNIC_RPC_TCAM_MACDA(idx, w));
		value = FIELD_GET(FBNIC_RPC_TCAM_VALUE, val);
		mask = FIELD_GET(FBNIC_RPC_TCAM_MASK, val);
		e->value[4 - 2 * w] = value >> 8;
		e->value[5 - 2 * w] = value & 0xff;
		e->mask[4 - 2 * w] = mask >> 8;
		e->mask[5 - 2 * w] = mask & 0xff;
	}
	e->valid = true;
}

static void fbnic_macda_exact(struct fbnic_macda_entry *e, const u8 *addr)
{
	ether_addr_copy(e->value, addr);
	eth_zero_addr(e->mask);
	e->valid = true;
}

/* Fill the free entries of first..last from an address list; false if
 * it overflows
 */
static bool fbnic_macda_fill(struct fbnic_macda_entry *want,
			     unsigned int first, unsigned int last,
			     struct netdev_hw_addr_list *list)
{
	struct netdev_hw_addr *ha;
	unsigned int idx = first;

	netdev_hw_addr_list_for_each(ha, list) {
		while (idx <= last && want[idx].valid)
			idx++;
		if (idx > last)
			return false;
		fbnic_macda_exact(&want[idx++], ha->addr);
	}
	return true;
}

/* NFC rules' destination addresses take the first multicast entries */
static void fbnic_macda_fill_nfc(struct fbnic_net *fbn,
				 struct fbnic_macda_entry *want)
{
	unsigned int i;

	for (i = 0; i < FBNIC_NFC_MACS; i++)
		if (fbn->rpc.nfc_mac[i].users)
			fbnic_macda_exact(&want[FBNIC_MACDA_MC_FIRST + i],
					  fbn->rpc.nfc_mac[i].addr);
}

/* Write the entries that differ from what the device holds */
static void fbnic_macda_apply(struct fbnic_net *fbn,
			      const struct fbnic_macda_entry *want)
{
	struct fbnic_rpc *rpc = &fbn->rpc;
	unsigned int idx;

	for (idx = 0; idx < FBNIC_RPC_TCAM_MACDA_ENTRIES; idx++) {
		if (!memcmp(&want[idx], &rpc->macda[idx], sizeof(want[idx])))
			continue;
		/* Stop matching before the words change under the entry */
		if (rpc->macda[idx].valid && want[idx].valid)
			fbnic_wr32(fbn->fbd,
				   FBNIC_RPC_TCAM_MACDA(idx,
							FBNIC_RPC_TCAM_MACDA_WORDS),
				   0);
		fbnic_macda_write(fbn->fbd, idx, &want[idx]);
		rpc->macda[idx] = want[idx];
	}
}

/* A MAC DA entry matching every multicast address: the group bit only */
static void fbnic_macda_all_multi(struct fbnic_macda_entry *e)
{
	static const u8 mc_bit[ETH_ALEN] = { 0x01 };

	ether_addr_copy(e->value, mc_bit);
	eth_broadcast_addr(e->mask);
	e->mask[0] &= ~mc_bit[0];
	e->valid = true;
}

/* A BMC's entries: its unicast addresses in 0-3, its multicast ones in
 * the first free multicast entries, broadcast, and all multicast if it
 * asked for that. They go before the host's lists, which must not push
 * them out.
 */
static void fbnic_macda_fill_bmc(const struct fbnic_dev *fbd,
				 struct fbnic_macda_entry *want)
{
	const struct fbnic_fw_info *fw = &fbd->fw;
	unsigned int i, uc = FBNIC_MACDA_BMC_FIRST, mc = FBNIC_MACDA_MC_FIRST;

	if (!fw->bmc_present)
		return;

	fbnic_macda_exact(&want[FBNIC_MACDA_BROADCAST], fbd->netdev->broadcast);
	if (fw->bmc_all_multi)
		fbnic_macda_all_multi(&want[FBNIC_MACDA_BMC_ALLMULTI]);

	for (i = 0; i < FBNIC_FW_BMC_MACS; i++) {
		const u8 *addr = fw->bmc_mac[i];

		if (is_zero_ether_addr(addr))
			continue;
		if (!is_multicast_ether_addr(addr)) {
			fbnic_macda_exact(&want[uc++], addr);
			continue;
		}
		while (mc <= FBNIC_MACDA_MC_LAST && want[mc].valid)
			mc++;
		if (mc > FBNIC_MACDA_MC_LAST)
			break;
		fbnic_macda_exact(&want[mc], addr);
	}
}

/* Copy up to FBNIC_FW_SYNC_MACS addresses of @list; false if more */
static bool fbnic_fw_sync_list(u8 (*dst)[ETH_ALEN], u8 *n,
			       struct netdev_hw_addr_list *list)
{
	struct netdev_hw_addr *ha;

	netdev_hw_addr_list_for_each(ha, list) {
		if (*n == FBNIC_FW_SYNC_MACS)
			return false;
		ether_addr_copy(dst[(*n)++], ha->addr);
	}
	return true;
}

/* What the firmware is told of the host's filters, for the BMC's sake.
 * Lists too long for the message become the promiscuous or all-multi
 * flag.
 */
static void fbnic_rpc_note_fw_sync(struct fbnic_net *fbn,
				   struct netdev_hw_addr_list *uc,
				   struct netdev_hw_addr_list *mc)
{
	struct fbnic_fw_mac_sync sync = {};
	struct fbnic_rpc *rpc = &fbn->rpc;

	if (!fbn->fbd->fw.bmc_present)
		return;

	ether_addr_copy(sync.uc[sync.n_uc++], fbn->netdev->dev_addr);
	if (!fbnic_fw_sync_list(sync.uc, &sync.n_uc, uc) || rpc->uc_promisc)
		sync.flags |= FBNIC_FW_SYNC_PROMISC;
	if (!fbnic_fw_sync_list(sync.mc, &sync.n_mc, mc) || rpc->mc_promisc)
		sync.flags |= FBNIC_FW_SYNC_ALLMULTI;
	if (rpc->macda[FBNIC_MACDA_BROADCAST].valid)
		sync.flags |= FBNIC_FW_SYNC_BROADCAST;

	if (memcmp(&sync, &rpc->fw_sync, sizeof(sync))) {
		rpc->fw_sync = sync;
		rpc->fw_sync_needed = true;
	}
}

/**
 * fbnic_rpc_sync_rx_mode() - make the MAC DA TCAM accept what the netdev
 * wants
 * @fbn: netdev private area
 * @uc: secondary unicast addresses
 * @mc: multicast addresses
 *
 * The own address and broadcast have entries of their own, and so have
 * the destination addresses of NFC rules. When the address lists do not
 * fit, the last entry accepts all multicast, or
 * everything: all-multi and promiscuous mode are the overflow fallbacks
 * as well as what IFF_ALLMULTI and IFF_PROMISC ask for. Only entries
 * that changed are rewritten, so traffic to the others is not disturbed.
 */
void fbnic_rpc_sync_rx_mode(struct fbnic_net *fbn,
			    struct netdev_hw_addr_list *uc,
			    struct netdev_hw_addr_list *mc)
{
	struct fbnic_macda_entry want[FBNIC_RPC_TCAM_MACDA_ENTRIES] = {};
	struct net_device *netdev = fbn->netdev;
	struct fbnic_rpc *rpc = &fbn->rpc;
	bool uc_promisc, mc_promisc;

	fbnic_macda_exact(&want[FBNIC_MACDA_OWN], netdev->dev_addr);
	if (netdev->flags & IFF_BROADCAST)
		fbnic_macda_exact(&want[FBNIC_MACDA_BROADCAST],
				  netdev->broadcast);
	fbnic_macda_fill_nfc(fbn, want);
	fbnic_macda_fill_bmc(fbn->fbd, want);

	uc_promisc = !fbnic_macda_fill(want, FBNIC_MACDA_UC_FIRST,
				       FBNIC_MACDA_UC_LAST, uc) ||
		     (netdev->flags & IFF_PROMISC);
	mc_promisc = !fbnic_macda_fill(want, FBNIC_MACDA_MC_FIRST,
				       FBNIC_MACDA_MC_LAST, mc) ||
		     (netdev->flags & IFF_ALLMULTI) || uc_promisc;

	if (uc_promisc) {
		struct fbnic_macda_entry *e = &want[FBNIC_MACDA_CATCH_ALL];

		eth_broadcast_addr(e->mask);
		e->valid = true;
	} else if (mc_promisc) {
		fbnic_macda_all_multi(&want[FBNIC_MACDA_CATCH_ALL]);
	}

	if (uc_promisc != rpc->uc_promisc || mc_promisc != rpc->mc_promisc)
		netdev_dbg(netdev, "filter overflow or request: promisc %d allmulti %d\n",
			   uc_promisc, mc_promisc);
	if (mc_promisc != rpc->mc_promisc) {
		rpc->mc_promisc = mc_promisc;
		fbnic_rpc_write_bmc_allmulti(fbn);
	}
	rpc->uc_promisc = uc_promisc;

	fbnic_macda_apply(fbn, want);
	fbnic_rpc_note_fw_sync(fbn, uc, mc);
}

/**
 * fbnic_rpc_sync_nfc_macs() - program the MAC DA entries NFC rules claim
 * @fbn: netdev private area
 *
 * Called when a rule claimed or released one; the lists may move.
 */
void fbnic_rpc_sync_nfc_macs(struct fbnic_net *fbn)
{
	struct net_device *netdev = fbn->netdev;

	if (!fbn->up)
		return;
	netif_addr_lock_bh(netdev);
	fbnic_rpc_sync_rx_mode(fbn, &netdev->uc, &netdev->mc);
	netif_addr_unlock_bh(netdev);
}

/**
 * fbnic_rpc_clear_rx_mode() - drop the host's entries of the MAC DA TCAM
 * @fbn: netdev private area
 *
 * A BMC's entries stay. The host's are forgotten, so that the next sync
 * writes every entry again, as after a device reset; the firmware is to
 * be told that the host takes nothing.
 */
void fbnic_rpc_clear_rx_mode(struct fbnic_net *fbn)
{
	struct fbnic_macda_entry want[FBNIC_RPC_TCAM_MACDA_ENTRIES] = {};
	struct fbnic_rpc *rpc = &fbn->rpc;
	unsigned int idx;

	/* The BMC's entries are written again in place, never dropped */
	fbnic_macda_fill_bmc(fbn->fbd, want);
	for (idx = 0; idx < FBNIC_RPC_TCAM_MACDA_ENTRIES; idx++) {
		memset(&rpc->macda[idx], 0, sizeof(rpc->macda[idx]));
		if (!want[idx].valid)
			fbnic_macda_write(fbn->fbd, idx, &want[idx]);
	}
	fbnic_macda_apply(fbn, want);
	rpc->uc_promisc = false;
	rpc->mc_promisc = false;

	if (fbn->fbd->fw.bmc_present) {
		memset(&rpc->fw_sync, 0, sizeof(rpc->fw_sync));
		rpc->fw_sync_needed = true;
	}
}

/**
 * fbnic_rpc_send_fw_sync() - tell the firmware of changed host filters
 * @fbn: netdev private area
 *
 * Called from process context under the instance lock, which every
 * filter change holds too; a failed send is tried again on the next call.
 */
void fbnic_rpc_send_fw_sync(struct fbnic_net *fbn)
{
	struct fbnic_rpc *rpc = &fbn->rpc;
	int err;

	netdev_assert_locked(fbn->netdev);
	if (!rpc->fw_sync_needed)
		return;
	rpc->fw_sync_needed = false;
	if (!fbn->fbd->fw.bmc_present)
		return;

	err = fbnic_fw_send_mac_sync(fbn->fbd, &rpc->fw_sync);
	if (err) {
		if (net_ratelimit())
			netdev_warn(fbn->netdev,
				    "telling the firmware the receive filters failed: %d\n",
				    err);
		rpc->fw_sync_needed = true;
	}
}
