// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/bpf.h>
#include <linux/etherdevice.h>
#include <linux/ipv6.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <net/netdev_lock.h>
#include <net/netdev_queues.h>

#include "fbnic.h"
#include "fbnic_mac.h"
#include "fbnic_netdev.h"
#include "fbnic_queue.h"
#include "fbnic_rpc.h"
#include "fbnic_txrx.h"
#include "fbnic_xsk.h"

/*
 * The net_device. It exists from probe to remove whenever the device has
 * a serial number to take a MAC address from; its data path (vectors,
 * rings, classifier, MAC) only while it is open and the device present.
 * Everything here runs under RTNL and the netdev instance lock (the
 * queue API puts every netdev op under it) unless said otherwise.
 */

#define FBNIC_SERVICE_PERIOD		HZ
#define FBNIC_TX_TIMEOUT		(5 * HZ)

/* Offloads the device applies to the innermost headers of tunnelled
 * packets, the outer ones being prepared by the stack (GSO_PARTIAL)
 */
#define FBNIC_GSO_PARTIAL_FEATURES \
	(NETIF_F_GSO_GRE | NETIF_F_GSO_GRE_CSUM | NETIF_F_GSO_IPXIP4 | \
	 NETIF_F_GSO_IPXIP6 | NETIF_F_GSO_UDP_TUNNEL | \
	 NETIF_F_GSO_UDP_TUNNEL_CSUM)

/* Program the classifier: RSS, the per-flow-type rules, the filters */
static void fbnic_write_classifier(struct fbnic_net *fbn)
{
	struct net_device *netdev = fbn->netdev;

	fbnic_rss_write_hw(fbn);
	fbnic_rpc_write_rules(fbn);
	netif_addr_lock_bh(netdev);
	fbnic_rpc_sync_rx_mode(fbn, &netdev->uc, &netdev->mc);
	netif_addr_unlock_bh(netdev);
}

/**
 * fbnic_up() - start the data path
 * @fbn: netdev private area, with vectors and rings allocated
 *
 * Queues first, then buffers on them, then the classifier that steers
 * traffic to them, and last the interrupts.
 */
void fbnic_up(struct fbnic_net *fbn)
{
	struct net_device *netdev = fbn->netdev;

	fbnic_enable(fbn);
	fbnic_fill(fbn);

	fbn->fw_restarts = READ_ONCE(fbn->fbd->fw.restarts);
	fbn->fw_caps_seq = READ_ONCE(fbn->fbd->fw.caps_seq);
	fbnic_write_classifier(fbn);

	fbnic_napi_enable(fbn);
	netif_tx_wake_all_queues(netdev);
	WRITE_ONCE(fbn->up, true);
}

/**
 * fbnic_down() - stop the data path and empty its rings
 * @fbn: netdev private area
 *
 * The reverse of fbnic_up(): nothing new is steered to the queues, the
 * engines stop and drain, and what they left is given back.
 */
void fbnic_down(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;

	WRITE_ONCE(fbn->up, false);
	/* Other devices' redirects that saw the rings up are done with them
	 * (ndo_xdp_xmit runs in an RCU read-side section)
	 */
	synchronize_net();
	fbnic_napi_disable(fbn);
	netif_tx_disable(fbn->netdev);

	fbnic_rpc_clear_rx_mode(fbn);
	fbnic_rpc_clear_rules(fbn);
	fbnic_rss_disable_hw(fbd);

	fbnic_disable(fbn);
	fbnic_wait_all_queues_idle(fbd, false);
	fbnic_flush(fbn);
}

/* The firmware must have handed the NIC over before the data path may
 * run. One that did not answer at probe may have come back since: ask it
 * again for its capabilities (the link mode is among them) and the NIC.
 */
static int fbnic_check_owned(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;

	if (READ_ONCE(fbd->fw.owned))
		return 0;
	if (fbd->fw_irq && !fbd->fw.caps_valid)
		fbnic_fw_request_caps(fbd);
	if (fbd->fw_irq && fbd->fw.caps_valid &&
	    !fbnic_fw_set_ownership(fbd, true))
		return 0;
	netdev_err(fbn->netdev,
		   "the firmware has not handed over the NIC; recover or update it with devlink\n");
	return -EIO;
}

static void fbnic_free_datapath(struct fbnic_net *fbn)
{
	fbnic_reset_netif_queues(fbn);
	fbnic_free_resources(fbn);
	fbnic_free_napi_vectors(fbn);
}

