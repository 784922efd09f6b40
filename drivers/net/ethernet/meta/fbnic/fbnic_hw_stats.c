// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <kunit/visibility.h>
#include <linux/ethtool.h>
#include <linux/stddef.h>

#include "fbnic.h"
#include "fbnic_hw_stats.h"

/*
 * The NIC counts in free-running registers: 32-bit ones that wrap, 64-bit
 * ones split over a low and a high register, and a few 16-bit pairs that
 * clear when read. The driver keeps a 64-bit total per counter: each read
 * adds what the register moved since the previous read, so the totals
 * start at zero when the driver takes its baseline and never go back.
 *
 * The 32-bit counters only count frames: even minimum-size frames at
 * 100 Gb/s take about 29 s to wrap one, so reading them every second
 * sees every wrap. The 64-bit counters are read when someone asks.
 */

#define FBNIC_HWS_PERIOD		HZ

/* Transmit drops (TCE: TTI, TBI; TMI) and timestamp requests */
#define FBNIC_HWS_TTI_CM_DROP_FRAMES	0x100f8
#define FBNIC_HWS_TTI_CM_DROP_BYTES	0x100fc		/* low, high at +4 */
#define FBNIC_HWS_TTI_FRM_DROP_FRAMES	0x10104
#define FBNIC_HWS_TTI_FRM_DROP_BYTES	0x10108
#define FBNIC_HWS_TBI_DROP_FRAMES	0x10110
#define FBNIC_HWS_TBI_DROP_BYTES	0x10114
#define FBNIC_HWS_TMI_DROP_FRAMES	0x11008
#define FBNIC_HWS_TMI_DROP_BYTES	0x1100c
#define FBNIC_HWS_TMI_PTP_ILLEGAL_REQ	0x11024
#define FBNIC_HWS_TMI_PTP_GOOD_TS	0x11028
#define FBNIC_HWS_TMI_PTP_BAD_TS	0x1102c
/* Sent frames of 1519 bytes and more, five buckets of low/high pairs */
#define FBNIC_HWS_TMI_TX_HIST_1519	0x110cc

/* Rx buffer: per FIFO (8) */
#define FBNIC_HWS_RXB_DROP_FRAMES	0x2015c		/* + 4 * fifo */
#define FBNIC_HWS_RXB_DROP_BYTES	0x20200		/* + 8 * fifo, high +4 */
#define FBNIC_HWS_RXB_TRUNC_FRAMES	0x20244
#define FBNIC_HWS_RXB_TRUNC_BYTES	0x20300
#define FBNIC_HWS_RXB_TRANS_PAUSE	0x20344
#define FBNIC_HWS_RXB_TRANS_DROP	0x20364
#define FBNIC_HWS_RXB_TRANS_ECN		0x20384
#define FBNIC_HWS_RXB_FIFO_LEVEL	0x20474
/* Rx buffer: per port (4); byte counters have their high words 16 on */
#define FBNIC_HWS_RXB_PAUSE_STORMS	0x203a4		/* network port */
#define FBNIC_HWS_RXB_ENQ_FRAMES	0x203e4
#define FBNIC_HWS_RXB_ENQ_BYTES		0x203f4
#define FBNIC_HWS_RXB_DEQ_INTF_FRAMES	0x20414
#define FBNIC_HWS_RXB_DEQ_INTF_BYTES	0x20424
#define FBNIC_HWS_RXB_DEQ_PBUF_FRAMES	0x20444
#define FBNIC_HWS_RXB_DEQ_PBUF_BYTES	0x20454
#define FBNIC_HWS_RXB_INTEGRITY_ERR	0x204bc
#define FBNIC_HWS_RXB_MAC_ERR		0x204cc
#define FBNIC_HWS_RXB_PARSER_ERR	0x204dc
#define FBNIC_HWS_RXB_FRM_ERR		0x204ec

/* Rx parser */
#define FBNIC_HWS_RPC_TCP_OPT_ERR	0x21278
#define FBNIC_HWS_RPC_UNKN_ETYPE	0x2127c
#define FBNIC_HWS_RPC_IPV4_FRAG		0x21280
#define FBNIC_HWS_RPC_IPV6_FRAG		0x21284
#define FBNIC_HWS_RPC_IPV4_ESP		0x21288
#define FBNIC_HWS_RPC_IPV6_ESP		0x2128c
#define FBNIC_HWS_RPC_UNKN_EXT_HDR	0x21290
#define FBNIC_HWS_RPC_OUT_OF_HDR_ERR	0x21294
#define FBNIC_HWS_RPC_OVR_SIZE_ERR	0x21298
/* Received frames of 1519 bytes and more, five buckets of low/high pairs */
#define FBNIC_HWS_RPC_RX_HIST_1519	0x2157c

/* RS-FEC and PCS: 16-bit halves, low then high, cleared by the read */
#define FBNIC_HWS_RSFEC_CCW		0x42008
#define FBNIC_HWS_RSFEC_NCCW		0x42010
#define FBNIC_HWS_PCS_SYMBOL_ERR	0x42200		/* + 8 * lane */

