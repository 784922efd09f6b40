/*
 * Meta fbnic host NIC emulation: register and descriptor layout.
 *
 * Offsets are byte offsets into the BAR they belong to (QEMU REG32
 * convention: A_FOO is the byte address, R_FOO the 32-bit word index).
 * The facts come from the programming interface used by the Linux fbnic
 * driver; names and grouping here are this model's own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_REGS_H
#define HW_NET_FBNIC_REGS_H

#include "qemu/units.h"
#include "hw/registerfields.h"

/* ------------------------------------------------------------------ */
/* PCI identity and BAR geometry                                       */
/* ------------------------------------------------------------------ */

#define FBNIC_PCI_VENDOR_META           0x1d9b
#define FBNIC_PCI_DEVICE_ASIC           0x0013
#define FBNIC_PCI_REVISION              0x01

#define FBNIC_BAR_CSR                   0       /* device CSRs */
#define FBNIC_BAR_FW                    4       /* firmware window */

#define FBNIC_BAR0_SIZE                 (4 * MiB)
#define FBNIC_BAR4_SIZE                 (1 * MiB)

/*
 * Implemented part of BAR0: everything up to the end of the last
 * per-queue register page.  Beyond it the BAR is reserved.
 */
#define FBNIC_BAR0_IMPL_SIZE            0x180000

/* MSI-X table and PBA live in the firmware BAR, past its registers */
#define FBNIC_MSIX_VECTORS              256
#define FBNIC_MSIX_TABLE_OFFSET         0x40000
#define FBNIC_MSIX_PBA_OFFSET           0x48000
#define FBNIC_BAR4_IMPL_SIZE            0x40000

/* ------------------------------------------------------------------ */
/* BAR0: interrupt block                                               */
/* ------------------------------------------------------------------ */

/* Each of these is a bank of 8 x 32-bit words, one bit per vector */
#define FBNIC_IRQ_BANKS                 8
REG32(IRQ_STATUS,       0x0000)         /* RO: pending causes */
REG32(IRQ_MASK,         0x0020)         /* RW: 1 = vector masked */
REG32(IRQ_SET,          0x0040)         /* WO: 1 = raise cause */
REG32(IRQ_CLEAR,        0x0060)         /* WO: 1 = drop cause */
REG32(IRQ_SW_STATUS,    0x0080)         /* RO: causes raised by software */
REG32(IRQ_AUTOCLEAR,    0x00a0)         /* RW: 1 = status clears on send */
REG32(IRQ_MASK_SET,     0x00c0)         /* WO: 1 = mask vector */
REG32(IRQ_MASK_CLEAR,   0x00e0)         /* WO: 1 = unmask vector */
#define FBNIC_IRQ_BANK_STRIDE           0x20

/* Interrupt source -> MSI-X vector routing, one word per source */
REG32(IRQ_ROUTE,        0x0100)
    FIELD(IRQ_ROUTE, VECTOR, 0, 8)
    FIELD(IRQ_ROUTE, ENABLE, 31, 1)
#define FBNIC_IRQ_ROUTE_COUNT           64
#define FBNIC_IRQ_SRC_RXB               7
#define FBNIC_IRQ_SRC_PCS               34

/*
 * Per-vector completion-queue interrupt words, 16 bytes per vector: the
 * re-arm word (unmask + new moderation timeouts) and the two timeouts it
 * updates, in microsecond ticks of the queue manager's timer.
 */
REG32(IRQ_CQ_REARM,     0x1000)
    FIELD(IRQ_CQ_REARM, RCQ_TIMEOUT, 0, 14)
    FIELD(IRQ_CQ_REARM, RCQ_UPD_EN, 14, 1)
    FIELD(IRQ_CQ_REARM, TCQ_TIMEOUT, 15, 14)
    FIELD(IRQ_CQ_REARM, TCQ_UPD_EN, 29, 1)
    FIELD(IRQ_CQ_REARM, RELOAD, 30, 1)
    FIELD(IRQ_CQ_REARM, UNMASK, 31, 1)
#define FBNIC_IRQ_CQ_STRIDE             0x10
#define FBNIC_IRQ_CQ_RCQ_TIMEOUT        0x4     /* offsets in a vector's */
#define FBNIC_IRQ_CQ_TCQ_TIMEOUT        0x8     /* 16 bytes */
#define FBNIC_IRQ_CQ_TIMEOUT_BITS       0x3fffu
#define FBNIC_IRQ_CQ_END \
    (A_IRQ_CQ_REARM + FBNIC_MSIX_VECTORS * FBNIC_IRQ_CQ_STRIDE)

