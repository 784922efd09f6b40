/*
 * Meta fbnic host NIC emulation: register layout of the receive
 * classifier (RPC), the Rx buffer (RXB), the Tx MAC interface (TMI), the
 * MAC configuration block and the MAC statistics block.
 *
 * Byte offsets into BAR0 (A_FOO is the byte address, as in fbnic_regs.h).
 * The facts come from the programming interface the Linux fbnic driver
 * uses; names, grouping and comments are this model's own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_RPC_REGS_H
#define HW_NET_FBNIC_RPC_REGS_H

#include "hw/registerfields.h"

/* ------------------------------------------------------------------ */
/* Windows this part of the model owns                                 */
/* ------------------------------------------------------------------ */

#define FBNIC_TTI_CNT_BASE          0x100f8     /* TCE Tx drop counters */
#define FBNIC_TTI_CNT_END           0x1011c
#define FBNIC_TMI_BASE              0x11000
#define FBNIC_TMI_END               0x11100
#define FBNIC_RXB_BASE              0x20000
#define FBNIC_RXB_END               0x206c8
#define FBNIC_RPC_BASE              0x21000
#define FBNIC_RPC_END               0x215b0
#define FBNIC_RPC_RAM_BASE          0x22000
#define FBNIC_RPC_RAM_END           0x23c80
#define FBNIC_MAC_BASE              0x44000
#define FBNIC_MAC_END               0x440a4
#define FBNIC_MAC_STAT_BASE         0x46800
#define FBNIC_MAC_STAT_END          0x46980

/* ------------------------------------------------------------------ */
/* TCE: Tx drop counters (32-bit frames, 64-bit bytes as low/high)     */
/* ------------------------------------------------------------------ */

REG32(TTI_CM_DROP_PKTS,     0x100f8)
REG32(TTI_CM_DROP_BYTE_L,   0x100fc)
REG32(TTI_FRM_DROP_PKTS,    0x10104)
REG32(TTI_FRM_DROP_BYTE_L,  0x10108)
REG32(TBI_DROP_PKTS,        0x10110)
REG32(TBI_DROP_BYTE_L,      0x10114)

/* ------------------------------------------------------------------ */
/* TMI: Tx MAC interface                                               */
/* ------------------------------------------------------------------ */

REG32(TMI_SOP_PROT_CTRL,    0x11000)
REG32(TMI_DROP_CTRL,        0x11004)
    FIELD(TMI_DROP_CTRL, EN, 0, 1)
REG32(TMI_DROP_PKTS,        0x11008)
REG32(TMI_DROP_BYTE_L,      0x1100c)    /* high word follows */
REG32(TMI_PTP_ILLEGAL_REQ,  0x11024)
REG32(TMI_PTP_GOOD_TS,      0x11028)
REG32(TMI_PTP_BAD_TS,       0x1102c)
/* Tx size histogram above 1518 bytes: five low/high pairs */
REG32(TMI_TX_1519_2047_L,   0x110cc)
#define FBNIC_TMI_HIST_BUCKETS      5

/* ------------------------------------------------------------------ */
/* RXB: Rx buffer                                                      */
/* ------------------------------------------------------------------ */

/* Packet buffer FIFOs, by where the frames go */
#define FBNIC_RXB_FIFO_BOTH         0   /* network to host and BMC */
#define FBNIC_RXB_FIFO_TO_BMC       3   /* network to BMC */
#define FBNIC_RXB_FIFO_TO_HOST      4   /* network to host */
#define FBNIC_RXB_FIFO_BMC_HOST     6   /* BMC to host */
#define FBNIC_RXB_FIFOS             8

/* Enqueue sources and dequeue destinations */
#define FBNIC_RXB_SRC_NET           0
#define FBNIC_RXB_SRC_BMC           1
#define FBNIC_RXB_DST_BMC           2
#define FBNIC_RXB_DST_HOST          3
#define FBNIC_RXB_INTFS             4