/* MAC: all low/high pairs, high at +4 */
#define FBNIC_HWS_MAC_RX_XOFF		0x46800
#define FBNIC_HWS_MAC_TX_XOFF		0x46810
#define FBNIC_HWS_MAC_RX_OCTETS		0x46820
#define FBNIC_HWS_MAC_RX_ALIGN_ERR	0x46828
#define FBNIC_HWS_MAC_RX_TOO_LONG	0x46838
#define FBNIC_HWS_MAC_RX_OK		0x46848
#define FBNIC_HWS_MAC_RX_FCS_ERR	0x46850
#define FBNIC_HWS_MAC_RX_IF_ERR		0x46860
#define FBNIC_HWS_MAC_RX_MCAST		0x46870
#define FBNIC_HWS_MAC_RX_BCAST		0x46878
#define FBNIC_HWS_MAC_RX_UNDERSIZE	0x46890
#define FBNIC_HWS_MAC_RX_HIST		0x46898	/* 64 .. 1518: six buckets */
#define FBNIC_HWS_MAC_RX_OVERSIZE	0x468d0
#define FBNIC_HWS_MAC_RX_JABBER		0x468d8
#define FBNIC_HWS_MAC_RX_FRAGMENT	0x468e0
#define FBNIC_HWS_MAC_RX_CTRL		0x468f0
#define FBNIC_HWS_MAC_TX_OCTETS		0x468f8
#define FBNIC_HWS_MAC_TX_OK		0x46908
#define FBNIC_HWS_MAC_TX_IF_ERR		0x46918
#define FBNIC_HWS_MAC_TX_MCAST		0x46928
#define FBNIC_HWS_MAC_TX_BCAST		0x46930
#define FBNIC_HWS_MAC_TX_HIST		0x46938	/* 64 .. 1518: six buckets */
#define FBNIC_HWS_MAC_TX_CTRL		0x46978
#define FBNIC_HWS_MAC_HIST_BUCKETS	6

/* PCIe outbound traffic: low/high pairs */
#define FBNIC_HWS_PUL_RD_TLP		0xc41b8
#define FBNIC_HWS_PUL_RD_DWORD		0xc41c0
#define FBNIC_HWS_PUL_WR_TLP		0xc41c8
#define FBNIC_HWS_PUL_WR_DWORD		0xc41d0
#define FBNIC_HWS_PUL_CPL_TLP		0xc41d8
#define FBNIC_HWS_PUL_CPL_DWORD		0xc41e0
#define FBNIC_HWS_PUL_RD_NO_CPL_CRED	0xc41e8
#define FBNIC_HWS_PUL_RD_NO_TAG		0xc41f0
#define FBNIC_HWS_PUL_RD_NO_NP_CRED	0xc41f8

/* Receive DMA engine counters in each queue's 4 KiB register page */
#define FBNIC_HWS_QUEUE_STRIDE		0x1000
#define FBNIC_HWS_RDE_PKT_ERR		0x100a8c
#define FBNIC_HWS_RDE_CQ_DROP		0x100a90
#define FBNIC_HWS_RDE_BDQ_DROP		0x100a94

/**
 * enum fbnic_ctr_kind - how a counter is read and summed
 * @FBNIC_CTR_32: free-running 32-bit register
 * @FBNIC_CTR_64: free-running 64-bit count in a low and a high register
 * @FBNIC_CTR_COR16: 16-bit low and high halves, cleared by reading them
 * @FBNIC_CTR_LEVEL: a gauge; its value is reported as it is
 */
enum fbnic_ctr_kind {
	FBNIC_CTR_32,
	FBNIC_CTR_64,
	FBNIC_CTR_COR16,
	FBNIC_CTR_LEVEL,
};

/**
 * struct fbnic_ctr_def - where a counter lives and where its total goes
 * @name: its name in `ethtool -S` ("%u" for the instance), or NULL if it
 *	is only reported through a standard statistics group
 * @reg: byte offset of the (low) register of instance 0
 * @hi: bytes from the low to the high register of a pair
 * @stride: bytes between the registers of two instances
 * @count: instances
 * @kind: enum fbnic_ctr_kind
 * @field: offset of instance 0's total in struct fbnic_hw_stats; the
 *	instances are an array there
 */
struct fbnic_ctr_def {
	const char *name;
	u32 reg;
	u16 hi;
	u16 stride;
	u16 count;
	u8 kind;
	u32 field;
};

/* @_count instances, their totals an array from @_field on */
#define FBNIC_CTR_N(_name, _kind, _reg, _hi, _stride, _count, _field) { \
	.name = _name,							\
	.reg = _reg,							\
	.hi = _hi,							\
	.stride = _stride,						\
	.count = _count,						\
	.kind = _kind,							\
	.field = offsetof(struct fbnic_hw_stats, _field),		\
}

/* Single 32-bit registers; arrays of them 4 bytes apart */
#define FBNIC_CTR32(_name, _reg, _field) \
	FBNIC_CTR_N(_name, FBNIC_CTR_32, _reg, 0, 4, 1, _field)
#define FBNIC_CTR32_N(_name, _reg, _count, _field) \
	FBNIC_CTR_N(_name, FBNIC_CTR_32, _reg, 0, 4, _count, _field)
/* Low/high pairs, the high word 4 bytes on; arrays of pairs */
#define FBNIC_CTR64(_name, _reg, _field) \
	FBNIC_CTR_N(_name, FBNIC_CTR_64, _reg, 4, 8, 1, _field)
#define FBNIC_CTR64_N(_name, _reg, _count, _field) \
	FBNIC_CTR_N(_name, FBNIC_CTR_64, _reg, 4, 8, _count, _field)

