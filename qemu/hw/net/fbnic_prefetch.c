/*
 * Meta fbnic host NIC emulation: descriptor prefetch (see
 * fbnic_prefetch.h).
 *
 * The copies live in a small ring indexed by the ring index modulo
 * FBNIC_PREFETCH_MAX: ring sizes are powers of two, so at most that many
 * consecutive ring indexes never share a slot.  Copies are only valid
 * for the ring they were read from; a ring given a new base or size
 * (which the drivers do with the ring stopped) starts over.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_device.h"
#include "fbnic_prefetch.h"
#include "trace.h"

void fbnic_prefetch_drop(FbnicPrefetch *pf)
{
    pf->count = 0;
}

/* Entries from ring index @from to @to, going forward */
static uint32_t fbnic_prefetch_dist(const FbnicPrefetch *pf, uint32_t from,
                                    uint32_t to)
{
    return (to - from) & pf->mask;
}

void fbnic_prefetch_advance(FbnicPrefetch *pf, uint32_t head)
{
    uint32_t used = fbnic_prefetch_dist(pf, pf->first, head);

    if (used > pf->count) {
        /* the engine is somewhere the window never covered */
        pf->count = 0;
    } else {
        pf->count -= used;
    }
    pf->first = head & pf->mask;
}

/* Copies read from another ring are of no use for this one */
static void fbnic_prefetch_bind(FbnicPrefetch *pf, dma_addr_t base,
                                uint32_t mask)
{
    if (pf->base != base || pf->mask != mask) {
        pf->count = 0;
        pf->base = base;
        pf->mask = mask;
    }
}

void fbnic_prefetch_fill(PCIDevice *pdev, FbnicPrefetch *pf,
                         dma_addr_t base, uint32_t mask, uint32_t head,
                         uint32_t tail, unsigned depth)
{
    uint32_t want, n = 0;

    fbnic_prefetch_bind(pf, base, mask);
    fbnic_prefetch_advance(pf, head);
    want = MIN(MIN(depth, FBNIC_PREFETCH_MAX),
               fbnic_prefetch_dist(pf, head, tail));
    while (pf->count < want) {
        uint32_t idx = (pf->first + pf->count) & mask;
        uint64_t d;

        if (ldq_le_pci_dma(pdev, base + (dma_addr_t)idx * 8, &d,
                           MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
            break;
        }
        pf->desc[idx % FBNIC_PREFETCH_MAX] = d;
        pf->count++;
        n++;
    }
    if (n) {
        trace_fbnic_prefetch_fill(base, pf->count, pf->first, n);
    }
}

MemTxResult fbnic_prefetch_read(PCIDevice *pdev, FbnicPrefetch *pf,
                                dma_addr_t base, uint32_t mask,
                                uint32_t idx, uint64_t *desc)
{
    if (pf->count && pf->base == base && pf->mask == mask &&
        fbnic_prefetch_dist(pf, pf->first, idx) < pf->count) {
        *desc = pf->desc[idx % FBNIC_PREFETCH_MAX];
        return MEMTX_OK;
    }
    return ldq_le_pci_dma(pdev, base + (dma_addr_t)idx * 8, desc,
                          MEMTXATTRS_UNSPECIFIED);
}