/* Vector 0 is hard-wired to the firmware mailbox doorbell */
#define FBNIC_VEC_FW_MBX                0

/* ------------------------------------------------------------------ */
/* BAR0: queue manager idle status (one bit per queue, 1 = idle)       */
/* ------------------------------------------------------------------ */

REG32(QM_TWQ_IDLE,      0x2000)         /* 8 words */
REG32(QM_TCQ_IDLE,      0x2084)         /* 4 words */
REG32(QM_TQS_IDLE,      0x20c0)         /* 8 words */
REG32(QM_TDE_IDLE,      0x214c)         /* 8 words */
REG32(QM_RCQ_IDLE,      0x3000)         /* 4 words */
REG32(QM_HPQ_IDLE,      0x303c)         /* 4 words */
REG32(QM_PPQ_IDLE,      0x304c)         /* 4 words */

/* Register windows of the Tx and Rx queue managers */
#define FBNIC_QM_TX_BASE                0x2000
#define FBNIC_QM_TX_END                 0x21d0
#define FBNIC_QM_RX_BASE                0x3000
#define FBNIC_QM_RX_END                 0x30d4

/* Metadata used for a Tx frame whose first descriptor is not metadata */
REG32(QM_TWQ_DEFAULT_META_L, 0x2060)
REG32(QM_TWQ_DEFAULT_META_H, 0x2064)
/* Largest frame the Tx scheduler passes (bytes) */
REG32(QM_TQS_MTU_CTL0,  0x2074)
    FIELD(QM_TQS_MTU_CTL0, MTU, 0, 14)
/* Completion queue timer tick, in datapath clock cycles */
REG32(QM_TCQ_CTL0,      0x20b4)
    FIELD(QM_TCQ_CTL0, COAL_WAIT, 0, 16)
    FIELD(QM_TCQ_CTL0, TICK_CYCLES, 16, 11)
REG32(QM_RCQ_CTL0,      0x3030)
    FIELD(QM_RCQ_CTL0, COAL_WAIT, 0, 16)
    FIELD(QM_RCQ_CTL0, TICK_CYCLES, 16, 11)

/* ------------------------------------------------------------------ */
/* BAR0: Tx checksum/segmentation engine                              */
/* ------------------------------------------------------------------ */

/* TCP flags cleared in the first, middle and last segment of an LSO */
REG32(TCE_LSO_CTRL,     0x10000)
    FIELD(TCE_LSO_CTRL, TCPF_CLR_1ST, 0, 9)
    FIELD(TCE_LSO_CTRL, TCPF_CLR_MID, 9, 9)
    FIELD(TCE_LSO_CTRL, TCPF_CLR_END, 18, 9)
    FIELD(TCE_LSO_CTRL, IPID_MODE_INC, 27, 1)

/* ------------------------------------------------------------------ */
/* BAR0: per-queue register pages                                      */
/* ------------------------------------------------------------------ */

#define FBNIC_QUEUE_BASE                0x100000
#define FBNIC_QUEUE_PAGE_SIZE           0x1000
#define FBNIC_QUEUE_COUNT               128

/*
 * Offsets inside a queue page.  A queue page holds two Tx work queues
 * (TWQ0 for the stack, TWQ1 for XDP), their completion queue (TCQ) and
 * its interrupt manager (TIM); and the Rx completion queue (RCQ), the
 * header and payload buffer queues (HPQ/PPQ, together the BDQ), the Rx
 * DMA engine settings (RDE) and the Rx interrupt manager (RIM).
 * Pointer words put the hardware's pointer in bits 31:16 and the
 * driver's in bits 15:0.
 */
