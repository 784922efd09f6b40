// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/ethtool.h>
#include <linux/interrupt.h>
#include <linux/log2.h>
#include <linux/pci.h>
#include <net/tcp.h>

#include "fbnic.h"
#include "fbnic_mac.h"
#include "fbnic_netdev.h"
#include "fbnic_queue.h"
#include "fbnic_regs.h"

/*
 * The MAC side of the NIC: the one-time setup of the DMA engines, the
 * receive and transmit buffers and the queue manager, and the link. The
 * firmware trains the link in the mode it reports; the driver watches
 * the PCS lock state, through the PCS interrupt on vector 1, and turns
 * the MAC on and off with it.
 */

/* After a link loss the PMD retrains for a few seconds, during which the
 * link may flap; a link that comes back is reported once it held that long.
 */
#define FBNIC_LINK_TRAIN_TIME		(4 * HZ)
#define FBNIC_LINK_POLL_TIME		HZ

/* Pause storm protection: a FIFO that kept asking for pause this long
 * stops doing so; the service task lets it pause again a second later
 * at most, so a host that stopped draining cannot stall the link.
 */
#define FBNIC_PAUSE_STORM_MS		500
#define FBNIC_PAUSE_STORM_UNITS_PER_MS	100	/* 10 us units */

/* PCIe sizes are programmed as log2(bytes) - 6, at most 3 (512 B) */
static u32 fbnic_pcie_size_code(unsigned int bytes)
{
	return clamp_t(int, ilog2(bytes) - 6, 0, 3);
}

/* Keep the outstanding-request limits, set the read request size */
static void fbnic_init_read_ctl(struct fbnic_dev *fbd, u32 reg, u32 cls,
				u32 mrrs)
{
	u32 val = fbnic_rd32(fbd, reg);

	val &= FBNIC_QM_TNI_CTL_MAX_OT | FBNIC_QM_TNI_CTL_MAX_OB;
	val |= FIELD_PREP(FBNIC_QM_TNI_CTL_MRRS, mrrs) |
	       FIELD_PREP(FBNIC_QM_TNI_CTL_CLS, cls);
	fbnic_wr32(fbd, reg, val);
}

static void fbnic_init_write_ctl(struct fbnic_dev *fbd, u32 reg, u32 cls,
				 u32 mps)
{
	fbnic_rmw32(fbd, reg, FBNIC_QM_TNI_CTL_MPS | FBNIC_QM_TNI_CTL_CLS,
		    FIELD_PREP(FBNIC_QM_TNI_CTL_MPS, mps) |
		    FIELD_PREP(FBNIC_QM_TNI_CTL_CLS, cls));
}

/* Size the DMA engines' PCIe requests after what the link negotiated */
static void fbnic_mac_init_dma(struct fbnic_dev *fbd)
{
	int readrq = pcie_get_readrq(fbd->pdev);
	u32 cls = fbnic_pcie_size_code(L1_CACHE_BYTES);
	u32 mps = fbnic_pcie_size_code(pcie_get_mps(fbd->pdev));
	u32 mrrs = fbnic_pcie_size_code(readrq);

	fbnic_init_read_ctl(fbd, FBNIC_QM_TNI_TDF_CTL, cls, mrrs);
	fbnic_init_write_ctl(fbd, FBNIC_QM_TNI_TCM_CTL, cls, mps);

	/* Descriptor reads get 704 of the 768 AXI beats and up to 128
	 * outstanding requests, leaving room for packet data
	 */
	fbnic_wr32(fbd, FBNIC_QM_TNI_TDE_CTL,
		   (readrq > 512 ? FBNIC_QM_TNI_TDE_CTL_MRRS_1K : 0) |
		   FIELD_PREP(FBNIC_QM_TNI_TDE_CTL_MAX_OB, 704) |
		   FIELD_PREP(FBNIC_QM_TNI_CTL_MAX_OT, 128) |
		   FIELD_PREP(FBNIC_QM_TNI_CTL_MRRS, mrrs) |
		   FIELD_PREP(FBNIC_QM_TNI_CTL_CLS, cls));

	fbnic_init_read_ctl(fbd, FBNIC_QM_RNI_RBP_CTL, cls, mrrs);
	fbnic_init_write_ctl(fbd, FBNIC_QM_RNI_RDE_CTL, cls, mps);
	fbnic_init_write_ctl(fbd, FBNIC_QM_RNI_RCM_CTL, cls, mps);
}