static const struct fbnic_ctr_def fbnic_tx_ctrs[] = {
	FBNIC_CTR32("tmi_drop_frames", FBNIC_HWS_TMI_DROP_FRAMES,
		    tx.tmi_frames),
	FBNIC_CTR64("tmi_drop_bytes", FBNIC_HWS_TMI_DROP_BYTES, tx.tmi_bytes),
	FBNIC_CTR32("tti_cm_drop_frames", FBNIC_HWS_TTI_CM_DROP_FRAMES,
		    tx.tti_cm_frames),
	FBNIC_CTR64("tti_cm_drop_bytes", FBNIC_HWS_TTI_CM_DROP_BYTES,
		    tx.tti_cm_bytes),
	FBNIC_CTR32("tti_frame_drop_frames", FBNIC_HWS_TTI_FRM_DROP_FRAMES,
		    tx.tti_frame_frames),
	FBNIC_CTR64("tti_frame_drop_bytes", FBNIC_HWS_TTI_FRM_DROP_BYTES,
		    tx.tti_frame_bytes),
	FBNIC_CTR32("tbi_drop_frames", FBNIC_HWS_TBI_DROP_FRAMES,
		    tx.tbi_frames),
	FBNIC_CTR64("tbi_drop_bytes", FBNIC_HWS_TBI_DROP_BYTES, tx.tbi_bytes),
	FBNIC_CTR32("ptp_illegal_req", FBNIC_HWS_TMI_PTP_ILLEGAL_REQ,
		    ptp.illegal_req),
	FBNIC_CTR32("ptp_good_ts", FBNIC_HWS_TMI_PTP_GOOD_TS, ptp.good_ts),
	FBNIC_CTR32("ptp_bad_ts", FBNIC_HWS_TMI_PTP_BAD_TS, ptp.bad_ts),
};

static const struct fbnic_ctr_def fbnic_rx_ctrs[] = {
	FBNIC_CTR32("rpc_unkn_etype", FBNIC_HWS_RPC_UNKN_ETYPE,
		    rpc.unkn_etype),
	FBNIC_CTR32("rpc_unkn_ext_hdr", FBNIC_HWS_RPC_UNKN_EXT_HDR,
		    rpc.unkn_ext_hdr),
	FBNIC_CTR32("rpc_ipv4_frag", FBNIC_HWS_RPC_IPV4_FRAG, rpc.ipv4_frag),
	FBNIC_CTR32("rpc_ipv6_frag", FBNIC_HWS_RPC_IPV6_FRAG, rpc.ipv6_frag),
	FBNIC_CTR32("rpc_ipv4_esp", FBNIC_HWS_RPC_IPV4_ESP, rpc.ipv4_esp),
	FBNIC_CTR32("rpc_ipv6_esp", FBNIC_HWS_RPC_IPV6_ESP, rpc.ipv6_esp),
	FBNIC_CTR32("rpc_tcp_opt_err", FBNIC_HWS_RPC_TCP_OPT_ERR,
		    rpc.tcp_opt_err),
	FBNIC_CTR32("rpc_out_of_hdr_err", FBNIC_HWS_RPC_OUT_OF_HDR_ERR,
		    rpc.out_of_hdr_err),
	FBNIC_CTR32("rpc_ovr_size_err", FBNIC_HWS_RPC_OVR_SIZE_ERR,
		    rpc.ovr_size_err),

	FBNIC_CTR32_N("rxb_fifo%u_drop_frames", FBNIC_HWS_RXB_DROP_FRAMES,
		      FBNIC_HWS_RXB_FIFOS, rxb.fifo_drop_frames),
	FBNIC_CTR64_N("rxb_fifo%u_drop_bytes", FBNIC_HWS_RXB_DROP_BYTES,
		      FBNIC_HWS_RXB_FIFOS, rxb.fifo_drop_bytes),
	FBNIC_CTR32_N("rxb_fifo%u_trunc_frames", FBNIC_HWS_RXB_TRUNC_FRAMES,
		      FBNIC_HWS_RXB_FIFOS, rxb.fifo_trunc_frames),
	FBNIC_CTR64_N("rxb_fifo%u_trunc_bytes", FBNIC_HWS_RXB_TRUNC_BYTES,
		      FBNIC_HWS_RXB_FIFOS, rxb.fifo_trunc_bytes),
	FBNIC_CTR32_N("rxb_fifo%u_trans_drop", FBNIC_HWS_RXB_TRANS_DROP,
		      FBNIC_HWS_RXB_FIFOS, rxb.fifo_trans_drop),
	FBNIC_CTR32_N("rxb_fifo%u_trans_ecn", FBNIC_HWS_RXB_TRANS_ECN,
		      FBNIC_HWS_RXB_FIFOS, rxb.fifo_trans_ecn),
	FBNIC_CTR32_N("rxb_fifo%u_trans_pause", FBNIC_HWS_RXB_TRANS_PAUSE,
		      FBNIC_HWS_RXB_FIFOS, rxb.fifo_trans_pause),
	FBNIC_CTR_N("rxb_fifo%u_level", FBNIC_CTR_LEVEL,
		    FBNIC_HWS_RXB_FIFO_LEVEL, 0, 4, FBNIC_HWS_RXB_FIFOS,
		    rxb.fifo_level),

	/* Port byte counters: the high words are a block 16 bytes on */
	FBNIC_CTR32_N("rxb_enq%u_frames", FBNIC_HWS_RXB_ENQ_FRAMES,
		      FBNIC_HWS_RXB_PORTS, rxb.enq_frames),
	FBNIC_CTR_N("rxb_enq%u_bytes", FBNIC_CTR_64, FBNIC_HWS_RXB_ENQ_BYTES,
		    0x10, 4, FBNIC_HWS_RXB_PORTS, rxb.enq_bytes),
	FBNIC_CTR32_N("rxb_enq%u_integrity_err", FBNIC_HWS_RXB_INTEGRITY_ERR,
		      FBNIC_HWS_RXB_PORTS, rxb.enq_integrity_err),
	FBNIC_CTR32_N("rxb_enq%u_mac_err", FBNIC_HWS_RXB_MAC_ERR,
		      FBNIC_HWS_RXB_PORTS, rxb.enq_mac_err),
	FBNIC_CTR32_N("rxb_enq%u_parser_err", FBNIC_HWS_RXB_PARSER_ERR,
		      FBNIC_HWS_RXB_PORTS, rxb.enq_parser_err),
	FBNIC_CTR32_N("rxb_enq%u_frm_err", FBNIC_HWS_RXB_FRM_ERR,
		      FBNIC_HWS_RXB_PORTS, rxb.enq_frm_err),
	FBNIC_CTR32_N("rxb_deq%u_intf_frames", FBNIC_HWS_RXB_DEQ_INTF_FRAMES,
		      FBNIC_HWS_RXB_PORTS, rxb.deq_intf_frames),
	FBNIC_CTR_N("rxb_deq%u_intf_bytes", FBNIC_CTR_64,
		    FBNIC_HWS_RXB_DEQ_INTF_BYTES, 0x10, 4, FBNIC_HWS_RXB_PORTS,
		    rxb.deq_intf_bytes),
	FBNIC_CTR32_N("rxb_deq%u_pbuf_frames", FBNIC_HWS_RXB_DEQ_PBUF_FRAMES,
		      FBNIC_HWS_RXB_PORTS, rxb.deq_pbuf_frames),
	FBNIC_CTR_N("rxb_deq%u_pbuf_bytes", FBNIC_CTR_64,
		    FBNIC_HWS_RXB_DEQ_PBUF_BYTES, 0x10, 4, FBNIC_HWS_RXB_PORTS,
		    rxb.deq_pbuf_bytes),
};