static int fbnic_start_queues(struct fbnic_net *fbn)
{
	int err;

	err = fbnic_alloc_napi_vectors(fbn);
	if (err)
		return err;
	err = fbnic_alloc_resources(fbn);
	if (err)
		goto free_vectors;
	err = fbnic_set_netif_queues(fbn);
	if (err)
		goto free_resources;
	fbnic_up(fbn);
	return 0;

free_resources:
	fbnic_reset_netif_queues(fbn);
	fbnic_free_resources(fbn);
free_vectors:
	fbnic_free_napi_vectors(fbn);
	return err;
}

/* Allocate and start everything the open netdev needs */
static int fbnic_open_datapath(struct fbnic_net *fbn)
{
	int err;

	if (!fbnic_present(fbn->fbd))
		return -ENODEV;
	err = fbnic_check_owned(fbn);
	if (err)
		return err;

	err = fbnic_start_queues(fbn);
	if (err)
		return err;
	err = fbnic_mac_start(fbn);
	if (err) {
		fbnic_down(fbn);
		fbnic_free_datapath(fbn);
	}
	return err;
}

static void fbnic_stop_datapath(struct fbnic_net *fbn)
{
	if (!fbn->napi[0])
		return;	/* never started, or torn down by a detach */
	fbnic_mac_stop(fbn);
	fbnic_down(fbn);
	fbnic_free_datapath(fbn);
}

static int fbnic_open(struct net_device *netdev)
{
	return fbnic_open_datapath(netdev_priv(netdev));
}

static int fbnic_stop(struct net_device *netdev)
{
	fbnic_stop_datapath(netdev_priv(netdev));
	return 0;
}

static int fbnic_set_rx_mode(struct net_device *netdev,
			     struct netdev_hw_addr_list *uc,
			     struct netdev_hw_addr_list *mc)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	/* fbnic_up() programs the lists when the data path starts */
	if (fbn->up)
		fbnic_rpc_sync_rx_mode(fbn, uc, mc);
	return 0;
}

static int fbnic_set_mac_address(struct net_device *netdev, void *p)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct sockaddr *addr = p;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;

	eth_hw_addr_set(netdev, addr->sa_data);
	if (fbn->up) {
		netif_addr_lock_bh(netdev);
		fbnic_rpc_sync_rx_mode(fbn, &netdev->uc, &netdev->mc);
		netif_addr_unlock_bh(netdev);
	}
	return 0;
}

/* A program without frags support must only see frames that fit one
 * header buffer
 */
static bool fbnic_xdp_prog_lacks_frags(const struct bpf_prog *prog, u32 mtu,
				       u32 hds_thresh)
{
	return prog && !prog->aux->xdp_has_frags &&
	       fbnic_xdp_needs_frags(mtu, hds_thresh);
}

/* Attach, swap or detach the XDP program. The receive path reads the
 * program per packet and the rings are always set up for XDP_TX, so no
 * restart is needed: a packet already begun finishes on the path it
 * started on.
 */
static int fbnic_xdp_setup(struct net_device *netdev, struct netdev_bpf *bpf)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct bpf_prog *prog = bpf->prog, *old;

	if (fbnic_xdp_prog_lacks_frags(prog, netdev->mtu, fbn->hds_thresh)) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "MTU too large or header-data split threshold too low for a program without multi-buffer (frags) support");
		return -EOPNOTSUPP;
	}

	old = xchg(&fbn->xdp_prog, prog);
	if (old)
		bpf_prog_put(old);
	return 0;
}

static int fbnic_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
{
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return fbnic_xdp_setup(netdev, bpf);
	case XDP_SETUP_XSK_POOL:
		return fbnic_xsk_pool_setup(netdev, bpf->xsk.pool,
					    bpf->xsk.queue_id);
	default:
		return -EINVAL;
	}
}

static int fbnic_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	if (fbnic_xdp_prog_lacks_frags(fbn->xdp_prog, new_mtu,
				       fbn->hds_thresh)) {
		netdev_err(netdev, "MTU %d needs multi-buffer frames, which the XDP program does not support (header-data split threshold %u)\n",
			   new_mtu, fbn->hds_thresh);
		return -EINVAL;
	}
	if (fbnic_xsk_check_mtu(fbn, new_mtu))
		return -EINVAL;

	/* The classifier and the Tx scheduler always pass the largest
	 * frame, and Rx frames span as many buffers as they need: nothing
	 * to reprogram.
	 */
	WRITE_ONCE(netdev->mtu, new_mtu);
	return 0;
}

/**
 * fbnic_sum_stats() - counters of all queues, live and freed
 * @fbn: netdev private area
 * @tx: filled with the sum of the transmit queues' counters
 * @rx: filled with the sum of the receive queues' counters
 */
