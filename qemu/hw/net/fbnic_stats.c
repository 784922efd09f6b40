/*
 * Meta fbnic host NIC emulation: hardware statistics counters.
 *
 * Counters live in the register file itself.  Frame and event counters
 * are 32 bits wide and wrap; byte counters and all MAC counters are 64
 * bits wide, split over a low and a high register.  None of them clears
 * on read and none can be written: the driver keeps the value it read
 * last and accumulates differences, reading a 64-bit pair high, low,
 * high, so the model only has to keep both halves consistent between
 * two register reads (it never updates a counter in the middle of an
 * MMIO access).
 *
 * MAC counters count frames as they were on the wire: padded to the
 * minimum size and with the FCS.  RXB/TMI byte counters count the frame
 * as the datapath carries it, without the FCS.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "fbnic_core.h"
#include "fbnic_rpc_regs.h"
#include "fbnic_mac.h"
#include "fbnic_rpc_parse.h"
#include "fbnic_rpc.h"
#include "fbnic_stats.h"
#include "trace.h"

/* ------------------------------------------------------------------ */
/* Counter primitives                                                  */
/* ------------------------------------------------------------------ */

static void fbnic_cnt32(FbnicCore *core, hwaddr addr, uint32_t n)
{
    core->csr[addr >> 2] += n;
}

static void fbnic_cnt64(FbnicCore *core, hwaddr lo, hwaddr hi, uint64_t n)
{
    uint64_t v = ((uint64_t)core->csr[hi >> 2] << 32) | core->csr[lo >> 2];

    v += n;
    core->csr[lo >> 2] = (uint32_t)v;
    core->csr[hi >> 2] = v >> 32;
}

/* 64-bit counter whose high word is the next register */
static void fbnic_cnt64_pair(FbnicCore *core, hwaddr lo, uint64_t n)
{
    fbnic_cnt64(core, lo, lo + 4, n);
}

/* RXB byte counters keep their high words four registers further on */
static void fbnic_cnt64_rxb(FbnicCore *core, hwaddr lo, uint64_t n)
{
    fbnic_cnt64(core, lo, lo + FBNIC_RXB_WIDE_STRIDE, n);
}

/* ------------------------------------------------------------------ */
/* Size histograms                                                     */
/* ------------------------------------------------------------------ */

/* MAC buckets: 64, 65-127, ..., 1024-1518, 1519-max (FCS included) */
static unsigned fbnic_mac_bucket(unsigned wire_len)
{
    static const unsigned upper[] = { 64, 127, 255, 511, 1023, 1518 };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(upper); i++) {
        if (wire_len <= upper[i]) {
            return i;
        }
    }
    return FBNIC_MAC_HIST_BUCKETS - 1;
}

/* Jumbo buckets kept by the RPC/TMI: 1519-2047, ..., 9217-max */
static bool fbnic_jumbo_bucket(unsigned wire_len, unsigned *bucket)
{
    static const unsigned upper[] = { 2047, 4095, 8191, 9216 };
    unsigned i;

    if (wire_len < 1519) {
        return false;
    }
    for (i = 0; i < ARRAY_SIZE(upper); i++) {
        if (wire_len <= upper[i]) {
            break;
        }
    }
    *bucket = i;
    return true;
}

/* ------------------------------------------------------------------ */
/* MAC receive                                                         */
/* ------------------------------------------------------------------ */

void fbnic_stats_rx_frame(FbnicCore *core, size_t len)
{
    unsigned wire = fbnic_mac_wire_len(len);

    switch (fbnic_mac_rx_check(core, len)) {
    case FBNIC_MAC_RX_OFF:
        return;             /* a disabled receiver sees nothing */
    case FBNIC_MAC_RX_TOO_LONG:
        trace_fbnic_mac_rx_drop("too long", len);
        fbnic_cnt64_pair(core, A_MAC_RX_TOOLONG, 1);
        fbnic_cnt64_pair(core, A_MAC_RX_OVERSIZE, 1);
        return;
    case FBNIC_MAC_RX_OK:
        break;
    }
    fbnic_cnt64_pair(core, A_MAC_RX_OK, 1);
    fbnic_cnt64_pair(core, A_MAC_RX_OCTETS, wire);
    fbnic_cnt64_pair(core, A_MAC_RX_64 + 8 * fbnic_mac_bucket(wire), 1);
}