/* Kept apart: the per-queue statistics refresh just these */
static const struct fbnic_ctr_def fbnic_rxq_ctrs[] = {
	FBNIC_CTR_N("rxq%u_hw_err", FBNIC_CTR_32, FBNIC_HWS_RDE_PKT_ERR, 0,
		    FBNIC_HWS_QUEUE_STRIDE, FBNIC_HWS_QUEUES, rxq.pkt_err),
	FBNIC_CTR_N("rxq%u_hw_cq_drop", FBNIC_CTR_32, FBNIC_HWS_RDE_CQ_DROP, 0,
		    FBNIC_HWS_QUEUE_STRIDE, FBNIC_HWS_QUEUES, rxq.cq_drop),
	FBNIC_CTR_N("rxq%u_hw_bdq_drop", FBNIC_CTR_32, FBNIC_HWS_RDE_BDQ_DROP,
		    0, FBNIC_HWS_QUEUE_STRIDE, FBNIC_HWS_QUEUES, rxq.bdq_drop),
};

static const struct fbnic_ctr_def fbnic_pcie_ctrs[] = {
	FBNIC_CTR64("pcie_ob_rd_tlp", FBNIC_HWS_PUL_RD_TLP, pcie.rd_tlp),
	FBNIC_CTR64("pcie_ob_rd_dword", FBNIC_HWS_PUL_RD_DWORD, pcie.rd_dword),
	FBNIC_CTR64("pcie_ob_wr_tlp", FBNIC_HWS_PUL_WR_TLP, pcie.wr_tlp),
	FBNIC_CTR64("pcie_ob_wr_dword", FBNIC_HWS_PUL_WR_DWORD, pcie.wr_dword),
	FBNIC_CTR64("pcie_ob_cpl_tlp", FBNIC_HWS_PUL_CPL_TLP, pcie.cpl_tlp),
	FBNIC_CTR64("pcie_ob_cpl_dword", FBNIC_HWS_PUL_CPL_DWORD,
		    pcie.cpl_dword),
	FBNIC_CTR64("pcie_ob_rd_no_tag", FBNIC_HWS_PUL_RD_NO_TAG,
		    pcie.rd_no_tag),
	FBNIC_CTR64("pcie_ob_rd_no_cpl_cred", FBNIC_HWS_PUL_RD_NO_CPL_CRED,
		    pcie.rd_no_cpl_cred),
	FBNIC_CTR64("pcie_ob_rd_no_np_cred", FBNIC_HWS_PUL_RD_NO_NP_CRED,
		    pcie.rd_no_np_cred),
};

