/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_REGS_H_
#define _FBNIC_REGS_H_

#include <linux/bits.h>
#include <linux/math.h>
#include <linux/sizes.h>

/*
 * Register map of the fbnic NIC, as byte offsets into the BAR that holds
 * the register. BAR0 carries the NIC's own blocks, BAR4 the firmware
 * interface (mailbox, OTP status). All registers are 32 bits wide.
 */

#define PCI_VENDOR_ID_META_PLATFORMS	0x1d9b
#define PCI_DEVICE_ID_FBNIC_ASIC	0x0013

/* BAR0: interrupt block. Each bank covers 32 interrupt causes; cause N
 * is bit N % 32 of bank N / 32, and fires MSI-X vector N unless it is
 * one of the "other" causes routed through FBNIC_INTR_MSIX_CTRL.
 */
#define FBNIC_INTR_BANKS		8
#define FBNIC_INTR_STATUS(bank)		(0x0000 + 4 * (bank))
#define FBNIC_INTR_MASK(bank)		(0x0020 + 4 * (bank))
#define FBNIC_INTR_SET(bank)		(0x0040 + 4 * (bank))
#define FBNIC_INTR_CLEAR(bank)		(0x0060 + 4 * (bank))
#define FBNIC_INTR_SW_STATUS(bank)	(0x0080 + 4 * (bank))
#define FBNIC_INTR_SW_AC_MODE(bank)	(0x00a0 + 4 * (bank))
#define FBNIC_INTR_MASK_SET(bank)	(0x00c0 + 4 * (bank))
#define FBNIC_INTR_MASK_CLEAR(bank)	(0x00e0 + 4 * (bank))
#define FBNIC_INTR_MSIX_CTRL(cause)	(0x0100 + 4 * (cause))
#define   FBNIC_INTR_MSIX_CTRL_VECTOR	GENMASK(7, 0)
#define   FBNIC_INTR_MSIX_CTRL_ENABLE	BIT(31)

/* Interrupt causes (and MSI-X vectors) that are not queue vectors */
#define FBNIC_FW_VECTOR			0	/* firmware mailbox */
#define FBNIC_PCS_VECTOR		1	/* link (PCS) events */
#define FBNIC_NON_QUEUE_VECTORS		2
#define FBNIC_MAX_MSIX_VECTORS		256

/* "Other" causes that are routed to a vector through MSIX_CTRL */
#define FBNIC_INTR_CAUSE_RXB		7
#define FBNIC_INTR_CAUSE_PCS		34

/* BAR0: completion queue interrupt re-arm and moderation, one register
 * set per MSI-X vector (index = vector number). A queue vector's cause is
 * masked by the device when it fires; writing INTR_UNMASK here re-arms
 * it, and the timeouts (in microsecond ticks) bound how long completions
 * wait before the interrupt is raised.
 */
#define FBNIC_INTR_CQ_REARM(vec)	(0x01000 + 16 * (vec))
#define   FBNIC_INTR_CQ_REARM_RCQ_TIMEOUT	GENMASK(13, 0)
#define   FBNIC_INTR_CQ_REARM_RCQ_TIMEOUT_UPD_EN BIT(14)
#define   FBNIC_INTR_CQ_REARM_TCQ_TIMEOUT	GENMASK(28, 15)
#define   FBNIC_INTR_CQ_REARM_TCQ_TIMEOUT_UPD_EN BIT(29)
#define   FBNIC_INTR_CQ_REARM_INTR_RELOAD	BIT(30)
#define   FBNIC_INTR_CQ_REARM_INTR_UNMASK	BIT(31)

/* BAR0: global transmit queue manager. The idle registers hold one bit
 * per queue (set = idle), 32 queues per register.
 */
#define FBNIC_QM_TWQ_IDLE(n)		(0x02000 + 4 * (n))
#define FBNIC_QM_TWQ_IDLE_CNT		8
#define FBNIC_QM_TWQ_DEFAULT_META_L	0x02060
#define FBNIC_QM_TWQ_DEFAULT_META_H	0x02064
#define FBNIC_QM_TQS_CTL0		0x0206c
#define   FBNIC_QM_TQS_CTL0_LSO_TS_LAST	BIT(0)	/* 0: first segment */
#define   FBNIC_QM_TQS_CTL0_PREFETCH_THRESH GENMASK(7, 1)
#define   FBNIC_QM_TQS_PREFETCH_THRESH_MIN	16
#define FBNIC_QM_TQS_CTL1		0x02070
#define   FBNIC_QM_TQS_CTL1_MC_MAX_CREDITS	GENMASK(7, 0)
#define   FBNIC_QM_TQS_CTL1_BULK_MAX_CREDITS	GENMASK(15, 8)
#define FBNIC_QM_TQS_MTU_CTL0		0x02074
#define FBNIC_QM_TQS_MTU_CTL1		0x02078
#define   FBNIC_QM_TQS_MTU_CTL1_BULK	GENMASK(13, 0)
#define FBNIC_QM_TCQ_IDLE(n)		(0x02084 + 4 * (n))
#define FBNIC_QM_TCQ_IDLE_CNT		4
#define FBNIC_QM_TCQ_CTL0		0x020b4
#define FBNIC_QM_TQS_IDLE(n)		(0x020c0 + 4 * (n))
#define FBNIC_QM_TQS_IDLE_CNT		8
#define FBNIC_QM_TQS_EDT_TS_RANGE	0x02124
#define FBNIC_QM_TDE_IDLE(n)		(0x0214c + 4 * (n))
#define FBNIC_QM_TDE_IDLE_CNT		8
/* PCIe read/write sizing of the DMA engines: max read request size,
 * max payload size and cache line size, each as log2(bytes) - 6.
 */