#define FBNIC_Q_TWQ0_CTL                0x000
#define FBNIC_Q_TWQ1_CTL                0x004
#define FBNIC_Q_TWQ0_TAIL               0x008
#define FBNIC_Q_TWQ1_TAIL               0x00c
#define FBNIC_Q_TWQ0_PTRS               0x010
#define FBNIC_Q_TWQ1_PTRS               0x014
#define FBNIC_Q_TWQ0_SIZE               0x028
#define FBNIC_Q_TWQ1_SIZE               0x02c
#define FBNIC_Q_TWQ0_BAL                0x080
#define FBNIC_Q_TWQ0_BAH                0x084
#define FBNIC_Q_TWQ1_BAL                0x088
#define FBNIC_Q_TWQ1_BAH                0x08c
#define FBNIC_Q_TWQ0_PKT_CNT            0x188
#define FBNIC_Q_TWQ0_ERR_CNT            0x18c
#define FBNIC_Q_TWQ1_PKT_CNT            0x1c8
#define FBNIC_Q_TWQ1_ERR_CNT            0x1cc
#define FBNIC_Q_TCQ_CTL                 0x200
#define FBNIC_Q_TCQ_HEAD                0x204
#define FBNIC_Q_TCQ_PTRS                0x208
#define FBNIC_Q_TCQ_SIZE                0x210
#define FBNIC_Q_TCQ_BAL                 0x280
#define FBNIC_Q_TCQ_BAH                 0x284
#define FBNIC_Q_TIM_CTL                 0x300
#define FBNIC_Q_TIM_THRESHOLD           0x304
#define FBNIC_Q_TIM_CLEAR               0x308
#define FBNIC_Q_TIM_SET                 0x30c
#define FBNIC_Q_TIM_MASK                0x310
#define FBNIC_Q_TIM_TIMER               0x314
#define FBNIC_Q_TIM_COUNTS              0x318
#define FBNIC_Q_RCQ_CTL                 0x800
#define FBNIC_Q_RCQ_HEAD                0x804
#define FBNIC_Q_RCQ_PTRS                0x808
#define FBNIC_Q_RCQ_SIZE                0x810
#define FBNIC_Q_RCQ_BAL                 0x880
#define FBNIC_Q_RCQ_BAH                 0x884
#define FBNIC_Q_BDQ_CTL                 0x900
#define FBNIC_Q_BDQ_HPQ_TAIL            0x904
#define FBNIC_Q_BDQ_PPQ_TAIL            0x908
#define FBNIC_Q_BDQ_HPQ_PTRS            0x90c
#define FBNIC_Q_BDQ_PPQ_PTRS            0x910
#define FBNIC_Q_BDQ_HPQ_SIZE            0x91c
#define FBNIC_Q_BDQ_PPQ_SIZE            0x920
#define FBNIC_Q_BDQ_HPQ_BAL             0x980
#define FBNIC_Q_BDQ_HPQ_BAH             0x984
#define FBNIC_Q_BDQ_PPQ_BAL             0x988
#define FBNIC_Q_BDQ_PPQ_BAH             0x98c
#define FBNIC_Q_RDE_CTL0                0xa80
#define FBNIC_Q_RDE_CTL1                0xa84
#define FBNIC_Q_RDE_PKT_CNT             0xa88
#define FBNIC_Q_RDE_PKT_ERR_CNT         0xa8c
#define FBNIC_Q_RDE_CQ_DROP_CNT         0xa90
#define FBNIC_Q_RDE_BDQ_DROP_CNT        0xa94
#define FBNIC_Q_RIM_CTL                 0xb00
#define FBNIC_Q_RIM_THRESHOLD           0xb04
#define FBNIC_Q_RIM_CLEAR               0xb08
#define FBNIC_Q_RIM_SET                 0xb0c
#define FBNIC_Q_RIM_MASK                0xb10
#define FBNIC_Q_RIM_COAL_STATUS         0xb14

/* Ring sizes are a 4-bit log2 code; ring bases are 128-byte aligned */
#define FBNIC_Q_SIZE_BITS               0x0000000fu
#define FBNIC_Q_BAL_BITS                0xffffff80u

/* Ring control words (TWQ, TCQ, RCQ, BDQ) */
#define FBNIC_Q_CTL_RESET               (1u << 0)   /* held in reset */
#define FBNIC_Q_CTL_ENABLE              (1u << 1)
#define FBNIC_Q_BDQ_CTL_PPQ_ENABLE      (1u << 30)

/* Interrupt manager words (TIM and RIM) */
#define FBNIC_Q_IM_CTL_VECTOR           0xffu
#define FBNIC_Q_IM_THRESHOLD_BITS       0x7fffu
#define FBNIC_Q_IM_BIT                  (1u << 0)   /* CLEAR/SET/MASK */