/* Reported through the standard MAC, MAC control, pause and RMON groups */
static const struct fbnic_ctr_def fbnic_mac_ctrs[] = {
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_OCTETS, mac.rx_octets),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_OK, mac.rx_frames),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_FCS_ERR, mac.rx_fcs_err),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_ALIGN_ERR, mac.rx_align_err),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_TOO_LONG, mac.rx_too_long),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_IF_ERR, mac.rx_if_err),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_MCAST, mac.rx_mcast),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_BCAST, mac.rx_bcast),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_CTRL, mac.rx_ctrl),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_XOFF, mac.rx_pause),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_UNDERSIZE, mac.rx_undersize),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_OVERSIZE, mac.rx_oversize),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_FRAGMENT, mac.rx_fragments),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_RX_JABBER, mac.rx_jabbers),
	/* Size buckets up to 1518 bytes are the MAC's, the larger the RPC's */
	FBNIC_CTR64_N(NULL, FBNIC_HWS_MAC_RX_HIST, FBNIC_HWS_MAC_HIST_BUCKETS,
		      mac.rx_hist[0]),
	FBNIC_CTR64_N(NULL, FBNIC_HWS_RPC_RX_HIST_1519,
		      FBNIC_HWS_RMON_BUCKETS - FBNIC_HWS_MAC_HIST_BUCKETS,
		      mac.rx_hist[FBNIC_HWS_MAC_HIST_BUCKETS]),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_TX_OCTETS, mac.tx_octets),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_TX_OK, mac.tx_frames),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_TX_IF_ERR, mac.tx_if_err),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_TX_MCAST, mac.tx_mcast),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_TX_BCAST, mac.tx_bcast),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_TX_CTRL, mac.tx_ctrl),
	FBNIC_CTR64(NULL, FBNIC_HWS_MAC_TX_XOFF, mac.tx_pause),
	FBNIC_CTR32(NULL, FBNIC_HWS_RXB_PAUSE_STORMS, mac.tx_pause_storms),
	/* and the larger sent ones the TMI's */
	FBNIC_CTR64_N(NULL, FBNIC_HWS_MAC_TX_HIST, FBNIC_HWS_MAC_HIST_BUCKETS,
		      mac.tx_hist[0]),
	FBNIC_CTR64_N(NULL, FBNIC_HWS_TMI_TX_HIST_1519,
		      FBNIC_HWS_RMON_BUCKETS - FBNIC_HWS_MAC_HIST_BUCKETS,
		      mac.tx_hist[FBNIC_HWS_MAC_HIST_BUCKETS]),
};

/* Reported through the standard FEC and PHY groups */
static const struct fbnic_ctr_def fbnic_phy_ctrs[] = {
	FBNIC_CTR_N(NULL, FBNIC_CTR_COR16, FBNIC_HWS_RSFEC_CCW, 4, 0, 1,
		    phy.fec_corrected),
	FBNIC_CTR_N(NULL, FBNIC_CTR_COR16, FBNIC_HWS_RSFEC_NCCW, 4, 0, 1,
		    phy.fec_uncorrectable),
	FBNIC_CTR_N(NULL, FBNIC_CTR_COR16, FBNIC_HWS_PCS_SYMBOL_ERR, 4, 8,
		    FBNIC_HWS_PCS_LANES, phy.pcs_symbol_err),
};

struct fbnic_ctr_table {
	const struct fbnic_ctr_def *defs;
	unsigned int len;
};

/* Every counter, in `ethtool -S` order */
static const struct fbnic_ctr_table fbnic_ctr_tables[] = {
	{ fbnic_tx_ctrs, ARRAY_SIZE(fbnic_tx_ctrs) },
	{ fbnic_rx_ctrs, ARRAY_SIZE(fbnic_rx_ctrs) },
	{ fbnic_rxq_ctrs, ARRAY_SIZE(fbnic_rxq_ctrs) },
	{ fbnic_pcie_ctrs, ARRAY_SIZE(fbnic_pcie_ctrs) },
	{ fbnic_mac_ctrs, ARRAY_SIZE(fbnic_mac_ctrs) },
	{ fbnic_phy_ctrs, ARRAY_SIZE(fbnic_phy_ctrs) },
};

/* Which counters a pass over the tables reads */
enum fbnic_ctr_pass {
	FBNIC_PASS_WRAPPING,	/* those a late read could lose counts of */
	FBNIC_PASS_ALL,
};

static struct fbnic_stat_counter *
fbnic_ctr_slot(struct fbnic_hw_stats *hs, const struct fbnic_ctr_def *def,
	       unsigned int i)
{
	return (struct fbnic_stat_counter *)((u8 *)hs + def->field) + i;
}

/*
 * The two halves of a 64-bit counter are not latched together: the high
 * word is read before and after the low one, and the pair is only taken
 * when both reads agree. If the low word kept wrapping, the high word's
 * later value alone is used: the count passed it after the first read of
 * this attempt, so it is a value the counter really went through, at or
 * above every earlier read. The next read adds the rest.
 */
static u64 fbnic_ctr_rd64(struct fbnic_dev *fbd, u32 lo, u32 hi)
{
	u32 high, low, again;
	int tries;

	for (tries = 0; tries < 3; tries++) {
		high = fbnic_rd32(fbd, hi);
		low = fbnic_rd32(fbd, lo);
		again = fbnic_rd32(fbd, hi);
		if (high == again)
			return (u64)high << 32 | low;
	}
	dev_warn_once(fbd->dev,
		      "64-bit counter at 0x%05x changes too fast for a consistent read\n",
		      lo);
	return (u64)again << 32;
}

static u64 fbnic_ctr_read(struct fbnic_dev *fbd,
			  const struct fbnic_ctr_def *def, u32 reg)
{
	u32 low;

	switch (def->kind) {
	case FBNIC_CTR_64:
		return fbnic_ctr_rd64(fbd, reg, reg + def->hi);
	case FBNIC_CTR_COR16:
		/* The hardware wants the low half read first */
		low = fbnic_rd32(fbd, reg) & 0xffff;
		return low | (fbnic_rd32(fbd, reg + def->hi) & 0xffff) << 16;
	default:
		return fbnic_rd32(fbd, reg);
	}
}

