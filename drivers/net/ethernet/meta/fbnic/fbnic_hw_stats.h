/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_HW_STATS_H_
#define _FBNIC_HW_STATS_H_

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct fbnic_dev;

/* Instances of the replicated counter blocks */
#define FBNIC_HWS_RXB_FIFOS		8	/* Rx buffer FIFOs */
#define FBNIC_HWS_RXB_PORTS		4	/* Rx buffer enqueue/dequeue ports */
#define FBNIC_HWS_QUEUES		128	/* host queues */
#define FBNIC_HWS_PCS_LANES		4
#define FBNIC_HWS_RMON_BUCKETS		11	/* frame size histogram */

/* Rx buffer FIFOs whose drops are host packets lost for lack of room */
#define FBNIC_HWS_FIFO_HOST		4	/* network to host */
#define FBNIC_HWS_FIFO_BMC_TO_HOST	6

/**
 * struct fbnic_stat_counter - a hardware counter kept as a 64-bit total
 * @total: what the counter counted since the driver's baseline
 * @raw: what the register (or register pair) held at the last read
 */
struct fbnic_stat_counter {
	u64 total;
	u64 raw;
};

/**
 * struct fbnic_tx_drop_stats - frames the transmit path dropped
 * @tmi_frames: dropped by the Tx MAC interface
 * @tmi_bytes: their bytes
 * @tti_cm_frames: control messages dropped by the Tx TCAM interface
 * @tti_cm_bytes: their bytes
 * @tti_frame_frames: frames dropped by the Tx TCAM interface
 * @tti_frame_bytes: their bytes
 * @tbi_frames: frames dropped on the way to the BMC
 * @tbi_bytes: their bytes
 */
struct fbnic_tx_drop_stats {
	struct fbnic_stat_counter tmi_frames;
	struct fbnic_stat_counter tmi_bytes;
	struct fbnic_stat_counter tti_cm_frames;
	struct fbnic_stat_counter tti_cm_bytes;
	struct fbnic_stat_counter tti_frame_frames;
	struct fbnic_stat_counter tti_frame_bytes;
	struct fbnic_stat_counter tbi_frames;
	struct fbnic_stat_counter tbi_bytes;
};

/**
 * struct fbnic_ptp_hw_stats - transmit timestamp requests
 * @illegal_req: requests the hardware could not honour
 * @good_ts: timestamps taken
 * @bad_ts: timestamps that came out invalid
 */
struct fbnic_ptp_hw_stats {
	struct fbnic_stat_counter illegal_req;
	struct fbnic_stat_counter good_ts;
	struct fbnic_stat_counter bad_ts;
};

/**
 * struct fbnic_rpc_hw_stats - what the receive parser could not handle
 * @unkn_etype: unknown EtherType
 * @unkn_ext_hdr: unknown IPv6 extension header
 * @ipv4_frag: IPv4 fragments
 * @ipv6_frag: IPv6 fragments
 * @ipv4_esp: IPv4 ESP packets
 * @ipv6_esp: IPv6 ESP packets
 * @tcp_opt_err: malformed TCP options
 * @out_of_hdr_err: headers beyond the parsed window
 * @ovr_size_err: oversize frames
 */
struct fbnic_rpc_hw_stats {
	struct fbnic_stat_counter unkn_etype;
	struct fbnic_stat_counter unkn_ext_hdr;
	struct fbnic_stat_counter ipv4_frag;
	struct fbnic_stat_counter ipv6_frag;
	struct fbnic_stat_counter ipv4_esp;
	struct fbnic_stat_counter ipv6_esp;
	struct fbnic_stat_counter tcp_opt_err;
	struct fbnic_stat_counter out_of_hdr_err;
	struct fbnic_stat_counter ovr_size_err;
};

/**
 * struct fbnic_rxb_hw_stats - the Rx buffer, per FIFO and per port
 * @fifo_drop_frames: frames a FIFO dropped for lack of room
 * @fifo_drop_bytes: their bytes
 * @fifo_trunc_frames: frames a FIFO truncated
 * @fifo_trunc_bytes: their bytes
 * @fifo_trans_drop: transitions into the drop state
 * @fifo_trans_ecn: transitions into the ECN marking state
 * @fifo_trans_pause: transitions into the pause state
 * @fifo_level: FIFO fill level at the last read (a gauge, not a count)
 * @enq_frames: frames entering through a source port
 * @enq_bytes: their bytes
 * @enq_integrity_err: integrity errors on a source port
 * @enq_mac_err: MAC errors on a source port
 * @enq_parser_err: parser errors on a source port
 * @enq_frm_err: framing errors on a source port
 * @deq_intf_frames: frames leaving through a destination interface
 * @deq_intf_bytes: their bytes
 * @deq_pbuf_frames: frames leaving a destination's packet buffer
 * @deq_pbuf_bytes: their bytes
 */
