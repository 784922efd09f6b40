// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/in.h>
#include <linux/netdevice.h>
#include <net/netdev_lock.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_rpc.h"

/*
 * ethtool flow steering ("ntuple", NFC) rules.
 *
 * A rule is an action TCAM entry placed ahead of the RSS entries, so a
 * frame it matches takes its action: drop, one queue, or RSS over one of
 * the two indirection tables. The action TCAM cannot hold addresses
 * itself: it matches which entry of the IP source and destination TCAMs
 * (8 entries each) and of the MAC DA TCAM a frame hit. Rules matching
 * the same address share that entry. As a frame hits only the first
 * entry that matches, two entries whose addresses overlap would hide
 * one another; such a second address is refused. Ports are matched in
 * the action TCAM directly.
 *
 * Locations are the rules' priorities: a lower location wins. Without
 * one, a rule takes the highest free location.
 *
 * All of this runs under the netdev instance lock (ethtool's rxnfc calls
 * come without RTNL).
 */

/* ethtool's rxnfc calls carry no extack: say in the log what the device
 * cannot match or do
 */
static int fbnic_nfc_refuse(struct fbnic_net *fbn, const char *why)
{
	netdev_info(fbn->netdev, "ntuple rule refused: %s\n", why);
	return -EOPNOTSUPP;
}

/* The IP and MAC matches a rule wants before they have entries */
struct fbnic_nfc_want {
	struct fbnic_ip_match src;
	struct fbnic_ip_match dst;
	u8 mac[ETH_ALEN];
	bool has_src;
	bool has_dst;
	bool has_mac;
};

static void fbnic_nfc_key(struct fbnic_nfc_rule *r, unsigned int word,
			  u16 value, u16 care)
{
	r->value[word] |= value & care;
	r->care[word] |= care;
}

/* The flags of word 1 an IP flow type must have: version, L4 type */
static void fbnic_nfc_key_l3l4(struct fbnic_nfc_rule *r, bool v6, u8 l4)
{
	u16 value = FBNIC_RPC_TCAM_ACT1_IP_VALID;
	u16 care = FBNIC_RPC_TCAM_ACT1_IP_VALID | FBNIC_RPC_TCAM_ACT1_IP_IS_V6;

	if (v6)
		value |= FBNIC_RPC_TCAM_ACT1_IP_IS_V6;
	if (l4) {
		care |= FBNIC_RPC_TCAM_ACT1_L4_VALID |
			FBNIC_RPC_TCAM_ACT1_L4_IS_UDP;
		value |= FBNIC_RPC_TCAM_ACT1_L4_VALID;
		if (l4 == IPPROTO_UDP)
			value |= FBNIC_RPC_TCAM_ACT1_L4_IS_UDP;
	}
	fbnic_nfc_key(r, 1, value, care);

	if (l4 == IPPROTO_TCP)
		r->rss_flow = v6 ? FBNIC_RSS_FLOW_TCP6 : FBNIC_RSS_FLOW_TCP4;
	else if (l4 == IPPROTO_UDP)
		r->rss_flow = v6 ? FBNIC_RSS_FLOW_UDP6 : FBNIC_RSS_FLOW_UDP4;
	else
		r->rss_flow = v6 ? FBNIC_RSS_FLOW_IP6 : FBNIC_RSS_FLOW_IP4;
}

static void fbnic_nfc_key_ports(struct fbnic_nfc_rule *r, __be16 sport,
				__be16 sport_mask, __be16 dport,
				__be16 dport_mask)
{
	fbnic_nfc_key(r, FBNIC_RPC_TCAM_ACT_SPORT_WORD, be16_to_cpu(sport),
		      be16_to_cpu(sport_mask));
	fbnic_nfc_key(r, FBNIC_RPC_TCAM_ACT_DPORT_WORD, be16_to_cpu(dport),
		      be16_to_cpu(dport_mask));
}

