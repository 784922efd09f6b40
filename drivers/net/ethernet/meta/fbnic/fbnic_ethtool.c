// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/sfp.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_selftest.h"

/*
 * ethtool: driver and firmware identity, the port's link mode, the
 * hardware counters (the driver-specific ones by name, the IEEE 802.3 and
 * RMON ones through the standard groups) and the QSFP module's EEPROM,
 * read by the firmware. Rings, channels, moderation and RSS are the data
 * path's (fbnic_netdev_ethtool.c).
 */

/* The firmware reads the module at the standard SFF address only */
#define FBNIC_QSFP_I2C_ADDR	0x50

/* SFF-8636 lower page: revision compliance, status (flat memory bit) */
#define FBNIC_SFF8636_REV		1
#define FBNIC_SFF8636_REV_8636		0x03	/* and later: SFF-8636 */
#define FBNIC_SFF8636_STATUS		2
#define FBNIC_SFF8636_STATUS_FLAT	BIT(2)

static struct fbnic_dev *fbnic_ethtool_fbd(struct net_device *netdev)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	return fbn->fbd;
}

static void fbnic_get_drvinfo(struct net_device *netdev,
			      struct ethtool_drvinfo *info)
{
	struct fbnic_dev *fbd = fbnic_ethtool_fbd(netdev);
	u32 undi = fbd->fw.stored_undi.version;

	strscpy(info->driver, FBNIC_DRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, pci_name(fbd->pdev), sizeof(info->bus_info));
	if (fbd->fw.running_mgmt.version)
		fbnic_fw_get_ver_commit_str(fbd, info->fw_version,
					    sizeof(info->fw_version));
	/* The option ROM is the UEFI driver in flash */
	if (undi)
		fbnic_fw_ver_str(undi, info->erom_version,
				 sizeof(info->erom_version));
}

/* The link mode the port runs, as an ethtool link mode bit */
static int fbnic_link_mode_bit(const struct fbnic_link_mode *mode)
{
	switch (mode->speed) {
	case SPEED_25000:
		return ETHTOOL_LINK_MODE_25000baseCR_Full_BIT;
	case SPEED_50000:
		return mode->lanes == 2 ? ETHTOOL_LINK_MODE_50000baseCR2_Full_BIT :
					  ETHTOOL_LINK_MODE_50000baseCR_Full_BIT;
	case SPEED_100000:
		return ETHTOOL_LINK_MODE_100000baseCR2_Full_BIT;
	default:
		return -1;
	}
}

static int fbnic_fec_link_mode_bit(enum fbnic_fec fec)
{
	switch (fec) {
	case FBNIC_FEC_RS:
		return ETHTOOL_LINK_MODE_FEC_RS_BIT;
	case FBNIC_FEC_BASER:
		return ETHTOOL_LINK_MODE_FEC_BASER_BIT;
	default:
		return ETHTOOL_LINK_MODE_FEC_NONE_BIT;
	}
}

/*
 * The firmware sets the port up in one mode (from the capabilities it
 * reports): that is the only mode supported, with no autonegotiation.
 * The cage takes direct-attach copper cables.
 */
static int fbnic_get_link_ksettings(struct net_device *netdev,
				    struct ethtool_link_ksettings *cmd)
{
	struct fbnic_dev *fbd = fbnic_ethtool_fbd(netdev);
	struct fbnic_link_mode mode;
	int bit;