#define FBNIC_QM_TNI_TDF_CTL		0x021b0
#define FBNIC_QM_TNI_TDE_CTL		0x021b4
#define FBNIC_QM_TNI_TCM_CTL		0x021b8
#define   FBNIC_QM_TNI_CTL_MRRS		GENMASK(1, 0)	/* TDF, TDE, RBP */
#define   FBNIC_QM_TNI_CTL_MPS		GENMASK(1, 0)	/* TCM, RDE, RCM */
#define   FBNIC_QM_TNI_CTL_CLS		GENMASK(3, 2)
#define   FBNIC_QM_TNI_CTL_MAX_OT	GENMASK(11, 4)
#define   FBNIC_QM_TNI_CTL_MAX_OB	GENMASK(23, 12)
#define   FBNIC_QM_TNI_TDE_CTL_MAX_OB	GENMASK(24, 12)
#define   FBNIC_QM_TNI_TDE_CTL_MRRS_1K	BIT(25)

/* BAR0: global receive queue manager */
#define FBNIC_QM_RCQ_IDLE(n)		(0x03000 + 4 * (n))
#define FBNIC_QM_RCQ_IDLE_CNT		4
#define FBNIC_QM_RCQ_CTL0		0x03030
/* Completion write coalescing of the TCQs and RCQs, in core clock cycles */
#define   FBNIC_QM_CQ_CTL0_COAL_WAIT	GENMASK(15, 0)
#define   FBNIC_QM_CQ_CTL0_TICK_CYCLES	GENMASK(26, 16)
#define FBNIC_QM_HPQ_IDLE(n)		(0x0303c + 4 * (n))
#define FBNIC_QM_HPQ_IDLE_CNT		4
#define FBNIC_QM_PPQ_IDLE(n)		(0x0304c + 4 * (n))
#define FBNIC_QM_PPQ_IDLE_CNT		4
#define FBNIC_QM_RNI_RBP_CTL		0x030b4
#define FBNIC_QM_RNI_RDE_CTL		0x030b8
#define FBNIC_QM_RNI_RCM_CTL		0x030bc

/* The NIC's core clock, which the QM coalescing counters count */
#define FBNIC_CLOCK_HZ			600000000

/* BAR0: transmit checksum/segmentation engine (TCE) and its buffer (TXB) */
#define FBNIC_TCE_LSO_CTRL		0x10000
#define   FBNIC_TCE_LSO_CTRL_TCPF_CLR_1ST	GENMASK(8, 0)
#define   FBNIC_TCE_LSO_CTRL_TCPF_CLR_MID	GENMASK(17, 9)
#define   FBNIC_TCE_LSO_CTRL_TCPF_CLR_END	GENMASK(26, 18)
#define   FBNIC_TCE_LSO_CTRL_IPID_MODE_INC	BIT(27)
#define FBNIC_TCE_CSO_CTRL		0x10004
#define FBNIC_TCE_TXB_CTRL		0x10008
#define   FBNIC_TCE_TXB_CTRL_LOAD	BIT(0)
#define   FBNIC_TCE_TXB_CTRL_TCAM_ENABLE BIT(1)
#define FBNIC_TCE_TXB_ENQ_WRR_CTRL	0x1000c
#define   FBNIC_TCE_TXB_WRR_WEIGHT0	GENMASK(7, 0)
#define   FBNIC_TCE_TXB_WRR_WEIGHT2	GENMASK(23, 16)
#define FBNIC_TCE_TXB_TEI_Q0_CTRL	0x10010
#define FBNIC_TCE_TXB_TEI_Q1_CTRL	0x10014
#define FBNIC_TCE_TXB_MC_Q_CTRL		0x10018
#define FBNIC_TCE_TXB_RX_TEI_Q_CTRL	0x1001c
#define FBNIC_TCE_TXB_RX_BMC_Q_CTRL	0x10020
#define FBNIC_TCE_TXB_TX_BMC_Q_CTRL	0x1012c
#define   FBNIC_TCE_TXB_Q_CTRL_START	GENMASK(10, 0)
#define   FBNIC_TCE_TXB_Q_CTRL_SIZE	GENMASK(22, 11)
#define FBNIC_TCE_TXB_TEI_DWRR_CTRL	0x10024
#define FBNIC_TCE_TXB_NTWRK_DWRR_CTRL	0x10028
#define FBNIC_TCE_TXB_BMC_DWRR_CTRL	0x10130
#define FBNIC_TCE_TXB_TEI_DWRR_CTRL_EXT	0x10134
#define FBNIC_TCE_TXB_NTWRK_DWRR_CTRL_EXT 0x10138
#define FBNIC_TCE_TXB_BMC_DWRR_CTRL_EXT	0x1013c
#define   FBNIC_TCE_TXB_DWRR_QUANTUM0	GENMASK(7, 0)
#define   FBNIC_TCE_TXB_DWRR_QUANTUM1	GENMASK(15, 8)
#define   FBNIC_TCE_TXB_DWRR_QUANTUM2	GENMASK(23, 16)
#define FBNIC_TCE_TXB_CLDR_SLOT_CFG(n)	(0x10030 + 4 * (n))
#define FBNIC_TCE_TXB_CLDR_SLOT_CNT	16
#define FBNIC_TCE_BMC_MAX_PKTSZ		0x100e8
#define   FBNIC_TCE_BMC_MAX_PKTSZ_TX	GENMASK(13, 0)
#define   FBNIC_TCE_BMC_MAX_PKTSZ_RX	GENMASK(27, 14)
#define FBNIC_TCE_MC_MAX_PKTSZ		0x100ec
#define   FBNIC_TCE_MC_MAX_PKTSZ_TMI	GENMASK(13, 0)
#define FBNIC_TCE_SOP_PROT_CTRL		0x100f0
#define   FBNIC_TCE_SOP_PROT_CTRL_TBI	GENMASK(7, 0)
#define   FBNIC_TCE_SOP_PROT_CTRL_TTI_FRM GENMASK(14, 8)
#define   FBNIC_TCE_SOP_PROT_CTRL_TTI_CM GENMASK(18, 15)