/* An address match; an all-zero mask matches any address: none needed */
static bool fbnic_nfc_want_ip(struct fbnic_ip_match *m, const void *addr,
			      const void *mask, unsigned int len)
{
	unsigned int i, off = sizeof(m->addr) - len;

	if (!memchr_inv(mask, 0, len))
		return false;
	memset(m, 0, sizeof(*m));
	m->v6 = len == sizeof(m->addr);
	memcpy(m->care + off, mask, len);
	for (i = 0; i < len; i++)
		m->addr[off + i] = ((const u8 *)addr)[i] & m->care[off + i];
	return true;
}

/* TCP or UDP as an IP flow's protocol: 0 for any, -1 for what cannot be */
static int fbnic_nfc_l4_proto(u8 proto, u8 mask)
{
	if (!mask)
		return 0;
	if (mask == 0xff && (proto == IPPROTO_TCP || proto == IPPROTO_UDP))
		return proto;
	return -1;
}

static int fbnic_nfc_parse_ip4(struct fbnic_net *fbn,
			       const struct ethtool_rx_flow_spec *fs, u32 flow,
			       struct fbnic_nfc_rule *r,
			       struct fbnic_nfc_want *want)
{
	const struct ethtool_tcpip4_spec *h = &fs->h_u.tcp_ip4_spec;
	const struct ethtool_tcpip4_spec *m = &fs->m_u.tcp_ip4_spec;
	int l4;

	if (flow == IPV4_USER_FLOW) {
		const struct ethtool_usrip4_spec *uh = &fs->h_u.usr_ip4_spec;
		const struct ethtool_usrip4_spec *um = &fs->m_u.usr_ip4_spec;

		if (um->l4_4_bytes || um->tos)
			return fbnic_nfc_refuse(fbn, "no TOS or L4 byte matches");
		l4 = fbnic_nfc_l4_proto(uh->proto, um->proto);
		if (l4 < 0)
			return fbnic_nfc_refuse(fbn, "only TCP and UDP can be matched as protocol");
	} else {
		if (m->tos)
			return fbnic_nfc_refuse(fbn, "no TOS matches");
		l4 = flow == TCP_V4_FLOW ? IPPROTO_TCP : IPPROTO_UDP;
		fbnic_nfc_key_ports(r, h->psrc, m->psrc, h->pdst, m->pdst);
	}
	fbnic_nfc_key_l3l4(r, false, l4);

	/* The address fields sit alike in the TCP/UDP and the user spec */
	want->has_src = fbnic_nfc_want_ip(&want->src, &h->ip4src, &m->ip4src,
					  sizeof(h->ip4src));
	want->has_dst = fbnic_nfc_want_ip(&want->dst, &h->ip4dst, &m->ip4dst,
					  sizeof(h->ip4dst));
	return 0;
}

static int fbnic_nfc_parse_ip6(struct fbnic_net *fbn,
			       const struct ethtool_rx_flow_spec *fs, u32 flow,
			       struct fbnic_nfc_rule *r,
			       struct fbnic_nfc_want *want)
{
	const struct ethtool_tcpip6_spec *h = &fs->h_u.tcp_ip6_spec;
	const struct ethtool_tcpip6_spec *m = &fs->m_u.tcp_ip6_spec;
	int l4;

	if (flow == IPV6_USER_FLOW) {
		const struct ethtool_usrip6_spec *uh = &fs->h_u.usr_ip6_spec;
		const struct ethtool_usrip6_spec *um = &fs->m_u.usr_ip6_spec;

		if (um->l4_4_bytes || um->tclass)
			return fbnic_nfc_refuse(fbn, "no traffic class or L4 byte matches");
		l4 = fbnic_nfc_l4_proto(uh->l4_proto, um->l4_proto);
		if (l4 < 0)
			return fbnic_nfc_refuse(fbn, "only TCP and UDP can be matched as protocol");
	} else {
		if (m->tclass)
			return fbnic_nfc_refuse(fbn, "no traffic class matches");
		l4 = flow == TCP_V6_FLOW ? IPPROTO_TCP : IPPROTO_UDP;
		fbnic_nfc_key_ports(r, h->psrc, m->psrc, h->pdst, m->pdst);
	}
	fbnic_nfc_key_l3l4(r, true, l4);