void fbnic_stats_mac_rx_dest(FbnicCore *core, const uint8_t *frame,
                             size_t len)
{
    if (len < 6) {
        return;
    }
    if (!memcmp(frame, "\xff\xff\xff\xff\xff\xff", 6)) {
        fbnic_cnt64_pair(core, A_MAC_RX_BCAST, 1);
    } else if (frame[0] & 1) {
        fbnic_cnt64_pair(core, A_MAC_RX_MCAST, 1);
    }
    if (fbnic_mac_is_control(frame, len)) {
        fbnic_cnt64_pair(core, A_MAC_RX_CONTROL, 1);
    }
    if (fbnic_mac_is_xoff(frame, len)) {
        fbnic_cnt64_pair(core, A_MAC_RX_XOFF, 1);
    }
}

/* ------------------------------------------------------------------ */
/* MAC and TMI transmit                                                */
/* ------------------------------------------------------------------ */

void fbnic_stats_tx_frame(FbnicCore *core, size_t len)
{
    unsigned wire = fbnic_mac_wire_len(len);
    unsigned bucket;

    fbnic_cnt64_pair(core, A_MAC_TX_OK, 1);
    fbnic_cnt64_pair(core, A_MAC_TX_OCTETS, wire);
    fbnic_cnt64_pair(core, A_MAC_TX_64 + 8 * fbnic_mac_bucket(wire), 1);
    if (fbnic_jumbo_bucket(wire, &bucket)) {
        fbnic_cnt64_pair(core, A_TMI_TX_1519_2047_L + 8 * bucket, 1);
    }
}

void fbnic_stats_tx_frame_dest(FbnicCore *core, const uint8_t *frame,
                               size_t len)
{
    if (len < 6) {
        return;
    }
    if (!memcmp(frame, "\xff\xff\xff\xff\xff\xff", 6)) {
        fbnic_cnt64_pair(core, A_MAC_TX_BCAST, 1);
    } else if (frame[0] & 1) {
        fbnic_cnt64_pair(core, A_MAC_TX_MCAST, 1);
    }
    if (fbnic_mac_is_control(frame, len)) {
        fbnic_cnt64_pair(core, A_MAC_TX_CONTROL, 1);
    }
    if (fbnic_mac_is_xoff(frame, len)) {
        fbnic_cnt64_pair(core, A_MAC_TX_XOFF, 1);
    }
}

void fbnic_stats_tx_drop(FbnicCore *core, size_t len)
{
    fbnic_cnt32(core, A_TMI_DROP_PKTS, 1);
    fbnic_cnt64_pair(core, A_TMI_DROP_BYTE_L, len);
}

void fbnic_stats_tx_ts(FbnicCore *core, FbnicTxTsResult result)
{
    switch (result) {
    case FBNIC_TX_TS_GOOD:
        fbnic_cnt32(core, A_TMI_PTP_GOOD_TS, 1);
        break;
    case FBNIC_TX_TS_BAD:
        fbnic_cnt32(core, A_TMI_PTP_BAD_TS, 1);
        break;
    case FBNIC_TX_TS_ILLEGAL:
        fbnic_cnt32(core, A_TMI_PTP_ILLEGAL_REQ, 1);
        break;
    }
}

/* ------------------------------------------------------------------ */
/* Classifier and Rx buffer                                            */
/* ------------------------------------------------------------------ */

void fbnic_stats_rpc_events(FbnicCore *core, uint32_t events)
{
    static const struct {
        uint32_t event;
        hwaddr counter;
    } map[] = {
        { FBNIC_PEV_UNKN_ETYPE, A_RPC_CNT_UNKN_ETYPE },
        { FBNIC_PEV_UNKN_EXT_HDR, A_RPC_CNT_UNKN_EXT_HDR },
        { FBNIC_PEV_IPV4_FRAG, A_RPC_CNT_IPV4_FRAG },
        { FBNIC_PEV_IPV6_FRAG, A_RPC_CNT_IPV6_FRAG },
        { FBNIC_PEV_IPV4_ESP, A_RPC_CNT_IPV4_ESP },
        { FBNIC_PEV_IPV6_ESP, A_RPC_CNT_IPV6_ESP },
        { FBNIC_PEV_TCP_OPT_ERR, A_RPC_CNT_TCP_OPT_ERR },
        { FBNIC_PEV_OUT_OF_HDR, A_RPC_CNT_OUT_OF_HDR },
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(map); i++) {
        if (events & map[i].event) {
            fbnic_cnt32(core, map[i].counter, 1);
        }
    }
}