void fbnic_sum_stats(struct fbnic_net *fbn, struct fbnic_tx_stats *tx,
		     struct fbnic_rx_stats *rx)
{
	struct fbnic_tx_stats tq;
	struct fbnic_rx_stats rq;
	unsigned int i;

	spin_lock_bh(&fbn->stats_lock);
	*tx = fbn->tx_base;
	*rx = fbn->rx_base;
	for (i = 0; i < FBNIC_MAX_TXQS; i++) {
		if (!fbn->txq[i])
			continue;
		fbnic_txq_read_stats(fbn->txq[i], &tq);
		fbnic_tx_stats_add(tx, &tq);
	}
	for (i = 0; i < FBNIC_MAX_RXQS; i++) {
		if (!fbn->rxq[i])
			continue;
		fbnic_rxq_read_stats(fbn->rxq[i], &rq);
		fbnic_rx_stats_add(rx, &rq);
	}
	spin_unlock_bh(&fbn->stats_lock);
}

static void fbnic_get_stats64(struct net_device *netdev,
			      struct rtnl_link_stats64 *stats)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_hw_err_stats hw;
	struct fbnic_tx_stats tx;
	struct fbnic_rx_stats rx;

	fbnic_sum_stats(fbn, &tx, &rx);
	fbnic_hw_stats_get_errors(fbn->fbd, &hw);

	stats->tx_packets = tx.packets;
	stats->tx_bytes = tx.bytes;
	stats->tx_dropped = tx.dropped + hw.tx_dropped;
	stats->tx_errors = hw.tx_errors;

	stats->rx_packets = rx.packets;
	stats->rx_bytes = rx.bytes;
	/* Frames XDP dropped on purpose count as dropped too */
	stats->rx_dropped = rx.dropped + rx.xdp_drop;
	stats->rx_missed_errors = hw.rx_missed;
	stats->rx_over_errors = hw.rx_over;
	stats->rx_crc_errors = hw.rx_crc;
	stats->rx_frame_errors = hw.rx_frame;
	stats->rx_fifo_errors = hw.rx_fifo;
	stats->rx_length_errors = rx.length_errors + hw.rx_length;
	stats->rx_errors = rx.length_errors + rx.bad_desc + hw.rx_errors +
			   hw.rx_crc + hw.rx_frame + hw.rx_length + hw.rx_fifo;
}

static void fbnic_tx_timeout(struct net_device *netdev, unsigned int q)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_dev *fbd = fbn->fbd;
	struct fbnic_txq *txq;

	/* The queue may be on its way out: hold it while looking */
	spin_lock_bh(&fbn->stats_lock);
	txq = q < FBNIC_MAX_TXQS ? fbn->txq[q] : NULL;
	if (!txq) {
		spin_unlock_bh(&fbn->stats_lock);
		return;
	}
	netdev_err(netdev,
		   "Tx queue %u timed out: head %u tail %u, device head %lu, TCQ head %u device tail %lu\n",
		   q, txq->head, txq->tail,
		   FIELD_GET(FBNIC_QUEUE_TWQ_PTRS_HEAD,
			     fbnic_rd32(fbd, FBNIC_QUEUE(q) +
					FBNIC_QUEUE_TWQ0_PTRS)),
		   txq->tcq.head & txq->tcq.size_mask,
		   FIELD_GET(FBNIC_QUEUE_TCQ_PTRS_TAIL,
			     fbnic_rd32(fbd, FBNIC_QUEUE(q) +
					FBNIC_QUEUE_TCQ_PTRS)));

	/* An interrupt may have been lost: look at the completions */
	napi_schedule(&txq->nv->napi);
	spin_unlock_bh(&fbn->stats_lock);
}

static int fbnic_set_features(struct net_device *netdev,
			      netdev_features_t features)
{
	netdev_features_t changed = netdev->features ^ features;

	/* Rules do not outlive the feature that enables them */
	if ((changed & NETIF_F_NTUPLE) && !(features & NETIF_F_NTUPLE))
		fbnic_ntuple_flush(netdev_priv(netdev));
	return 0;
}

/* The classifier stamps received frames by flow type. A PTP filter
 * becomes the flow types PTP runs over: UDP for the L4 transports,
 * frames without IP for L2, both for "any layer"; message types cannot
 * be told apart. Returns the filter applied, or -ERANGE.
 */