static void fbnic_mac_init_qm(struct fbnic_dev *fbd)
{
	/* Metadata of a packet queued without any: plain Ethernet, with a
	 * completion
	 */
	u64 meta = FIELD_PREP(FBNIC_TWD_L2_HLEN, ETH_HLEN / 2) |
		   FBNIC_TWD_FLAG_REQ_COMPLETION;
	u32 tick = FBNIC_CLOCK_HZ / USEC_PER_SEC;

	fbnic_wr32(fbd, FBNIC_QM_TWQ_DEFAULT_META_L, lower_32_bits(meta));
	fbnic_wr32(fbd, FBNIC_QM_TWQ_DEFAULT_META_H, upper_32_bits(meta));

	/* A TSO timestamp request applies to the last segment */
	fbnic_wr32(fbd, FBNIC_QM_TQS_CTL0, FBNIC_QM_TQS_CTL0_LSO_TS_LAST |
		   FIELD_PREP(FBNIC_QM_TQS_CTL0_PREFETCH_THRESH,
			      FBNIC_QM_TQS_PREFETCH_THRESH_MIN));
	/* Departure times as far out as the EDT qdisc allows */
	fbnic_wr32(fbd, FBNIC_QM_TQS_EDT_TS_RANGE, INT_MAX);

	/* The scheduler misbehaves with a limit within 16 bytes of a 64-byte
	 * boundary; one byte over the largest frame avoids that.
	 */
	fbnic_wr32(fbd, FBNIC_QM_TQS_MTU_CTL0, FBNIC_MAX_FRAME_SIZE + 1);
	fbnic_wr32(fbd, FBNIC_QM_TQS_MTU_CTL1,
		   FIELD_PREP(FBNIC_QM_TQS_MTU_CTL1_BULK,
			      FBNIC_MAX_FRAME_SIZE + 1));

	/* Moderation timers tick every microsecond; completion writes are
	 * held back up to 80 us on Tx and 2 us on Rx to batch them
	 */
	fbnic_wr32(fbd, FBNIC_QM_TCQ_CTL0,
		   FIELD_PREP(FBNIC_QM_CQ_CTL0_TICK_CYCLES, tick) |
		   FIELD_PREP(FBNIC_QM_CQ_CTL0_COAL_WAIT, 80 * tick));
	fbnic_wr32(fbd, FBNIC_QM_RCQ_CTL0,
		   FIELD_PREP(FBNIC_QM_CQ_CTL0_TICK_CYCLES, tick) |
		   FIELD_PREP(FBNIC_QM_CQ_CTL0_COAL_WAIT, 2 * tick));

	fbnic_wr32(fbd, FBNIC_FAB_AXI4_AR_SPACER_2_CFG,
		   FBNIC_FAB_AXI4_AR_SPACER_MASK |
		   FIELD_PREP(FBNIC_FAB_AXI4_AR_SPACER_THRESHOLD, 2));
}

/**
 * struct fbnic_rxb_fifo - placement of one receive buffer FIFO
 * @base: start, in 64-byte units
 * @size: size, in 2 KB units; 0 for an unused FIFO
 */
struct fbnic_rxb_fifo {
	u16 base;
	u16 size;
};

/* The 512 KB receive buffer: 384 KB network to host, 64 KB for frames to
 * both host and BMC, 32 KB each network to BMC and BMC to host
 */
static const struct fbnic_rxb_fifo fbnic_rxb_fifos[FBNIC_RXB_FIFO_CNT] = {
	[0] = { .base = 0x1800, .size = 0x20 },
	[3] = { .base = 0x1c00, .size = 0x10 },
	[4] = { .base = 0x0000, .size = 0xc0 },
	[6] = { .base = 0x1e00, .size = 0x10 },
};

/* Which FIFOs drop, send pause frames or mark ECN when filling up */
#define FBNIC_RXB_DROP_FIFOS		0x7d
#define FBNIC_RXB_PAUSE_FIFOS		0x14
#define FBNIC_RXB_ECN_FIFOS		0x10
/* Pause thresholds leave 56 KB of skid (in 64-byte units) */
#define FBNIC_RXB_PAUSE_SKID		0x380
#define FBNIC_RXB_FRAME_UNITS		(FBNIC_MAX_FRAME_SIZE / 64)

static u32 fbnic_rxb_thld(bool on, u32 on_level, u32 off_level)
{
	if (!on)
		return FBNIC_RXB_THLD_DISABLED;
	return FIELD_PREP(FBNIC_RXB_THLD_ON, on_level) |
	       FIELD_PREP(FBNIC_RXB_THLD_OFF, off_level);
}