/* Rx DMA engine layout and drop policy */
#define FBNIC_Q_RDE_CTL0_EN_HDR_SPLIT   (1u << 31)
#define FBNIC_Q_RDE_CTL0_DROP_MODE(v)   extract32((v), 29, 2)
#define FBNIC_Q_RDE_CTL0_MIN_HROOM(v)   extract32((v), 20, 9)
#define FBNIC_Q_RDE_CTL0_MIN_TROOM(v)   extract32((v), 11, 9)
#define FBNIC_Q_RDE_DROP_IMMEDIATE      0
#define FBNIC_Q_RDE_DROP_WAIT           1
#define FBNIC_Q_RDE_DROP_NEVER          2
#define FBNIC_Q_RDE_CTL1_MAX_HDR(v)     extract32((v), 12, 13)
#define FBNIC_Q_RDE_CTL1_PAYLD_OFF(v)   extract32((v), 9, 3)
#define FBNIC_Q_RDE_CTL1_PADLEN(v)      extract32((v), 2, 4)
#define FBNIC_Q_RDE_CTL1_PAYLD_PACK(v)  extract32((v), 0, 2)

/* ------------------------------------------------------------------ */
/* Descriptors of the queues (64-bit, little endian)                   */
/* ------------------------------------------------------------------ */

/* Tx work descriptor: type in bits 47:46 */
#define FBNIC_TWD_TYPE(d)               extract64((d), 46, 2)
#define FBNIC_TWD_TYPE_META             0
#define FBNIC_TWD_TYPE_OPT_META         1
#define FBNIC_TWD_TYPE_AL               2
#define FBNIC_TWD_TYPE_LAST_AL          3
/* metadata descriptor */
#define FBNIC_TWD_L2_HLEN(d)            extract64((d), 0, 6)    /* 2 B */
#define FBNIC_TWD_L3_TYPE(d)            extract64((d), 6, 2)
#define FBNIC_TWD_L3_OHLEN(d)           extract64((d), 8, 8)    /* 2 B */
#define FBNIC_TWD_L3_IHLEN(d)           extract64((d), 16, 8)   /* 2 B */
#define FBNIC_TWD_CSUM_OFFSET(d)        extract64((d), 24, 4)   /* 2 B */
#define FBNIC_TWD_L4_HLEN(d)            extract64((d), 28, 4)   /* 4 B */
#define FBNIC_TWD_L4_TYPE(d)            extract64((d), 32, 2)
#define FBNIC_TWD_FLAG_REQ_TS           (1ULL << 34)
#define FBNIC_TWD_FLAG_REQ_LSO          (1ULL << 35)
#define FBNIC_TWD_FLAG_REQ_CSO          (1ULL << 36)
#define FBNIC_TWD_FLAG_REQ_COMPLETION   (1ULL << 37)
#define FBNIC_TWD_FLAG_DEST_MAC         (1ULL << 43)
#define FBNIC_TWD_FLAG_DEST_BMC         (1ULL << 44)
#define FBNIC_TWD_FLAG_DEST_FW          (1ULL << 45)
#define FBNIC_TWD_MSS(d)                extract64((d), 48, 14)
#define FBNIC_TWD_L3_OTHER              0
#define FBNIC_TWD_L3_IPV4               1
#define FBNIC_TWD_L3_IPV6               2
#define FBNIC_TWD_L3_V6V6               3
#define FBNIC_TWD_L4_OTHER              0
#define FBNIC_TWD_L4_TCP                1
#define FBNIC_TWD_L4_UDP                2
/* address/length descriptor */
#define FBNIC_TWD_ADDR(d)               extract64((d), 0, 46)
#define FBNIC_TWD_LEN(d)                extract64((d), 48, 16)

/* Tx completion descriptor */
#define FBNIC_TCD_HEAD0(h)              ((uint64_t)(h) & 0xffff)
#define FBNIC_TCD_HEAD1(h)              (((uint64_t)(h) & 0xffff) << 16)
#define FBNIC_TCD_TS(t)                 ((uint64_t)(t) & 0xffffffffffULL)
#define FBNIC_TCD_STATUS_TS_INVALID     (1ULL << 48)
#define FBNIC_TCD_TWQ1                  (1ULL << 60)
#define FBNIC_TCD_TYPE_SHIFT            61
#define FBNIC_TCD_TYPE_HEAD             0ULL
#define FBNIC_TCD_TYPE_TS               1ULL
#define FBNIC_TCD_DONE                  (1ULL << 63)

/* Rx buffer descriptor: 4 KiB page address and the driver's buffer id */
#define FBNIC_BD_PAGE_ADDR(d)           ((d) & 0x00003ffffffff000ULL)
#define FBNIC_BD_ID(d)                  extract64((d), 48, 16)
#define FBNIC_BD_PAGE_SIZE              4096