static int fbnic_hwtstamp_rx_filter(int req)
{
	switch (req) {
	case HWTSTAMP_FILTER_NONE:
	case HWTSTAMP_FILTER_ALL:
	case HWTSTAMP_FILTER_PTP_V1_L4_EVENT:
	case HWTSTAMP_FILTER_PTP_V2_L4_EVENT:
	case HWTSTAMP_FILTER_PTP_V2_L2_EVENT:
	case HWTSTAMP_FILTER_PTP_V2_EVENT:
		return req;
	case HWTSTAMP_FILTER_NTP_ALL:
		return HWTSTAMP_FILTER_ALL;
	case HWTSTAMP_FILTER_PTP_V1_L4_SYNC:
	case HWTSTAMP_FILTER_PTP_V1_L4_DELAY_REQ:
		return HWTSTAMP_FILTER_PTP_V1_L4_EVENT;
	case HWTSTAMP_FILTER_PTP_V2_L4_SYNC:
	case HWTSTAMP_FILTER_PTP_V2_L4_DELAY_REQ:
		return HWTSTAMP_FILTER_PTP_V2_L4_EVENT;
	case HWTSTAMP_FILTER_PTP_V2_L2_SYNC:
	case HWTSTAMP_FILTER_PTP_V2_L2_DELAY_REQ:
		return HWTSTAMP_FILTER_PTP_V2_L2_EVENT;
	case HWTSTAMP_FILTER_PTP_V2_SYNC:
	case HWTSTAMP_FILTER_PTP_V2_DELAY_REQ:
		return HWTSTAMP_FILTER_PTP_V2_EVENT;
	default:
		return -ERANGE;
	}
}

/**
 * fbnic_rx_tstamp_act() - action bits that stamp a flow type's frames
 * @fbn: netdev private area
 * @flow: flow type of a host RSS action entry
 *
 * For the classifier, which writes the host's action entries.
 *
 * Return: FBNIC_RPC_ACT_TBL0_TS_ENA if the Rx filter covers @flow, else 0.
 */
u32 fbnic_rx_tstamp_act(const struct fbnic_net *fbn, enum fbnic_rss_flow flow)
{
	bool udp = flow == FBNIC_RSS_FLOW_UDP4 || flow == FBNIC_RSS_FLOW_UDP6;
	bool l2 = flow == FBNIC_RSS_FLOW_ETHER;
	bool stamp;

	switch (fbn->hwtstamp_config.rx_filter) {
	case HWTSTAMP_FILTER_ALL:
		stamp = true;
		break;
	case HWTSTAMP_FILTER_PTP_V1_L4_EVENT:
	case HWTSTAMP_FILTER_PTP_V2_L4_EVENT:
		stamp = udp;
		break;
	case HWTSTAMP_FILTER_PTP_V2_L2_EVENT:
		stamp = l2;
		break;
	case HWTSTAMP_FILTER_PTP_V2_EVENT:
		stamp = udp || l2;
		break;
	default:
		stamp = false;
		break;
	}
	return stamp ? FBNIC_RPC_ACT_TBL0_TS_ENA : 0;
}

static int fbnic_hwtstamp_get(struct net_device *netdev,
			      struct kernel_hwtstamp_config *config)
{
	struct fbnic_net *fbn = netdev_priv(netdev);

	config->flags = fbn->hwtstamp_config.flags;
	config->tx_type = fbn->hwtstamp_config.tx_type;
	config->rx_filter = fbn->hwtstamp_config.rx_filter;
	return 0;
}

static int fbnic_hwtstamp_set(struct net_device *netdev,
			      struct kernel_hwtstamp_config *config,
			      struct netlink_ext_ack *extack)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	bool rx_changed;
	int rx_filter;

	if (config->source != HWTSTAMP_SOURCE_NETDEV)
		return -EOPNOTSUPP;
	if (fbnic_time_phc_index(fbn->fbd) < 0) {
		NL_SET_ERR_MSG_MOD(extack, "no PTP clock to timestamp with");
		return -EOPNOTSUPP;
	}
	if (config->tx_type != HWTSTAMP_TX_OFF &&
	    config->tx_type != HWTSTAMP_TX_ON) {
		NL_SET_ERR_MSG_MOD(extack, "Tx timestamps are either off or on");
		return -ERANGE;
	}
	rx_filter = fbnic_hwtstamp_rx_filter(config->rx_filter);
	if (rx_filter < 0) {
		NL_SET_ERR_MSG_MOD(extack, "Rx timestamp filter not supported");
		return rx_filter;
	}

	/* Report back what is applied */
	config->rx_filter = rx_filter;
	rx_changed = rx_filter != fbn->hwtstamp_config.rx_filter;
	fbn->hwtstamp_config.flags = config->flags;
	WRITE_ONCE(fbn->hwtstamp_config.tx_type, config->tx_type);
	WRITE_ONCE(fbn->hwtstamp_config.rx_filter, rx_filter);

	/* The RSS action entries carry the stamp requests */
	if (rx_changed && fbn->up)
		fbnic_rpc_write_hash_fields(fbn);
	return 0;
}