/* BAR0: transmit MAC interface (TMI) */
#define FBNIC_TMI_SOP_PROT_CTRL		0x11000
#define FBNIC_TMI_DROP_CTRL		0x11004
#define   FBNIC_TMI_DROP_CTRL_EN	BIT(0)	/* flush: drop all Tx */

/* BAR0: time block. A counter of nanoseconds (64 bits) advances by the
 * addend, a Q16.32 fixed point number of ns, on every tick of the 600 MHz
 * data path clock. Its two halves are separate reads: a carry between
 * them shows as a changed high word. ADJUST bits are commands that do
 * not stick.
 */
#define FBNIC_PTP_CLOCK_HZ		600000000ULL
#define FBNIC_PTP_CTRL			0x12000
#define   FBNIC_PTP_CTRL_EN		BIT(0)
#define   FBNIC_PTP_CTRL_TQS_OUT_EN	BIT(8)	/* time to the Tx queue scheduler */
#define   FBNIC_PTP_CTRL_MAC_OUT_IVAL	GENMASK(16, 12)
#define   FBNIC_PTP_CTRL_TICK_IVAL	GENMASK(23, 20)
#define FBNIC_PTP_ADJUST		0x12004
#define   FBNIC_PTP_ADJUST_INIT		BIT(0)	/* load INIT_HI/LO */
#define   FBNIC_PTP_ADJUST_ADDEND_SET	BIT(24)	/* load the addend */
#define FBNIC_PTP_INIT_HI		0x12008
#define FBNIC_PTP_INIT_LO		0x1200c
#define FBNIC_PTP_ADD_VAL_NS		0x12018
#define   FBNIC_PTP_ADD_VAL_NS_INT	GENMASK(15, 0)
#define FBNIC_PTP_ADD_VAL_SUBNS		0x1201c
#define FBNIC_PTP_CTR_VAL_HI		0x12020
#define FBNIC_PTP_CTR_VAL_LO		0x12024
#define FBNIC_PTP_SPARE			0x12034	/* read back to flush writes */

/* BAR0: receive buffer (RXB). Eight FIFOs, of which the driver sets up
 * network-to-host (4) and the BMC ones it must not starve.
 */
#define FBNIC_RXB_FIFO_CNT		8
#define FBNIC_RXB_CT_SIZE(n)		(0x20000 + 4 * (n))
#define   FBNIC_RXB_CT_SIZE_HEADER	GENMASK(5, 0)
#define   FBNIC_RXB_CT_SIZE_PAYLOAD	GENMASK(11, 6)
#define FBNIC_RXB_PAUSE_DROP_CTRL	0x20020
#define   FBNIC_RXB_PAUSE_DROP_CTRL_DROP_ENABLE	GENMASK(7, 0)
#define   FBNIC_RXB_PAUSE_DROP_CTRL_PAUSE_ENABLE GENMASK(15, 8)
#define   FBNIC_RXB_PAUSE_DROP_CTRL_ECN_ENABLE	GENMASK(23, 16)
#define   FBNIC_RXB_PAUSE_DROP_CTRL_PS_ENABLE	GENMASK(27, 24)
#define FBNIC_RXB_PAUSE_THLD(n)		(0x20024 + 4 * (n))
#define FBNIC_RXB_DROP_THLD(n)		(0x20044 + 4 * (n))
/* Pause storm protection, per receive interface (0: network): pause
 * frames stop once the FIFO asked for pause THLD_TIME units in a row
 */