/* Rx completion descriptor */
#define FBNIC_RCD_TYPE_SHIFT            61
#define FBNIC_RCD_TYPE_HDR_AL           0ULL
#define FBNIC_RCD_TYPE_PAY_AL           1ULL
#define FBNIC_RCD_TYPE_OPT_META         2ULL
#define FBNIC_RCD_TYPE_META             3ULL
#define FBNIC_RCD_DONE                  (1ULL << 63)
/* address/length (header and payload) */
#define FBNIC_RCD_AL_BUFF_ID(id)        ((uint64_t)(id) & 0xffff)
#define FBNIC_RCD_AL_BUFF_LEN(l)        (((uint64_t)(l) & 0x1fff) << 16)
#define FBNIC_RCD_AL_BUFF_OFF(o)        (((uint64_t)(o) & 0xfff) << 32)
#define FBNIC_RCD_AL_PAGE_FIN           (1ULL << 60)
#define FBNIC_RCD_HDR_AL_OVERFLOW       (1ULL << 53)
#define FBNIC_RCD_HDR_AL_DMA_HINT(h)    (((uint64_t)(h) & 0x3f) << 54)
/* optional metadata (type 0: timestamp) */
#define FBNIC_RCD_OPT_META_TS(t)        ((uint64_t)(t) & 0xffffffffffULL)
#define FBNIC_RCD_OPT_META_ACT(i)       (((uint64_t)(i) & 0x3f) << 40)
#define FBNIC_RCD_OPT_META_ACT_VALID    (1ULL << 57)
#define FBNIC_RCD_OPT_META_ACT_ENTRIES  64
#define FBNIC_RCD_OPT_META_TS_VALID     (1ULL << 58)
/* metadata */
#define FBNIC_RCD_META_RSS_HASH(h)      ((uint64_t)(h) & 0xffffffff)
#define FBNIC_RCD_META_L2_CSUM(c)       (((uint64_t)(c) & 0xffff) << 32)
#define FBNIC_RCD_META_L3_TYPE(t)       (((uint64_t)(t) & 0x3) << 48)
#define FBNIC_RCD_META_L4_TYPE(t)       (((uint64_t)(t) & 0x3) << 50)
#define FBNIC_RCD_META_L4_CSUM_OK       (1ULL << 52)
#define FBNIC_RCD_META_ERR_MAC_EOP      (1ULL << 53)
#define FBNIC_RCD_META_ERR_TRUNCATED    (1ULL << 54)
#define FBNIC_RCD_META_ERR_PARSER       (1ULL << 55)

/* ------------------------------------------------------------------ */
/* BAR0: PTP / time block                                              */
/* ------------------------------------------------------------------ */

REG32(PTP_CTRL,         0x12000)
    FIELD(PTP_CTRL, EN, 0, 1)
REG32(PTP_ADJUST,       0x12004)
    FIELD(PTP_ADJUST, INIT, 0, 1)
    FIELD(PTP_ADJUST, SUB_NUDGE, 8, 1)
    FIELD(PTP_ADJUST, ADD_NUDGE, 16, 1)
    FIELD(PTP_ADJUST, ADDEND_SET, 24, 1)
REG32(PTP_INIT_HI,      0x12008)
REG32(PTP_INIT_LO,      0x1200c)
REG32(PTP_NUDGE_NS,     0x12010)
REG32(PTP_NUDGE_SUBNS,  0x12014)
REG32(PTP_ADDEND_NS,    0x12018)
    FIELD(PTP_ADDEND_NS, NS, 0, 16)
REG32(PTP_ADDEND_SUBNS, 0x1201c)
REG32(PTP_TIME_HI,      0x12020)
REG32(PTP_TIME_LO,      0x12024)
REG32(PTP_MONO_HI,      0x12028)
REG32(PTP_MONO_LO,      0x1202c)
REG32(PTP_SPARE,        0x12034)

/* The datapath clock that advances the time counter */
#define FBNIC_DCLK_HZ                   600000000ULL

/* ------------------------------------------------------------------ */
/* BAR0: always-zero scratch word the driver reads to flush writes     */
/* ------------------------------------------------------------------ */

REG32(FLUSH_SCRATCH,    0x3106c)

/* ------------------------------------------------------------------ */
/* BAR0: PCIe outbound TLP configuration (device DMA enables)          */
/* ------------------------------------------------------------------ */

REG32(PUL_DMA_WR_CFG,   0xc40f4)        /* device -> host writes */
    FIELD(PUL_DMA_WR_CFG, BME, 18, 1)
    FIELD(PUL_DMA_WR_CFG, FLUSH, 19, 1)
    FIELD(PUL_DMA_WR_CFG, FLUSH_MODE, 20, 1)