static const struct net_device_ops fbnic_netdev_ops = {
	.ndo_open		= fbnic_open,
	.ndo_stop		= fbnic_stop,
	.ndo_start_xmit		= fbnic_xmit_frame,
	.ndo_features_check	= fbnic_features_check,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_mac_address	= fbnic_set_mac_address,
	.ndo_change_mtu		= fbnic_change_mtu,
	.ndo_set_features	= fbnic_set_features,
	.ndo_set_rx_mode_async	= fbnic_set_rx_mode,
	.ndo_get_stats64	= fbnic_get_stats64,
	.ndo_tx_timeout		= fbnic_tx_timeout,
	.ndo_bpf		= fbnic_bpf,
	.ndo_xdp_xmit		= fbnic_xdp_xmit,
	.ndo_xsk_wakeup		= fbnic_xsk_wakeup,
	.ndo_hwtstamp_get	= fbnic_hwtstamp_get,
	.ndo_hwtstamp_set	= fbnic_hwtstamp_set,
};

static void fbnic_get_queue_stats_rx(struct net_device *netdev, int idx,
				     struct netdev_queue_stats_rx *qs)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_rx_stats rx;

	if (idx < 0 || idx >= FBNIC_MAX_RXQS)
		return;

	/* The device counts per hardware queue, whether it runs or not */
	fbnic_hw_stats_get_rxq(fbn->fbd, idx, &qs->hw_drops,
			       &qs->hw_drop_overruns);

	spin_lock_bh(&fbn->stats_lock);
	if (!fbn->rxq[idx]) {
		spin_unlock_bh(&fbn->stats_lock);
		return;
	}
	fbnic_rxq_read_stats(fbn->rxq[idx], &rx);
	spin_unlock_bh(&fbn->stats_lock);

	qs->packets = rx.packets;
	qs->bytes = rx.bytes;
	qs->alloc_fail = rx.alloc_failed;
	qs->csum_complete = rx.csum_complete;
	qs->csum_unnecessary = rx.csum_unnecessary;
	qs->csum_none = rx.csum_none;
}

static void fbnic_get_queue_stats_tx(struct net_device *netdev, int idx,
				     struct netdev_queue_stats_tx *qs)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_tx_stats tx;

	spin_lock_bh(&fbn->stats_lock);
	if (idx < 0 || idx >= FBNIC_MAX_TXQS || !fbn->txq[idx]) {
		spin_unlock_bh(&fbn->stats_lock);
		return;
	}
	fbnic_txq_read_stats(fbn->txq[idx], &tx);
	spin_unlock_bh(&fbn->stats_lock);

	qs->packets = tx.packets;
	qs->bytes = tx.bytes;
	qs->needs_csum = tx.csum_partial + tx.lso;
	qs->hw_gso_wire_packets = tx.lso;
	qs->stop = tx.stop;
	qs->wake = tx.wake;
}

static void fbnic_get_base_stats(struct net_device *netdev,
				 struct netdev_queue_stats_rx *rxs,
				 struct netdev_queue_stats_tx *txs)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	u64 drops, overruns;
	struct fbnic_tx_stats tx;
	struct fbnic_rx_stats rx;
	unsigned int i;

	spin_lock_bh(&fbn->stats_lock);
	tx = fbn->tx_base;
	rx = fbn->rx_base;
	spin_unlock_bh(&fbn->stats_lock);

	/* Hardware drops of the queues not reported as queues */
	rxs->hw_drops = 0;
	rxs->hw_drop_overruns = 0;
	for (i = netdev->real_num_rx_queues; i < FBNIC_MAX_RXQS; i++) {
		fbnic_hw_stats_get_rxq(fbn->fbd, i, &drops, &overruns);
		rxs->hw_drops += drops;
		rxs->hw_drop_overruns += overruns;
	}

	rxs->packets = rx.packets;
	rxs->bytes = rx.bytes;
	rxs->alloc_fail = rx.alloc_failed;
	rxs->csum_complete = rx.csum_complete;
	rxs->csum_unnecessary = rx.csum_unnecessary;
	rxs->csum_none = rx.csum_none;

	txs->packets = tx.packets;
	txs->bytes = tx.bytes;
	txs->needs_csum = tx.csum_partial + tx.lso;
	txs->hw_gso_wire_packets = tx.lso;
	txs->stop = tx.stop;
	txs->wake = tx.wake;
}

static const struct netdev_stat_ops fbnic_stat_ops = {
	.get_queue_stats_rx	= fbnic_get_queue_stats_rx,
	.get_queue_stats_tx	= fbnic_get_queue_stats_tx,
	.get_base_stats		= fbnic_get_base_stats,
};

