/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_NETDEV_H_
#define _FBNIC_NETDEV_H_

#include <linux/ethtool.h>
#include <linux/net_tstamp.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>

#include "fbnic_mac.h"
#include "fbnic_rpc.h"
#include "fbnic_txrx.h"

struct fbnic_dev;

/**
 * struct fbnic_queue_cfg - the queue layout, which changes only with the
 *	data path rebuilt
 * @num_napi: queue vectors
 * @num_tx_queues: transmit queues
 * @num_rx_queues: receive queues
 * @txq_size: descriptors per TWQ (and TCQ)
 * @hpq_size: 4 KB buffers per header buffer queue
 * @ppq_size: 4 KB buffers per payload buffer queue
 * @rcq_size: descriptors per RCQ
 * @hds_thresh: frames up to this size are not split
 */
struct fbnic_queue_cfg {
	u16 num_napi;
	u16 num_tx_queues;
	u16 num_rx_queues;
	u32 txq_size;
	u32 hpq_size;
	u32 ppq_size;
	u32 rcq_size;
	u32 hds_thresh;
};

/**
 * struct fbnic_net - private area of the fbnic net_device
 * @netdev: the net_device this is the private area of
 * @fbd: the PCI function the netdev belongs to
 * @napi: queue vectors, num_napi of them while the netdev is open
 * @txq: transmit queues, by netdev queue index
 * @rxq: receive queues, by netdev queue index
 * @num_napi: queue vectors to use
 * @num_tx_queues: transmit queues to use
 * @num_rx_queues: receive queues to use
 * @txq_size: descriptors per TWQ (and TCQ)
 * @hpq_size: 4 KB buffers per header buffer queue
 * @ppq_size: 4 KB buffers per payload buffer queue
 * @rcq_size: descriptors per RCQ
 * @hds_thresh: frames up to this size are not split
 * @tx_usecs: Tx completion interrupt delay
 * @rx_usecs: Rx completion interrupt delay
 * @rx_max_frames: Rx frames that raise the interrupt early, 0 for none
 * @stats_lock: serialises queue teardown with counter readers
 * @tx_base: counters of transmit queues freed since the netdev was made
 * @rx_base: counters of receive queues freed since the netdev was made
 * @xdpq_base: TWQ1 counters of the transmit queues freed since then, per
 *	queue index, so that ethtool -S keeps counting across rebuilds
 * @xdp_rxq_base: XDP verdicts of the receive queues freed since then, per
 *	queue index, likewise
 * @xdp_prog: XDP program run on every received frame, or NULL
 * @xsk_zc: queue pairs whose AF_XDP socket runs zero-copy; the pool itself
 *	is the stack's, found by queue index
 * @hwtstamp_config: hardware timestamping asked for; the data path reads
 *	its tx_type and rx_filter
 * @rss_key: RSS hash key
 * @indir_tbl: RSS indirection tables (main and extra context)
 * @rss_flow_hash: RXH_* fields hashed per flow type (enum fbnic_rss_flow)
 * @rpc: classifier state
 * @up: the data path runs (between fbnic_up() and fbnic_down())
 * @link_mode: electrical mode of the port, from the firmware
 * @link_up: the carrier is reported up
 * @link_training: a link came up after a loss and is settling
 * @link_train_end: jiffies when the settling link may be reported up
 * @link_settle: a link that appears must settle first (not so at open)
 * @link_reprogram: the MAC settings changed; the link work applies them
 * @link_irq: Linux IRQ of the PCS vector while the netdev is open, or 0
 * @link_work: link state evaluation, from the PCS interrupt and polling
 * @link_down_events: times the link went down while open
 * @tx_pause: send pause frames when receive buffers run short
 * @rx_pause: honour the link partner's pause frames
 * @service_work: periodic housekeeping, while the netdev is registered
 * @fw_restarts: firmware restarts the classifier was last written after
 * @fw_caps_seq: firmware capabilities the classifier was last written with
 */
struct fbnic_net {
	struct net_device *netdev;
	struct fbnic_dev *fbd;

	struct fbnic_napi_vector *napi[FBNIC_MAX_NAPI_VECTORS];
	struct fbnic_txq *txq[FBNIC_MAX_TXQS];
	struct fbnic_rxq *rxq[FBNIC_MAX_RXQS];
	u16 num_napi;
	u16 num_tx_queues;
	u16 num_rx_queues;

	u32 txq_size;
	u32 hpq_size;
	u32 ppq_size;
	u32 rcq_size;
	u32 hds_thresh;

	u16 tx_usecs;
	u16 rx_usecs;
	u32 rx_max_frames;

	spinlock_t stats_lock;	/* queue pointers vs. counter readers */
	struct fbnic_tx_stats tx_base;
	struct fbnic_rx_stats rx_base;
	struct fbnic_xdpq_counts xdpq_base[FBNIC_MAX_TXQS];
	struct fbnic_xdp_rx_counts xdp_rxq_base[FBNIC_MAX_RXQS];

	struct bpf_prog *xdp_prog;
	DECLARE_BITMAP(xsk_zc, FBNIC_MAX_QUEUES);
	struct kernel_hwtstamp_config hwtstamp_config;

