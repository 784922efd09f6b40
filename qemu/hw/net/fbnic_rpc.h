/*
 * Meta fbnic host NIC emulation: receive packet classifier (RPC) and the
 * MAC/RPC/RXB/TMI statistics counters.
 *
 * The classifier is the part of the receive path between the MAC and the
 * host queues: it parses a frame, matches it against the MAC address and
 * action TCAMs programmed by the driver, computes the RSS hash and the
 * checksum metadata, and tells the queue engine (fbnic_txrx.c) where the
 * frame goes.  The queue engine never looks at RPC registers itself.
 *
 * Contract with the queue engine, per frame:
 *
 *   Rx (a frame arrives from the wire, FCS already stripped):
 *       fbnic_stats_rx_frame(core, len);     MAC length-based counters
 *       fbnic_rpc_classify(core, buf, len, &v);
 *       if (!v.drop) place it in queue v.queue with v's metadata
 *   Both are called for every wire frame, whatever happens to it; a
 *   frame the MAC or classifier refuses is counted here and comes back
 *   with v.drop set.  Frames shorter than 60 bytes are counted as the
 *   padded 60 (+4 FCS) bytes a real wire would carry; padding them with
 *   zeros before the DMA is optional (the checksums do not change).
 *
 *   Tx (a frame leaves for the wire):
 *       if (!fbnic_mac_tx_enabled(core)) do not send it;
 *       fbnic_stats_tx_frame(core, len);      MAC length-based counters
 *       fbnic_stats_tx_frame_dest(core, buf, len);   multicast/broadcast/
 *                                            MAC-control counters
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_RPC_H
#define HW_NET_FBNIC_RPC_H

#include "qemu/iov.h"

typedef struct FbnicCore FbnicCore;

/* Where the classifier sends a received frame, and what it learnt */
typedef struct FbnicRxVerdict {
    bool drop;              /* dropped (already counted by the RPC) */
    unsigned queue;         /* host Rx queue index (RCQ/BDQ pair) */
    uint32_t rss_hash;      /* RCD meta RSS hash, 0 if RSS not enabled */
    uint8_t l3_type;        /* RCD meta L3 type (other/IPv4/IPv6/v6v6) */
    uint8_t l4_type;        /* RCD meta L4 type (other/TCP/UDP) */
    bool l4_csum_ok;        /* RCD meta L4 checksum-unnecessary bit */
    uint16_t l2_csum;       /* RCD meta L2 checksum (CHECKSUM_COMPLETE) */
    bool parser_error;      /* RCD meta parser error bit */
    uint8_t dma_hint;       /* header-split hint from the action table */
    uint16_t hdr_len;       /* bytes to place in the header buffer */
    bool ts_req;            /* action table asks for an Rx timestamp */
    /* added by the RPC work: */
    bool report_act;        /* action asks to report its index (opt meta) */
    uint8_t act_idx;        /* matching action TCAM entry (64 = default) */
} FbnicRxVerdict;

/*
 * Classify a frame arriving from the wire (no FCS).
 *
 * l2_csum is the value upstream's Rx path hands to the stack as
 * skb->csum: the 16-bit ones' complement sum of every byte after the
 * 14-byte Ethernet header (VLAN tags included) to the end of the frame,
 * not inverted, in the byte order the CPU's csum_partial() produces on a
 * little-endian host (i.e. the network-order sum, byte swapped).
 *
 * hdr_len is the end of the deepest header the parser found up to the
 * level the DMA hint asks for (L4 -> L3 -> L2 fallback); 0 when the hint
 * asks for no split.
 */
void fbnic_rpc_classify(FbnicCore *core, const uint8_t *frame, size_t len,
                        FbnicRxVerdict *v);

/* Statistics hooks the queue engine and the wire calls */
void fbnic_stats_rx_frame(FbnicCore *core, size_t len);  /* from the wire */
void fbnic_stats_tx_frame(FbnicCore *core, size_t len);  /* to the wire */
/* Tx counters that need the destination address (call with the frame) */
void fbnic_stats_tx_frame_dest(FbnicCore *core, const uint8_t *frame,
                               size_t len);
/* Tx frames the queue engine drops at the MAC interface (TMI) */
void fbnic_stats_tx_drop(FbnicCore *core, size_t len);
/* Tx timestamp requests: done, could not be taken, or not allowed */
typedef enum FbnicTxTsResult {
    FBNIC_TX_TS_GOOD,
    FBNIC_TX_TS_BAD,
    FBNIC_TX_TS_ILLEGAL,
} FbnicTxTsResult;
void fbnic_stats_tx_ts(FbnicCore *core, FbnicTxTsResult result);

/* MAC enables as the driver programmed them at link up */
bool fbnic_mac_rx_enabled(FbnicCore *core);
bool fbnic_mac_tx_enabled(FbnicCore *core);

/* Register windows the classifier/statistics own, dispatched by the core */
bool fbnic_rpc_owns(hwaddr addr);
uint32_t fbnic_rpc_read(FbnicCore *core, hwaddr addr);
void fbnic_rpc_write(FbnicCore *core, hwaddr addr, uint32_t val);
void fbnic_rpc_reset(FbnicCore *core);
/* Called once at realize: adds the test-only "x-rpc-probe" property */
void fbnic_rpc_realize(FbnicCore *core);

#endif /* HW_NET_FBNIC_RPC_H */