	fbnic_mac_get_link_mode(fbd, &mode);
	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);

	bit = fbnic_link_mode_bit(&mode);
	if (bit >= 0) {
		__set_bit(bit, cmd->link_modes.supported);
		__set_bit(bit, cmd->link_modes.advertising);
		bit = fbnic_fec_link_mode_bit(mode.fec);
		__set_bit(bit, cmd->link_modes.supported);
		__set_bit(bit, cmd->link_modes.advertising);
		cmd->lanes = mode.lanes;
	}
	ethtool_link_ksettings_add_link_mode(cmd, supported, FIBRE);
	cmd->base.port = PORT_DA;
	cmd->base.autoneg = AUTONEG_DISABLE;
	if (netif_running(netdev) && netif_carrier_ok(netdev)) {
		cmd->base.speed = mode.speed;
		cmd->base.duplex = DUPLEX_FULL;
	} else {
		cmd->base.speed = SPEED_UNKNOWN;
		cmd->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

static int fbnic_get_fecparam(struct net_device *netdev,
			      struct ethtool_fecparam *fec)
{
	struct fbnic_link_mode mode;

	fbnic_mac_get_link_mode(fbnic_ethtool_fbd(netdev), &mode);
	switch (mode.fec) {
	case FBNIC_FEC_RS:
		fec->fec = ETHTOOL_FEC_RS;
		break;
	case FBNIC_FEC_BASER:
		fec->fec = ETHTOOL_FEC_BASER;
		break;
	default:
		fec->fec = ETHTOOL_FEC_OFF;
		break;
	}
	fec->active_fec = fec->fec;
	return 0;
}

static void fbnic_get_link_ext_stats(struct net_device *netdev,
				     struct ethtool_link_ext_stats *stats)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	stats->link_down_events = READ_ONCE(fbn->link_down_events);
}

/* Per TWQ1 after the hardware counters, under upstream's names, for
 * every queue pair the device has: what XDP sent there, XDP_TX and
 * redirected frames alike, since the netdev was made (a pair never used
 * reads 0)
 */
static const char * const fbnic_xdpq_stat_names[] = {
	"xdp_tx_queue_%u_packets",
	"xdp_tx_queue_%u_bytes",
	"xdp_tx_queue_%u_dropped",
};

#define FBNIC_XDPQ_STATS_LEN \
	(ARRAY_SIZE(fbnic_xdpq_stat_names) * FBNIC_MAX_TXQS)

static void fbnic_xdpq_strings(u8 **data)
{
	unsigned int q, i;

	for (q = 0; q < FBNIC_MAX_TXQS; q++)
		for (i = 0; i < ARRAY_SIZE(fbnic_xdpq_stat_names); i++)
			ethtool_sprintf(data, fbnic_xdpq_stat_names[i], q);
}

static void fbnic_xdpq_values(struct fbnic_net *fbn, u64 *data)
{
	struct fbnic_xdpq_counts counts;
	struct fbnic_tx_stats tq;
	unsigned int q;

	/* Rings come and go with reconfiguration under this lock */
	spin_lock_bh(&fbn->stats_lock);
	for (q = 0; q < FBNIC_MAX_TXQS; q++) {
		counts = fbn->xdpq_base[q];
		if (fbn->txq[q]) {
			fbnic_txq_read_stats(fbn->txq[q], &tq);
			fbnic_xdpq_counts_add(&counts, &tq);
		}
		/* In fbnic_xdpq_stat_names' order */
		*data++ = counts.packets;
		*data++ = counts.bytes;
		*data++ = counts.dropped;
	}
	spin_unlock_bh(&fbn->stats_lock);
}

/* And what XDP decided on each receive queue, counted the same way */
static const char * const fbnic_xdp_rxq_stat_names[] = {
	"xdp_rx_queue_%u_pass",
	"xdp_rx_queue_%u_drop",
	"xdp_rx_queue_%u_tx",
	"xdp_rx_queue_%u_redirect",
	"xdp_rx_queue_%u_errors",
};

#define FBNIC_XDP_RXQ_STATS_LEN \
	(ARRAY_SIZE(fbnic_xdp_rxq_stat_names) * FBNIC_MAX_RXQS)

static void fbnic_xdp_rxq_strings(u8 **data)
{
	unsigned int q, i;

	for (q = 0; q < FBNIC_MAX_RXQS; q++)
		for (i = 0; i < ARRAY_SIZE(fbnic_xdp_rxq_stat_names); i++)
			ethtool_sprintf(data, fbnic_xdp_rxq_stat_names[i], q);
}