	/* The address fields sit alike in the TCP/UDP and the user spec */
	want->has_src = fbnic_nfc_want_ip(&want->src, h->ip6src, m->ip6src,
					  sizeof(h->ip6src));
	want->has_dst = fbnic_nfc_want_ip(&want->dst, h->ip6dst, m->ip6dst,
					  sizeof(h->ip6dst));
	return 0;
}

/* A destination MAC match: whole addresses only, the TCAM entries
 * being shared with the receive filter
 */
static int fbnic_nfc_parse_mac(struct fbnic_net *fbn, const u8 *addr,
			       const u8 *mask, struct fbnic_nfc_want *want)
{
	if (is_zero_ether_addr(mask))
		return 0;
	if (!is_broadcast_ether_addr(mask) || is_zero_ether_addr(addr))
		return fbnic_nfc_refuse(fbn, "destination MAC must be a whole non-zero address");
	ether_addr_copy(want->mac, addr);
	want->has_mac = true;
	return 0;
}

static int fbnic_nfc_parse_ether(struct fbnic_net *fbn,
				 const struct ethtool_rx_flow_spec *fs,
				 struct fbnic_nfc_rule *r,
				 struct fbnic_nfc_want *want)
{
	const struct ethhdr *h = &fs->h_u.ether_spec;
	const struct ethhdr *m = &fs->m_u.ether_spec;

	if (!is_zero_ether_addr(m->h_source) || m->h_proto)
		return fbnic_nfc_refuse(fbn, "only the destination MAC can be matched");
	r->rss_flow = FBNIC_RSS_FLOW_ETHER;
	return fbnic_nfc_parse_mac(fbn, h->h_dest, m->h_dest, want);
}

static int fbnic_nfc_parse_ext(struct fbnic_net *fbn,
			       const struct ethtool_rx_flow_spec *fs, u32 flow,
			       struct fbnic_nfc_want *want)
{
	const struct ethtool_flow_ext *h = &fs->h_ext;
	const struct ethtool_flow_ext *m = &fs->m_ext;

	if ((fs->flow_type & FLOW_EXT) &&
	    (m->vlan_etype || m->vlan_tci || m->data[0] || m->data[1]))
		return fbnic_nfc_refuse(fbn, "no VLAN or user-defined matches");
	if (!(fs->flow_type & FLOW_MAC_EXT))
		return 0;
	if (flow == ETHER_FLOW && !is_zero_ether_addr(m->h_dest))
		return fbnic_nfc_refuse(fbn, "give an Ethernet flow's destination once");
	return fbnic_nfc_parse_mac(fbn, h->h_dest, m->h_dest, want);
}

static int fbnic_nfc_parse_action(struct fbnic_net *fbn,
				  const struct ethtool_rxnfc *cmd,
				  struct fbnic_nfc_rule *r)
{
	const struct ethtool_rx_flow_spec *fs = &cmd->fs;
	u32 act0 = FIELD_PREP(FBNIC_RPC_ACT_TBL0_DEST,
			      FBNIC_RPC_ACT_DEST_HOST) |
		   FIELD_PREP(FBNIC_RPC_ACT_TBL0_DMA_HINT,
			      FBNIC_RCD_HDR_AL_DMA_HINT_L4);
	u32 queue;

	if (fs->flow_type & FLOW_RSS) {
		/* The device has no queue offset to add to RSS's pick */
		if (ethtool_get_flow_spec_ring(fs->ring_cookie))
			return fbnic_nfc_refuse(fbn, "no queue offset with an RSS context");
		if (cmd->rss_context >= FBNIC_RPC_RSS_TBL_COUNT)
			return -EINVAL;
		if (cmd->rss_context)
			act0 |= FBNIC_RPC_ACT_TBL0_RSS_CTXT_ID;
		r->rss_context = cmd->rss_context;
		r->act0 = act0;
		return 0;
	}
	if (fs->ring_cookie == RX_CLS_FLOW_DISC) {
		r->act0 = FBNIC_RPC_ACT_TBL0_DROP;
		return 0;
	}
	if (fs->ring_cookie == RX_CLS_FLOW_WAKE)
		return fbnic_nfc_refuse(fbn, "no wake-on-LAN action");
	if (ethtool_get_flow_spec_ring_vf(fs->ring_cookie))
		return fbnic_nfc_refuse(fbn, "no virtual functions");