/* A firmware that restarted may have set the classifier up for itself
 * (for a BMC) while it ran alone: program the host's part again.
 */
static void fbnic_check_fw_restart(struct fbnic_net *fbn)
{
	u32 caps_seq = READ_ONCE(fbn->fbd->fw.caps_seq);
	u32 restarts = READ_ONCE(fbn->fbd->fw.restarts);

	/* New capabilities may bring or take away a BMC */
	if (restarts == fbn->fw_restarts && caps_seq == fbn->fw_caps_seq)
		return;
	fbn->fw_restarts = restarts;
	fbn->fw_caps_seq = caps_seq;
	netdev_info(fbn->netdev, "firmware restarted or changed its capabilities, reprogramming the receive filters\n");
	fbnic_rpc_clear_rx_mode(fbn);
	fbnic_write_classifier(fbn);
}

static void fbnic_service_work(struct work_struct *work)
{
	struct fbnic_net *fbn = container_of(to_delayed_work(work),
					     struct fbnic_net, service_work);
	struct net_device *netdev = fbn->netdev;

	/* RTNL for the filters and the link; the instance lock keeps the
	 * queue API from changing a queue's rings under the checks below
	 */
	rtnl_lock();
	netdev_lock(netdev);
	/* A device that stopped answering takes the netdev with it */
	if (!fbnic_present(fbn->fbd) && netif_device_present(netdev)) {
		netdev_warn(netdev, "device lost, detaching\n");
		netif_device_detach(netdev);
	}
	if (fbn->up) {
		fbnic_mac_link_poll(fbn);
		fbnic_kick_depleted(fbn);
		fbnic_check_fw_restart(fbn);
		fbnic_mac_pause_storm_check(fbn);
	}
	/* Also when down: the firmware learns the host takes nothing */
	if (fbnic_present(fbn->fbd))
		fbnic_rpc_send_fw_sync(fbn);
	netdev_unlock(netdev);
	rtnl_unlock();

	schedule_delayed_work(&fbn->service_work, FBNIC_SERVICE_PERIOD);
}

/**
 * fbnic_max_napi() - queue vectors the device's MSI-X allocation allows
 * @fbn: netdev private area
 *
 * Return: the number of queue vectors, at least 1.
 */
unsigned int fbnic_max_napi(struct fbnic_net *fbn)
{
	unsigned int n = fbn->fbd->num_irqs - FBNIC_NON_QUEUE_VECTORS;

	return clamp_t(unsigned int, n, 1, FBNIC_MAX_NAPI_VECTORS);
}

/**
 * fbnic_get_queue_cfg() - the current queue layout
 * @fbn: netdev private area
 * @cfg: filled in
 */
void fbnic_get_queue_cfg(struct fbnic_net *fbn, struct fbnic_queue_cfg *cfg)
{
	cfg->num_napi = fbn->num_napi;
	cfg->num_tx_queues = fbn->num_tx_queues;
	cfg->num_rx_queues = fbn->num_rx_queues;
	cfg->txq_size = fbn->txq_size;
	cfg->hpq_size = fbn->hpq_size;
	cfg->ppq_size = fbn->ppq_size;
	cfg->rcq_size = fbn->rcq_size;
	cfg->hds_thresh = fbn->hds_thresh;
}

static void fbnic_set_queue_cfg(struct fbnic_net *fbn,
				const struct fbnic_queue_cfg *cfg)
{
	fbn->num_napi = cfg->num_napi;
	fbn->num_tx_queues = cfg->num_tx_queues;
	fbn->num_rx_queues = cfg->num_rx_queues;
	fbn->txq_size = cfg->txq_size;
	fbn->hpq_size = cfg->hpq_size;
	fbn->ppq_size = cfg->ppq_size;
	fbn->rcq_size = cfg->rcq_size;
	fbn->hds_thresh = cfg->hds_thresh;
}

/**
 * fbnic_reconfigure() - change the queue layout
 * @fbn: netdev private area
 * @cfg: the new layout, checked against the device's limits
 *
 * On an open netdev the queues are rebuilt while the MAC and link stay
 * up; traffic stops meanwhile. If the new queues cannot be set up, the
 * old layout comes back.
 *
 * Return: 0 or a negative errno.
 */
