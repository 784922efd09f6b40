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
} FbnicRxVerdict;

/* Classify a frame arriving from the wire (no FCS) */
void fbnic_rpc_classify(FbnicCore *core, const uint8_t *frame, size_t len,
                        FbnicRxVerdict *v);

/* Statistics hooks the queue engine and the wire calls */
void fbnic_stats_rx_frame(FbnicCore *core, size_t len);  /* from the wire */
void fbnic_stats_tx_frame(FbnicCore *core, size_t len);  /* to the wire */

/* Register windows the classifier/statistics own, dispatched by the core */
bool fbnic_rpc_owns(hwaddr addr);
uint32_t fbnic_rpc_read(FbnicCore *core, hwaddr addr);
void fbnic_rpc_write(FbnicCore *core, hwaddr addr, uint32_t val);
void fbnic_rpc_reset(FbnicCore *core);

#endif /* HW_NET_FBNIC_RPC_H */