	queue = ethtool_get_flow_spec_ring(fs->ring_cookie);
	if (queue >= fbn->num_rx_queues ||
	    queue > FIELD_MAX(FBNIC_RPC_ACT_TBL0_Q_ID))
		return -EINVAL;
	act0 |= FBNIC_RPC_ACT_TBL0_Q_SEL |
		FIELD_PREP(FBNIC_RPC_ACT_TBL0_Q_ID, queue);
	r->act0 = act0;
	return 0;
}

/* Check a rule and turn it into its action TCAM key and action, and the
 * address matches it needs; nothing is allocated yet.
 */
static int fbnic_nfc_parse(struct fbnic_net *fbn,
			   const struct ethtool_rxnfc *cmd,
			   struct fbnic_nfc_rule *r,
			   struct fbnic_nfc_want *want)
{
	const struct ethtool_rx_flow_spec *fs = &cmd->fs;
	u32 flow = fs->flow_type & ~(FLOW_EXT | FLOW_MAC_EXT | FLOW_RSS);
	int err;

	memset(r, 0, sizeof(*r));
	memset(want, 0, sizeof(*want));
	r->ip_src = -1;
	r->ip_dst = -1;
	r->mac = -1;

	switch (flow) {
	case TCP_V4_FLOW:
	case UDP_V4_FLOW:
	case IPV4_USER_FLOW:
		err = fbnic_nfc_parse_ip4(fbn, fs, flow, r, want);
		break;
	case TCP_V6_FLOW:
	case UDP_V6_FLOW:
	case IPV6_USER_FLOW:
		err = fbnic_nfc_parse_ip6(fbn, fs, flow, r, want);
		break;
	case ETHER_FLOW:
		err = fbnic_nfc_parse_ether(fbn, fs, r, want);
		break;
	default:
		return fbnic_nfc_refuse(fbn, "flow type not supported");
	}
	if (!err)
		err = fbnic_nfc_parse_ext(fbn, fs, flow, want);
	if (!err)
		err = fbnic_nfc_parse_action(fbn, cmd, r);
	if (err)
		return err;

	/* Whatever else it matches, the frame passed the MAC DA filter */
	fbnic_nfc_key(r, 1, FBNIC_RPC_TCAM_ACT1_L2_MACDA_VALID,
		      FBNIC_RPC_TCAM_ACT1_L2_MACDA_VALID);
	r->fs = *fs;
	return 0;
}

/* Some address matches both entries */
static bool fbnic_ip_match_overlap(const struct fbnic_ip_match *a,
				   const struct fbnic_ip_match *b)
{
	unsigned int i;

	for (i = 0; i < sizeof(a->addr); i++)
		if ((a->addr[i] ^ b->addr[i]) & a->care[i] & b->care[i])
			return false;
	return true;
}

/* An entry of @tbl matching @want: a shared one or a free one */
static int fbnic_ip_match_get(struct fbnic_net *fbn,
			      struct fbnic_ip_match *tbl,
			      const struct fbnic_ip_match *want)
{
	int i, free = -1;

	for (i = 0; i < FBNIC_RPC_TCAM_IP_ENTRIES; i++) {
		struct fbnic_ip_match *m = &tbl[i];

		if (!m->users) {
			if (free < 0)
				free = i;
			continue;
		}
		if (m->v6 != want->v6)
			continue;
		if (!memcmp(m->addr, want->addr, sizeof(m->addr)) &&
		    !memcmp(m->care, want->care, sizeof(m->care))) {
			m->users++;
			return i;
		}
		if (fbnic_ip_match_overlap(m, want)) {
			netdev_info(fbn->netdev,
				    "ntuple rule refused: its address overlaps another rule's\n");
			return -EBUSY;
		}
	}
	if (free < 0) {
		netdev_info(fbn->netdev,
			    "ntuple rule refused: all %u address entries in use\n",
			    FBNIC_RPC_TCAM_IP_ENTRIES);
		return -ENOSPC;
	}
	tbl[free] = *want;
	tbl[free].users = 1;
	return free;
}