static void fbnic_mac_init_rxb_fifo(struct fbnic_dev *fbd, unsigned int i,
				    bool running)
{
	u32 size = fbnic_rxb_fifos[i].size, units;

	if (running) {
		/* A BMC has the receive path going: keep its layout */
		size = FIELD_GET(FBNIC_RXB_PBUF_SIZE,
				 fbnic_rd32(fbd, FBNIC_RXB_PBUF_CFG(i)));
		if (size < fbnic_rxb_fifos[i].size)
			dev_warn(fbd->dev, "Rx FIFO %u is %u KB, expected %u KB\n",
				 i, size * 2, fbnic_rxb_fifos[i].size * 2);
	} else {
		fbnic_wr32(fbd, FBNIC_RXB_CT_SIZE(i),
			   FIELD_PREP(FBNIC_RXB_CT_SIZE_HEADER, 4) |
			   FIELD_PREP(FBNIC_RXB_CT_SIZE_PAYLOAD, 2));
		fbnic_wr32(fbd, FBNIC_RXB_PBUF_CFG(i),
			   FIELD_PREP(FBNIC_RXB_PBUF_BASE_ADDR,
				      fbnic_rxb_fifos[i].base) |
			   FIELD_PREP(FBNIC_RXB_PBUF_SIZE, size));
		fbnic_wr32(fbd, FBNIC_RXB_PBUF_CREDIT(i),
			   FIELD_PREP(FBNIC_RXB_PBUF_CREDIT_MASK,
				      size ? size * 32 + 4 : 0));
	}
	if (!size)
		return;

	units = size * 32;	/* FIFO size in 64-byte units */
	fbnic_wr32(fbd, FBNIC_RXB_PAUSE_THLD(i),
		   fbnic_rxb_thld(FBNIC_RXB_PAUSE_FIFOS & BIT(i),
				  units - FBNIC_RXB_PAUSE_SKID,
				  FBNIC_RXB_PAUSE_SKID));
	/* Drop once no more than one largest frame fits */
	fbnic_wr32(fbd, FBNIC_RXB_DROP_THLD(i),
		   fbnic_rxb_thld(FBNIC_RXB_DROP_FIFOS & BIT(i),
				  units - FBNIC_RXB_FRAME_UNITS,
				  units - FBNIC_RXB_FRAME_UNITS));
	/* Mark ECN from a quarter full, but not before a frame is queued */
	units = max_t(u32, units / 4, FBNIC_RXB_FRAME_UNITS);
	fbnic_wr32(fbd, FBNIC_RXB_ECN_THLD(i),
		   fbnic_rxb_thld(FBNIC_RXB_ECN_FIFOS & BIT(i), units, units));
}

static void fbnic_mac_init_rxb(struct fbnic_dev *fbd)
{
	bool running = fbnic_rd32(fbd, FBNIC_RPC_RMI_CONFIG) &
		       FBNIC_RPC_RMI_CONFIG_ENABLE;
	unsigned int i;

	for (i = 0; i < FBNIC_RXB_FIFO_CNT; i++)
		fbnic_mac_init_rxb_fifo(fbd, i, running);

	/* Drop and ECN only: pause is not supported */
	fbnic_wr32(fbd, FBNIC_RXB_PAUSE_DROP_CTRL,
		   FIELD_PREP(FBNIC_RXB_PAUSE_DROP_CTRL_DROP_ENABLE,
			      FBNIC_RXB_DROP_FIFOS) |
		   FIELD_PREP(FBNIC_RXB_PAUSE_DROP_CTRL_ECN_ENABLE,
			      FBNIC_RXB_ECN_FIFOS));

	fbnic_wr32(fbd, FBNIC_RXB_INTF_CREDIT,
		   FBNIC_RXB_INTF_CREDIT_MASK0 | FBNIC_RXB_INTF_CREDIT_MASK1 |
		   FBNIC_RXB_INTF_CREDIT_MASK2 |
		   FIELD_PREP(FBNIC_RXB_INTF_CREDIT_MASK3, 8));

	/* Dequeue calendar: host first in 63 of 64 slots, BMC first in one */
	for (i = 0; i < FBNIC_RXB_CLDR_PRIO_CNT; i++)
		fbnic_wr32(fbd, FBNIC_RXB_CLDR_PRIO_CFG(i),
			   i == FBNIC_RXB_CLDR_PRIO_CNT - 1 ? 0x1e1b1b1b :
							       0x1b1b1b1b);

	/* DWRR quanta: network to host and multicast large, BMC to host
	 * small
	 */
	fbnic_wr32(fbd, FBNIC_RXB_DWRR_RDE_WEIGHT0,
		   FIELD_PREP(FBNIC_RXB_DWRR_QUANTUM0, 0x40) |
		   FIELD_PREP(FBNIC_RXB_DWRR_QUANTUM2, 0x50));
	fbnic_wr32(fbd, FBNIC_RXB_DWRR_RDE_WEIGHT0_EXT,
		   FIELD_PREP(FBNIC_RXB_DWRR_QUANTUM0, 0x1f));
	fbnic_wr32(fbd, FBNIC_RXB_DWRR_RDE_WEIGHT1,
		   FIELD_PREP(FBNIC_RXB_DWRR_QUANTUM4, 0x40));
	fbnic_wr32(fbd, FBNIC_RXB_DWRR_RDE_WEIGHT1_EXT,
		   FIELD_PREP(FBNIC_RXB_DWRR_QUANTUM4, 0x1f));

	fbnic_wr32(fbd, FBNIC_RXB_ENDIAN_FCS, 0x0aaaaaa0);
}