static void fbnic_xdp_rxq_values(struct fbnic_net *fbn, u64 *data)
{
	struct fbnic_xdp_rx_counts counts;
	struct fbnic_rx_stats rq;
	unsigned int q;

	spin_lock_bh(&fbn->stats_lock);
	for (q = 0; q < FBNIC_MAX_RXQS; q++) {
		counts = fbn->xdp_rxq_base[q];
		if (fbn->rxq[q]) {
			fbnic_rxq_read_stats(fbn->rxq[q], &rq);
			fbnic_xdp_rx_counts_add(&counts, &rq);
		}
		/* In fbnic_xdp_rxq_stat_names' order */
		*data++ = counts.pass;
		*data++ = counts.drop;
		*data++ = counts.tx;
		*data++ = counts.redirect;
		*data++ = counts.errors;
	}
	spin_unlock_bh(&fbn->stats_lock);
}

static int fbnic_get_sset_count(struct net_device *netdev, int sset)
{
	switch (sset) {
	case ETH_SS_STATS:
		return fbnic_hw_stats_ethtool_count() + FBNIC_XDPQ_STATS_LEN +
		       FBNIC_XDP_RXQ_STATS_LEN;
	case ETH_SS_TEST:
		return FBNIC_SELFTEST_COUNT;
	default:
		return -EOPNOTSUPP;
	}
}

static void fbnic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	switch (sset) {
	case ETH_SS_STATS:
		fbnic_hw_stats_ethtool_strings(&data);
		fbnic_xdpq_strings(&data);
		fbnic_xdp_rxq_strings(&data);
		break;
	case ETH_SS_TEST:
		fbnic_selftest_strings(&data);
		break;
	}
}

static void fbnic_get_ethtool_stats(struct net_device *netdev,
				    struct ethtool_stats *stats, u64 *data)
{
	fbnic_hw_stats_ethtool_values(fbnic_ethtool_fbd(netdev), data);
	data += fbnic_hw_stats_ethtool_count();
	fbnic_xdpq_values(netdev_priv(netdev), data);
	fbnic_xdp_rxq_values(netdev_priv(netdev), data + FBNIC_XDPQ_STATS_LEN);
}

/* The MAC has no preemptible MAC: only the aggregate is reported */
static bool fbnic_mac_stats_src_ok(enum ethtool_mac_stats_src src)
{
	return src == ETHTOOL_MAC_STATS_SRC_AGGREGATE;
}

static void fbnic_get_eth_mac_stats(struct net_device *netdev,
				    struct ethtool_eth_mac_stats *s)
{
	struct fbnic_mac_hw_stats mac;

	if (!fbnic_mac_stats_src_ok(s->src))
		return;
	fbnic_hw_stats_get_mac(fbnic_ethtool_fbd(netdev), &mac);

	s->FramesTransmittedOK = mac.tx_frames.total;
	s->FramesReceivedOK = mac.rx_frames.total;
	s->FrameCheckSequenceErrors = mac.rx_fcs_err.total;
	s->AlignmentErrors = mac.rx_align_err.total;
	s->OctetsTransmittedOK = mac.tx_octets.total;
	s->FramesLostDueToIntMACXmitError = mac.tx_if_err.total;
	s->OctetsReceivedOK = mac.rx_octets.total;
	s->FramesLostDueToIntMACRcvError = mac.rx_if_err.total;
	s->MulticastFramesXmittedOK = mac.tx_mcast.total;
	s->BroadcastFramesXmittedOK = mac.tx_bcast.total;
	s->MulticastFramesReceivedOK = mac.rx_mcast.total;
	s->BroadcastFramesReceivedOK = mac.rx_bcast.total;
	s->FrameTooLongErrors = mac.rx_too_long.total;
}

static void fbnic_get_eth_ctrl_stats(struct net_device *netdev,
				     struct ethtool_eth_ctrl_stats *s)
{
	struct fbnic_mac_hw_stats mac;

	if (!fbnic_mac_stats_src_ok(s->src))
		return;
	fbnic_hw_stats_get_mac(fbnic_ethtool_fbd(netdev), &mac);

