// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "fbnic.h"
#include "fbnic_netdev.h"

/*
 * ethtool: driver and firmware identity, the hardware counters (the
 * driver-specific ones by name, the IEEE 802.3 and RMON ones through the
 * standard groups) and the QSFP module's EEPROM, read by the firmware.
 */

/* The firmware reads the module at the standard SFF address only */
#define FBNIC_QSFP_I2C_ADDR	0x50

/* Largest frame the NIC passes, without FCS */
#define FBNIC_RMON_MAX_FRAME	9742

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

static int fbnic_get_sset_count(struct net_device *netdev, int sset)
{
	switch (sset) {
	case ETH_SS_STATS:
		return fbnic_hw_stats_ethtool_count();
	default:
		return -EOPNOTSUPP;
	}
}

static void fbnic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_STATS)
		fbnic_hw_stats_ethtool_strings(&data);
}

static void fbnic_get_ethtool_stats(struct net_device *netdev,
				    struct ethtool_stats *stats, u64 *data)
{
	fbnic_hw_stats_ethtool_values(fbnic_ethtool_fbd(netdev), data);
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
	{ 9217, FBNIC_RMON_MAX_FRAME },
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

static const struct ethtool_ops fbnic_ethtool_ops = {
	.get_drvinfo			= fbnic_get_drvinfo,
	.get_link			= ethtool_op_get_link,
	.get_sset_count			= fbnic_get_sset_count,
	.get_strings			= fbnic_get_strings,
	.get_ethtool_stats		= fbnic_get_ethtool_stats,
	.get_eth_mac_stats		= fbnic_get_eth_mac_stats,
	.get_eth_ctrl_stats		= fbnic_get_eth_ctrl_stats,
	.get_pause_stats		= fbnic_get_pause_stats,
	.get_rmon_stats			= fbnic_get_rmon_stats,
	.get_fec_stats			= fbnic_get_fec_stats,
	.get_eth_phy_stats		= fbnic_get_eth_phy_stats,
	.get_ts_info			= ethtool_op_get_ts_info,
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