/* Add what the counter moved since its previous read */
static void fbnic_ctr_accumulate(const struct fbnic_ctr_def *def,
				 struct fbnic_stat_counter *ctr, u64 now)
{
	switch (def->kind) {
	case FBNIC_CTR_32:
		/* Modulo 2^32: one wrap since the last read is accounted */
		ctr->total += (u32)((u32)now - (u32)ctr->raw);
		break;
	case FBNIC_CTR_64:
		/* 64 bits do not wrap: less than before means it restarted */
		ctr->total += now >= ctr->raw ? now - ctr->raw : now;
		break;
	case FBNIC_CTR_COR16:
		ctr->total += now;	/* the read cleared it */
		break;
	case FBNIC_CTR_LEVEL:
		ctr->total = now;
		break;
	}
	ctr->raw = now;
}

/* Start counting from what the register holds now */
static void fbnic_ctr_rebase(const struct fbnic_ctr_def *def,
			     struct fbnic_stat_counter *ctr, u64 now)
{
	if (def->kind == FBNIC_CTR_LEVEL)
		ctr->total = now;
	ctr->raw = now;
}

static bool fbnic_ctr_in_pass(const struct fbnic_ctr_def *def,
			      enum fbnic_ctr_pass pass)
{
	return pass == FBNIC_PASS_ALL || def->kind == FBNIC_CTR_32 ||
	       def->kind == FBNIC_CTR_COR16;
}

/* Read instance @i of @def and account it. Caller holds hw_stats.lock.
 * Return: false if the device is gone (and nothing was accounted).
 */
static bool fbnic_ctr_refresh(struct fbnic_dev *fbd,
			      const struct fbnic_ctr_def *def, unsigned int i,
			      bool rebase)
{
	struct fbnic_stat_counter *ctr = fbnic_ctr_slot(&fbd->hw_stats, def, i);
	u64 now = fbnic_ctr_read(fbd, def, def->reg + i * def->stride);

	/* A device that went away reads all ones: that is no count */
	if (!fbnic_present(fbd))
		return false;
	if (rebase)
		fbnic_ctr_rebase(def, ctr, now);
	else
		fbnic_ctr_accumulate(def, ctr, now);
	return true;
}

/* Caller holds hw_stats.lock. Return: false if the device is gone. */
static bool fbnic_ctr_defs_walk(struct fbnic_dev *fbd,
				const struct fbnic_ctr_def *defs,
				unsigned int len, enum fbnic_ctr_pass pass,
				bool rebase)
{
	const struct fbnic_ctr_def *def;
	unsigned int i;

	for (def = defs; def < defs + len; def++) {
		if (!fbnic_ctr_in_pass(def, pass))
			continue;
		for (i = 0; i < def->count; i++)
			if (!fbnic_ctr_refresh(fbd, def, i, rebase))
				return false;
	}
	return true;
}

static bool fbnic_hw_stats_readable(struct fbnic_dev *fbd)
{
	lockdep_assert_held(&fbd->hw_stats.lock);
	return fbd->hw_stats.live && fbnic_present(fbd);
}

/* Refresh one table of counters. Caller holds hw_stats.lock. */
static void fbnic_ctr_defs_refresh(struct fbnic_dev *fbd,
				   const struct fbnic_ctr_def *defs,
				   unsigned int len)
{
	if (fbnic_hw_stats_readable(fbd))
		fbnic_ctr_defs_walk(fbd, defs, len, FBNIC_PASS_ALL, false);
}

/* Caller holds hw_stats.lock */
static void fbnic_hw_stats_walk(struct fbnic_dev *fbd,
				enum fbnic_ctr_pass pass, bool rebase)
{
	const struct fbnic_ctr_table *t;

	if (!fbnic_hw_stats_readable(fbd))
		return;
	for (t = fbnic_ctr_tables;
	     t < fbnic_ctr_tables + ARRAY_SIZE(fbnic_ctr_tables); t++)
		if (!fbnic_ctr_defs_walk(fbd, t->defs, t->len, pass, rebase))
			return;
}

/**
 * fbnic_hw_stats_update() - bring every total up to date
 * @fbd: device
 *
 * Does nothing while the registers must not be touched (before
 * fbnic_hw_stats_init(), after fbnic_hw_stats_stop(), device gone).
 * Does not sleep.
 */
void fbnic_hw_stats_update(struct fbnic_dev *fbd)
{
	spin_lock(&fbd->hw_stats.lock);
	fbnic_hw_stats_walk(fbd, FBNIC_PASS_ALL, false);
	spin_unlock(&fbd->hw_stats.lock);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_update);

static void fbnic_hw_stats_work(struct work_struct *work)
{
	struct fbnic_hw_stats *hs = container_of(to_delayed_work(work),
						 struct fbnic_hw_stats, work);
	struct fbnic_dev *fbd = container_of(hs, struct fbnic_dev, hw_stats);

	spin_lock(&hs->lock);
	fbnic_hw_stats_walk(fbd, FBNIC_PASS_WRAPPING, false);
	spin_unlock(&hs->lock);

	if (READ_ONCE(hs->periodic))
		schedule_delayed_work(&hs->work, FBNIC_HWS_PERIOD);
}

/**
 * fbnic_hw_stats_resync() - count on from the registers' current values
 * @fbd: device
 *
 * For after a reset of the device, which restarted its counters: the
 * totals are kept and the registers become the new baseline. Also allows
 * register reads again after fbnic_hw_stats_stop().
 */