	s->MACControlFramesTransmitted = mac.tx_ctrl.total;
	s->MACControlFramesReceived = mac.rx_ctrl.total;
}

static void fbnic_get_pause_stats(struct net_device *netdev,
				  struct ethtool_pause_stats *s)
{
	struct fbnic_mac_hw_stats mac;

	if (!fbnic_mac_stats_src_ok(s->src))
		return;
	fbnic_hw_stats_get_mac(fbnic_ethtool_fbd(netdev), &mac);

	s->tx_pause_frames = mac.tx_pause.total;
	s->rx_pause_frames = mac.rx_pause.total;
	s->tx_pause_storm_events = mac.tx_pause_storms.total;
}

/* Frame size buckets of the RMON histograms: the MAC counts frames of up
 * to 1518 bytes by size, the Rx parser and Tx MAC interface the larger
 * ones, up to the largest frame the NIC passes.
 */
static const struct ethtool_rmon_hist_range fbnic_rmon_ranges[] = {
	{    0,   64 },
	{   65,  127 },
	{  128,  255 },
	{  256,  511 },
	{  512, 1023 },
	{ 1024, 1518 },
	{ 1519, 2047 },
	{ 2048, 4095 },
	{ 4096, 8191 },
	{ 8192, 9216 },
	{ 9217, FBNIC_MAX_FRAME_SIZE },
	{}
};

static_assert(ARRAY_SIZE(fbnic_rmon_ranges) - 1 == FBNIC_HWS_RMON_BUCKETS);
static_assert(FBNIC_HWS_RMON_BUCKETS <= ETHTOOL_RMON_HIST_MAX);

static void fbnic_get_rmon_stats(struct net_device *netdev,
				 struct ethtool_rmon_stats *s,
				 const struct ethtool_rmon_hist_range **ranges)
{
	struct fbnic_mac_hw_stats mac;
	int i;

	if (!fbnic_mac_stats_src_ok(s->src))
		return;
	fbnic_hw_stats_get_mac(fbnic_ethtool_fbd(netdev), &mac);

	s->undersize_pkts = mac.rx_undersize.total;
	s->oversize_pkts = mac.rx_oversize.total;
	s->fragments = mac.rx_fragments.total;
	s->jabbers = mac.rx_jabbers.total;
	for (i = 0; i < FBNIC_HWS_RMON_BUCKETS; i++) {
		s->hist[i] = mac.rx_hist[i].total;
		s->hist_tx[i] = mac.tx_hist[i].total;
	}
	*ranges = fbnic_rmon_ranges;
}

static void fbnic_get_fec_stats(struct net_device *netdev,
				struct ethtool_fec_stats *s,
				struct ethtool_fec_hist *hist)
{
	struct fbnic_phy_hw_stats phy;

	fbnic_hw_stats_get_phy(fbnic_ethtool_fbd(netdev), &phy);
	s->corrected_blocks.total = phy.fec_corrected.total;
	s->uncorrectable_blocks.total = phy.fec_uncorrectable.total;
}

static void fbnic_get_eth_phy_stats(struct net_device *netdev,
				    struct ethtool_eth_phy_stats *s)
{
	struct fbnic_phy_hw_stats phy;
	u64 sum = 0;
	int i;

	if (!fbnic_mac_stats_src_ok(s->src))
		return;
	fbnic_hw_stats_get_phy(fbnic_ethtool_fbd(netdev), &phy);
	for (i = 0; i < FBNIC_HWS_PCS_LANES; i++)
		sum += phy.pcs_symbol_err[i].total;
	s->SymbolErrorDuringCarrier = sum;
}

static int
fbnic_get_module_eeprom_by_page(struct net_device *netdev,
				const struct ethtool_module_eeprom *page,
				struct netlink_ext_ack *extack)
{
	struct fbnic_dev *fbd = fbnic_ethtool_fbd(netdev);
	int err;