#define FBNIC_RXB_PAUSE_STORM(intf)	(0x20064 + 4 * (intf))
#define   FBNIC_RXB_PAUSE_STORM_FORCE_NORMAL	BIT(20)
#define   FBNIC_RXB_PAUSE_STORM_THLD_TIME	GENMASK(19, 0)
#define FBNIC_RXB_INTF_NET		0
#define FBNIC_RXB_PAUSE_STORM_UNIT_WR	0x20074	/* core clocks per unit */
#define FBNIC_RXB_ECN_THLD(n)		(0x20078 + 4 * (n))
#define   FBNIC_RXB_THLD_ON		GENMASK(12, 0)
#define   FBNIC_RXB_THLD_OFF		GENMASK(25, 13)
#define   FBNIC_RXB_THLD_DISABLED	0x1fff
#define FBNIC_RXB_PBUF_CFG(n)		(0x2009c + 4 * (n))
#define   FBNIC_RXB_PBUF_BASE_ADDR	GENMASK(12, 0)	/* 64 B units */
#define   FBNIC_RXB_PBUF_SIZE		GENMASK(21, 13)	/* 2 KB units */
#define FBNIC_RXB_DWRR_RDE_WEIGHT0	0x200bc
#define   FBNIC_RXB_DWRR_QUANTUM0	GENMASK(7, 0)
#define   FBNIC_RXB_DWRR_QUANTUM2	GENMASK(23, 16)
#define FBNIC_RXB_DWRR_RDE_WEIGHT1	0x200c0
#define   FBNIC_RXB_DWRR_QUANTUM4	GENMASK(7, 0)
#define FBNIC_RXB_CLDR_PRIO_CFG(n)	(0x200d0 + 4 * (n))
#define FBNIC_RXB_CLDR_PRIO_CNT		16
#define FBNIC_RXB_ENDIAN_FCS		0x20110
#define FBNIC_RXB_PBUF_CREDIT(n)	(0x2011c + 4 * (n))
#define   FBNIC_RXB_PBUF_CREDIT_MASK	GENMASK(13, 0)	/* 64 B units */
#define FBNIC_RXB_INTF_CREDIT		0x2013c
#define   FBNIC_RXB_INTF_CREDIT_MASK0	GENMASK(3, 0)
#define   FBNIC_RXB_INTF_CREDIT_MASK1	GENMASK(7, 4)
#define   FBNIC_RXB_INTF_CREDIT_MASK2	GENMASK(11, 8)
#define   FBNIC_RXB_INTF_CREDIT_MASK3	GENMASK(15, 12)
#define FBNIC_RXB_ERR_INTR_STS		0x20140	/* write 1 to clear */
#define FBNIC_RXB_ERR_INTR_MASK		0x20148
#define   FBNIC_RXB_ERR_INTR_PS		GENMASK(15, 12)	/* per interface */
#define FBNIC_RXB_DWRR_RDE_WEIGHT0_EXT	0x2050c
#define FBNIC_RXB_DWRR_RDE_WEIGHT1_EXT	0x20510

/* BAR0: receive parser and classifier (RPC) */
#define FBNIC_RPC_RMI_CONFIG		0x21000
#define   FBNIC_RPC_RMI_CONFIG_OH_BYTES	GENMASK(4, 0)
#define   FBNIC_RPC_RMI_CONFIG_ENABLE	BIT(12)
#define   FBNIC_RPC_RMI_CONFIG_MTU	GENMASK(31, 16)
/* Bytes of overhead (preamble, IFG, FCS) the RPC accounts per frame */
#define FBNIC_RPC_RMI_OH_BYTES		20

/* Action of a packet: word 0 where it goes, word 1 what RSS hashes.
 * The default action applies to packets no action TCAM entry matches.
 */
#define FBNIC_RPC_ACT_TBL0_DEFAULT	0x21028
#define FBNIC_RPC_ACT_TBL1_DEFAULT	0x2102c
#define FBNIC_RPC_ACT_TBL0(n)		(0x22000 + 4 * (n))
#define FBNIC_RPC_ACT_TBL1(n)		(0x22100 + 4 * (n))
#define FBNIC_RPC_ACT_TBL_ENTRIES	64
#define   FBNIC_RPC_ACT_TBL0_DROP	BIT(0)
#define   FBNIC_RPC_ACT_TBL0_DEST	GENMASK(3, 1)
#define     FBNIC_RPC_ACT_DEST_HOST	1
#define     FBNIC_RPC_ACT_DEST_BMC	2
#define   FBNIC_RPC_ACT_TBL0_Q_SEL	BIT(4)	/* Q_ID instead of RSS */
#define   FBNIC_RPC_ACT_TBL0_Q_ID	GENMASK(15, 8)
#define   FBNIC_RPC_ACT_TBL0_DMA_HINT	GENMASK(24, 16)
#define   FBNIC_RPC_ACT_TBL0_TS_ENA	BIT(28)
#define   FBNIC_RPC_ACT_TBL0_RSS_CTXT_ID BIT(30)
#define   FBNIC_RPC_ACT_TBL1_RSS_IP_SRC	BIT(0)
#define   FBNIC_RPC_ACT_TBL1_RSS_IP_DST	BIT(1)
#define   FBNIC_RPC_ACT_TBL1_RSS_L4_SRC	BIT(2)
#define   FBNIC_RPC_ACT_TBL1_RSS_L4_DST	BIT(3)
#define   FBNIC_RPC_ACT_TBL1_RSS_L2_DA	BIT(4)
#define   FBNIC_RPC_ACT_TBL1_RSS_IV6_FL	BIT(6)
#define   FBNIC_RPC_ACT_TBL1_RSS_OV6_FL	BIT(7)

/* RSS hash key: 425 bits in 14 registers, first key byte in the top
 * byte of the first register.
 */
#define FBNIC_RPC_RSS_KEY(n)		(0x21030 + 4 * (n))
#define FBNIC_RPC_RSS_KEY_BITS		425
#define FBNIC_RPC_RSS_KEY_BYTES		DIV_ROUND_UP(FBNIC_RPC_RSS_KEY_BITS, 8)
#define FBNIC_RPC_RSS_KEY_REGS		DIV_ROUND_UP(FBNIC_RPC_RSS_KEY_BITS, 32)
#define FBNIC_RPC_RSS_KEY_LAST_MASK \
	GENMASK(31, FBNIC_RPC_RSS_KEY_REGS * 32 - FBNIC_RPC_RSS_KEY_BITS)