REG32(RXB_ERR_INTR_STS,     0x20140)    /* write 1 to clear */
REG32(RXB_ERR_INTR_MASK,    0x20148)
#define A_RXB_PAUSE_EVENT(n)        (0x2014c + 4 * (n))     /* n < 4 */
#define A_RXB_DROP_FRMS(n)          (0x2015c + 4 * (n))     /* n < 8 */
#define A_RXB_DROP_BYTES_L(n)       (0x20200 + 8 * (n))     /* high: +4 */
#define A_RXB_TRUN_FRMS(n)          (0x20244 + 4 * (n))
#define A_RXB_TRUN_BYTES_L(n)       (0x20300 + 8 * (n))     /* high: +4 */
#define A_RXB_TRANS_PAUSE(n)        (0x20344 + 4 * (n))
#define A_RXB_TRANS_DROP(n)         (0x20364 + 4 * (n))
#define A_RXB_TRANS_ECN(n)          (0x20384 + 4 * (n))
#define A_RXB_PS_COUNT(n)           (0x203a4 + 4 * (n))     /* n < 4 */
#define A_RXB_SRC_FRMS(n)           (0x203e4 + 4 * (n))     /* n < 4 */
#define A_RXB_SRC_BYTES_L(n)        (0x203f4 + 4 * (n))     /* high: +16 */
#define A_RXB_DST_FRMS(n)           (0x20414 + 4 * (n))
#define A_RXB_DST_BYTES_L(n)        (0x20424 + 4 * (n))     /* high: +16 */
#define A_RXB_PBUF_FRMS(n)          (0x20444 + 4 * (n))
#define A_RXB_PBUF_BYTES_L(n)       (0x20454 + 4 * (n))     /* high: +16 */
#define A_RXB_FIFO_LEVEL(n)         (0x20474 + 4 * (n))     /* n < 8 */
#define A_RXB_INTEGRITY_ERR(n)      (0x204bc + 4 * (n))     /* n < 4 */
#define A_RXB_MAC_ERR(n)            (0x204cc + 4 * (n))
#define A_RXB_PARSER_ERR(n)         (0x204dc + 4 * (n))
#define A_RXB_FRM_ERR(n)            (0x204ec + 4 * (n))
/* byte counters whose high word sits four registers above the low one */
#define FBNIC_RXB_WIDE_STRIDE       16

/* ------------------------------------------------------------------ */
/* RPC: parser and classifier, scalar registers                        */
/* ------------------------------------------------------------------ */

REG32(RPC_RMI_CONFIG,       0x21000)
    FIELD(RPC_RMI_CONFIG, OH_BYTES, 0, 5)
    FIELD(RPC_RMI_CONFIG, FCS_PRESENT, 8, 1)
    FIELD(RPC_RMI_CONFIG, ENABLE, 12, 1)
    FIELD(RPC_RMI_CONFIG, MTU, 16, 16)

/* Action word 0: where the frame goes */
REG32(RPC_ACT0_DEFAULT,     0x21028)
    FIELD(RPC_ACT0, DROP, 0, 1)
    FIELD(RPC_ACT0, DEST, 1, 3)
    FIELD(RPC_ACT0, Q_SEL, 4, 1)
    FIELD(RPC_ACT0, Q_ID, 8, 8)
    FIELD(RPC_ACT0, DMA_HINT, 16, 9)
    FIELD(RPC_ACT0, TS_ENA, 28, 1)
    FIELD(RPC_ACT0, REPORT_IDX, 29, 1)
    FIELD(RPC_ACT0, RSS_CTX, 30, 1)
#define FBNIC_RPC_DEST_HOST         1
#define FBNIC_RPC_DEST_BMC          2
#define FBNIC_RPC_DEST_EI           4

/* Action word 1: which fields feed the RSS hash */
REG32(RPC_ACT1_DEFAULT,     0x2102c)
    FIELD(RPC_ACT1, RSS_ENA, 0, 16)
#define FBNIC_RSS_IP_SRC            (1u << 0)
#define FBNIC_RSS_IP_DST            (1u << 1)
#define FBNIC_RSS_L4_SRC            (1u << 2)
#define FBNIC_RSS_L4_DST            (1u << 3)
#define FBNIC_RSS_L2_DA             (1u << 4)
#define FBNIC_RSS_L4_BYTE           (1u << 5)
#define FBNIC_RSS_INNER_FLOW_LABEL  (1u << 6)
#define FBNIC_RSS_OUTER_FLOW_LABEL  (1u << 7)
#define FBNIC_RSS_DSCP              (1u << 8)
#define FBNIC_RSS_L3_PROTO          (1u << 9)
#define FBNIC_RSS_L4_PROTO          (1u << 10)

/*
 * Toeplitz key: a 425-bit string, most significant bit of word 0 first.
 * The low 23 bits of the last word do not exist.
 */
#define A_RPC_RSS_KEY(n)            (0x21030 + 4 * (n))
#define FBNIC_RSS_KEY_BITS          425
#define FBNIC_RSS_KEY_WORDS         14
#define FBNIC_RSS_KEY_LAST_BITS     0xff800000u