struct fbnic_rxb_hw_stats {
	struct fbnic_stat_counter fifo_drop_frames[FBNIC_HWS_RXB_FIFOS];
	struct fbnic_stat_counter fifo_drop_bytes[FBNIC_HWS_RXB_FIFOS];
	struct fbnic_stat_counter fifo_trunc_frames[FBNIC_HWS_RXB_FIFOS];
	struct fbnic_stat_counter fifo_trunc_bytes[FBNIC_HWS_RXB_FIFOS];
	struct fbnic_stat_counter fifo_trans_drop[FBNIC_HWS_RXB_FIFOS];
	struct fbnic_stat_counter fifo_trans_ecn[FBNIC_HWS_RXB_FIFOS];
	struct fbnic_stat_counter fifo_trans_pause[FBNIC_HWS_RXB_FIFOS];
	struct fbnic_stat_counter fifo_level[FBNIC_HWS_RXB_FIFOS];
	struct fbnic_stat_counter enq_frames[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter enq_bytes[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter enq_integrity_err[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter enq_mac_err[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter enq_parser_err[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter enq_frm_err[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter deq_intf_frames[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter deq_intf_bytes[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter deq_pbuf_frames[FBNIC_HWS_RXB_PORTS];
	struct fbnic_stat_counter deq_pbuf_bytes[FBNIC_HWS_RXB_PORTS];
};

/**
 * struct fbnic_rxq_hw_stats - receive DMA drops, per host queue
 * @pkt_err: packets completed with an error
 * @cq_drop: packets dropped because the completion queue was full
 * @bdq_drop: packets dropped because no buffer was posted
 */
struct fbnic_rxq_hw_stats {
	struct fbnic_stat_counter pkt_err[FBNIC_HWS_QUEUES];
	struct fbnic_stat_counter cq_drop[FBNIC_HWS_QUEUES];
	struct fbnic_stat_counter bdq_drop[FBNIC_HWS_QUEUES];
};

/**
 * struct fbnic_pcie_hw_stats - device-initiated PCIe traffic
 * @rd_tlp: read requests sent
 * @rd_dword: dwords requested
 * @wr_tlp: write requests sent
 * @wr_dword: dwords written
 * @cpl_tlp: completions received
 * @cpl_dword: dwords received in completions
 * @rd_no_tag: reads held back for lack of a tag
 * @rd_no_cpl_cred: reads held back for lack of completion credits
 * @rd_no_np_cred: reads held back for lack of non-posted credits
 */
struct fbnic_pcie_hw_stats {
	struct fbnic_stat_counter rd_tlp;
	struct fbnic_stat_counter rd_dword;
	struct fbnic_stat_counter wr_tlp;
	struct fbnic_stat_counter wr_dword;
	struct fbnic_stat_counter cpl_tlp;
	struct fbnic_stat_counter cpl_dword;
	struct fbnic_stat_counter rd_no_tag;
	struct fbnic_stat_counter rd_no_cpl_cred;
	struct fbnic_stat_counter rd_no_np_cred;
};

/**
 * struct fbnic_mac_hw_stats - the MAC's counters (IEEE 802.3 and RMON)
 * @rx_octets: octets received in good frames
 * @rx_frames: frames received good
 * @rx_fcs_err: frames received with a bad FCS
 * @rx_align_err: frames received with an alignment error
 * @rx_too_long: frames received longer than allowed
 * @rx_if_err: frames lost to internal MAC receive errors
 * @rx_mcast: multicast frames received good
 * @rx_bcast: broadcast frames received good
 * @rx_ctrl: MAC control frames received
 * @rx_pause: pause frames received
 * @rx_undersize: frames shorter than 64 bytes with a good FCS
 * @rx_oversize: frames longer than the maximum with a good FCS
 * @rx_fragments: frames shorter than 64 bytes with a bad FCS
 * @rx_jabbers: frames longer than the maximum with a bad FCS
 * @rx_hist: received frames by size, buckets as fbnic_rmon_ranges
 * @tx_octets: octets sent in good frames
 * @tx_frames: frames sent good
 * @tx_if_err: frames lost to internal MAC transmit errors
 * @tx_mcast: multicast frames sent good
 * @tx_bcast: broadcast frames sent good
 * @tx_ctrl: MAC control frames sent
 * @tx_pause: pause frames sent
 * @tx_pause_storms: pause storms the Rx buffer detected (and stopped)
 * @tx_hist: sent frames by size
 */
struct fbnic_mac_hw_stats {
	struct fbnic_stat_counter rx_octets;
	struct fbnic_stat_counter rx_frames;
	struct fbnic_stat_counter rx_fcs_err;
	struct fbnic_stat_counter rx_align_err;
	struct fbnic_stat_counter rx_too_long;
	struct fbnic_stat_counter rx_if_err;
	struct fbnic_stat_counter rx_mcast;
	struct fbnic_stat_counter rx_bcast;
	struct fbnic_stat_counter rx_ctrl;
	struct fbnic_stat_counter rx_pause;
	struct fbnic_stat_counter rx_undersize;
	struct fbnic_stat_counter rx_oversize;
	struct fbnic_stat_counter rx_fragments;
	struct fbnic_stat_counter rx_jabbers;
	struct fbnic_stat_counter rx_hist[FBNIC_HWS_RMON_BUCKETS];
	struct fbnic_stat_counter tx_octets;
	struct fbnic_stat_counter tx_frames;
	struct fbnic_stat_counter tx_if_err;
	struct fbnic_stat_counter tx_mcast;
	struct fbnic_stat_counter tx_bcast;
	struct fbnic_stat_counter tx_ctrl;
	struct fbnic_stat_counter tx_pause;
	struct fbnic_stat_counter tx_pause_storms;
	struct fbnic_stat_counter tx_hist[FBNIC_HWS_RMON_BUCKETS];
};

/**
 * struct fbnic_phy_hw_stats - PCS and RS-FEC error counters
 * @fec_corrected: codewords RS-FEC corrected
 * @fec_uncorrectable: codewords RS-FEC could not correct
 * @pcs_symbol_err: symbol errors, per PCS lane
 */
struct fbnic_phy_hw_stats {
	struct fbnic_stat_counter fec_corrected;
	struct fbnic_stat_counter fec_uncorrectable;
	struct fbnic_stat_counter pcs_symbol_err[FBNIC_HWS_PCS_LANES];
};

/**
 * struct fbnic_hw_stats - the NIC's counters, as 64-bit totals
 * @lock: protects the counters and @live; register reads happen under it
 * @work: periodic refresh, so that no 32-bit counter can wrap unseen
 * @live: registers may be read (false before init and after stop)
 * @periodic: @work re-arms itself
 * @tx: transmit drops
 * @ptp: transmit timestamps
 * @rpc: receive parser
 * @rxb: receive buffer
 * @rxq: receive queues
 * @pcie: PCIe
 * @mac: MAC
 * @phy: PCS and FEC
 */
struct fbnic_hw_stats {
	spinlock_t lock;	/* counters, @live */
	struct delayed_work work;
	bool live;
	bool periodic;

	struct fbnic_tx_drop_stats tx;
	struct fbnic_ptp_hw_stats ptp;
	struct fbnic_rpc_hw_stats rpc;
	struct fbnic_rxb_hw_stats rxb;
	struct fbnic_rxq_hw_stats rxq;
	struct fbnic_pcie_hw_stats pcie;
	struct fbnic_mac_hw_stats mac;
	struct fbnic_phy_hw_stats phy;
};

/**
 * struct fbnic_hw_err_stats - hardware drops and errors for rtnl_link_stats64
 * @rx_missed: host-bound frames the Rx buffer dropped for lack of room
 * @rx_over: frames dropped because a queue had no completion or buffer room
 * @rx_errors: frames the receive DMA completed with an error
 * @rx_crc: frames received with a bad FCS
 * @rx_frame: frames received with an alignment error
 * @rx_length: frames received too long, or too short
 * @rx_fifo: frames the MAC lost to internal receive errors
 * @tx_dropped: frames the transmit path dropped
 * @tx_errors: frames the MAC lost to internal transmit errors
 */
struct fbnic_hw_err_stats {
	u64 rx_missed;
	u64 rx_over;
	u64 rx_errors;
	u64 rx_crc;
	u64 rx_frame;
	u64 rx_length;
	u64 rx_fifo;
	u64 tx_dropped;
	u64 tx_errors;
};

void fbnic_hw_stats_init(struct fbnic_dev *fbd);
void fbnic_hw_stats_update(struct fbnic_dev *fbd);
void fbnic_hw_stats_start(struct fbnic_dev *fbd);
void fbnic_hw_stats_stop(struct fbnic_dev *fbd);
void fbnic_hw_stats_resync(struct fbnic_dev *fbd);

void fbnic_hw_stats_get_errors(struct fbnic_dev *fbd,
			       struct fbnic_hw_err_stats *err);
void fbnic_hw_stats_get_rxq(struct fbnic_dev *fbd, unsigned int idx,
			    u64 *hw_drops, u64 *hw_drop_overruns);
void fbnic_hw_stats_get_mac(struct fbnic_dev *fbd,
			    struct fbnic_mac_hw_stats *mac);
void fbnic_hw_stats_get_phy(struct fbnic_dev *fbd,
			    struct fbnic_phy_hw_stats *phy);

/* The driver-specific counters of `ethtool -S` */
unsigned int fbnic_hw_stats_ethtool_count(void);
void fbnic_hw_stats_ethtool_strings(u8 **data);
void fbnic_hw_stats_ethtool_values(struct fbnic_dev *fbd, u64 *data);

#endif /* _FBNIC_HW_STATS_H_ */