	if (page->i2c_address != FBNIC_QSFP_I2C_ADDR) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "only I2C address 0x%x can be read",
				       FBNIC_QSFP_I2C_ADDR);
		return -EINVAL;
	}
	if (!page->length || page->length > FBNIC_FW_QSFP_READ_MAX ||
	    page->offset > FBNIC_FW_QSFP_READ_MAX - page->length) {
		NL_SET_ERR_MSG_MOD(extack, "read outside the page pair");
		return -EINVAL;
	}

	err = fbnic_fw_read_qsfp(fbd, page->bank, page->page, page->offset,
				 page->length, page->data);
	switch (err) {
	case 0:
		return page->length;
	case -ENODEV:
		NL_SET_ERR_MSG_MOD(extack, "no module in the QSFP cage");
		break;
	case -ETIMEDOUT:
		NL_SET_ERR_MSG_MOD(extack, "firmware did not answer the module EEPROM read");
		break;
	default:
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "firmware could not read module EEPROM page %u: %d",
				       page->page, err);
		break;
	}
	return err;
}

/*
 * The legacy (ioctl) module EEPROM interface, which `ethtool -m` still uses
 * for whole dumps (hex, raw), sees a QSFP EEPROM as one linear space: the
 * lower page, then upper pages 0 to 3; a flat-memory module has upper
 * page 0 only.
 */
static int fbnic_get_module_info(struct net_device *netdev,
				 struct ethtool_modinfo *modinfo)
{
	struct fbnic_dev *fbd = fbnic_ethtool_fbd(netdev);
	u8 id[FBNIC_SFF8636_STATUS + 1];
	int err;

	err = fbnic_fw_read_qsfp(fbd, 0, 0, 0, sizeof(id), id);
	if (err)
		return err;

	switch (id[0]) {
	case SFF8024_ID_QSFP_8438:
		modinfo->type = ETH_MODULE_SFF_8436;
		break;
	case SFF8024_ID_QSFP_8436_8636:
		modinfo->type = id[FBNIC_SFF8636_REV] >= FBNIC_SFF8636_REV_8636 ?
				ETH_MODULE_SFF_8636 : ETH_MODULE_SFF_8436;
		break;
	case SFF8024_ID_QSFP28_8636:
		modinfo->type = ETH_MODULE_SFF_8636;
		break;
	default:	/* e.g. CMIS modules: netlink reads them by page */
		return -EOPNOTSUPP;
	}
	if (id[FBNIC_SFF8636_STATUS] & FBNIC_SFF8636_STATUS_FLAT)
		modinfo->eeprom_len = ETH_MODULE_SFF_8636_LEN;
	else
		modinfo->eeprom_len = ETH_MODULE_SFF_8636_MAX_LEN;
	return 0;
}

static int fbnic_get_module_eeprom(struct net_device *netdev,
				   struct ethtool_eeprom *ee, u8 *data)
{
	const u32 half = ETH_MODULE_EEPROM_PAGE_LEN;
	struct fbnic_dev *fbd = fbnic_ethtool_fbd(netdev);
	u32 pos = ee->offset, end = ee->offset + ee->len;
	u32 page, offset, len;
	int err;

	/* The core keeps the range within get_module_info()'s length */
	while (pos < end) {
		if (pos < 2 * half) {	/* lower page and upper page 0 */
			page = 0;
			offset = pos;
		} else {		/* upper pages 1 to 3 */
			page = pos / half - 1;
			offset = half + pos % half;
		}
		len = min(end - pos, 2 * half - offset);
		err = fbnic_fw_read_qsfp(fbd, 0, page, offset, len,
					 data + (pos - ee->offset));
		if (err)
			return err;
		pos += len;
	}
	return 0;
}