/* Parser event counters, 32 bits, free running */
REG32(RPC_CNT_TCP_OPT_ERR,  0x21278)
REG32(RPC_CNT_UNKN_ETYPE,   0x2127c)
REG32(RPC_CNT_IPV4_FRAG,    0x21280)
REG32(RPC_CNT_IPV6_FRAG,    0x21284)
REG32(RPC_CNT_IPV4_ESP,     0x21288)
REG32(RPC_CNT_IPV6_ESP,     0x2128c)
REG32(RPC_CNT_UNKN_EXT_HDR, 0x21290)
REG32(RPC_CNT_OUT_OF_HDR,   0x21294)
REG32(RPC_CNT_OVR_SIZE,     0x21298)

/* Rx size histogram above 1518 bytes: five low/high pairs */
REG32(RPC_RX_1519_2047_L,   0x2157c)
#define FBNIC_RPC_HIST_BUCKETS      5

/* ------------------------------------------------------------------ */
/* RPC RAM: action table, TCAMs, RSS indirection tables                */
/* ------------------------------------------------------------------ */

#define FBNIC_RPC_ACT_ENTRIES       64
#define A_RPC_ACT0(n)               (0x22000 + 4 * (n))
#define A_RPC_ACT1(n)               (0x22100 + 4 * (n))

/*
 * The TCAMs are stored word-major: word w of entry n lives at
 * base + w * stride + 4 * n.  Each key word holds a 16-bit value in its
 * low half and a 16-bit mask in its high half; a mask bit of 1 means
 * "don't care".  The last word of an entry carries the valid bit.
 */
#define FBNIC_TCAM_VALUE(w)         ((w) & 0xffffu)
#define FBNIC_TCAM_MASK(w)          ((w) >> 16)
#define FBNIC_TCAM_VALID            (1u << 31)

/* Action TCAM: 64 entries of 11 key words and a valid word */
#define FBNIC_RPC_TCAM_ACT_BASE     0x22200
#define FBNIC_RPC_TCAM_ACT_STRIDE   0x100
#define FBNIC_RPC_TCAM_ACT_WORDS    11
#define A_RPC_TCAM_ACT(n, w) \
    (FBNIC_RPC_TCAM_ACT_BASE + FBNIC_RPC_TCAM_ACT_STRIDE * (w) + 4 * (n))

/* Action key word 0: IP address TCAM hits */
#define FBNIC_ACTK0_IPSRC_IDX       0x0007u
#define FBNIC_ACTK0_IPSRC_HIT       0x0008u
#define FBNIC_ACTK0_IPDST_SHIFT     4
#define FBNIC_ACTK0_IPDST_HIT       0x0080u
#define FBNIC_ACTK0_OIPSRC_SHIFT    8
#define FBNIC_ACTK0_OIPSRC_HIT      0x0800u
#define FBNIC_ACTK0_OIPDST_SHIFT    12
#define FBNIC_ACTK0_OIPDST_HIT      0x8000u
/* Action key word 1: MAC address TCAM hit and protocol flags */
#define FBNIC_ACTK1_MACDA_SHIFT     5
#define FBNIC_ACTK1_MACDA_HIT       0x0400u
#define FBNIC_ACTK1_IP_IS_V6        0x0800u
#define FBNIC_ACTK1_IP_VALID        0x1000u
#define FBNIC_ACTK1_OUTER_IP_VALID  0x2000u
#define FBNIC_ACTK1_L4_IS_UDP       0x4000u
#define FBNIC_ACTK1_L4_VALID        0x8000u

/* MAC destination address TCAM: 32 entries, three key words + valid */
#define FBNIC_RPC_TCAM_MACDA_BASE   0x22e00
#define FBNIC_RPC_TCAM_MACDA_STRIDE 0x80
#define FBNIC_RPC_TCAM_MACDA_ENTRIES 32
#define FBNIC_RPC_TCAM_MACDA_WORDS  3
#define A_RPC_TCAM_MACDA(n, w) \
    (FBNIC_RPC_TCAM_MACDA_BASE + FBNIC_RPC_TCAM_MACDA_STRIDE * (w) + 4 * (n))

/*
 * IP address TCAMs (outer source, outer destination, source,
 * destination): 8 entries of 8 key words (128 bits, word 0 = the last
 * two address bytes) and a valid word whose bit 0 flags an IPv6 entry.
 */