/* RSS indirection tables: two of 256 queue numbers; an action selects
 * the second with FBNIC_RPC_ACT_TBL0_RSS_CTXT_ID.
 */
#define FBNIC_RPC_RSS_TBL(tbl, n)	(0x23480 + 1024 * (tbl) + 4 * (n))
#define FBNIC_RPC_RSS_TBL_COUNT		2
#define FBNIC_RPC_RSS_TBL_SIZE		256

/* TCAMs: each entry is a set of 16-bit words, each written as value and
 * mask (mask bit set = don't care), then made live by writing VALIDATE
 * to the word after the last. The registers are laid out word by word:
 * all entries' word 0, then all entries' word 1, and so on.
 */
#define FBNIC_RPC_TCAM_VALUE		GENMASK(15, 0)
#define FBNIC_RPC_TCAM_MASK		GENMASK(31, 16)
#define FBNIC_RPC_TCAM_VALIDATE		BIT(31)

/* Action TCAM: 64 entries of 11 words; the first matching entry wins.
 * Word 0 carries the IP address TCAM hits, word 1 the MAC DA TCAM hit
 * and the packet's L3/L4 types; the other words (ports, L4 bytes) are
 * not used by this driver.
 */
#define FBNIC_RPC_TCAM_ACT(entry, word)	(0x22200 + 256 * (word) + 4 * (entry))
#define FBNIC_RPC_TCAM_ACT_WORDS	11
#define   FBNIC_RPC_TCAM_ACT1_L2_MACDA_IDX	GENMASK(9, 5)
#define   FBNIC_RPC_TCAM_ACT1_L2_MACDA_VALID	BIT(10)
#define   FBNIC_RPC_TCAM_ACT1_IP_IS_V6		BIT(11)
#define   FBNIC_RPC_TCAM_ACT1_IP_VALID		BIT(12)
#define   FBNIC_RPC_TCAM_ACT1_OUTER_IP_VALID	BIT(13)
#define   FBNIC_RPC_TCAM_ACT1_L4_IS_UDP		BIT(14)
#define   FBNIC_RPC_TCAM_ACT1_L4_VALID		BIT(15)

/* MAC destination address TCAM: 32 entries of 3 words, word 0 holding
 * the last two bytes of the address, word 2 the first two.
 */
#define FBNIC_RPC_TCAM_MACDA(entry, word) \
	(0x22e00 + 128 * (word) + 4 * (entry))
#define FBNIC_RPC_TCAM_MACDA_WORDS	3
#define FBNIC_RPC_TCAM_MACDA_ENTRIES	32

/* BAR0: AXI read spacer of the fabric */
#define FBNIC_FAB_AXI4_AR_SPACER_2_CFG	0x30014
#define   FBNIC_FAB_AXI4_AR_SPACER_MASK	BIT(16)
#define   FBNIC_FAB_AXI4_AR_SPACER_THRESHOLD GENMASK(15, 0)

/* BAR0: Ethernet MAC */
#define FBNIC_MAC_COMMAND_CONFIG	0x44008
#define   FBNIC_MAC_COMMAND_CONFIG_RX_PAUSE_DIS	BIT(29)
#define   FBNIC_MAC_COMMAND_CONFIG_TX_PAUSE_DIS	BIT(28)
#define   FBNIC_MAC_COMMAND_CONFIG_FLT_HDL_DIS	BIT(27)
#define   FBNIC_MAC_COMMAND_CONFIG_TX_PAD_EN	BIT(11)
#define   FBNIC_MAC_COMMAND_CONFIG_PROMISC_EN	BIT(4)
#define   FBNIC_MAC_COMMAND_CONFIG_RX_ENA	BIT(1)
#define   FBNIC_MAC_COMMAND_CONFIG_TX_ENA	BIT(0)

/* BAR0: MAC and PCS signals */
#define FBNIC_SIG_MAC_IN0		0x46000
#define   FBNIC_SIG_MAC_IN0_RESET_FF_TX_CLK	BIT(14)
#define   FBNIC_SIG_MAC_IN0_RESET_FF_RX_CLK	BIT(13)
#define   FBNIC_SIG_MAC_IN0_RESET_TX_CLK	BIT(12)
#define   FBNIC_SIG_MAC_IN0_RESET_RX_CLK	BIT(11)
/* Link and per-lane lock state; written with ones to drop stale bits */
#define FBNIC_SIG_PCS_OUT0		0x46020
#define   FBNIC_SIG_PCS_OUT0_LINK		BIT(27)
#define   FBNIC_SIG_PCS_OUT0_BLOCK_LOCK		GENMASK(24, 5)
#define   FBNIC_SIG_PCS_OUT0_AMPS_LOCK		GENMASK(4, 1)
#define FBNIC_SIG_PCS_OUT1		0x46024
#define   FBNIC_SIG_PCS_OUT1_FCFEC_LOCK		GENMASK(11, 8)
#define FBNIC_SIG_PCS_INTR_STS		0x46050	/* write 1 to clear */
#define FBNIC_SIG_PCS_INTR_MASK		0x46058	/* set = masked */
#define   FBNIC_SIG_PCS_INTR_LINK_DOWN		BIT(1)
#define   FBNIC_SIG_PCS_INTR_LINK_UP		BIT(0)

/* BAR0: a register that always reads as zero while the device is there */
#define FBNIC_MASTER_SPARE_0		0x3106c