static void fbnic_ip_match_put(struct fbnic_net *fbn, bool dst, int idx)
{
	struct fbnic_ip_match *m;

	if (idx < 0)
		return;
	m = dst ? &fbn->rpc.ip_dst[idx] : &fbn->rpc.ip_src[idx];
	if (WARN_ON_ONCE(!m->users) || --m->users)
		return;
	if (fbn->up)
		fbnic_rpc_write_ip_match(fbn, dst, idx);
}

/* The MAC DA entry for @addr: broadcast has one; others get one of the
 * entries NFC may claim, shared between rules
 */
static int fbnic_nfc_mac_get(struct fbnic_net *fbn, const u8 *addr,
			     unsigned int *macda)
{
	struct fbnic_nfc_mac *macs = fbn->rpc.nfc_mac;
	int i, free = -1;

	if (is_broadcast_ether_addr(addr)) {
		*macda = FBNIC_MACDA_BROADCAST;
		return -1;
	}
	for (i = 0; i < FBNIC_NFC_MACS; i++) {
		if (!macs[i].users) {
			if (free < 0)
				free = i;
		} else if (ether_addr_equal(macs[i].addr, addr)) {
			free = i;
			break;
		}
	}
	if (free < 0) {
		netdev_info(fbn->netdev,
			    "ntuple rule refused: all %u MAC entries in use\n",
			    FBNIC_NFC_MACS);
		return -ENOSPC;
	}
	ether_addr_copy(macs[free].addr, addr);
	macs[free].users++;
	*macda = FBNIC_MACDA_MC_FIRST + free;
	return free;
}

static void fbnic_nfc_mac_put(struct fbnic_net *fbn, int idx)
{
	if (idx < 0 || WARN_ON_ONCE(!fbn->rpc.nfc_mac[idx].users))
		return;
	if (!--fbn->rpc.nfc_mac[idx].users)
		fbnic_rpc_sync_nfc_macs(fbn);
}

/* Give up the address entries of a rule no longer in the action TCAM */
static void fbnic_nfc_release(struct fbnic_net *fbn,
			      const struct fbnic_nfc_rule *r)
{
	fbnic_ip_match_put(fbn, false, r->ip_src);
	fbnic_ip_match_put(fbn, true, r->ip_dst);
	fbnic_nfc_mac_put(fbn, r->mac);
}

/* Take the address entries a parsed rule wants and key on their hits */
static int fbnic_nfc_claim(struct fbnic_net *fbn, struct fbnic_nfc_rule *r,
			   const struct fbnic_nfc_want *want)
{
	struct fbnic_rpc *rpc = &fbn->rpc;
	unsigned int macda;
	int idx;

	if (want->has_src) {
		idx = fbnic_ip_match_get(fbn, rpc->ip_src, &want->src);
		if (idx < 0)
			goto err;
		r->ip_src = idx;
		fbnic_nfc_key(r, 0,
			      FIELD_PREP(FBNIC_RPC_TCAM_ACT0_IPSRC_IDX, idx) |
			      FBNIC_RPC_TCAM_ACT0_IPSRC_VALID,
			      FBNIC_RPC_TCAM_ACT0_IPSRC_IDX |
			      FBNIC_RPC_TCAM_ACT0_IPSRC_VALID);
	}
	if (want->has_dst) {
		idx = fbnic_ip_match_get(fbn, rpc->ip_dst, &want->dst);
		if (idx < 0)
			goto err;
		r->ip_dst = idx;
		fbnic_nfc_key(r, 0,
			      FIELD_PREP(FBNIC_RPC_TCAM_ACT0_IPDST_IDX, idx) |
			      FBNIC_RPC_TCAM_ACT0_IPDST_VALID,
			      FBNIC_RPC_TCAM_ACT0_IPDST_IDX |
			      FBNIC_RPC_TCAM_ACT0_IPDST_VALID);
	}
	if (want->has_mac) {
		idx = fbnic_nfc_mac_get(fbn, want->mac, &macda);
		if (idx == -ENOSPC)
			goto err;
		r->mac = idx;
		fbnic_nfc_key(r, 1,
			      FIELD_PREP(FBNIC_RPC_TCAM_ACT1_L2_MACDA_IDX, macda),
			      FBNIC_RPC_TCAM_ACT1_L2_MACDA_IDX);
	}
	return 0;

err:
	/* Nothing was written yet: undo the counts only */
	if (r->ip_src >= 0)
		rpc->ip_src[r->ip_src].users--;
	if (r->ip_dst >= 0)
		rpc->ip_dst[r->ip_dst].users--;
	return idx;
}

