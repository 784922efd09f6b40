// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/ethtool.h>
#include <linux/log2.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_rpc.h"
#include "fbnic_txrx.h"

/*
 * The ethtool callbacks that work on the data path's configuration:
 * ring sizes, channels, interrupt moderation and RSS. fbnic_ethtool.c's
 * ethtool_ops point at them. They run under the netdev instance lock;
 * those that change the queue counts or ring sizes also under RTNL.
 */

/* Fields RSS can hash, by the deepest layer a flow type has */
#define FBNIC_RXH_L2_FIELDS	(RXH_L2DA | RXH_DISCARD)
#define FBNIC_RXH_L3_FIELDS \
	(FBNIC_RXH_L2_FIELDS | RXH_IP_SRC | RXH_IP_DST | RXH_IP6_FL)
#define FBNIC_RXH_L4_FIELDS \
	(FBNIC_RXH_L3_FIELDS | RXH_L4_B_0_1 | RXH_L4_B_2_3)

/**
 * fbnic_get_ringparam() - ethtool -g
 * @netdev: the fbnic netdev
 * @ring: rx: RCQ, rx-mini: header buffers, rx-jumbo: payload buffers,
 *	tx: TWQ descriptors
 * @kring: header-data split settings
 * @extack: unused
 */
void fbnic_get_ringparam(struct net_device *netdev,
			 struct ethtool_ringparam *ring,
			 struct kernel_ethtool_ringparam *kring,
			 struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	ring->rx_max_pending = FBNIC_QUEUE_SIZE_MAX;
	ring->rx_mini_max_pending = FBNIC_QUEUE_SIZE_MAX;
	ring->rx_jumbo_max_pending = FBNIC_QUEUE_SIZE_MAX;
	ring->tx_max_pending = FBNIC_QUEUE_SIZE_MAX;
	ring->rx_pending = fbn->rcq_size;
	ring->rx_mini_pending = fbn->hpq_size;
	ring->rx_jumbo_pending = fbn->ppq_size;
	ring->tx_pending = fbn->txq_size;

	/* Frames above the threshold are always split */
	kring->tcp_data_split = ETHTOOL_TCP_DATA_SPLIT_ENABLED;
	kring->hds_thresh = fbn->hds_thresh;
	kring->hds_thresh_max = FBNIC_HDS_THRESH_MAX;
}

static u32 fbnic_ring_pow2(u32 size)
{
	return size ? roundup_pow_of_two(size) : 0;
}

/**
 * fbnic_set_ringparam() - ethtool -G
 * @netdev: the fbnic netdev
 * @ring: requested sizes, rounded up to powers of two
 * @kring: header-data split settings
 * @extack: reason of a refusal
 *
 * Return: 0 or a negative errno.
 */
int fbnic_set_ringparam(struct net_device *netdev,
			struct ethtool_ringparam *ring,
			struct kernel_ethtool_ringparam *kring,
			struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_queue_cfg cfg;

	ring->rx_pending = fbnic_ring_pow2(ring->rx_pending);
	ring->rx_mini_pending = fbnic_ring_pow2(ring->rx_mini_pending);
	ring->rx_jumbo_pending = fbnic_ring_pow2(ring->rx_jumbo_pending);
	ring->tx_pending = fbnic_ring_pow2(ring->tx_pending);

	if (ring->rx_pending < max(FBNIC_QUEUE_SIZE_MIN, FBNIC_RX_DESC_MIN) ||
	    ring->rx_mini_pending < FBNIC_QUEUE_SIZE_MIN ||
	    ring->rx_jumbo_pending < FBNIC_QUEUE_SIZE_MIN ||
	    ring->tx_pending < max(FBNIC_QUEUE_SIZE_MIN, FBNIC_TX_DESC_MIN)) {
		NL_SET_ERR_MSG_MOD(extack, "ring size below the minimum");
		return -EINVAL;
	}
	if (kring->tcp_data_split == ETHTOOL_TCP_DATA_SPLIT_DISABLED) {
		NL_SET_ERR_MSG_MOD(extack, "header-data split cannot be disabled");
		return -EINVAL;
	}
	if (kring->hds_thresh > FBNIC_HDS_THRESH_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "header-data split threshold too large");
		return -EINVAL;
	}

	fbnic_get_queue_cfg(fbn, &cfg);
	cfg.rcq_size = ring->rx_pending;
	cfg.hpq_size = ring->rx_mini_pending;
	cfg.ppq_size = ring->rx_jumbo_pending;
	cfg.txq_size = ring->tx_pending;
	cfg.hds_thresh = kring->hds_thresh;
	return fbnic_reconfigure(fbn, &cfg);
}