REG32(PUL_DMA_RD_CFG,   0xc40f8)        /* device reads of host memory */
    FIELD(PUL_DMA_RD_CFG, BME, 18, 1)
    FIELD(PUL_DMA_RD_CFG, FLUSH, 19, 1)

/* ------------------------------------------------------------------ */
/* BAR0: MAC / PCS                                                     */
/* ------------------------------------------------------------------ */

/*
 * Two PCS instances, each a page of 1024 words.  Word N of a page holds
 * clause-45 PCS register N (the driver folds the vendor page down).
 */
#define FBNIC_PCS_BASE                  0x40000
#define FBNIC_PCS_PAGE_SIZE             0x1000
#define FBNIC_PCS_PAGES                 2
#define FBNIC_MDIO_PCS_CTRL1            0
#define FBNIC_MDIO_PCS_CTRL1_RESET      0x8000u
/* clause-45 PCS speed selection codes in CTRL1 */
#define FBNIC_MDIO_PCS_CTRL1_25G        0x2054u
#define FBNIC_MDIO_PCS_CTRL1_50G        0x2058u
#define FBNIC_MDIO_PCS_CTRL1_100G       0x2050u
#define FBNIC_MDIO_PCS_STAT1            1
#define FBNIC_MDIO_PCS_STAT1_LINK       (1u << 2)
#define FBNIC_MDIO_PCS_BASER_STAT1      32
#define FBNIC_MDIO_PCS_BASER_STAT1_LOCK (1u << 0)
#define FBNIC_MDIO_PCS_BASER_STAT1_LINK (1u << 12)

REG32(MAC_CMD_CFG,      0x44008)

REG32(SIG_MAC_IN0,      0x46000)
REG32(SIG_PCS_OUT0,     0x46020)
    FIELD(SIG_PCS_OUT0, AM_LOCK, 1, 4)
    FIELD(SIG_PCS_OUT0, BLOCK_LOCK, 5, 20)
    FIELD(SIG_PCS_OUT0, LINK, 27, 1)
REG32(SIG_PCS_OUT1,     0x46024)
    FIELD(SIG_PCS_OUT1, FCFEC_LOCK, 8, 4)
REG32(SIG_PCS_IRQ_STS,  0x46050)
    FIELD(SIG_PCS_IRQ_STS, LINK_UP, 0, 1)
    FIELD(SIG_PCS_IRQ_STS, LINK_DOWN, 1, 1)
REG32(SIG_PCS_IRQ_MASK, 0x46058)

/* ------------------------------------------------------------------ */
/* BAR4: firmware window                                               */
/* ------------------------------------------------------------------ */

/* OTP status words, filled in by the security core at boot */
REG32(FW_OTP_STATUS,    0x0874)
REG32(FW_OTP_WR_STATUS, 0x0878)

/*
 * IPC mailbox area: 32 mailboxes of 32 words.  The host uses two words
 * per descriptor, so a mailbox is a ring of 16 64-bit descriptors.
 * Mailbox 0 carries firmware -> host messages, mailbox 1 host -> firmware.
 */
#define FBNIC_MBX_BASE                  0x18000
#define FBNIC_MBX_STRIDE                0x80
#define FBNIC_MBX_COUNT                 32
#define FBNIC_MBX_AREA_SIZE             (FBNIC_MBX_COUNT * FBNIC_MBX_STRIDE)
#define FBNIC_MBX_RING_LEN              16
#define FBNIC_MBX_TO_HOST               0
#define FBNIC_MBX_TO_FW                 1

/* Descriptor layout (64-bit, low word first in the BAR) */
#define FBNIC_MBXD_HOST_DONE            (1ULL << 0)
#define FBNIC_MBXD_FW_DONE              (1ULL << 1)
#define FBNIC_MBXD_FW_ERR               (1ULL << 2)
#define FBNIC_MBXD_ADDR_MASK            0x00003ffffffffff8ULL /* 45:3 */
#define FBNIC_MBXD_EOM                  (1ULL << 46)
#define FBNIC_MBXD_LEN_SHIFT            48
#define FBNIC_MBXD_LEN_MASK             0xffffULL

/* Largest message either side exchanges: one 4 KiB page */
#define FBNIC_MBX_MSG_MAX               4096

#endif /* HW_NET_FBNIC_REGS_H */