static void fbnic_mac_init_txb(struct fbnic_dev *fbd)
{
	unsigned int i;

	fbnic_wr32(fbd, FBNIC_TCE_TXB_CTRL, 0);

	fbnic_wr32(fbd, FBNIC_QM_TQS_CTL1,
		   FIELD_PREP(FBNIC_QM_TQS_CTL1_MC_MAX_CREDITS, 0x40) |
		   FIELD_PREP(FBNIC_QM_TQS_CTL1_BULK_MAX_CREDITS, 0x20));

	/* Transmit buffer: the first 1024 units to the MAC queue, then 512
	 * each for the BMC's transmit and receive
	 */
	fbnic_wr32(fbd, FBNIC_TCE_TXB_TEI_Q0_CTRL, 0);
	fbnic_wr32(fbd, FBNIC_TCE_TXB_TEI_Q1_CTRL, 0);
	fbnic_wr32(fbd, FBNIC_TCE_TXB_MC_Q_CTRL,
		   FIELD_PREP(FBNIC_TCE_TXB_Q_CTRL_SIZE, 0x400) |
		   FIELD_PREP(FBNIC_TCE_TXB_Q_CTRL_START, 0x000));
	fbnic_wr32(fbd, FBNIC_TCE_TXB_RX_TEI_Q_CTRL, 0);
	fbnic_wr32(fbd, FBNIC_TCE_TXB_TX_BMC_Q_CTRL,
		   FIELD_PREP(FBNIC_TCE_TXB_Q_CTRL_SIZE, 0x200) |
		   FIELD_PREP(FBNIC_TCE_TXB_Q_CTRL_START, 0x400));
	fbnic_wr32(fbd, FBNIC_TCE_TXB_RX_BMC_Q_CTRL,
		   FIELD_PREP(FBNIC_TCE_TXB_Q_CTRL_SIZE, 0x200) |
		   FIELD_PREP(FBNIC_TCE_TXB_Q_CTRL_START, 0x600));

	/* Segmentation: IPv4 IDs count up; PSH and FIN only on the last
	 * segment, CWR only on the first
	 */
	fbnic_wr32(fbd, FBNIC_TCE_LSO_CTRL,
		   FBNIC_TCE_LSO_CTRL_IPID_MODE_INC |
		   FIELD_PREP(FBNIC_TCE_LSO_CTRL_TCPF_CLR_1ST,
			      TCPHDR_PSH | TCPHDR_FIN) |
		   FIELD_PREP(FBNIC_TCE_LSO_CTRL_TCPF_CLR_MID,
			      TCPHDR_PSH | TCPHDR_CWR | TCPHDR_FIN) |
		   FIELD_PREP(FBNIC_TCE_LSO_CTRL_TCPF_CLR_END, TCPHDR_CWR));
	fbnic_wr32(fbd, FBNIC_TCE_CSO_CTRL, 0);

	fbnic_wr32(fbd, FBNIC_TCE_BMC_MAX_PKTSZ,
		   FIELD_PREP(FBNIC_TCE_BMC_MAX_PKTSZ_TX, FBNIC_MAX_FRAME_SIZE) |
		   FIELD_PREP(FBNIC_TCE_BMC_MAX_PKTSZ_RX, FBNIC_MAX_FRAME_SIZE));
	fbnic_wr32(fbd, FBNIC_TCE_MC_MAX_PKTSZ,
		   FIELD_PREP(FBNIC_TCE_MC_MAX_PKTSZ_TMI, FBNIC_MAX_FRAME_SIZE));

	/* Calendar: host first in 63 of 64 slots, BMC first in one */
	for (i = 0; i < FBNIC_TCE_TXB_CLDR_SLOT_CNT; i++)
		fbnic_wr32(fbd, FBNIC_TCE_TXB_CLDR_SLOT_CFG(i),
			   i == FBNIC_TCE_TXB_CLDR_SLOT_CNT - 1 ? 0x1e1b1b1b :
								   0x1b1b1b1b);

	fbnic_wr32(fbd, FBNIC_TCE_TXB_ENQ_WRR_CTRL,
		   FIELD_PREP(FBNIC_TCE_TXB_WRR_WEIGHT0, 0x64) |
		   FIELD_PREP(FBNIC_TCE_TXB_WRR_WEIGHT2, 0x04));
	fbnic_wr32(fbd, FBNIC_TCE_TXB_TEI_DWRR_CTRL, 0);
	fbnic_wr32(fbd, FBNIC_TCE_TXB_TEI_DWRR_CTRL_EXT, 0);
	fbnic_wr32(fbd, FBNIC_TCE_TXB_BMC_DWRR_CTRL,
		   FIELD_PREP(FBNIC_TCE_TXB_DWRR_QUANTUM0, 0x50) |
		   FIELD_PREP(FBNIC_TCE_TXB_DWRR_QUANTUM1, 0x82));
	fbnic_wr32(fbd, FBNIC_TCE_TXB_BMC_DWRR_CTRL_EXT, 0);
	fbnic_wr32(fbd, FBNIC_TCE_TXB_NTWRK_DWRR_CTRL,
		   FIELD_PREP(FBNIC_TCE_TXB_DWRR_QUANTUM1, 0x50) |
		   FIELD_PREP(FBNIC_TCE_TXB_DWRR_QUANTUM2, 0x20));
	fbnic_wr32(fbd, FBNIC_TCE_TXB_NTWRK_DWRR_CTRL_EXT,
		   FIELD_PREP(FBNIC_TCE_TXB_DWRR_QUANTUM2, 0x03));

	/* Start-of-packet protection: how full the FIFOs must be before a
	 * frame starts towards the MAC, so that it is never underrun
	 */
	fbnic_wr32(fbd, FBNIC_TCE_SOP_PROT_CTRL,
		   FIELD_PREP(FBNIC_TCE_SOP_PROT_CTRL_TBI, 0x78) |
		   FIELD_PREP(FBNIC_TCE_SOP_PROT_CTRL_TTI_FRM, 0x40) |
		   FIELD_PREP(FBNIC_TCE_SOP_PROT_CTRL_TTI_CM, 0x0c));
	fbnic_wr32(fbd, FBNIC_TMI_SOP_PROT_CTRL, 8);

	fbnic_wrfl(fbd);
	fbnic_wr32(fbd, FBNIC_TCE_TXB_CTRL, FBNIC_TCE_TXB_CTRL_TCAM_ENABLE |
		   FBNIC_TCE_TXB_CTRL_LOAD);
}

