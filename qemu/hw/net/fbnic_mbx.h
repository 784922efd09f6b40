/*
 * Meta fbnic host NIC emulation: IPC mailbox descriptor rings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_MBX_H
#define HW_NET_FBNIC_MBX_H

#include "qemu/queue.h"

typedef struct FbnicCore FbnicCore;

/* A firmware -> host message waiting for a host receive buffer */
typedef struct FbnicMbxMsg {
    QSIMPLEQ_ENTRY(FbnicMbxMsg) next;
    uint16_t len;
    uint8_t data[];
} FbnicMbxMsg;

/* Cap on queued firmware -> host messages while the host posts no buffers */
#define FBNIC_MBX_PENDING_MAX   64

typedef struct FbnicMbx {
    QEMUBH *bh;
    /* Next descriptor the firmware side looks at, per ring */
    uint8_t fw_pos[2];
    /* A ring reset was seen; acknowledge it with a doorbell */
    bool reset_ack;
    QSIMPLEQ_HEAD(, FbnicMbxMsg) pending;
    unsigned pending_count;
} FbnicMbx;

void fbnic_mbx_init(FbnicCore *core);
void fbnic_mbx_cleanup(FbnicCore *core);
void fbnic_mbx_reset(FbnicCore *core);

/* BAR4 accesses that fall in the mailbox area (offset relative to it) */
uint32_t fbnic_mbx_area_read(FbnicCore *core, hwaddr off);
void fbnic_mbx_area_write(FbnicCore *core, hwaddr off, uint32_t val);

/* Queue a complete TLV message for delivery to the host */
void fbnic_mbx_post_to_host(FbnicCore *core, const void *msg, size_t len);

/* Forget firmware messages the host has not taken yet (firmware crash) */
void fbnic_mbx_flush_to_host(FbnicCore *core);

/* Kick the mailbox engine (runs from a bottom half) */
void fbnic_mbx_kick(FbnicCore *core);

#endif /* HW_NET_FBNIC_MBX_H */
