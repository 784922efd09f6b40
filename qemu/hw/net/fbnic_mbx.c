/*
 * Meta fbnic host NIC emulation: IPC mailbox.
 *
 * The mailbox area of BAR4 holds descriptor rings of 16 64-bit entries.
 * Ring 1 carries host -> firmware messages: the host posts a descriptor
 * (address, length, end-of-message, HOST_DONE), the device reads the
 * message by DMA, hands it to the firmware model and sets FW_DONE.
 * Ring 0 carries firmware -> host messages: the host posts empty 4 KiB
 * buffers, the device writes a message into the next one and sets
 * FW_DONE with the message length.  Either way the device then raises
 * the mailbox cause on MSI-X vector 0.
 *
 * The host resets a ring by zeroing descriptor 0 and writing "skip"
 * descriptors (HOST_DONE | FW_DONE) to the others; the firmware side
 * answers that by restarting at descriptor 0 and raising the doorbell,
 * which is how the driver detects that firmware is alive.
 *
 * The firmware side runs from a bottom half, so it sees descriptor
 * updates some time after the host wrote them, as with real firmware.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "hw/pci/pci_device.h"
#include "system/dma.h"
#include "fbnic_core.h"
#include "trace.h"

static inline uint32_t *mbx_word(FbnicCore *core, unsigned ring,
                                 unsigned idx, unsigned hi)
{
    hwaddr off = FBNIC_MBX_BASE + ring * FBNIC_MBX_STRIDE + idx * 8 + hi * 4;

    return &core->fwr[off >> 2];
}

static uint64_t mbx_desc_get(FbnicCore *core, unsigned ring, unsigned idx)
{
    return *mbx_word(core, ring, idx, 0) |
           ((uint64_t)*mbx_word(core, ring, idx, 1) << 32);
}

static void mbx_desc_set(FbnicCore *core, unsigned ring, unsigned idx,
                         uint64_t desc)
{
    *mbx_word(core, ring, idx, 1) = desc >> 32;
    *mbx_word(core, ring, idx, 0) = desc;
}

static void mbx_drop_pending(FbnicMbx *mbx)
{
    FbnicMbxMsg *m;

    while ((m = QSIMPLEQ_FIRST(&mbx->pending)) != NULL) {
        QSIMPLEQ_REMOVE_HEAD(&mbx->pending, next);
        g_free(m);
    }
    mbx->pending_count = 0;
}

uint32_t fbnic_mbx_area_read(FbnicCore *core, hwaddr off)
{
    return core->fwr[(FBNIC_MBX_BASE + off) >> 2];
}

void fbnic_mbx_area_write(FbnicCore *core, hwaddr off, uint32_t val)
{
    FbnicMbx *mbx = &core->mbx;
    unsigned ring = off / FBNIC_MBX_STRIDE;
    unsigned idx = (off % FBNIC_MBX_STRIDE) / 8;
    bool low = !(off & 4);

    core->fwr[(FBNIC_MBX_BASE + off) >> 2] = val;

    /* Only the two rings the host driver uses have a firmware side */
    if (ring > FBNIC_MBX_TO_FW || !low) {
        return;
    }

    trace_fbnic_mbx_desc_write(ring, idx, mbx_desc_get(core, ring, idx));

    /*
     * The low word is written last when the host hands over a
     * descriptor, so it acts as the doorbell.  A descriptor that already
     * carries FW_DONE can only be a skip entry of a ring reset.
     */
    if (val & FBNIC_MBXD_FW_DONE) {
        if (mbx->fw_pos[ring] != 0 || ring == FBNIC_MBX_TO_HOST) {
            trace_fbnic_mbx_ring_reset(ring);
        }
        mbx->fw_pos[ring] = 0;
        mbx->reset_ack = true;
        if (ring == FBNIC_MBX_TO_HOST) {
            mbx_drop_pending(mbx);
        }
    }
    fbnic_mbx_kick(core);
}

void fbnic_mbx_kick(FbnicCore *core)
{
    if (core->mbx.bh) {
        qemu_bh_schedule(core->mbx.bh);
    }
}