/* BAR0: PCIe outbound (device-initiated) traffic control. The mailbox
 * DMA is only allowed while bus mastering is enabled here; FLUSH drops
 * what is queued, FLUSH_MODE lets writes drain without reaching memory.
 */
#define FBNIC_PUL_OB_WR_CFG		0xc40f4
#define   FBNIC_PUL_OB_WR_FLUSH_MODE	BIT(20)
#define   FBNIC_PUL_OB_WR_FLUSH		BIT(19)
#define   FBNIC_PUL_OB_WR_BME		BIT(18)
#define   FBNIC_PUL_OB_WR_RDE_ATTR	GENMASK(17, 15)
#define   FBNIC_PUL_OB_WR_RQM_ATTR	GENMASK(14, 12)
#define   FBNIC_PUL_OB_WR_TQM_ATTR	GENMASK(11, 9)
#define FBNIC_PUL_OB_RD_CFG		0xc40f8
#define   FBNIC_PUL_OB_RD_FLUSH		BIT(19)
#define   FBNIC_PUL_OB_RD_BME		BIT(18)
#define   FBNIC_PUL_OB_RD_TDE_ATTR	GENMASK(17, 15)
#define   FBNIC_PUL_OB_RD_RQM_ATTR	GENMASK(14, 12)
#define   FBNIC_PUL_OB_RD_TQM_ATTR	GENMASK(11, 9)

/* BAR0: per-queue registers. Queue pair n has a 4 KB window holding its
 * two transmit work queues (TWQ0 for the stack, TWQ1 for XDP), their
 * completion queue (TCQ), the receive header and payload buffer queues
 * (HPQ, PPQ, together the BDQ) and the receive completion queue (RCQ).
 * Ring sizes are written as log2(descriptors) & 0xf (64K reads as 0),
 * ring base addresses must be 128-byte aligned.
 */
#define FBNIC_MAX_QUEUES		128
#define FBNIC_QUEUE(n)			(0x100000 + 0x1000 * (n))
#define FBNIC_QUEUE_SIZE_LOG2		GENMASK(3, 0)

#define FBNIC_QUEUE_TWQ0_CTL		0x000
#define FBNIC_QUEUE_TWQ1_CTL		0x004
#define   FBNIC_QUEUE_CTL_RESET		BIT(0)
#define   FBNIC_QUEUE_CTL_ENABLE	BIT(1)
#define FBNIC_QUEUE_TWQ0_TAIL		0x008
#define FBNIC_QUEUE_TWQ1_TAIL		0x00c
#define FBNIC_QUEUE_TWQ0_PTRS		0x010
#define FBNIC_QUEUE_TWQ1_PTRS		0x014
#define   FBNIC_QUEUE_TWQ_PTRS_HEAD	GENMASK(31, 16)
#define FBNIC_QUEUE_TWQ0_SIZE		0x028
#define FBNIC_QUEUE_TWQ1_SIZE		0x02c
#define FBNIC_QUEUE_TWQ0_BAL		0x080
#define FBNIC_QUEUE_TWQ0_BAH		0x084
#define FBNIC_QUEUE_TWQ1_BAL		0x088
#define FBNIC_QUEUE_TWQ1_BAH		0x08c

#define FBNIC_QUEUE_TCQ_CTL		0x200
#define FBNIC_QUEUE_TCQ_HEAD		0x204
#define FBNIC_QUEUE_TCQ_PTRS		0x208
#define   FBNIC_QUEUE_TCQ_PTRS_TAIL	GENMASK(31, 16)
#define FBNIC_QUEUE_TCQ_SIZE		0x210
#define FBNIC_QUEUE_TCQ_BAL		0x280
#define FBNIC_QUEUE_TCQ_BAH		0x284

/* Tx interrupt manager: the vector a TCQ raises, after THRESHOLD
 * completions (or the vector's TCQ timeout)
 */
#define FBNIC_QUEUE_TIM_CTL		0x300
#define   FBNIC_QUEUE_IM_CTL_MSIX	GENMASK(7, 0)
#define FBNIC_QUEUE_TIM_THRESHOLD	0x304
#define FBNIC_QUEUE_TIM_MASK		0x310
#define   FBNIC_QUEUE_IM_MASK		BIT(0)

#define FBNIC_QUEUE_RCQ_CTL		0x800
#define FBNIC_QUEUE_RCQ_HEAD		0x804
#define FBNIC_QUEUE_RCQ_PTRS		0x808
#define   FBNIC_QUEUE_RCQ_PTRS_TAIL	GENMASK(31, 16)
#define FBNIC_QUEUE_RCQ_SIZE		0x810
#define FBNIC_QUEUE_RCQ_BAL		0x880
#define FBNIC_QUEUE_RCQ_BAH		0x884

#define FBNIC_QUEUE_BDQ_CTL		0x900
#define   FBNIC_QUEUE_BDQ_CTL_PPQ_ENABLE BIT(30)
#define FBNIC_QUEUE_BDQ_HPQ_TAIL	0x904
#define FBNIC_QUEUE_BDQ_PPQ_TAIL	0x908
#define FBNIC_QUEUE_BDQ_HPQ_PTRS	0x90c
#define FBNIC_QUEUE_BDQ_PPQ_PTRS	0x910
#define   FBNIC_QUEUE_BDQ_PTRS_HEAD	GENMASK(31, 16)
#define FBNIC_QUEUE_BDQ_HPQ_SIZE	0x91c
#define FBNIC_QUEUE_BDQ_PPQ_SIZE	0x920
#define FBNIC_QUEUE_BDQ_HPQ_BAL		0x980
#define FBNIC_QUEUE_BDQ_HPQ_BAH		0x984
#define FBNIC_QUEUE_BDQ_PPQ_BAL		0x988
#define FBNIC_QUEUE_BDQ_PPQ_BAH		0x98c