/**
 * fbnic_mac_init_hw() - set up the NIC's engines after reset
 * @fbd: device
 *
 * PCIe request sizes of the DMA engines, queue manager defaults, receive
 * and transmit buffer layout. Done at probe and after every reset, with
 * the data path down.
 */
void fbnic_mac_init_hw(struct fbnic_dev *fbd)
{
	fbnic_mac_init_dma(fbd);
	fbnic_mac_init_qm(fbd);
	fbnic_mac_init_rxb(fbd);
	fbnic_mac_init_txb(fbd);
}

/**
 * fbnic_mac_get_link_mode() - the port's mode as the firmware set it up
 * @fbd: device
 * @mode: filled in; speed is SPEED_UNKNOWN if the firmware gave no mode
 *
 * The lock mask tells which lanes' lock bits the PCS must show: block
 * lock without FEC, alignment marker lock with RS FEC, FC-FEC lock with
 * BASE-R FEC.
 */
void fbnic_mac_get_link_mode(struct fbnic_dev *fbd,
			     struct fbnic_link_mode *mode)
{
	memset(mode, 0, sizeof(*mode));
	mode->speed = SPEED_UNKNOWN;

	switch (fbd->fw.link_fec) {
	case FBNIC_FW_LINK_FEC_NONE:
		mode->fec = FBNIC_FEC_OFF;
		break;
	case FBNIC_FW_LINK_FEC_BASER:
		mode->fec = FBNIC_FEC_BASER;
		break;
	default:
		mode->fec = FBNIC_FEC_RS;
		break;
	}

	switch (fbd->fw.link_speed) {
	case FBNIC_FW_LINK_MODE_25CR:
		mode->speed = SPEED_25000;
		mode->lanes = 1;
		mode->lock_mask = 0x1;
		break;
	case FBNIC_FW_LINK_MODE_50CR2:
		/* Two NRZ lanes: PCS lanes per FEC mode */
		mode->speed = SPEED_50000;
		mode->lanes = 2;
		if (mode->fec == FBNIC_FEC_OFF)
			mode->lock_mask = 0x63;
		else if (mode->fec == FBNIC_FEC_RS)
			mode->lock_mask = 0x5;
		else
			mode->lock_mask = 0xf;
		break;
	case FBNIC_FW_LINK_MODE_50CR:
		/* PAM4 modes always run RS FEC */
		mode->speed = SPEED_50000;
		mode->lanes = 1;
		mode->fec = FBNIC_FEC_RS;
		mode->lock_mask = 0x3;
		break;
	case FBNIC_FW_LINK_MODE_100CR2:
		mode->speed = SPEED_100000;
		mode->lanes = 2;
		mode->fec = FBNIC_FEC_RS;
		mode->lock_mask = 0xf;
		break;
	}
}

/* The PCS reports a link, with every lane of the mode locked */
static bool fbnic_mac_pcs_link(struct fbnic_net *fbn)
{
	const struct fbnic_link_mode *mode = &fbn->link_mode;
	struct fbnic_dev *fbd = fbn->fbd;
	u32 out0, locked;

	if (!mode->lock_mask)
		return false;

	/* The lock bits latch low: writing ones restarts them, and they
	 * read back as ones only if the lanes are still locked
	 */
	fbnic_wr32(fbd, FBNIC_SIG_PCS_OUT0, FBNIC_SIG_PCS_OUT0_LINK |
		   FBNIC_SIG_PCS_OUT0_BLOCK_LOCK | FBNIC_SIG_PCS_OUT0_AMPS_LOCK);
	fbnic_wr32(fbd, FBNIC_SIG_PCS_OUT1, FBNIC_SIG_PCS_OUT1_FCFEC_LOCK);
	fbnic_wrfl(fbd);

	out0 = fbnic_rd32(fbd, FBNIC_SIG_PCS_OUT0);
	if (!fbnic_present(fbd) || !(out0 & FBNIC_SIG_PCS_OUT0_LINK))
		return false;

	switch (mode->fec) {
	case FBNIC_FEC_OFF:
		locked = FIELD_GET(FBNIC_SIG_PCS_OUT0_BLOCK_LOCK, out0);
		break;
	case FBNIC_FEC_RS:
		locked = FIELD_GET(FBNIC_SIG_PCS_OUT0_AMPS_LOCK, out0);
		break;
	default:
		locked = FIELD_GET(FBNIC_SIG_PCS_OUT1_FCFEC_LOCK,
				   fbnic_rd32(fbd, FBNIC_SIG_PCS_OUT1));
		break;
	}
	return locked == mode->lock_mask;
}