void fbnic_stats_rpc_oversize(FbnicCore *core)
{
    fbnic_cnt32(core, A_RPC_CNT_OVR_SIZE, 1);
}

void fbnic_stats_rpc_hist(FbnicCore *core, size_t len)
{
    unsigned bucket;

    if (fbnic_jumbo_bucket(fbnic_mac_wire_len(len), &bucket)) {
        fbnic_cnt64_pair(core, A_RPC_RX_1519_2047_L + 8 * bucket, 1);
    }
}

void fbnic_stats_rxb_enqueue(FbnicCore *core, size_t len, bool parser_err)
{
    fbnic_cnt32(core, A_RXB_SRC_FRMS(FBNIC_RXB_SRC_NET), 1);
    fbnic_cnt64_rxb(core, A_RXB_SRC_BYTES_L(FBNIC_RXB_SRC_NET), len);
    if (parser_err) {
        fbnic_cnt32(core, A_RXB_PARSER_ERR(FBNIC_RXB_SRC_NET), 1);
    }
}

void fbnic_stats_rxb_drop(FbnicCore *core, unsigned fifo, size_t len)
{
    assert(fifo < FBNIC_RXB_FIFOS);
    fbnic_cnt32(core, A_RXB_DROP_FRMS(fifo), 1);
    fbnic_cnt64_pair(core, A_RXB_DROP_BYTES_L(fifo), len);
}

void fbnic_stats_rxb_dequeue(FbnicCore *core, unsigned fifo, unsigned dst,
                             size_t len)
{
    assert(fifo < FBNIC_RXB_FIFOS && dst < FBNIC_RXB_INTFS);
    fbnic_cnt32(core, A_RXB_DST_FRMS(dst), 1);
    fbnic_cnt64_rxb(core, A_RXB_DST_BYTES_L(dst), len);
    fbnic_cnt32(core, A_RXB_PBUF_FRMS(dst), 1);
    fbnic_cnt64_rxb(core, A_RXB_PBUF_BYTES_L(dst), len);
}

/* ------------------------------------------------------------------ */
/* Which words are counters                                            */
/* ------------------------------------------------------------------ */

bool fbnic_stats_is_counter(hwaddr addr)
{
    static const struct {
        hwaddr start, end;      /* [start, end) */
    } ranges[] = {
        { FBNIC_TTI_CNT_BASE, FBNIC_TTI_CNT_END },
        { A_TMI_DROP_PKTS, A_TMI_DROP_BYTE_L + 8 },
        { A_TMI_PTP_ILLEGAL_REQ, A_TMI_PTP_BAD_TS + 4 },
        { A_TMI_TX_1519_2047_L, A_TMI_TX_1519_2047_L +
                                8 * FBNIC_TMI_HIST_BUCKETS },
        { A_RXB_PAUSE_EVENT(0), A_RXB_DROP_FRMS(FBNIC_RXB_FIFOS) },
        { A_RXB_DROP_BYTES_L(0), A_RXB_DROP_BYTES_L(FBNIC_RXB_FIFOS) },
        { A_RXB_TRUN_FRMS(0), A_RXB_TRUN_FRMS(FBNIC_RXB_FIFOS) },
        { A_RXB_TRUN_BYTES_L(0), A_RXB_TRUN_BYTES_L(FBNIC_RXB_FIFOS) },
        { A_RXB_TRANS_PAUSE(0), A_RXB_PS_COUNT(FBNIC_RXB_INTFS) },
        { A_RXB_SRC_FRMS(0), A_RXB_FIFO_LEVEL(FBNIC_RXB_FIFOS) },
        { A_RXB_INTEGRITY_ERR(0), A_RXB_FRM_ERR(FBNIC_RXB_INTFS) },
        { A_RPC_CNT_TCP_OPT_ERR, A_RPC_CNT_OVR_SIZE + 4 },
        { A_RPC_RX_1519_2047_L, A_RPC_RX_1519_2047_L +
                                8 * FBNIC_RPC_HIST_BUCKETS },
        { FBNIC_MAC_STAT_BASE, FBNIC_MAC_STAT_END },
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(ranges); i++) {
        if (addr >= ranges[i].start && addr < ranges[i].end) {
            return true;
        }
    }
    return false;
}