#define FBNIC_RPC_TCAM_IP_BASE      0x23000
#define FBNIC_RPC_TCAM_IP_TABLE     0x120
#define FBNIC_RPC_TCAM_IP_STRIDE    0x20
#define FBNIC_RPC_TCAM_IP_ENTRIES   8
#define FBNIC_RPC_TCAM_IP_WORDS     8
#define FBNIC_RPC_TCAM_IP_V6        (1u << 0)
enum {
    FBNIC_IP_TCAM_OUTER_SRC,
    FBNIC_IP_TCAM_OUTER_DST,
    FBNIC_IP_TCAM_SRC,
    FBNIC_IP_TCAM_DST,
    FBNIC_IP_TCAMS,
};
#define A_RPC_TCAM_IP(t, n, w) \
    (FBNIC_RPC_TCAM_IP_BASE + FBNIC_RPC_TCAM_IP_TABLE * (t) + \
     FBNIC_RPC_TCAM_IP_STRIDE * (w) + 4 * (n))

/* RSS indirection: two contexts of 256 queue numbers */
#define FBNIC_RPC_RSS_TBL_BASE      0x23480
#define FBNIC_RPC_RSS_CONTEXTS      2
#define FBNIC_RPC_RSS_TBL_ENTRIES   256
#define A_RPC_RSS_TBL(ctx, n)       (FBNIC_RPC_RSS_TBL_BASE + 0x400 * (ctx) + \
                                     4 * (n))

/* ------------------------------------------------------------------ */
/* MAC configuration                                                   */
/* ------------------------------------------------------------------ */

REG32(MAC_COMMAND_CONFIG,   0x44008)
    FIELD(MAC_COMMAND_CONFIG, TX_ENA, 0, 1)
    FIELD(MAC_COMMAND_CONFIG, RX_ENA, 1, 1)
    FIELD(MAC_COMMAND_CONFIG, PROMISC, 4, 1)
    FIELD(MAC_COMMAND_CONFIG, LOOPBACK, 10, 1)
    FIELD(MAC_COMMAND_CONFIG, TX_PAD, 11, 1)
    FIELD(MAC_COMMAND_CONFIG, FLT_HDL_DIS, 27, 1)
    FIELD(MAC_COMMAND_CONFIG, TX_PAUSE_DIS, 28, 1)
    FIELD(MAC_COMMAND_CONFIG, RX_PAUSE_DIS, 29, 1)
REG32(MAC_PAUSE_QUANTA,     0x44054)
REG32(MAC_QUANTA_THRESH,    0x44064)

/* MAC reset controls in the signal block (owned by the core) */
#define FBNIC_SIG_MAC_IN0_ADDR      0x46000
#define FBNIC_SIG_MAC_IN0_RX_RESETS ((1u << 11) | (1u << 13))
#define FBNIC_SIG_MAC_IN0_TX_RESETS ((1u << 12) | (1u << 14))

/* ------------------------------------------------------------------ */
/* MAC statistics: 64-bit counters as low/high register pairs          */
/* ------------------------------------------------------------------ */

REG32(MAC_RX_XOFF,          0x46800)
REG32(MAC_TX_XOFF,          0x46810)
REG32(MAC_RX_OCTETS,        0x46820)
REG32(MAC_RX_ALIGN_ERR,     0x46828)
REG32(MAC_RX_TOOLONG,       0x46838)
REG32(MAC_RX_OK,            0x46848)
REG32(MAC_RX_BAD_FCS,       0x46850)
REG32(MAC_RX_IFINERR,       0x46860)
REG32(MAC_RX_MCAST,         0x46870)
REG32(MAC_RX_BCAST,         0x46878)
REG32(MAC_RX_UNDERSIZE,     0x46890)
REG32(MAC_RX_64,            0x46898)    /* seven buckets up to 1519-max */
REG32(MAC_RX_OVERSIZE,      0x468d0)
REG32(MAC_RX_JABBER,        0x468d8)
REG32(MAC_RX_FRAGMENT,      0x468e0)
REG32(MAC_RX_CONTROL,       0x468f0)
REG32(MAC_TX_OCTETS,        0x468f8)
REG32(MAC_TX_OK,            0x46908)
REG32(MAC_TX_IFOUTERR,      0x46918)
REG32(MAC_TX_MCAST,         0x46928)
REG32(MAC_TX_BCAST,         0x46930)
REG32(MAC_TX_64,            0x46938)    /* seven buckets up to 1519-max */
REG32(MAC_TX_CONTROL,       0x46978)
#define FBNIC_MAC_HIST_BUCKETS      7

#endif /* HW_NET_FBNIC_RPC_REGS_H */