int fbnic_reconfigure(struct fbnic_net *fbn, const struct fbnic_queue_cfg *cfg)
{
	struct net_device *netdev = fbn->netdev;
	struct fbnic_queue_cfg old;
	bool present;
	int err;

	ASSERT_RTNL();
	netdev_assert_locked(netdev);
	if (fbnic_xdp_prog_lacks_frags(fbn->xdp_prog, netdev->mtu,
				       cfg->hds_thresh)) {
		netdev_err(netdev, "header-data split threshold %u needs multi-buffer frames, which the XDP program does not support\n",
			   cfg->hds_thresh);
		return -EINVAL;
	}
	fbnic_get_queue_cfg(fbn, &old);
	if (!fbn->napi[0]) {
		/* Taken on the next open */
		fbnic_set_queue_cfg(fbn, cfg);
		return 0;
	}

	/* Rebuilding can take longer than the Tx watchdog allows a stopped
	 * queue: keep the watchdog off the netdev meanwhile
	 */
	present = netif_device_present(netdev);
	if (present)
		netif_device_detach(netdev);

	/* The old queues go with the old layout */
	fbnic_down(fbn);
	fbnic_free_datapath(fbn);
	fbnic_set_queue_cfg(fbn, cfg);
	err = fbnic_start_queues(fbn);
	if (err) {
		netdev_warn(netdev, "cannot set up the new queues (%d), keeping the old ones\n",
			    err);
		fbnic_set_queue_cfg(fbn, &old);
		if (fbnic_start_queues(fbn)) {
			/* Nothing left to run on: stop as if closed */
			netdev_err(netdev, "cannot restore the queues, the data path is down\n");
			fbnic_mac_stop(fbn);
			return err;
		}
	}

	if (present)
		netif_device_attach(netdev);
	return err;
}

/* MAC address from the EUI-64 serial number: its OUI and the low three
 * bytes, leaving out the FF:FE in the middle
 */
static void fbnic_dsn_to_mac(u64 dsn, u8 *addr)
{
	addr[0] = dsn >> 56;
	addr[1] = dsn >> 48;
	addr[2] = dsn >> 40;
	addr[3] = dsn >> 16;
	addr[4] = dsn >> 8;
	addr[5] = dsn;
}

static void fbnic_netdev_set_features(struct net_device *netdev)
{
	netdev->gso_partial_features = FBNIC_GSO_PARTIAL_FEATURES;
	netdev->features |= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_RXCSUM |
			    NETIF_F_RXHASH | NETIF_F_TSO | NETIF_F_TSO6 |
			    NETIF_F_TSO_ECN | NETIF_F_GSO_UDP_L4 |
			    NETIF_F_GSO_PARTIAL | FBNIC_GSO_PARTIAL_FEATURES;
	netdev->hw_features |= netdev->features;
	netdev->vlan_features |= netdev->features;
	netdev->hw_enc_features |= netdev->features;
	netdev->priv_flags |= IFF_UNICAST_FLT;
	netdev->xdp_features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			       NETDEV_XDP_ACT_RX_SG | NETDEV_XDP_ACT_NDO_XMIT |
			       NETDEV_XDP_ACT_NDO_XMIT_SG |
			       NETDEV_XDP_ACT_XSK_ZEROCOPY;

	/* Flow steering rules (ethtool -N), on by default */
	netdev->features |= NETIF_F_NTUPLE;
	netdev->hw_features |= NETIF_F_NTUPLE;
}

static void fbnic_netdev_init_priv(struct fbnic_net *fbn)
{
	unsigned int n;

	fbn->txq_size = FBNIC_TXQ_SIZE_DEFAULT;
	fbn->hpq_size = FBNIC_HPQ_SIZE_DEFAULT;
	fbn->ppq_size = FBNIC_PPQ_SIZE_DEFAULT;
	fbn->rcq_size = FBNIC_RCQ_SIZE_DEFAULT;
	fbn->hds_thresh = FBNIC_HDS_THRESH_DEFAULT;
	fbn->tx_usecs = FBNIC_TX_USECS_DEFAULT;
	fbn->rx_usecs = FBNIC_RX_USECS_DEFAULT;
	fbn->rx_max_frames = FBNIC_RX_FRAMES_DEFAULT;
	/* Flow control both ways, as a link partner that offers it gets */
	fbn->tx_pause = true;
	fbn->rx_pause = true;

	n = min_t(unsigned int, netif_get_num_default_rss_queues(),
		  fbnic_max_napi(fbn));
	fbn->num_napi = n;
	fbn->num_tx_queues = n;
	fbn->num_rx_queues = n;
	fbnic_rss_init(fbn);

	spin_lock_init(&fbn->stats_lock);
	u64_stats_init(&fbn->tx_base.syncp);
	u64_stats_init(&fbn->rx_base.syncp);
	fbnic_mac_init_link(fbn);
	INIT_DELAYED_WORK(&fbn->service_work, fbnic_service_work);
}

/**
 * fbnic_netdev_create() - make and register the netdev of a probed device
 * @fbd: device, past its firmware handshake
 *
 * A device whose serial number gives no valid MAC address gets no
 * netdev: a random address would break provisioning that keys on it.
 *
 * Return: 0 or a negative errno; without a netdev the device stays
 * manageable through devlink.
 */