void fbnic_hw_stats_resync(struct fbnic_dev *fbd)
{
	spin_lock(&fbd->hw_stats.lock);
	fbd->hw_stats.live = true;
	fbnic_hw_stats_walk(fbd, FBNIC_PASS_ALL, true);
	spin_unlock(&fbd->hw_stats.lock);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_resync);

/* Every counter's totals lie within struct fbnic_hw_stats */
static bool fbnic_ctr_tables_valid(void)
{
	const size_t size = sizeof(struct fbnic_stat_counter);
	const struct fbnic_ctr_table *t;
	const struct fbnic_ctr_def *def;

	for (t = fbnic_ctr_tables;
	     t < fbnic_ctr_tables + ARRAY_SIZE(fbnic_ctr_tables); t++)
		for (def = t->defs; def < t->defs + t->len; def++)
			if (!def->count ||
			    def->field % __alignof__(struct fbnic_stat_counter) ||
			    def->field + def->count * size >
			    sizeof(struct fbnic_hw_stats))
				return false;
	return true;
}

/**
 * fbnic_hw_stats_init() - take the baseline the totals count from
 * @fbd: device, with its registers mapped
 *
 * Called once, at probe: every total starts at zero, whatever the
 * counters held before the driver came.
 */
void fbnic_hw_stats_init(struct fbnic_dev *fbd)
{
	struct fbnic_hw_stats *hs = &fbd->hw_stats;

	spin_lock_init(&hs->lock);
	INIT_DELAYED_WORK(&hs->work, fbnic_hw_stats_work);
	WARN_ON_ONCE(!fbnic_ctr_tables_valid());
	fbnic_hw_stats_resync(fbd);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_init);

/**
 * fbnic_hw_stats_start() - refresh the totals every second from now on
 * @fbd: device
 */
void fbnic_hw_stats_start(struct fbnic_dev *fbd)
{
	struct fbnic_hw_stats *hs = &fbd->hw_stats;

	spin_lock(&hs->lock);
	hs->live = true;
	WRITE_ONCE(hs->periodic, true);
	spin_unlock(&hs->lock);
	schedule_delayed_work(&hs->work, FBNIC_HWS_PERIOD);
}

/**
 * fbnic_hw_stats_stop() - take a last reading and leave the registers be
 * @fbd: device
 *
 * For before the device goes away, is powered down or reset: the totals
 * stay readable, but no register is read until fbnic_hw_stats_start()
 * or fbnic_hw_stats_resync(). May sleep.
 */
void fbnic_hw_stats_stop(struct fbnic_dev *fbd)
{
	struct fbnic_hw_stats *hs = &fbd->hw_stats;

	WRITE_ONCE(hs->periodic, false);
	cancel_delayed_work_sync(&hs->work);

	spin_lock(&hs->lock);
	fbnic_hw_stats_walk(fbd, FBNIC_PASS_ALL, false);
	hs->live = false;
	spin_unlock(&hs->lock);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_stop);

static u64 fbnic_ctr_sum(const struct fbnic_stat_counter *ctr,
			 unsigned int n)
{
	u64 sum = 0;

	while (n--)
		sum += ctr++->total;
	return sum;
}

/**
 * fbnic_hw_stats_get_errors() - hardware drops and errors, up to date
 * @fbd: device
 * @err: filled with the totals
 *
 * For ndo_get_stats64: does not sleep.
 */
void fbnic_hw_stats_get_errors(struct fbnic_dev *fbd,
			       struct fbnic_hw_err_stats *err)
{
	struct fbnic_hw_stats *hs = &fbd->hw_stats;
	const struct fbnic_mac_hw_stats *mac = &hs->mac;

	spin_lock(&hs->lock);
	fbnic_hw_stats_walk(fbd, FBNIC_PASS_ALL, false);

	err->rx_missed = hs->rxb.fifo_drop_frames[FBNIC_HWS_FIFO_HOST].total +
		hs->rxb.fifo_drop_frames[FBNIC_HWS_FIFO_BMC_TO_HOST].total;
	err->rx_over = fbnic_ctr_sum(hs->rxq.cq_drop, FBNIC_HWS_QUEUES) +
		       fbnic_ctr_sum(hs->rxq.bdq_drop, FBNIC_HWS_QUEUES);
	err->rx_errors = fbnic_ctr_sum(hs->rxq.pkt_err, FBNIC_HWS_QUEUES);
	err->rx_crc = mac->rx_fcs_err.total;
	err->rx_frame = mac->rx_align_err.total;
	err->rx_length = mac->rx_too_long.total + mac->rx_undersize.total;
	err->rx_fifo = mac->rx_if_err.total;
	err->tx_dropped = hs->tx.tmi_frames.total + hs->tx.tti_cm_frames.total +
			  hs->tx.tti_frame_frames.total + hs->tx.tbi_frames.total;
	err->tx_errors = mac->tx_if_err.total;
	spin_unlock(&hs->lock);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_get_errors);

/**
 * fbnic_hw_stats_get_rxq() - one receive queue's hardware drops
 * @fbd: device
 * @idx: queue index
 * @hw_drops: all the queue's packets the hardware dropped or failed
 * @hw_drop_overruns: those of them dropped for lack of completion or
 *	buffer room
 *
 * Refreshes only this queue's counters. Does not sleep.
 */