static const struct ethtool_ops fbnic_ethtool_ops = {
	.cap_link_lanes_supported	= true,
	.supported_coalesce_params	= ETHTOOL_COALESCE_USECS |
					  ETHTOOL_COALESCE_RX_MAX_FRAMES,
	.supported_ring_params		= ETHTOOL_RING_USE_TCP_DATA_SPLIT |
					  ETHTOOL_RING_USE_HDS_THRS,
	.rxfh_max_num_contexts		= FBNIC_RPC_RSS_TBL_COUNT,
	/* The queue API makes every op run under the instance lock; these
	 * also need RTNL: queue counts (netif_set_real_num_tx_queues()),
	 * the link (ethtool_op_get_link()), the self test (netif_close())
	 * and what shares state with the link work and the filters
	 */
	.op_needs_rtnl			= ETHTOOL_OP_NEEDS_RTNL_LINKSETTINGS |
					  ETHTOOL_OP_NEEDS_RTNL_GPAUSEPARAM |
					  ETHTOOL_OP_NEEDS_RTNL_SPAUSEPARAM |
					  ETHTOOL_OP_NEEDS_RTNL_SCHANNELS |
					  ETHTOOL_OP_NEEDS_RTNL_SRINGPARAM |
					  ETHTOOL_OP_NEEDS_RTNL_RSS |
					  ETHTOOL_OP_NEEDS_RTNL_GLINK |
					  ETHTOOL_OP_NEEDS_RTNL_TEST,
	.get_drvinfo			= fbnic_get_drvinfo,
	.get_link			= ethtool_op_get_link,
	.get_link_ksettings		= fbnic_get_link_ksettings,
	.get_fecparam			= fbnic_get_fecparam,
	.get_link_ext_stats		= fbnic_get_link_ext_stats,
	.get_ringparam			= fbnic_get_ringparam,
	.set_ringparam			= fbnic_set_ringparam,
	.get_channels			= fbnic_get_channels,
	.set_channels			= fbnic_set_channels,
	.get_coalesce			= fbnic_get_coalesce,
	.set_coalesce			= fbnic_set_coalesce,
	.get_rx_ring_count		= fbnic_get_rx_ring_count,
	.get_rxnfc			= fbnic_get_rxnfc,
	.set_rxnfc			= fbnic_set_rxnfc,
	.get_rxfh_key_size		= fbnic_get_rxfh_key_size,
	.get_rxfh_indir_size		= fbnic_get_rxfh_indir_size,
	.get_rxfh			= fbnic_get_rxfh,
	.set_rxfh			= fbnic_set_rxfh,
	.get_rxfh_fields		= fbnic_get_rxfh_fields,
	.set_rxfh_fields		= fbnic_set_rxfh_fields,
	.create_rxfh_context		= fbnic_create_rxfh_context,
	.modify_rxfh_context		= fbnic_modify_rxfh_context,
	.remove_rxfh_context		= fbnic_remove_rxfh_context,
	.get_sset_count			= fbnic_get_sset_count,
	.get_strings			= fbnic_get_strings,
	.self_test			= fbnic_self_test,
	.get_ethtool_stats		= fbnic_get_ethtool_stats,
	.get_eth_mac_stats		= fbnic_get_eth_mac_stats,
	.get_eth_ctrl_stats		= fbnic_get_eth_ctrl_stats,
	.get_pauseparam			= fbnic_get_pauseparam,
	.set_pauseparam			= fbnic_set_pauseparam,
	.get_pause_stats		= fbnic_get_pause_stats,
	.get_rmon_stats			= fbnic_get_rmon_stats,
	.get_fec_stats			= fbnic_get_fec_stats,
	.get_eth_phy_stats		= fbnic_get_eth_phy_stats,
	.get_ts_info			= fbnic_get_ts_info,
	.get_ts_stats			= fbnic_get_ts_stats,
	.get_module_info		= fbnic_get_module_info,
	.get_module_eeprom		= fbnic_get_module_eeprom,
	.get_module_eeprom_by_page	= fbnic_get_module_eeprom_by_page,
};

/**
 * fbnic_set_ethtool_ops() - give the netdev its ethtool operations
 * @dev: the fbnic netdev, before it is registered
 */
void fbnic_set_ethtool_ops(struct net_device *dev)
{
	dev->ethtool_ops = &fbnic_ethtool_ops;
}