void fbnic_mbx_post_to_host(FbnicCore *core, const void *msg, size_t len)
{
    FbnicMbx *mbx = &core->mbx;
    FbnicMbxMsg *m;

    assert(len <= FBNIC_MBX_MSG_MAX);
    if (mbx->pending_count >= FBNIC_MBX_PENDING_MAX) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: host posts no mailbox buffers, dropping a "
                      "firmware message\n");
        return;
    }
    m = g_malloc(sizeof(*m) + len);
    m->len = len;
    memcpy(m->data, msg, len);
    QSIMPLEQ_INSERT_TAIL(&mbx->pending, m, next);
    mbx->pending_count++;
    trace_fbnic_mbx_pending(mbx->pending_count);
    fbnic_mbx_kick(core);
}

/* Fetch and hand over the host message described by @desc */
static bool mbx_take_from_host(FbnicCore *core, unsigned idx, uint64_t desc)
{
    unsigned len = (desc >> FBNIC_MBXD_LEN_SHIFT) & FBNIC_MBXD_LEN_MASK;
    dma_addr_t addr = desc & FBNIC_MBXD_ADDR_MASK;
    g_autofree uint8_t *buf = NULL;
    MemTxResult res;

    trace_fbnic_mbx_to_fw(idx, addr, len);

    if (!(desc & FBNIC_MBXD_EOM)) {
        qemu_log_mask(LOG_UNIMP, "fbnic: multi-descriptor mailbox "
                      "messages are not supported (descriptor %u)\n", idx);
        trace_fbnic_mbx_error(FBNIC_MBX_TO_FW, idx, "no end-of-message");
        return false;
    }
    if (len < 4 || len > FBNIC_MBX_MSG_MAX || (len & 3)) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: mailbox descriptor %u has "
                      "invalid message length %u\n", idx, len);
        trace_fbnic_mbx_error(FBNIC_MBX_TO_FW, idx, "bad length");
        return false;
    }
    if (!fbnic_core_dma_read_enabled(core)) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: mailbox descriptor %u "
                      "posted while device DMA reads are disabled\n", idx);
        trace_fbnic_mbx_error(FBNIC_MBX_TO_FW, idx, "dma reads disabled");
        return false;
    }

    buf = g_malloc(len);
    res = pci_dma_read(core->pdev, addr, buf, len);
    if (res != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: mailbox DMA read of %u "
                      "bytes at 0x%" PRIx64 " failed\n", len, (uint64_t)addr);
        trace_fbnic_mbx_error(FBNIC_MBX_TO_FW, idx, "dma read failed");
        return false;
    }
    return fbnic_fw_receive(core, buf, len);
}

/* Work through descriptors the host handed to the firmware */
static bool mbx_service_to_fw(FbnicCore *core)
{
    FbnicMbx *mbx = &core->mbx;
    const unsigned ring = FBNIC_MBX_TO_FW;
    bool progress = false;
    unsigned n;

    for (n = 0; n < FBNIC_MBX_RING_LEN; n++) {
        unsigned idx = mbx->fw_pos[ring];
        uint64_t desc = mbx_desc_get(core, ring, idx);

        if (!(desc & FBNIC_MBXD_HOST_DONE)) {
            break;
        }
        if (!(desc & FBNIC_MBXD_FW_DONE)) {
            desc |= FBNIC_MBXD_FW_DONE;
            if (!mbx_take_from_host(core, idx, desc)) {
                desc |= FBNIC_MBXD_FW_ERR;
            }
            mbx_desc_set(core, ring, idx, desc);
        }
        mbx->fw_pos[ring] = (idx + 1) % FBNIC_MBX_RING_LEN;
        progress = true;
    }
    return progress;
}