/* Rx DMA engine: buffer layout, header split and what to do when the
 * host is short of buffers or completion space
 */
#define FBNIC_QUEUE_RDE_CTL0		0xa80
#define   FBNIC_QUEUE_RDE_CTL0_EN_HDR_SPLIT	BIT(31)
#define   FBNIC_QUEUE_RDE_CTL0_DROP_MODE	GENMASK(30, 29)
#define     FBNIC_QUEUE_RDE_DROP_IMMEDIATE	0
#define     FBNIC_QUEUE_RDE_DROP_NEVER		2	/* wait for buffers */
#define   FBNIC_QUEUE_RDE_CTL0_MIN_HROOM	GENMASK(28, 20)
#define   FBNIC_QUEUE_RDE_CTL0_MIN_TROOM	GENMASK(19, 11)
#define FBNIC_QUEUE_RDE_CTL1		0xa84
#define   FBNIC_QUEUE_RDE_CTL1_MAX_HDR		GENMASK(24, 12)
#define   FBNIC_QUEUE_RDE_CTL1_PAYLD_OFF	GENMASK(11, 9)
#define   FBNIC_QUEUE_RDE_CTL1_PAYLD_PG_CL	GENMASK(8, 6)
#define   FBNIC_QUEUE_RDE_CTL1_PADLEN		GENMASK(5, 2)
#define   FBNIC_QUEUE_RDE_CTL1_PAYLD_PACK	GENMASK(1, 0)
#define FBNIC_QUEUE_RDE_PKT_CNT		0xa88
#define FBNIC_QUEUE_RDE_PKT_ERR_CNT	0xa8c
#define FBNIC_QUEUE_RDE_CQ_DROP_CNT	0xa90
#define FBNIC_QUEUE_RDE_BDQ_DROP_CNT	0xa94

/* Rx interrupt manager, as the Tx one */
#define FBNIC_QUEUE_RIM_CTL		0xb00
#define FBNIC_QUEUE_RIM_THRESHOLD	0xb04
#define   FBNIC_QUEUE_IM_THRESHOLD	GENMASK(14, 0)
#define FBNIC_QUEUE_RIM_MASK		0xb10

/* Transmit work descriptor (TWD). A packet is a metadata descriptor
 * followed by address/length descriptors, the last one of type LAST_AL.
 * Header lengths are in 2-byte units, the L4 header in 4-byte units.
 */
#define FBNIC_TWD_L2_HLEN		GENMASK_ULL(5, 0)
#define FBNIC_TWD_L3_TYPE		GENMASK_ULL(7, 6)
#define   FBNIC_TWD_L3_TYPE_OTHER	0
#define   FBNIC_TWD_L3_TYPE_IPV4	1
#define   FBNIC_TWD_L3_TYPE_IPV6	2
#define   FBNIC_TWD_L3_TYPE_V6V6	3
#define FBNIC_TWD_L3_OHLEN		GENMASK_ULL(15, 8)
#define FBNIC_TWD_L3_IHLEN		GENMASK_ULL(23, 16)
#define FBNIC_TWD_CSUM_OFFSET		GENMASK_ULL(27, 24)
#define FBNIC_TWD_L4_HLEN		GENMASK_ULL(31, 28)
#define FBNIC_TWD_L4_TYPE		GENMASK_ULL(33, 32)
#define   FBNIC_TWD_L4_TYPE_TCP		1
#define   FBNIC_TWD_L4_TYPE_UDP		2
#define FBNIC_TWD_FLAG_REQ_TS		BIT_ULL(34)
#define FBNIC_TWD_FLAG_REQ_LSO		BIT_ULL(35)
#define FBNIC_TWD_FLAG_REQ_CSO		BIT_ULL(36)
#define FBNIC_TWD_FLAG_REQ_COMPLETION	BIT_ULL(37)
#define FBNIC_TWD_FLAG_DEST_MAC		BIT_ULL(43)
#define FBNIC_TWD_TYPE			GENMASK_ULL(47, 46)
#define   FBNIC_TWD_TYPE_META		0
#define   FBNIC_TWD_TYPE_AL		2
#define   FBNIC_TWD_TYPE_LAST_AL	3
#define FBNIC_TWD_MSS			GENMASK_ULL(61, 48)
#define FBNIC_TWD_ADDR			GENMASK_ULL(45, 0)
#define FBNIC_TWD_LEN			GENMASK_ULL(63, 48)

/* Transmit completion descriptor (TCD): the new head of TWQ0 or TWQ1.
 * The device flips the DONE bit it writes on every pass over the ring.
 */
#define FBNIC_TCD_TYPE0_HEAD0		GENMASK_ULL(15, 0)
#define FBNIC_TCD_TYPE0_HEAD1		GENMASK_ULL(31, 16)
/* Type 1: the Tx timestamp of the oldest packet on TWQ0 that asked */
#define FBNIC_TCD_TYPE1_TS		GENMASK_ULL(39, 0)
#define FBNIC_TCD_STATUS_TS_INVALID	BIT_ULL(48)
#define FBNIC_TCD_STATUS_ILLEGAL_TS_REQ	BIT_ULL(49)
#define FBNIC_TCD_TWQ1			BIT_ULL(60)
#define FBNIC_TCD_TYPE			GENMASK_ULL(62, 61)
#define   FBNIC_TCD_TYPE_HEADS		0
#define   FBNIC_TCD_TYPE_TSTAMP		1
#define FBNIC_TCD_DONE			BIT_ULL(63)

