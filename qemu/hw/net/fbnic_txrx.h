/*
 * Meta fbnic host NIC emulation: data-path queue engines.
 *
 * Every queue page holds a Tx triad (two work queues and their
 * completion queue) and an Rx triad (header and payload buffer queues
 * and their completion queue).  The Tx engine fetches work descriptors
 * when the driver rings a tail doorbell, applies checksum offload and
 * segmentation and hands wire frames to the NIC backend; the Rx engine
 * places frames from the backend into posted buffers.  Both report
 * through completion queues whose interrupt managers moderate the
 * MSI-X vector the driver mapped them to.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_TXRX_H
#define HW_NET_FBNIC_TXRX_H

#include "qemu/timer.h"
#include "exec/hwaddr.h"
#include "fbnic_regs.h"
#include "fbnic_rpc.h"
#include "fbnic_prefetch.h"

typedef struct FbnicCore FbnicCore;

/* Work queues per Tx triad: TWQ0 (stack) and TWQ1 (XDP) */
#define FBNIC_TWQ_PER_QUEUE     2

/*
 * Interrupt manager of one completion queue (TIM for a TCQ, RIM for an
 * RCQ): counts completions and raises the mapped vector once the count
 * threshold is reached or the moderation timer expires.
 */
typedef struct FbnicCqIrq {
    FbnicCore *core;
    QEMUTimer *timer;
    unsigned queue;
    bool rx;
    uint32_t count;         /* completions since the last interrupt */
    bool forced;            /* software asked for an interrupt (SET) */
} FbnicCqIrq;

/* A completion ring as the device writes it */
typedef struct FbnicCqRing {
    uint32_t tail;          /* next descriptor the device writes */
    bool wrapped;           /* odd lap: DONE is written as 0 */
    uint32_t head;          /* last head the driver handed back */
} FbnicCqRing;

/*
 * Completion writes held back by the completion latency of the realism
 * features (completion-delay-us): written in order when due.
 */
typedef struct FbnicCqDelay {
    FbnicCore *core;
    QEMUTimer *timer;
    unsigned queue;
    bool rx;
    GQueue *pending;        /* FbnicCqDelayed, oldest first */
    int64_t last_due;       /* in order within the queue */
} FbnicCqDelay;

typedef struct FbnicTxQueue {
    uint32_t head[FBNIC_TWQ_PER_QUEUE];     /* next descriptor to fetch */
    uint32_t tail[FBNIC_TWQ_PER_QUEUE];     /* doorbell value */
    FbnicPrefetch pf[FBNIC_TWQ_PER_QUEUE];  /* work read ahead */
    FbnicCqRing tcq;
    FbnicCqIrq tim;
    FbnicCqDelay tcq_delay;
} FbnicTxQueue;

/* A buffer taken from a header or payload buffer queue */
typedef struct FbnicRxBuf {
    bool readable;          /* its descriptor could be read */
    uint64_t page;          /* 4 KiB page address */
    uint16_t id;            /* the driver's buffer id */
} FbnicRxBuf;

typedef struct FbnicRxQueue {
    uint32_t hpq_head, hpq_tail;
    uint32_t ppq_head, ppq_tail;
    FbnicPrefetch hpq_pf, ppq_pf;           /* buffers read ahead */
    FbnicCqRing rcq;
    /* header page being filled; headers of several frames share a page */
    bool hdr_open;
    FbnicRxBuf hdr_buf;
    uint32_t hdr_off;       /* where the next header goes */
    FbnicCqIrq rim;
    FbnicCqDelay rcq_delay;
} FbnicRxQueue;

typedef struct FbnicTxRx {
    FbnicTxQueue txq[FBNIC_QUEUE_COUNT];
    FbnicRxQueue rxq[FBNIC_QUEUE_COUNT];

    /* Tx work queues with doorbells not yet serviced, one bit per TWQ */
    unsigned long tx_pending[BITS_TO_LONGS(FBNIC_QUEUE_COUNT *
                                           FBNIC_TWQ_PER_QUEUE)];
    QEMUBH *tx_bh;
    /*
     * Test control (tx-hold): the work queues fetch nothing, as if the
     * transmitter were paused; doorbells still move the tails.
     */
    bool tx_hold;
    uint8_t *frame;         /* gathered Tx frame */
    uint8_t *segment;       /* one LSO segment */

    /*
     * A received frame the target queue had no room for while its drop
     * mode says wait: the backend holds it (and everything behind it)
     * until the driver posts buffers or frees completions.  Its verdict
     * is kept so it is classified and counted once.
     */
    bool rx_blocked;
    bool held_valid;
    size_t held_len;
    FbnicRxVerdict held;
} FbnicTxRx;

void fbnic_txrx_init(FbnicCore *core);
void fbnic_txrx_cleanup(FbnicCore *core);
void fbnic_txrx_reset(FbnicCore *core);

/* Registers of the queue pages, queue managers and CQ re-arm words */
bool fbnic_txrx_owns(hwaddr addr);
uint32_t fbnic_txrx_read(FbnicCore *core, hwaddr addr);
void fbnic_txrx_write(FbnicCore *core, hwaddr addr, uint32_t val);

/* Device DMA or bus mastering may have been enabled: resume the rings */
void fbnic_txrx_kick(FbnicCore *core);

/* tx-hold: stop fetching Tx work, or resume every work queue with work */
void fbnic_txrx_set_tx_hold(FbnicCore *core, bool hold);

/* NIC backend: a frame from the wire (no FCS) */
bool fbnic_txrx_can_receive(FbnicCore *core);
ssize_t fbnic_txrx_receive(FbnicCore *core, const uint8_t *buf, size_t len);

#endif /* HW_NET_FBNIC_TXRX_H */