/* Deliver queued firmware messages into host receive buffers */
static bool mbx_service_to_host(FbnicCore *core)
{
    FbnicMbx *mbx = &core->mbx;
    const unsigned ring = FBNIC_MBX_TO_HOST;
    bool progress = false;
    unsigned n;

    for (n = 0; n < FBNIC_MBX_RING_LEN && mbx->pending_count; n++) {
        unsigned idx = mbx->fw_pos[ring];
        uint64_t desc = mbx_desc_get(core, ring, idx);
        FbnicMbxMsg *m = QSIMPLEQ_FIRST(&mbx->pending);
        unsigned room = (desc >> FBNIC_MBXD_LEN_SHIFT) & FBNIC_MBXD_LEN_MASK;
        dma_addr_t addr = desc & FBNIC_MBXD_ADDR_MASK;

        if (!(desc & FBNIC_MBXD_HOST_DONE) ||
            !fbnic_core_dma_write_enabled(core)) {
            break;
        }
        mbx->fw_pos[ring] = (idx + 1) % FBNIC_MBX_RING_LEN;
        progress = true;
        if (desc & FBNIC_MBXD_FW_DONE) {
            continue;   /* skip entry */
        }

        QSIMPLEQ_REMOVE_HEAD(&mbx->pending, next);
        mbx->pending_count--;
        trace_fbnic_mbx_to_host(idx, addr, m->len);

        if (m->len > room) {
            qemu_log_mask(LOG_GUEST_ERROR, "fbnic: mailbox receive buffer "
                          "%u holds %u bytes, message needs %u\n",
                          idx, room, m->len);
            trace_fbnic_mbx_error(ring, idx, "buffer too small");
            desc |= FBNIC_MBXD_FW_DONE | FBNIC_MBXD_FW_ERR;
        } else if (pci_dma_write(core->pdev, addr, m->data, m->len) !=
                   MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR, "fbnic: mailbox DMA write of %u "
                          "bytes at 0x%" PRIx64 " failed\n", m->len,
                          (uint64_t)addr);
            trace_fbnic_mbx_error(ring, idx, "dma write failed");
            desc |= FBNIC_MBXD_FW_DONE | FBNIC_MBXD_FW_ERR;
        } else {
            desc = ((uint64_t)m->len << FBNIC_MBXD_LEN_SHIFT) | addr |
                   FBNIC_MBXD_EOM | FBNIC_MBXD_FW_DONE |
                   FBNIC_MBXD_HOST_DONE;
        }
        mbx_desc_set(core, ring, idx, desc);
        g_free(m);
    }
    return progress;
}

static void fbnic_mbx_bh(void *opaque)
{
    FbnicCore *core = opaque;
    FbnicMbx *mbx = &core->mbx;
    bool notify = mbx->reset_ack;

    mbx->reset_ack = false;
    notify |= mbx_service_to_fw(core);
    notify |= mbx_service_to_host(core);

    if (notify) {
        fbnic_irq_raise(core, FBNIC_VEC_FW_MBX);
    }
}

void fbnic_mbx_init(FbnicCore *core)
{
    FbnicMbx *mbx = &core->mbx;

    QSIMPLEQ_INIT(&mbx->pending);
    mbx->pending_count = 0;
    mbx->bh = qemu_bh_new_guarded(fbnic_mbx_bh, core,
                                  &DEVICE(core->pdev)->mem_reentrancy_guard);
}

void fbnic_mbx_cleanup(FbnicCore *core)
{
    FbnicMbx *mbx = &core->mbx;

    if (mbx->bh) {
        qemu_bh_delete(mbx->bh);
        mbx->bh = NULL;
    }
    mbx_drop_pending(mbx);
}

void fbnic_mbx_flush_to_host(FbnicCore *core)
{
    mbx_drop_pending(&core->mbx);
}

void fbnic_mbx_reset(FbnicCore *core)
{
    FbnicMbx *mbx = &core->mbx;

    if (mbx->bh) {
        qemu_bh_cancel(mbx->bh);
    }
    mbx_drop_pending(mbx);
    mbx->fw_pos[FBNIC_MBX_TO_HOST] = 0;
    mbx->fw_pos[FBNIC_MBX_TO_FW] = 0;
    mbx->reset_ack = false;
}