/**
 * fbnic_get_channels() - ethtool -l
 * @netdev: the fbnic netdev
 * @ch: filled in
 *
 * The device has a queue pair per 4 KB register page, many more than
 * there are interrupt vectors; combined channels share vectors when they
 * outnumber them, Rx-only and Tx-only channels have one each.
 */
void fbnic_get_channels(struct net_device *netdev, struct ethtool_channels *ch)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	unsigned int tx = fbn->num_tx_queues, rx = fbn->num_rx_queues;

	ch->max_rx = FBNIC_MAX_RXQS;
	ch->max_tx = FBNIC_MAX_TXQS;
	ch->max_combined = min(FBNIC_MAX_RXQS, FBNIC_MAX_TXQS);
	ch->max_other = FBNIC_NON_QUEUE_VECTORS;
	ch->other_count = FBNIC_NON_QUEUE_VECTORS;

	/* Queues that share a vector with one of the other kind pair up */
	if (rx > fbn->num_napi || tx > fbn->num_napi)
		ch->combined_count = min(rx, tx);
	else
		ch->combined_count = rx + tx - fbn->num_napi;
	ch->rx_count = rx - ch->combined_count;
	ch->tx_count = tx - ch->combined_count;
}

/* A failed reconfiguration may have brought the old queues back up with
 * the table spread over the new ones: spread it over the old ones again.
 * RSS changes write only what they change, so none would fix it later.
 */
static void fbnic_rss_restore_indir(struct fbnic_net *fbn)
{
	fbnic_rss_reset_indir(fbn, fbn->num_rx_queues);
	if (fbn->up)
		fbnic_rss_write_indir(fbn, 0);
}

/**
 * fbnic_set_channels() - ethtool -L
 * @netdev: the fbnic netdev
 * @ch: requested counts: combined plus extra Rx or Tx queues, or Rx and
 *	Tx queues with a vector each
 *
 * Return: 0 or a negative errno.
 */
int fbnic_set_channels(struct net_device *netdev, struct ethtool_channels *ch)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	unsigned int max_napi = fbnic_max_napi(fbn);
	unsigned int tx, rx, standalone;
	struct fbnic_queue_cfg cfg;
	int err;

	tx = ch->tx_count + ch->combined_count;
	rx = ch->rx_count + ch->combined_count;
	standalone = ch->rx_count + ch->tx_count;

	/* Queues without a partner need a vector of their own */
	if ((ch->combined_count && ch->rx_count && ch->tx_count) ||
	    (!ch->combined_count && standalone > max_napi) ||
	    !tx || !rx || tx > FBNIC_MAX_TXQS || rx > FBNIC_MAX_RXQS ||
	    ch->other_count != FBNIC_NON_QUEUE_VECTORS)
		return -EINVAL;

	fbnic_get_queue_cfg(fbn, &cfg);
	cfg.num_tx_queues = tx;
	cfg.num_rx_queues = rx;
	cfg.num_napi = min(standalone + ch->combined_count, max_napi);

	/* Spread a default table over the new queues before they run */
	fbnic_rss_reset_indir(fbn, rx);
	err = fbnic_reconfigure(fbn, &cfg);
	if (err)
		fbnic_rss_restore_indir(fbn);
	return err;
}

/**
 * fbnic_get_pauseparam() - ethtool -a
 * @netdev: the fbnic netdev
 * @pause: filled in; no autonegotiation, the link mode being fixed
 */
