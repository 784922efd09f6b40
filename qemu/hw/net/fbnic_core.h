/*
 * Meta fbnic host NIC emulation: device core (register file, interrupt
 * block, time counter) shared by the PCI wrapper, mailbox and firmware.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_CORE_H
#define HW_NET_FBNIC_CORE_H

#include "exec/memory.h"
#include "hw/pci/pci_device.h"
#include "net/net.h"
#include "fbnic_regs.h"
#include "fbnic_mbx.h"
#include "fbnic_fw.h"
#include "fbnic_txrx.h"
#include "fbnic_realism.h"

typedef struct FbnicCore FbnicCore;

/* Free-running PTP time counter, derived from QEMU's virtual clock */
typedef struct FbnicTime {
    uint64_t base_ns;       /* counter value at ref_ns */
    int64_t ref_ns;         /* virtual clock when base_ns was taken */
    uint64_t addend;        /* ns per datapath tick, Q16.32 fixed point */
    bool running;
} FbnicTime;

struct FbnicCore {
    PCIDevice *pdev;

    /* Backing store for plain read/write registers of both BARs */
    uint32_t *csr;          /* FBNIC_BAR0_IMPL_SIZE bytes */
    uint32_t *fwr;          /* FBNIC_BAR4_IMPL_SIZE bytes */

    /* Interrupt block, one bit per MSI-X vector */
    uint32_t irq_status[FBNIC_IRQ_BANKS];
    uint32_t irq_sw_status[FBNIC_IRQ_BANKS];
    uint32_t irq_mask[FBNIC_IRQ_BANKS];
    uint32_t irq_autoclear[FBNIC_IRQ_BANKS];
    /* Vectors whose pending cause came from a TCQ/RCQ interrupt manager */
    uint32_t irq_queue_cause[FBNIC_IRQ_BANKS];
    /*
     * Test control (queue-irq-hold): while set, vectors with a queue
     * cause pending are not sent; the cause waits in the status word.
     */
    bool queue_irq_hold;

    FbnicTime time;
    bool link_up;

    FbnicMbx mbx;
    FbnicFw fw;

    /* Data path: queue engines and the NIC backend they talk to */
    FbnicTxRx txrx;
    NICState *nic;

    /* Seeded silicon behaviour and surprise removal (fbnic_realism.c) */
    FbnicRealism realism;
};

/* The device fell off the bus (surprise-removed): no MMIO, DMA or MSI-X */
static inline bool fbnic_core_removed(FbnicCore *core)
{
    return core->realism.surprise_removed;
}

void fbnic_core_realize(FbnicCore *core, PCIDevice *pdev);
void fbnic_core_unrealize(FbnicCore *core);
void fbnic_core_reset(FbnicCore *core);

uint64_t fbnic_core_bar0_read(FbnicCore *core, hwaddr addr, unsigned size);
void fbnic_core_bar0_write(FbnicCore *core, hwaddr addr, uint64_t val,
                           unsigned size);
uint64_t fbnic_core_bar4_read(FbnicCore *core, hwaddr addr, unsigned size);
void fbnic_core_bar4_write(FbnicCore *core, hwaddr addr, uint64_t val,
                           unsigned size);

/* Raise an interrupt cause on @vector (hardware source, not software) */
void fbnic_irq_raise(FbnicCore *core, unsigned vector);
/*
 * Raise a completion queue's cause on @vector: like fbnic_irq_raise(),
 * but held back while the queue-irq-hold test control is on
 */
void fbnic_irq_raise_queue(FbnicCore *core, unsigned vector);
/* queue-irq-hold: hold queue interrupts, or send the held ones */
void fbnic_irq_set_queue_hold(FbnicCore *core, bool hold);
/* Re-evaluate pending vectors, e.g. after MSI-X was enabled */
void fbnic_irq_update(FbnicCore *core);
/* Unmask @vector (completion queue re-arm) and send it if pending */
void fbnic_irq_unmask(FbnicCore *core, unsigned vector);

/* Current value of the PTP time counter, in nanoseconds */
uint64_t fbnic_core_time_ns(FbnicCore *core);
/*
 * How much faster than QEMU's virtual clock the time counter runs at
 * its addend, in parts per billion (rounded; whether it runs or not)
 */
int64_t fbnic_core_time_rate_ppb(FbnicCore *core);

/* Cable state: link comes and goes with a PCS link interrupt */
void fbnic_core_set_link(FbnicCore *core, bool up);

/* Device DMA enables programmed through the PUL outbound TLP registers */
bool fbnic_core_dma_write_enabled(FbnicCore *core);
bool fbnic_core_dma_read_enabled(FbnicCore *core);

#endif /* HW_NET_FBNIC_CORE_H */