static u32 fbnic_mac_cmd_config(struct fbnic_net *fbn, bool tx_pause,
				bool rx_pause)
{
	/* The classifier filters; the MAC passes every frame to it */
	u32 cfg = FBNIC_MAC_COMMAND_CONFIG_TX_PAD_EN |
		  FBNIC_MAC_COMMAND_CONFIG_PROMISC_EN;

	if (!tx_pause)
		cfg |= FBNIC_MAC_COMMAND_CONFIG_TX_PAUSE_DIS;
	if (!rx_pause)
		cfg |= FBNIC_MAC_COMMAND_CONFIG_RX_PAUSE_DIS;
	/* Without FEC, link faults are not handled by the MAC */
	if (fbn->link_mode.fec == FBNIC_FEC_OFF)
		cfg |= FBNIC_MAC_COMMAND_CONFIG_FLT_HDL_DIS;
	return cfg;
}

#define FBNIC_SIG_MAC_IN0_RESETS \
	(FBNIC_SIG_MAC_IN0_RESET_FF_TX_CLK | FBNIC_SIG_MAC_IN0_RESET_TX_CLK | \
	 FBNIC_SIG_MAC_IN0_RESET_FF_RX_CLK | FBNIC_SIG_MAC_IN0_RESET_RX_CLK)

/* Let the network FIFO's pause requests through again */
static void fbnic_mac_pause_storm_rearm(struct fbnic_dev *fbd)
{
	u32 thld = FIELD_PREP(FBNIC_RXB_PAUSE_STORM_THLD_TIME,
			      FBNIC_PAUSE_STORM_MS *
			      FBNIC_PAUSE_STORM_UNITS_PER_MS);

	fbnic_wr32(fbd, FBNIC_RXB_PAUSE_STORM_UNIT_WR,
		   FBNIC_CLOCK_HZ / USEC_PER_SEC * 10);
	fbnic_wr32(fbd, FBNIC_RXB_PAUSE_STORM(FBNIC_RXB_INTF_NET),
		   thld | FBNIC_RXB_PAUSE_STORM_FORCE_NORMAL);
	fbnic_wrfl(fbd);
	fbnic_wr32(fbd, FBNIC_RXB_PAUSE_STORM(FBNIC_RXB_INTF_NET), thld);
}

/* Sending pause frames is the receive buffer's job: its FIFOs ask for
 * pause past their thresholds, guarded against pause storms
 */
static void fbnic_mac_config_tx_pause(struct fbnic_net *fbn, bool tx_pause)
{
	u32 ps = FIELD_PREP(FBNIC_RXB_ERR_INTR_PS, BIT(FBNIC_RXB_INTF_NET));
	struct fbnic_dev *fbd = fbn->fbd;

	if (tx_pause)
		fbnic_mac_pause_storm_rearm(fbd);
	fbnic_rmw32(fbd, FBNIC_RXB_PAUSE_DROP_CTRL,
		    FBNIC_RXB_PAUSE_DROP_CTRL_PAUSE_ENABLE |
		    FBNIC_RXB_PAUSE_DROP_CTRL_PS_ENABLE,
		    tx_pause ? FIELD_PREP(FBNIC_RXB_PAUSE_DROP_CTRL_PAUSE_ENABLE,
					  FBNIC_RXB_PAUSE_FIFOS) |
			       FIELD_PREP(FBNIC_RXB_PAUSE_DROP_CTRL_PS_ENABLE,
					  BIT(FBNIC_RXB_INTF_NET)) : 0);
	fbnic_wr32(fbd, FBNIC_RXB_ERR_INTR_STS, ps);
	fbnic_rmw32(fbd, FBNIC_RXB_ERR_INTR_MASK, ps, tx_pause ? 0 : ps);
}

static void fbnic_mac_enable(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;

	fbnic_mac_config_tx_pause(fbn, fbn->tx_pause);
	fbnic_rmw32(fbd, FBNIC_SIG_MAC_IN0, FBNIC_SIG_MAC_IN0_RESETS, 0);
	fbnic_wr32(fbd, FBNIC_MAC_COMMAND_CONFIG,
		   fbnic_mac_cmd_config(fbn, fbn->tx_pause, fbn->rx_pause) |
		   FBNIC_MAC_COMMAND_CONFIG_RX_ENA |
		   FBNIC_MAC_COMMAND_CONFIG_TX_ENA);
}