void fbnic_get_pauseparam(struct net_device *netdev,
			  struct ethtool_pauseparam *pause)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	pause->autoneg = 0;
	pause->tx_pause = fbn->tx_pause;
	pause->rx_pause = fbn->rx_pause;
}

/**
 * fbnic_set_pauseparam() - ethtool -A
 * @netdev: the fbnic netdev
 * @pause: flow control to use each way
 *
 * Return: 0, or -EOPNOTSUPP if autonegotiation is asked for.
 */
int fbnic_set_pauseparam(struct net_device *netdev,
			 struct ethtool_pauseparam *pause)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	if (pause->autoneg)
		return -EOPNOTSUPP;
	fbn->tx_pause = !!pause->tx_pause;
	fbn->rx_pause = !!pause->rx_pause;
	fbnic_mac_set_pause(fbn);
	return 0;
}

/**
 * fbnic_get_coalesce() - ethtool -c
 * @netdev: the fbnic netdev
 * @ec: filled in: Tx and Rx delays, Rx frame count
 * @kec: unused
 * @extack: unused
 *
 * Return: 0.
 */
int fbnic_get_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
		       struct kernel_ethtool_coalesce *kec,
		       struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	ec->tx_coalesce_usecs = fbn->tx_usecs;
	ec->rx_coalesce_usecs = fbn->rx_usecs;
	ec->rx_max_coalesced_frames = fbn->rx_max_frames;
	return 0;
}

/**
 * fbnic_set_coalesce() - ethtool -C
 * @netdev: the fbnic netdev
 * @ec: Tx and Rx delays (microseconds) and Rx frame count
 * @kec: unused
 * @extack: reason of a refusal
 *
 * Takes effect at once on an open netdev.
 *
 * Return: 0 or -EINVAL for values beyond the device's fields.
 */
int fbnic_set_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
		       struct kernel_ethtool_coalesce *kec,
		       struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	unsigned int i;

	if (ec->rx_coalesce_usecs > FIELD_MAX(FBNIC_INTR_CQ_REARM_RCQ_TIMEOUT) ||
	    ec->tx_coalesce_usecs > FIELD_MAX(FBNIC_INTR_CQ_REARM_TCQ_TIMEOUT)) {
		NL_SET_ERR_MSG_MOD(extack, "delay beyond the device's maximum");
		return -EINVAL;
	}
	if (ec->rx_max_coalesced_frames >
	    FIELD_MAX(FBNIC_QUEUE_IM_THRESHOLD) / FBNIC_RX_DESC_PER_FRAME_MIN) {
		NL_SET_ERR_MSG_MOD(extack, "frame count beyond the device's maximum");
		return -EINVAL;
	}

	fbn->tx_usecs = ec->tx_coalesce_usecs;
	fbn->rx_usecs = ec->rx_coalesce_usecs;
	fbn->rx_max_frames = ec->rx_max_coalesced_frames;

	for (i = 0; i < FBNIC_MAX_NAPI_VECTORS; i++)
		if (fbn->napi[i])
			fbnic_config_moderation(fbn->napi[i]);
	return 0;
}

/**
 * fbnic_get_rx_ring_count() - Rx queues RSS can spread over
 * @netdev: the fbnic netdev
 *
 * Return: the number of Rx queues.
 */
u32 fbnic_get_rx_ring_count(struct net_device *netdev)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	return fbn->num_rx_queues;
}

/**
 * fbnic_get_rxfh_key_size() - size of the RSS key
 * @netdev: the fbnic netdev
 *
 * Return: bytes; the device uses the first 425 bits.
 */
u32 fbnic_get_rxfh_key_size(struct net_device *netdev)
{
	return FBNIC_RPC_RSS_KEY_BYTES;
}

/**
 * fbnic_get_rxfh_indir_size() - entries of an RSS indirection table
 * @netdev: the fbnic netdev
 *
 * Return: the table size.
 */
u32 fbnic_get_rxfh_indir_size(struct net_device *netdev)
{
	return FBNIC_RPC_RSS_TBL_SIZE;
}

/**
 * fbnic_get_rxfh() - ethtool -x
 * @netdev: the fbnic netdev
 * @rxfh: filled in: Toeplitz, key and main table
 *
 * Return: 0.
 */