/* Program the address entries a new rule claimed, before the rule */
static void fbnic_nfc_write_claims(struct fbnic_net *fbn,
				   const struct fbnic_nfc_rule *r)
{
	struct fbnic_rpc *rpc = &fbn->rpc;

	if (!fbn->up)
		return;
	/* A shared entry is written already; rewriting would blink it */
	if (r->ip_src >= 0 && rpc->ip_src[r->ip_src].users == 1)
		fbnic_rpc_write_ip_match(fbn, false, r->ip_src);
	if (r->ip_dst >= 0 && rpc->ip_dst[r->ip_dst].users == 1)
		fbnic_rpc_write_ip_match(fbn, true, r->ip_dst);
	if (r->mac >= 0)
		fbnic_rpc_sync_nfc_macs(fbn);
}

/* The location a rule goes to, given or picked */
static int fbnic_nfc_location(struct fbnic_net *fbn, u32 location)
{
	int loc;

	switch (location) {
	case RX_CLS_LOC_ANY:
	case RX_CLS_LOC_LAST:
		for (loc = FBNIC_NFC_RULES - 1; loc >= 0; loc--)
			if (!fbn->rpc.nfc[loc].valid)
				return loc;
		return -ENOSPC;
	case RX_CLS_LOC_FIRST:
		for (loc = 0; loc < FBNIC_NFC_RULES; loc++)
			if (!fbn->rpc.nfc[loc].valid)
				return loc;
		return -ENOSPC;
	}
	if (location >= FBNIC_NFC_RULES)
		return -EINVAL;
	return location;
}

static int fbnic_nfc_insert(struct fbnic_net *fbn, struct ethtool_rxnfc *cmd)
{
	struct fbnic_nfc_rule rule, old;
	struct fbnic_nfc_want want;
	int loc, err;

	if (!(fbn->netdev->features & NETIF_F_NTUPLE))
		return fbnic_nfc_refuse(fbn, "ntuple-filters feature is off");

	err = fbnic_nfc_parse(fbn, cmd, &rule, &want);
	if (err)
		return err;
	loc = fbnic_nfc_location(fbn, cmd->fs.location);
	if (loc < 0)
		return loc;
	err = fbnic_nfc_claim(fbn, &rule, &want);
	if (err)
		return err;

	rule.fs.location = loc;
	rule.valid = true;
	fbnic_nfc_write_claims(fbn, &rule);

	/* A rule in the way is replaced, as ethtool documents */
	old = fbn->rpc.nfc[loc];
	fbn->rpc.nfc[loc] = rule;
	if (fbn->up)
		fbnic_rpc_write_nfc(fbn, loc);
	if (old.valid)
		fbnic_nfc_release(fbn, &old);

	cmd->fs.location = loc;
	return 0;
}

