/*
 * Meta fbnic host NIC emulation: silicon realism.
 *
 * Behaviour a real part shows and a kind emulator hides, so that driver
 * bugs it would expose can fail under QEMU too: counters that do not
 * start at zero, accesses to registers nobody implemented, completion
 * orders that vary, a device that falls off the bus.  The random parts
 * are drawn from PRNGs seeded by the `seed` property, so a run with the
 * same seed and the same guest behaviour reproduces; seed 0 turns them
 * all off (the model behaves exactly as without this file).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_REALISM_H
#define HW_NET_FBNIC_REALISM_H

#include "exec/hwaddr.h"

typedef struct FbnicCore FbnicCore;

/* Hardware errors the next received frames can be made to report */
typedef enum FbnicRxErrKind {
    FBNIC_RX_ERR_NONE,
    FBNIC_RX_ERR_MAC,           /* MAC error at end of frame (FCS, ...) */
    FBNIC_RX_ERR_TRUNCATED,     /* frame truncated (over the buffer) */
    FBNIC_RX_ERR_HDR_OVERFLOW,  /* header did not fit the header buffer */
    FBNIC_RX_ERR_L4_CSUM,       /* L4 checksum bad: not reported good */
    FBNIC_RX_ERR_PARSER,        /* parser error */
    FBNIC_RX_ERR__MAX,
} FbnicRxErrKind;

typedef struct FbnicRealism {
    uint64_t seed;          /* property: 0 = off */
    uint64_t resets;        /* power-ons so far: each draws new counters */
    uint64_t tx_order_rng;  /* PRNG state of the Tx completion order */
    uint64_t delay_rng;     /* PRNG state of the completion latency */
    uint32_t completion_delay_us;   /* property: largest latency, 0 off */
    uint32_t desc_prefetch;         /* property: read-ahead depth, 0 off */
    /* offsets logged as unimplemented, (bar << 32 | offset) */
    GHashTable *unimp_seen;
    /* run-time: the device fell off the bus */
    bool surprise_removed;
    /* run-time: the next rx_err_count frames report rx_err_kind */
    FbnicRxErrKind rx_err_kind;
    uint32_t rx_err_count;
} FbnicRealism;

void fbnic_realism_realize(FbnicCore *core);
void fbnic_realism_cleanup(FbnicCore *core);
/* After the register file was cleared: power-on values of the counters */
void fbnic_realism_reset(FbnicCore *core);

/*
 * Registers that clear when read (RS-FEC codeword and PCS symbol error
 * counters).  Returns true and the value in @v for those.
 */
bool fbnic_realism_read_clear(FbnicCore *core, hwaddr addr, uint32_t *v);

/* Log (once per offset) an access to an offset no block implements */
void fbnic_realism_check_impl(FbnicCore *core, unsigned bar, hwaddr addr,
                              bool is_write);

/* For one frame: write its head completion before its timestamp one */
bool fbnic_realism_tx_head_first(FbnicCore *core);

/*
 * Latency of the next completion write, in ns; -1 when completions are
 * written at once (no seed, or completion-delay-us 0)
 */
int64_t fbnic_realism_completion_delay_ns(FbnicCore *core);

/*
 * How many descriptors a Tx work queue or an Rx buffer queue reads ahead
 * of its engine once a doorbell told it of them (fbnic_prefetch.h); 0
 * when every descriptor is read as it is used (no seed, or
 * desc-prefetch 0)
 */
unsigned fbnic_realism_prefetch_depth(FbnicCore *core);

/* surprise-removed: the device neither answers nor masters the bus */
void fbnic_realism_set_removed(FbnicCore *core, bool removed);

/*
 * rx-error-inject: "KIND:COUNT" (KIND mac, truncated, hdr-overflow,
 * l4-csum, parser); "" or "none" cancels.  Reads back what is left.
 */
bool fbnic_realism_set_rx_error(FbnicCore *core, const char *spec,
                                Error **errp);
char *fbnic_realism_get_rx_error(FbnicCore *core);
/*
 * Put an injected error, if one is pending, into the completions of a
 * frame: @hdr_al its HDR_AL descriptor, @meta its META descriptor.
 */
void fbnic_realism_rx_error(FbnicCore *core, unsigned q, uint64_t *hdr_al,
                            uint64_t *meta);

#endif /* HW_NET_FBNIC_REALISM_H */