int fbnic_get_rxfh(struct net_device *netdev, struct ethtool_rxfh_param *rxfh)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	unsigned int i;

	rxfh->hfunc = ETH_RSS_HASH_TOP;
	if (rxfh->key)
		memcpy(rxfh->key, fbn->rss_key, FBNIC_RPC_RSS_KEY_BYTES);
	if (rxfh->indir)
		for (i = 0; i < FBNIC_RPC_RSS_TBL_SIZE; i++)
			rxfh->indir[i] = fbn->indir_tbl[0][i];
	return 0;
}

static int fbnic_rxfh_check(const struct ethtool_rxfh_param *rxfh,
			    struct netlink_ext_ack *extack)
{
	if (rxfh->hfunc != ETH_RSS_HASH_NO_CHANGE &&
	    rxfh->hfunc != ETH_RSS_HASH_TOP) {
		NL_SET_ERR_MSG_MOD(extack, "only Toeplitz hashing is supported");
		return -EOPNOTSUPP;
	}
	if (rxfh->input_xfrm != RXH_XFRM_NO_CHANGE && rxfh->input_xfrm) {
		NL_SET_ERR_MSG_MOD(extack, "no input transformation is supported");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Take table @tbl from @indir. True if it changed: only then does the
 * device need it, and writing a table costs 256 register writes.
 */
static bool fbnic_set_indir(struct fbnic_net *fbn, unsigned int tbl,
			    const u32 *indir)
{
	bool changed = false;
	unsigned int i;

	for (i = 0; i < FBNIC_RPC_RSS_TBL_SIZE; i++) {
		if (fbn->indir_tbl[tbl][i] == indir[i])
			continue;
		fbn->indir_tbl[tbl][i] = indir[i];
		changed = true;
	}
	return changed;
}

/* Take @key, true if it changed */
static bool fbnic_set_rss_key(struct fbnic_net *fbn, const u8 *key)
{
	if (!memcmp(fbn->rss_key, key, FBNIC_RPC_RSS_KEY_BYTES))
		return false;
	memcpy(fbn->rss_key, key, FBNIC_RPC_RSS_KEY_BYTES);
	return true;
}

/**
 * fbnic_set_rxfh() - ethtool -X
 * @netdev: the fbnic netdev
 * @rxfh: new key and/or main table
 * @extack: reason of a refusal
 *
 * Only what changed is written to a running device, so that a new key,
 * which is how flows get rehashed under load, is a handful of writes.
 *
 * Return: 0 or -EOPNOTSUPP for another hash function or transformation.
 */
int fbnic_set_rxfh(struct net_device *netdev, struct ethtool_rxfh_param *rxfh,
		   struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	bool key_changed, indir_changed;
	int err;

	err = fbnic_rxfh_check(rxfh, extack);
	if (err)
		return err;

	key_changed = rxfh->key && fbnic_set_rss_key(fbn, rxfh->key);
	indir_changed = rxfh->indir && fbnic_set_indir(fbn, 0, rxfh->indir);
	if (!fbn->up)
		return 0;
	if (key_changed)
		fbnic_rss_write_key(fbn);
	if (indir_changed)
		fbnic_rss_write_indir(fbn, 0);
	return 0;
}

/* The RSS flow type of an ethtool flow type, -1 if RSS has none */
static int fbnic_rss_flow(u32 flow_type)
{
	switch (flow_type & ~(FLOW_EXT | FLOW_MAC_EXT | FLOW_RSS)) {
	case TCP_V4_FLOW:
		return FBNIC_RSS_FLOW_TCP4;
	case TCP_V6_FLOW:
		return FBNIC_RSS_FLOW_TCP6;
	case UDP_V4_FLOW:
		return FBNIC_RSS_FLOW_UDP4;
	case UDP_V6_FLOW:
		return FBNIC_RSS_FLOW_UDP6;
	case AH_V4_FLOW:
	case ESP_V4_FLOW:
	case AH_ESP_V4_FLOW:
	case SCTP_V4_FLOW:
	case IPV4_FLOW:
	case IPV4_USER_FLOW:
		return FBNIC_RSS_FLOW_IP4;
	case AH_V6_FLOW:
	case ESP_V6_FLOW:
	case AH_ESP_V6_FLOW:
	case SCTP_V6_FLOW:
	case IPV6_FLOW:
	case IPV6_USER_FLOW:
		return FBNIC_RSS_FLOW_IP6;
	case ETHER_FLOW:
		return FBNIC_RSS_FLOW_ETHER;
	}
	return -1;
}

/**
 * fbnic_get_rxfh_fields() - ethtool -n rx-flow-hash
 * @netdev: the fbnic netdev
 * @fields: flow type in, RXH_* fields out
 *
 * Return: 0 or -EINVAL for a flow type RSS does not know.
 */
int fbnic_get_rxfh_fields(struct net_device *netdev,
			  struct ethtool_rxfh_fields *fields)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	int flow = fbnic_rss_flow(fields->flow_type);

	if (flow < 0)
		return -EINVAL;
	fields->data = fbn->rss_flow_hash[flow];
	return 0;
}

/**
 * fbnic_set_rxfh_fields() - ethtool -N rx-flow-hash
 * @netdev: the fbnic netdev
 * @fields: flow type and the RXH_* fields to hash (or RXH_DISCARD)
 * @extack: reason of a refusal
 *
 * Return: 0 or -EINVAL for fields the flow type does not have.
 */
int fbnic_set_rxfh_fields(struct net_device *netdev,
			  const struct ethtool_rxfh_fields *fields,
			  struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	int flow = fbnic_rss_flow(fields->flow_type);
	u32 allowed;

	if (flow < 0)
		return -EINVAL;

	switch (flow) {
	case FBNIC_RSS_FLOW_ETHER:
		allowed = FBNIC_RXH_L2_FIELDS;
		break;
	case FBNIC_RSS_FLOW_IP4:
	case FBNIC_RSS_FLOW_IP6:
		allowed = FBNIC_RXH_L3_FIELDS;
		break;
	default:
		allowed = FBNIC_RXH_L4_FIELDS;
		break;
	}
	if (fields->data & ~allowed) {
		NL_SET_ERR_MSG_MOD(extack, "field not hashable for this flow type");
		return -EINVAL;
	}

	fbn->rss_flow_hash[flow] = fields->data;
	if (fbn->up)
		fbnic_rpc_write_hash_fields(fbn);
	return 0;
}

/* The second indirection table is the only extra context */
static int fbnic_rxfh_ctx_check(const struct ethtool_rxfh_param *rxfh,
				struct netlink_ext_ack *extack)
{
	if (rxfh->rss_context >= FBNIC_RPC_RSS_TBL_COUNT)
		return -EINVAL;
	if (rxfh->key) {
		NL_SET_ERR_MSG_MOD(extack, "RSS contexts share the main key");
		return -EOPNOTSUPP;
	}
	return fbnic_rxfh_check(rxfh, extack);
}

/**
 * fbnic_modify_rxfh_context() - change the extra RSS context's table
 * @netdev: the fbnic netdev
 * @ctx: the context
 * @rxfh: the change; a new key is refused, the key being shared
 * @extack: reason of a refusal
 *
 * Return: 0 or a negative errno.
 */
int fbnic_modify_rxfh_context(struct net_device *netdev,
			      struct ethtool_rxfh_context *ctx,
			      const struct ethtool_rxfh_param *rxfh,
			      struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	int err;

	err = fbnic_rxfh_ctx_check(rxfh, extack);
	if (err)
		return err;

	if (fbnic_set_indir(fbn, rxfh->rss_context,
			    rxfh->indir ? rxfh->indir :
					  ethtool_rxfh_context_indir(ctx)) &&
	    fbn->up)
		fbnic_rss_write_indir(fbn, rxfh->rss_context);
	return 0;
}

/**
 * fbnic_create_rxfh_context() - set up the extra RSS context
 * @netdev: the fbnic netdev
 * @ctx: the context, with its table filled in if none is given
 * @rxfh: its settings
 * @extack: reason of a refusal
 *
 * The device has one indirection table besides the main one. Actions
 * select it; without flow steering rules no traffic does.
 *
 * Return: 0 or a negative errno.
 */
int fbnic_create_rxfh_context(struct net_device *netdev,
			      struct ethtool_rxfh_context *ctx,
			      const struct ethtool_rxfh_param *rxfh,
			      struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	unsigned int i;
	int err;

	err = fbnic_rxfh_ctx_check(rxfh, extack);
	if (err)
		return err;

	ctx->hfunc = ETH_RSS_HASH_TOP;
	if (ctx->key_size)
		memcpy(ethtool_rxfh_context_key(ctx), fbn->rss_key,
		       min_t(u32, ctx->key_size, FBNIC_RPC_RSS_KEY_BYTES));
	if (!rxfh->indir) {
		u32 *indir = ethtool_rxfh_context_indir(ctx);

		for (i = 0; i < FBNIC_RPC_RSS_TBL_SIZE; i++)
			indir[i] = ethtool_rxfh_indir_default(i,
							      fbn->num_rx_queues);
	}
	return fbnic_modify_rxfh_context(netdev, ctx, rxfh, extack);
}

/**
 * fbnic_remove_rxfh_context() - retire the extra RSS context
 * @netdev: the fbnic netdev
 * @ctx: the context
 * @rss_context: its ID
 * @extack: unused
 *
 * Return: 0.
 */
int fbnic_remove_rxfh_context(struct net_device *netdev,
			      struct ethtool_rxfh_context *ctx,
			      u32 rss_context, struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	if (rss_context >= FBNIC_RPC_RSS_TBL_COUNT)
		return -EINVAL;
	memset(fbn->indir_tbl[rss_context], 0,
	       sizeof(fbn->indir_tbl[rss_context]));
	if (fbn->up)
		fbnic_rss_write_indir(fbn, rss_context);
	return 0;
}

/**
 * fbnic_get_ts_info() - ethtool get_ts_info: timestamping capabilities
 * @netdev: the fbnic netdev
 * @info: filled in; the core adds the software Rx capabilities
 *
 * Without a PTP clock only software Tx stamps are offered.
 *
 * Return: 0.
 */
int fbnic_get_ts_info(struct net_device *netdev,
		      struct kernel_ethtool_ts_info *info)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	info->so_timestamping = SOF_TIMESTAMPING_TX_SOFTWARE;
	info->phc_index = fbnic_time_phc_index(fbn->fbd);
	if (info->phc_index < 0)
		return 0;