static int fbnic_nfc_delete(struct fbnic_net *fbn, u32 location)
{
	struct fbnic_nfc_rule old;

	if (location >= FBNIC_NFC_RULES || !fbn->rpc.nfc[location].valid)
		return -ENOENT;

	old = fbn->rpc.nfc[location];
	fbn->rpc.nfc[location].valid = false;
	if (fbn->up)
		fbnic_rpc_write_nfc(fbn, location);
	fbnic_nfc_release(fbn, &old);
	return 0;
}

/**
 * fbnic_ntuple_flush() - remove every flow steering rule
 * @fbn: netdev private area
 *
 * For the ntuple-filters feature turned off.
 */
void fbnic_ntuple_flush(struct fbnic_net *fbn)
{
	unsigned int loc;

	netdev_assert_locked(fbn->netdev);
	for (loc = 0; loc < FBNIC_NFC_RULES; loc++)
		if (fbn->rpc.nfc[loc].valid)
			fbnic_nfc_delete(fbn, loc);
}

static int fbnic_nfc_get_rule(struct fbnic_net *fbn, struct ethtool_rxnfc *cmd)
{
	const struct fbnic_nfc_rule *r;
	u32 loc = cmd->fs.location;

	if (loc >= FBNIC_NFC_RULES || !fbn->rpc.nfc[loc].valid)
		return -ENOENT;
	r = &fbn->rpc.nfc[loc];
	cmd->fs = r->fs;
	cmd->rss_context = r->rss_context;
	cmd->data = FBNIC_NFC_RULES;
	return 0;
}

static int fbnic_nfc_get_locations(struct fbnic_net *fbn,
				   struct ethtool_rxnfc *cmd, u32 *rule_locs)
{
	unsigned int loc, n = 0;

	for (loc = 0; loc < FBNIC_NFC_RULES; loc++) {
		if (!fbn->rpc.nfc[loc].valid)
			continue;
		if (rule_locs) {
			if (n >= cmd->rule_cnt)
				return -EMSGSIZE;
			rule_locs[n] = loc;
		}
		n++;
	}
	cmd->rule_cnt = n;
	return 0;
}

/**
 * fbnic_get_rxnfc() - ethtool -n: the flow steering rules
 * @netdev: the fbnic netdev
 * @cmd: the query; the rule count, a rule or the locations in use out
 * @rule_locs: room for cmd->rule_cnt locations (ETHTOOL_GRXCLSRLALL)
 *
 * Return: 0, -ENOENT for no rule at the location, -EMSGSIZE if the
 * locations do not fit, or -EOPNOTSUPP for other queries.
 */
int fbnic_get_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd,
		    u32 *rule_locs)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	switch (cmd->cmd) {
	case ETHTOOL_GRXCLSRLCNT:
		/* The driver picks locations for rules given none */
		cmd->data = FBNIC_NFC_RULES | RX_CLS_LOC_SPECIAL;
		return fbnic_nfc_get_locations(fbn, cmd, NULL);
	case ETHTOOL_GRXCLSRULE:
		return fbnic_nfc_get_rule(fbn, cmd);
	case ETHTOOL_GRXCLSRLALL:
		cmd->data = FBNIC_NFC_RULES;
		return fbnic_nfc_get_locations(fbn, cmd, rule_locs);
	}
	return -EOPNOTSUPP;
}

/**
 * fbnic_set_rxnfc() - ethtool -N: add, replace or delete a steering rule
 * @netdev: the fbnic netdev
 * @cmd: the rule; its location out when the driver picked it
 *
 * Return: 0, -EOPNOTSUPP for matches or actions the device does not
 * have, -EINVAL for a queue, RSS context or location out of range,
 * -ENOSPC when the rule or its addresses do not fit, -EBUSY for an
 * address overlapping another rule's, -ENOENT to delete no rule.
 */
int fbnic_set_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	netdev_assert_locked(netdev);
	switch (cmd->cmd) {
	case ETHTOOL_SRXCLSRLINS:
		return fbnic_nfc_insert(fbn, cmd);
	case ETHTOOL_SRXCLSRLDEL:
		return fbnic_nfc_delete(fbn, cmd->fs.location);
	}
	return -EOPNOTSUPP;
}