static void fbnic_mac_disable(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;

	fbnic_rmw32(fbd, FBNIC_SIG_MAC_IN0, FBNIC_SIG_MAC_IN0_RESETS,
		    FBNIC_SIG_MAC_IN0_RESETS);
	fbnic_wr32(fbd, FBNIC_MAC_COMMAND_CONFIG,
		   fbnic_mac_cmd_config(fbn, false, false));
	fbnic_mac_config_tx_pause(fbn, false);
}

/**
 * fbnic_mac_set_pause() - apply new flow control settings
 * @fbn: netdev private area, with tx_pause and rx_pause updated
 *
 * Takes effect at once on a link that is up; the Rx queues switch
 * between waiting for buffers (pause) and dropping.
 */
void fbnic_mac_set_pause(struct fbnic_net *fbn)
{
	ASSERT_RTNL();
	if (fbn->up)
		fbnic_config_drop_mode(fbn);
	/* The MAC is the link work's: have it program the change */
	if (fbn->link_irq) {
		WRITE_ONCE(fbn->link_reprogram, true);
		mod_delayed_work(system_dfl_wq, &fbn->link_work, 0);
	}
}

/**
 * fbnic_mac_pause_storm_check() - let a stormed FIFO pause again
 * @fbn: netdev private area, open
 *
 * Called once a second by the service task.
 */
void fbnic_mac_pause_storm_check(struct fbnic_net *fbn)
{
	u32 ps = FIELD_PREP(FBNIC_RXB_ERR_INTR_PS, BIT(FBNIC_RXB_INTF_NET));
	struct fbnic_dev *fbd = fbn->fbd;

	if (!fbn->tx_pause || !fbn->link_up)
		return;
	if (!(fbnic_rd32(fbd, FBNIC_RXB_ERR_INTR_STS) & ps) ||
	    !fbnic_present(fbd))
		return;
	netdev_warn_once(fbn->netdev, "pause storm: the host did not drain for %u ms, pause frames held back\n",
			 FBNIC_PAUSE_STORM_MS);
	fbnic_wr32(fbd, FBNIC_RXB_ERR_INTR_STS, ps);
	fbnic_mac_pause_storm_rearm(fbd);
}

static void fbnic_mac_set_link(struct fbnic_net *fbn, bool up)
{
	struct net_device *netdev = fbn->netdev;

	fbn->link_up = up;
	if (up) {
		fbnic_mac_enable(fbn);
		netif_carrier_on(netdev);
		netdev_info(netdev, "link up, %u Mb/s, flow control %s\n",
			    fbn->link_mode.speed,
			    fbn->tx_pause && fbn->rx_pause ? "rx/tx" :
			    fbn->tx_pause ? "tx" : fbn->rx_pause ? "rx" : "off");
	} else {
		netif_carrier_off(netdev);
		fbnic_mac_disable(fbn);
		fbn->link_down_events++;
		netdev_info(netdev, "link down\n");
	}
}

/* Evaluate the link. @settle: a link that just appeared must hold for
 * the training time before it is reported.
 */
static void fbnic_mac_link_eval(struct fbnic_net *fbn, bool settle)
{
	struct fbnic_dev *fbd = fbn->fbd;
	bool link;

	/* Clear the events this evaluation answers */
	fbnic_wr32(fbd, FBNIC_SIG_PCS_INTR_STS,
		   FBNIC_SIG_PCS_INTR_LINK_DOWN | FBNIC_SIG_PCS_INTR_LINK_UP);
	link = fbnic_mac_pcs_link(fbn);

	if (!link) {
		fbn->link_training = false;
		if (fbn->link_up)
			fbnic_mac_set_link(fbn, false);
		return;
	}
	if (fbn->link_up)
		return;

	if (settle && !fbn->link_training) {
		fbn->link_training = true;
		fbn->link_train_end = jiffies + FBNIC_LINK_TRAIN_TIME;
	}
	if (fbn->link_training && time_before(jiffies, fbn->link_train_end))
		return;
	fbn->link_training = false;
	fbnic_mac_set_link(fbn, true);
}

static void fbnic_mac_link_work(struct work_struct *work)
{
	struct fbnic_net *fbn = container_of(to_delayed_work(work),
					     struct fbnic_net, link_work);
	struct fbnic_dev *fbd = fbn->fbd;

	/* A link present when the netdev opens has trained already */
	fbnic_mac_link_eval(fbn, fbn->link_settle);
	fbn->link_settle = true;
	if (xchg(&fbn->link_reprogram, false) && fbn->link_up)
		fbnic_mac_enable(fbn);

	/* Events from here on raise the interrupt again */
	fbnic_wr32(fbd, FBNIC_SIG_PCS_INTR_MASK,
		   (u32)~(FBNIC_SIG_PCS_INTR_LINK_DOWN |
			  FBNIC_SIG_PCS_INTR_LINK_UP));
	fbnic_wr32(fbd, FBNIC_INTR_MASK_CLEAR(FBNIC_PCS_VECTOR / 32),
		   BIT(FBNIC_PCS_VECTOR % 32));

	if (fbn->link_training)
		schedule_delayed_work(&fbn->link_work, FBNIC_LINK_POLL_TIME);
}