	info->so_timestamping |= SOF_TIMESTAMPING_TX_HARDWARE |
				 SOF_TIMESTAMPING_RX_HARDWARE |
				 SOF_TIMESTAMPING_RAW_HARDWARE;
	info->tx_types = BIT(HWTSTAMP_TX_OFF) | BIT(HWTSTAMP_TX_ON);
	/* What the classifier can tell apart (see fbnic_rx_tstamp_act()) */
	info->rx_filters = BIT(HWTSTAMP_FILTER_NONE) |
			   BIT(HWTSTAMP_FILTER_ALL) |
			   BIT(HWTSTAMP_FILTER_PTP_V1_L4_EVENT) |
			   BIT(HWTSTAMP_FILTER_PTP_V2_L4_EVENT) |
			   BIT(HWTSTAMP_FILTER_PTP_V2_L2_EVENT) |
			   BIT(HWTSTAMP_FILTER_PTP_V2_EVENT);
	return 0;
}

/**
 * fbnic_get_ts_stats() - ethtool get_ts_stats: Tx timestamp counters
 * @netdev: the fbnic netdev
 * @ts_stats: filled in with the sums over all transmit queues
 */
void fbnic_get_ts_stats(struct net_device *netdev,
			struct ethtool_ts_stats *ts_stats)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_tx_stats tx;
	struct fbnic_rx_stats rx;

	fbnic_sum_stats(fbn, &tx, &rx);
	ts_stats->pkts = tx.ts_packets;
	ts_stats->lost = tx.ts_lost;
	ts_stats->err = tx.ts_err;
}