	u8 rss_key[FBNIC_RPC_RSS_KEY_BYTES];
	u8 indir_tbl[FBNIC_RPC_RSS_TBL_COUNT][FBNIC_RPC_RSS_TBL_SIZE];
	u32 rss_flow_hash[FBNIC_RSS_FLOW_COUNT];
	struct fbnic_rpc rpc;

	bool up;

	struct fbnic_link_mode link_mode;
	bool link_up;
	bool link_training;
	unsigned long link_train_end;
	bool link_settle;
	bool link_reprogram;
	int link_irq;
	struct delayed_work link_work;
	u64 link_down_events;
	bool tx_pause;
	bool rx_pause;

	struct delayed_work service_work;
	u32 fw_restarts;
	u32 fw_caps_seq;
};

/* fbnic_netdev.c */
int fbnic_netdev_create(struct fbnic_dev *fbd);
void fbnic_netdev_destroy(struct fbnic_dev *fbd);
void fbnic_netdev_detach(struct fbnic_dev *fbd);
int fbnic_netdev_attach(struct fbnic_dev *fbd);
void fbnic_up(struct fbnic_net *fbn);
void fbnic_down(struct fbnic_net *fbn);
void fbnic_get_queue_cfg(struct fbnic_net *fbn, struct fbnic_queue_cfg *cfg);
int fbnic_reconfigure(struct fbnic_net *fbn, const struct fbnic_queue_cfg *cfg);
unsigned int fbnic_max_napi(struct fbnic_net *fbn);
u32 fbnic_rx_tstamp_act(const struct fbnic_net *fbn, enum fbnic_rss_flow flow);
void fbnic_sum_stats(struct fbnic_net *fbn, struct fbnic_tx_stats *tx,
		     struct fbnic_rx_stats *rx);

/* fbnic_netdev_ethtool.c: for the ethtool_ops of fbnic_ethtool.c, which
 * should advertise ETHTOOL_COALESCE_USECS | ETHTOOL_COALESCE_RX_MAX_FRAMES,
 * ETHTOOL_RING_USE_TCP_DATA_SPLIT | ETHTOOL_RING_USE_HDS_THRS and
 * rxfh_max_num_contexts = FBNIC_RPC_RSS_TBL_COUNT; get_ts_info and
 * get_ts_stats are here too
 */
void fbnic_get_ringparam(struct net_device *netdev,
			 struct ethtool_ringparam *ring,
			 struct kernel_ethtool_ringparam *kring,
			 struct netlink_ext_ack *extack);
int fbnic_set_ringparam(struct net_device *netdev,
			struct ethtool_ringparam *ring,
			struct kernel_ethtool_ringparam *kring,
			struct netlink_ext_ack *extack);
void fbnic_get_channels(struct net_device *netdev,
			struct ethtool_channels *ch);
int fbnic_set_channels(struct net_device *netdev, struct ethtool_channels *ch);
void fbnic_get_pauseparam(struct net_device *netdev,
			  struct ethtool_pauseparam *pause);
int fbnic_set_pauseparam(struct net_device *netdev,
			 struct ethtool_pauseparam *pause);
int fbnic_get_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
		       struct kernel_ethtool_coalesce *kec,
		       struct netlink_ext_ack *extack);
int fbnic_set_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
		       struct kernel_ethtool_coalesce *kec,
		       struct netlink_ext_ack *extack);
u32 fbnic_get_rx_ring_count(struct net_device *netdev);
u32 fbnic_get_rxfh_key_size(struct net_device *netdev);
u32 fbnic_get_rxfh_indir_size(struct net_device *netdev);
int fbnic_get_rxfh(struct net_device *netdev, struct ethtool_rxfh_param *rxfh);
int fbnic_set_rxfh(struct net_device *netdev, struct ethtool_rxfh_param *rxfh,
		   struct netlink_ext_ack *extack);
int fbnic_get_rxfh_fields(struct net_device *netdev,
			  struct ethtool_rxfh_fields *fields);
int fbnic_set_rxfh_fields(struct net_device *netdev,
			  const struct ethtool_rxfh_fields *fields,
			  struct netlink_ext_ack *extack);
int fbnic_create_rxfh_context(struct net_device *netdev,
			      struct ethtool_rxfh_context *ctx,
			      const struct ethtool_rxfh_param *rxfh,
			      struct netlink_ext_ack *extack);
int fbnic_modify_rxfh_context(struct net_device *netdev,
			      struct ethtool_rxfh_context *ctx,
			      const struct ethtool_rxfh_param *rxfh,
			      struct netlink_ext_ack *extack);
int fbnic_remove_rxfh_context(struct net_device *netdev,
			      struct ethtool_rxfh_context *ctx,
			      u32 rss_context, struct netlink_ext_ack *extack);
int fbnic_get_ts_info(struct net_device *netdev,
		      struct kernel_ethtool_ts_info *info);
void fbnic_get_ts_stats(struct net_device *netdev,
			struct ethtool_ts_stats *ts_stats);

#endif /* _FBNIC_NETDEV_H_ */