void fbnic_hw_stats_get_rxq(struct fbnic_dev *fbd, unsigned int idx,
			    u64 *hw_drops, u64 *hw_drop_overruns)
{
	struct fbnic_hw_stats *hs = &fbd->hw_stats;
	const struct fbnic_ctr_def *def;
	u64 overruns;

	*hw_drops = 0;
	*hw_drop_overruns = 0;
	if (WARN_ON_ONCE(idx >= FBNIC_HWS_QUEUES))
		return;

	spin_lock(&hs->lock);
	if (fbnic_hw_stats_readable(fbd)) {
		for (def = fbnic_rxq_ctrs;
		     def < fbnic_rxq_ctrs + ARRAY_SIZE(fbnic_rxq_ctrs); def++)
			if (!fbnic_ctr_refresh(fbd, def, idx, false))
				break;
	}
	overruns = hs->rxq.cq_drop[idx].total + hs->rxq.bdq_drop[idx].total;
	*hw_drop_overruns = overruns;
	*hw_drops = overruns + hs->rxq.pkt_err[idx].total;
	spin_unlock(&hs->lock);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_get_rxq);

/**
 * fbnic_hw_stats_get_mac() - the MAC's counters, up to date
 * @fbd: device
 * @mac: filled with a copy of them
 */
void fbnic_hw_stats_get_mac(struct fbnic_dev *fbd,
			    struct fbnic_mac_hw_stats *mac)
{
	struct fbnic_hw_stats *hs = &fbd->hw_stats;

	spin_lock(&hs->lock);
	fbnic_ctr_defs_refresh(fbd, fbnic_mac_ctrs,
			       ARRAY_SIZE(fbnic_mac_ctrs));
	*mac = hs->mac;
	spin_unlock(&hs->lock);
}

/**
 * fbnic_hw_stats_get_phy() - the PCS and FEC counters, up to date
 * @fbd: device
 * @phy: filled with a copy of them
 */
void fbnic_hw_stats_get_phy(struct fbnic_dev *fbd,
			    struct fbnic_phy_hw_stats *phy)
{
	struct fbnic_hw_stats *hs = &fbd->hw_stats;

	spin_lock(&hs->lock);
	fbnic_ctr_defs_refresh(fbd, fbnic_phy_ctrs,
			       ARRAY_SIZE(fbnic_phy_ctrs));
	*phy = hs->phy;
	spin_unlock(&hs->lock);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_get_phy);

typedef void (*fbnic_ctr_fn)(const struct fbnic_ctr_def *def,
			     unsigned int i, void *arg);

/* Call @fn for each counter instance `ethtool -S` shows, in its order */
static void fbnic_ethtool_ctrs_visit(fbnic_ctr_fn fn, void *arg)
{
	const struct fbnic_ctr_table *t;
	const struct fbnic_ctr_def *def;
	unsigned int i;

	for (t = fbnic_ctr_tables;
	     t < fbnic_ctr_tables + ARRAY_SIZE(fbnic_ctr_tables); t++)
		for (def = t->defs; def < t->defs + t->len; def++)
			for (i = 0; def->name && i < def->count; i++)
				fn(def, i, arg);
}

static void fbnic_ethtool_ctr_count(const struct fbnic_ctr_def *def,
				    unsigned int i, void *arg)
{
	(*(unsigned int *)arg)++;
}

/**
 * fbnic_hw_stats_ethtool_count() - number of counters `ethtool -S` shows
 *
 * Return: the number of strings fbnic_hw_stats_ethtool_strings() writes.
 */
unsigned int fbnic_hw_stats_ethtool_count(void)
{
	unsigned int n = 0;

	fbnic_ethtool_ctrs_visit(fbnic_ethtool_ctr_count, &n);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_ethtool_count);

static void fbnic_ethtool_ctr_string(const struct fbnic_ctr_def *def,
				     unsigned int i, void *arg)
{
	if (def->count > 1)
		ethtool_sprintf(arg, def->name, i);
	else
		ethtool_puts(arg, def->name);
}

/**
 * fbnic_hw_stats_ethtool_strings() - the names of the `ethtool -S` counters
 * @data: where to write them, advanced past them
 */
void fbnic_hw_stats_ethtool_strings(u8 **data)
{
	fbnic_ethtool_ctrs_visit(fbnic_ethtool_ctr_string, data);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_ethtool_strings);

struct fbnic_ethtool_ctr_out {
	struct fbnic_hw_stats *hs;
	u64 *data;
};

static void fbnic_ethtool_ctr_value(const struct fbnic_ctr_def *def,
				    unsigned int i, void *arg)
{
	struct fbnic_ethtool_ctr_out *out = arg;

	*out->data++ = fbnic_ctr_slot(out->hs, def, i)->total;
}

/**
 * fbnic_hw_stats_ethtool_values() - the `ethtool -S` counters, up to date
 * @fbd: device
 * @data: fbnic_hw_stats_ethtool_count() values, in the strings' order
 */
void fbnic_hw_stats_ethtool_values(struct fbnic_dev *fbd, u64 *data)
{
	struct fbnic_ethtool_ctr_out out = {
		.hs = &fbd->hw_stats,
		.data = data,
	};

	spin_lock(&fbd->hw_stats.lock);
	fbnic_hw_stats_walk(fbd, FBNIC_PASS_ALL, false);
	fbnic_ethtool_ctrs_visit(fbnic_ethtool_ctr_value, &out);
	spin_unlock(&fbd->hw_stats.lock);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_hw_stats_ethtool_values);