int fbnic_netdev_create(struct fbnic_dev *fbd)
{
	struct net_device *netdev;
	struct fbnic_net *fbn;
	u8 addr[ETH_ALEN];
	int err;

	fbnic_dsn_to_mac(fbd->dsn, addr);
	if (!is_valid_ether_addr(addr)) {
		dev_err(fbd->dev, "serial number gives no valid MAC address (%pM): no netdev\n",
			addr);
		return -EADDRNOTAVAIL;
	}

	netdev = alloc_etherdev_mqs(sizeof(*fbn), FBNIC_MAX_TXQS,
				    FBNIC_MAX_RXQS);
	if (!netdev)
		return -ENOMEM;
	SET_NETDEV_DEV(netdev, fbd->dev);

	fbn = netdev_priv(netdev);
	fbn->netdev = netdev;
	fbn->fbd = fbd;
	fbnic_netdev_init_priv(fbn);

	netdev->netdev_ops = &fbnic_netdev_ops;
	netdev->stat_ops = &fbnic_stat_ops;
	/* Also puts every netdev op under the instance lock */
	netdev->queue_mgmt_ops = &fbnic_queue_mgmt_ops;
	netdev->xdp_metadata_ops = &fbnic_xdp_metadata_ops;
	/* Transmit takes dma-buf payloads (devmem TCP) without reading them */
	netdev->netmem_tx = NETMEM_TX_DMA;
	fbnic_set_ethtool_ops(netdev);
	netdev->watchdog_timeo = FBNIC_TX_TIMEOUT;
	fbnic_netdev_set_features(netdev);
	/* What ethtool reports before anyone set it */
	netdev->cfg->hds_thresh = fbn->hds_thresh;
	netdev->min_mtu = IPV6_MIN_MTU;
	netdev->max_mtu = FBNIC_MAX_FRAME_SIZE - ETH_HLEN;

	eth_hw_addr_set(netdev, addr);
	ether_addr_copy(netdev->perm_addr, addr);

	err = netif_set_real_num_queues(netdev, fbn->num_tx_queues,
					fbn->num_rx_queues);
	if (err)
		goto free;
	netif_carrier_off(netdev);

	fbd->netdev = netdev;
	err = register_netdev(netdev);
	if (err) {
		dev_err(fbd->dev, "cannot register the netdev: %d\n", err);
		fbd->netdev = NULL;
		goto free;
	}
	schedule_delayed_work(&fbn->service_work, FBNIC_SERVICE_PERIOD);
	return 0;

free:
	free_netdev(netdev);
	return err;
}

/**
 * fbnic_netdev_destroy() - unregister and free the netdev, if there is one
 * @fbd: device
 */
void fbnic_netdev_destroy(struct fbnic_dev *fbd)
{
	struct net_device *netdev = fbd->netdev;
	struct fbnic_net *fbn;

	if (!netdev)
		return;
	fbn = netdev_priv(netdev);

	unregister_netdev(netdev);
	cancel_delayed_work_sync(&fbn->service_work);
	fbd->netdev = NULL;
	free_netdev(netdev);
}

/**
 * fbnic_netdev_detach() - take the netdev off the device for a reset or
 * sleep
 * @fbd: device
 *
 * The stack stops using the netdev and its data path is torn down; the
 * netdev itself stays, still up if it was.
 */
void fbnic_netdev_detach(struct fbnic_dev *fbd)
{
	struct net_device *netdev = fbd->netdev;

	if (!netdev)
		return;
	rtnl_lock();
	netdev_lock(netdev);
	netif_device_detach(netdev);
	if (netif_running(netdev))
		fbnic_stop_datapath(netdev_priv(netdev));
	netdev_unlock(netdev);
	rtnl_unlock();
}

/**
 * fbnic_netdev_attach() - put the netdev back on a device that came back
 * @fbd: device, past its firmware handshake
 *
 * Return: 0, or the error restarting the data path gave; then the netdev
 * stays detached.
 */
int fbnic_netdev_attach(struct fbnic_dev *fbd)
{
	struct net_device *netdev = fbd->netdev;
	int err = 0;

	if (!netdev)
		return 0;
	rtnl_lock();
	netdev_lock(netdev);
	if (netif_running(netdev))
		err = fbnic_open_datapath(netdev_priv(netdev));
	if (err)
		netdev_err(netdev, "cannot restart the data path: %d\n", err);
	else
		netif_device_attach(netdev);
	netdev_unlock(netdev);
	rtnl_unlock();
	return err;
}
