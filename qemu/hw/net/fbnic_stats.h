/*
 * Meta fbnic host NIC emulation: hardware statistics counters of the
 * MAC, the receive classifier (RPC), the Rx buffer (RXB) and the Tx
 * MAC interface (TMI/TCE).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_STATS_H
#define HW_NET_FBNIC_STATS_H

typedef struct FbnicCore FbnicCore;

/* Rx: what happened to a frame the MAC passed on (lengths without FCS) */
void fbnic_stats_mac_rx_dest(FbnicCore *core, const uint8_t *frame,
                             size_t len);
void fbnic_stats_rpc_events(FbnicCore *core, uint32_t events);
void fbnic_stats_rpc_oversize(FbnicCore *core);
void fbnic_stats_rpc_hist(FbnicCore *core, size_t len);
void fbnic_stats_rxb_enqueue(FbnicCore *core, size_t len, bool parser_err);
void fbnic_stats_rxb_drop(FbnicCore *core, unsigned fifo, size_t len);
void fbnic_stats_rxb_dequeue(FbnicCore *core, unsigned fifo, unsigned dst,
                             size_t len);

/* Counter words are read-only to the driver */
bool fbnic_stats_is_counter(hwaddr addr);

#endif /* HW_NET_FBNIC_STATS_H */