static irqreturn_t fbnic_mac_pcs_irq(int irq, void *data)
{
	struct fbnic_net *fbn = data;

	/* The device masked the vector; the work unmasks it */
	mod_delayed_work(system_dfl_wq, &fbn->link_work, 0);
	return IRQ_HANDLED;
}

/**
 * fbnic_mac_link_poll() - catch link changes the interrupt did not report
 * @fbn: netdev private area, open
 *
 * Called once a second by the service task.
 */
void fbnic_mac_link_poll(struct fbnic_net *fbn)
{
	if (fbn->link_irq)
		mod_delayed_work(system_dfl_wq, &fbn->link_work, 0);
}

/**
 * fbnic_mac_start() - bring the MAC up with the link, watch the link
 * @fbn: netdev private area, with the data path up
 *
 * A link already there is reported at once; one that comes later only
 * after it held through training.
 *
 * Return: 0 or a negative errno if the PCS interrupt is not available.
 */
int fbnic_mac_start(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;
	int irq, err;

	fbnic_mac_get_link_mode(fbd, &fbn->link_mode);
	if (fbn->link_mode.speed == SPEED_UNKNOWN)
		netdev_warn(fbn->netdev, "firmware reported no usable link mode (%u), the link stays down\n",
			    fbd->fw.link_speed);

	/* Quiet the PCS until the handler is in place */
	fbnic_wr32(fbd, FBNIC_SIG_PCS_INTR_MASK, ~0U);
	fbnic_wr32(fbd, FBNIC_SIG_PCS_INTR_STS, ~0U);

	irq = pci_irq_vector(fbd->pdev, FBNIC_PCS_VECTOR);
	if (irq < 0)
		return irq;
	err = request_irq(irq, fbnic_mac_pcs_irq, 0, fbn->netdev->name, fbn);
	if (err) {
		netdev_err(fbn->netdev, "cannot request PCS IRQ %d: %d\n", irq,
			   err);
		return err;
	}
	fbn->link_irq = irq;

	/* PCS events reach vector 1; the RXB cause stays unrouted */
	fbnic_wr32(fbd, FBNIC_INTR_MSIX_CTRL(FBNIC_INTR_CAUSE_PCS),
		   FIELD_PREP(FBNIC_INTR_MSIX_CTRL_VECTOR, FBNIC_PCS_VECTOR) |
		   FBNIC_INTR_MSIX_CTRL_ENABLE);
	fbnic_wr32(fbd, FBNIC_INTR_MSIX_CTRL(FBNIC_INTR_CAUSE_RXB), 0);

	/* Only the link work looks at the link from here on */
	fbn->link_up = false;
	fbn->link_training = false;
	fbn->link_settle = false;
	netif_carrier_off(fbn->netdev);
	fbnic_mac_disable(fbn);
	mod_delayed_work(system_dfl_wq, &fbn->link_work, 0);
	return 0;
}

/**
 * fbnic_mac_stop() - stop watching the link and turn the MAC off
 * @fbn: netdev private area
 *
 * The MAC stays on for a BMC sharing the port.
 */
void fbnic_mac_stop(struct fbnic_net *fbn)
{
	struct fbnic_dev *fbd = fbn->fbd;
	int irq = fbn->link_irq;

	if (!irq)
		return;

	/* Unroute the cause, let a running handler finish, then the work
	 * it may have queued; only then can the masks stay set
	 */
	fbn->link_irq = 0;
	fbnic_wr32(fbd, FBNIC_INTR_MSIX_CTRL(FBNIC_INTR_CAUSE_PCS),
		   FIELD_PREP(FBNIC_INTR_MSIX_CTRL_VECTOR, FBNIC_PCS_VECTOR));
	fbnic_wrfl(fbd);
	synchronize_irq(irq);
	cancel_delayed_work_sync(&fbn->link_work);
	fbnic_wr32(fbd, FBNIC_SIG_PCS_INTR_MASK, ~0U);
	fbnic_wr32(fbd, FBNIC_INTR_MASK_SET(FBNIC_PCS_VECTOR / 32),
		   BIT(FBNIC_PCS_VECTOR % 32));
	free_irq(irq, fbn);

	netif_carrier_off(fbn->netdev);
	/* A BMC sharing the port keeps its link while the host has none */
	if (!fbd->fw.bmc_present)
		fbnic_mac_disable(fbn);
	fbn->link_up = false;
	fbn->link_training = false;
}

/**
 * fbnic_mac_init_link() - set up the link state of a new netdev
 * @fbn: netdev private area
 */
void fbnic_mac_init_link(struct fbnic_net *fbn)
{
	INIT_DELAYED_WORK(&fbn->link_work, fbnic_mac_link_work);
}