/* Receive buffer descriptor (BD): a 4 KB buffer and its ID. With larger
 * pages, each page is posted as several 4 KB fragments whose IDs and
 * addresses count up from the page's.
 */
#define FBNIC_BD_ADDR			GENMASK_ULL(45, 12)
#define FBNIC_BD_ID			GENMASK_ULL(63, 48)
#define FBNIC_BD_FRAG_SIZE		SZ_4K

/* Receive completion descriptor (RCD). A packet is reported as a header
 * buffer descriptor, payload buffer descriptors, optional metadata and
 * finally the metadata descriptor. The DONE bit flips as in the TCD.
 */
#define FBNIC_RCD_TYPE			GENMASK_ULL(62, 61)
#define   FBNIC_RCD_TYPE_HDR_AL		0
#define   FBNIC_RCD_TYPE_PAY_AL		1
#define   FBNIC_RCD_TYPE_OPT_META	2
#define   FBNIC_RCD_TYPE_META		3
#define FBNIC_RCD_DONE			BIT_ULL(63)
/* Buffer (AL) descriptors: which buffer, and where in it the data is */
#define FBNIC_RCD_AL_BUFF_ID		GENMASK_ULL(15, 0)
#define FBNIC_RCD_AL_BUFF_LEN		GENMASK_ULL(28, 16)
#define FBNIC_RCD_AL_BUFF_OFF		GENMASK_ULL(43, 32)
#define FBNIC_RCD_AL_PAGE_FIN		BIT_ULL(60)	/* buffer used up */
/* Optional metadata descriptor: the Rx timestamp, if the action asked */
#define FBNIC_RCD_OPT_META_TS		GENMASK_ULL(39, 0)
#define FBNIC_RCD_OPT_META_TS_VALID	BIT_ULL(58)
#define FBNIC_RCD_OPT_META_TYPE		GENMASK_ULL(60, 59)
#define   FBNIC_RCD_OPT_META_TYPE_TS_ACT 0	/* timestamp and action */
/* Metadata descriptor */
#define FBNIC_RCD_META_RSS_HASH		GENMASK_ULL(31, 0)
#define FBNIC_RCD_META_L2_CSUM		GENMASK_ULL(47, 32)
#define FBNIC_RCD_META_L3_TYPE		GENMASK_ULL(49, 48)
#define   FBNIC_RCD_META_L3_TYPE_OTHER	0
#define   FBNIC_RCD_META_L3_TYPE_IPV4	1
#define   FBNIC_RCD_META_L3_TYPE_IPV6	2
#define   FBNIC_RCD_META_L3_TYPE_V6V6	3	/* IPv6 in IPv6 */
#define FBNIC_RCD_META_L4_TYPE		GENMASK_ULL(51, 50)
#define   FBNIC_RCD_META_L4_TYPE_OTHER	0
#define   FBNIC_RCD_META_L4_TYPE_TCP	1
#define   FBNIC_RCD_META_L4_TYPE_UDP	2
#define FBNIC_RCD_META_L4_CSUM_UNNECESSARY BIT_ULL(52)
#define FBNIC_RCD_META_ERR_MAC_EOP	BIT_ULL(53)
#define FBNIC_RCD_META_ERR_TRUNCATED	BIT_ULL(54)
#define FBNIC_RCD_META_ERR_PARSER	BIT_ULL(55)

/* Header-split hint an action gives the Rx DMA engine: split after L4 */
#define FBNIC_RCD_HDR_AL_DMA_HINT_L4	4

/* BAR4: firmware mailbox. Two rings of 16 descriptors, 8 bytes each:
 * ring 0 carries firmware-to-host messages, ring 1 host-to-firmware.
 */
#define FBNIC_MBX_RING_FROM_FW		0
#define FBNIC_MBX_RING_TO_FW		1
#define FBNIC_MBX_RINGS			2
#define FBNIC_MBX_RING_SIZE		16
#define FBNIC_MBX_DESC(ring, idx) \
	(0x18000 + 8 * ((ring) * FBNIC_MBX_RING_SIZE + (idx)))
#define   FBNIC_MBX_DESC_LEN		GENMASK_ULL(63, 48)
#define   FBNIC_MBX_DESC_EOM		BIT_ULL(46)
#define   FBNIC_MBX_DESC_ADDR		GENMASK_ULL(45, 3)
#define   FBNIC_MBX_DESC_FW_ERR		BIT_ULL(2)
#define   FBNIC_MBX_DESC_FW_DONE	BIT_ULL(1)
#define   FBNIC_MBX_DESC_HOST_OWNED	BIT_ULL(0)

/* BAR4: OTP state reported by the security controller at boot */
#define FBNIC_OTP_STATUS		0x0874
#define FBNIC_OTP_WRITE_STATUS		0x0878
#define FBNIC_OTP_WRITE_DATA_STATUS	GENMASK(31, 16)
#define FBNIC_OTP_WRITE_ECC_STATUS	GENMASK(15, 0)

/* DMA addressing width of the device's descriptors */
#define FBNIC_DMA_BITS			46

#endif /* _FBNIC_REGS_H_ */
