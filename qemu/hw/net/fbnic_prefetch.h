/*
 * Meta fbnic host NIC emulation: descriptor prefetch.
 *
 * A DMA engine does not read a ring descriptor at the moment it uses
 * it: once a doorbell moves the tail it reads a window of descriptors
 * ahead into its own memory, and later works from those copies.  A
 * driver that rewrites a descriptor after ringing the doorbell for it
 * gets the old one used on silicon; an emulator that reads each
 * descriptor just in time would use the new one and hide the bug.  With
 * the realism seed the Tx work queues and the Rx buffer queues keep
 * such a window (see fbnic_realism_prefetch_depth()).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_PREFETCH_H
#define HW_NET_FBNIC_PREFETCH_H

#include "exec/memattrs.h"
#include "system/dma.h"

typedef struct PCIDevice PCIDevice;

/* Most descriptors one ring keeps read ahead (a power of two) */
#define FBNIC_PREFETCH_MAX      64

/* The read-ahead copies of one ring's descriptors */
typedef struct FbnicPrefetch {
    uint64_t desc[FBNIC_PREFETCH_MAX];  /* by ring index mod the max */
    dma_addr_t base;        /* ring the copies were read from */
    uint32_t mask;          /* its entry count - 1 */
    uint32_t first;         /* ring index of the oldest copy */
    uint32_t count;         /* copies held, from @first on */
} FbnicPrefetch;

/* Forget every copy (ring reset, ring moved, device reset) */
void fbnic_prefetch_drop(FbnicPrefetch *pf);

/*
 * The engine moved past everything before ring index @head: those
 * copies are used up.
 */
void fbnic_prefetch_advance(FbnicPrefetch *pf, uint32_t head);

/*
 * Read ahead: keep copies of the descriptors from @head towards @tail,
 * at most @depth of them (0: none).  A descriptor that cannot be read
 * ends the window; the engine reports it when it gets there.
 */
void fbnic_prefetch_fill(PCIDevice *pdev, FbnicPrefetch *pf,
                         dma_addr_t base, uint32_t mask, uint32_t head,
                         uint32_t tail, unsigned depth);

/*
 * Descriptor @idx of the ring at @base: the copy read ahead if there is
 * one, else read from host memory now.
 */
MemTxResult fbnic_prefetch_read(PCIDevice *pdev, FbnicPrefetch *pf,
                                dma_addr_t base, uint32_t mask,
                                uint32_t idx, uint64_t *desc);

#endif /* HW_NET_FBNIC_PREFETCH_H */
