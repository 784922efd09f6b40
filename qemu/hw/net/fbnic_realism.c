/*
 * Meta fbnic host NIC emulation: silicon realism (see fbnic_realism.h).
 *
 * Counters.  The statistics counters of a real part hold whatever they
 * hold at power-on; drivers read a baseline at init and accumulate the
 * differences.  With a seed, every 32-bit counter starts a few thousand
 * below its wrap and every 64-bit counter's low word a few thousand (a
 * few MB for byte counters) below its carry into a random high word, so
 * that wrap and carry happen early in any test run.  Levels (RXB FIFO
 * fill) are not counters and stay 0.
 *
 * The RS-FEC codeword counters and PCS symbol error counters are 16-bit
 * halves that clear when read (the drivers add what they read instead of
 * taking differences); they are modelled as such with or without a seed
 * (the model never counts into them, so without a seed they read 0).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/cutils.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "hw/pci/msix.h"
#include "fbnic_core.h"
#include "fbnic_rpc_regs.h"
#include "fbnic_realism.h"
#include "fbnic_prefetch.h"
#include "trace.h"

/* ------------------------------------------------------------------ */
/* PRNG                                                                */
/* ------------------------------------------------------------------ */

/* splitmix64: one 64-bit state word, good enough spread for this */
static uint64_t fbnic_rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (hi - lo small) */
static uint32_t fbnic_rng_range(uint64_t *state, uint32_t lo, uint32_t hi)
{
    return lo + fbnic_rng_next(state) % ((uint64_t)hi - lo + 1);
}

/* Independent streams per purpose, so one does not shift another */
#define FBNIC_RNG_COUNTERS      0x636f756e74657273ULL
#define FBNIC_RNG_TX_ORDER      0x74785f6f72646572ULL
#define FBNIC_RNG_DELAY         0x64656c6179733a29ULL

/* ------------------------------------------------------------------ */
/* Counters                                                            */
/* ------------------------------------------------------------------ */

typedef enum FbnicCtrKind {
    FBNIC_CTR_32,           /* 32-bit event counter */
    FBNIC_CTR_64,           /* 64-bit event count: low, high at +hi */
    FBNIC_CTR_64_BYTES,     /* 64-bit byte count: low, high at +hi */
    FBNIC_CTR_COR16,        /* 16-bit halves, low then high, read clears */
} FbnicCtrKind;

typedef struct FbnicCtrBlock {
    hwaddr addr;            /* first counter */
    unsigned count;         /* counters in the block */
    unsigned stride;        /* bytes between counters */
    FbnicCtrKind kind;
    unsigned hi;            /* offset of the high word / half */
} FbnicCtrBlock;

#define Q(off)  (FBNIC_QUEUE_BASE + (off))

/* Every statistics counter of the part */
static const FbnicCtrBlock fbnic_ctr_blocks[] = {
    /* TCE Tx drops: TTI control messages, TTI frames, TBI */
    { 0x100f8, 3, 0xc, FBNIC_CTR_32, 0 },
    { 0x100fc, 3, 0xc, FBNIC_CTR_64_BYTES, 4 },
    /* TMI drops, PTP requests, jumbo histogram */
    { A_TMI_DROP_PKTS, 1, 4, FBNIC_CTR_32, 0 },
    { A_TMI_DROP_BYTE_L, 1, 8, FBNIC_CTR_64_BYTES, 4 },
    { A_TMI_PTP_ILLEGAL_REQ, 3, 4, FBNIC_CTR_32, 0 },
    { A_TMI_TX_1519_2047_L, FBNIC_TMI_HIST_BUCKETS, 8, FBNIC_CTR_64, 4 },
    /* RXB */
    { A_RXB_PAUSE_EVENT(0), 4, 4, FBNIC_CTR_32, 0 },
    { A_RXB_DROP_FRMS(0), FBNIC_RXB_FIFOS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_DROP_BYTES_L(0), FBNIC_RXB_FIFOS, 8, FBNIC_CTR_64_BYTES, 4 },
    { A_RXB_TRUN_FRMS(0), FBNIC_RXB_FIFOS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_TRUN_BYTES_L(0), FBNIC_RXB_FIFOS, 8, FBNIC_CTR_64_BYTES, 4 },
    { A_RXB_TRANS_PAUSE(0), FBNIC_RXB_FIFOS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_TRANS_DROP(0), FBNIC_RXB_FIFOS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_TRANS_ECN(0), FBNIC_RXB_FIFOS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_PS_COUNT(0), FBNIC_RXB_INTFS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_SRC_FRMS(0), FBNIC_RXB_INTFS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_SRC_BYTES_L(0), FBNIC_RXB_INTFS, 4, FBNIC_CTR_64_BYTES,
      FBNIC_RXB_WIDE_STRIDE },
    { A_RXB_DST_FRMS(0), FBNIC_RXB_INTFS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_DST_BYTES_L(0), FBNIC_RXB_INTFS, 4, FBNIC_CTR_64_BYTES,
      FBNIC_RXB_WIDE_STRIDE },
    { A_RXB_PBUF_FRMS(0), FBNIC_RXB_INTFS, 4, FBNIC_CTR_32, 0 },
    { A_RXB_PBUF_BYTES_L(0), FBNIC_RXB_INTFS, 4, FBNIC_CTR_64_BYTES,
      FBNIC_RXB_WIDE_STRIDE },
    { A_RXB_INTEGRITY_ERR(0), 4 * FBNIC_RXB_INTFS, 4, FBNIC_CTR_32, 0 },
    /* RPC parser events (nine words) and jumbo histogram */
    { A_RPC_CNT_TCP_OPT_ERR, 9, 4, FBNIC_CTR_32, 0 },
    { A_RPC_RX_1519_2047_L, FBNIC_RPC_HIST_BUCKETS, 8, FBNIC_CTR_64, 4 },
    /* MAC */
    { A_MAC_RX_XOFF, 2, 0x10, FBNIC_CTR_64, 4 },
    { A_MAC_RX_OCTETS, 1, 8, FBNIC_CTR_64_BYTES, 4 },
    { A_MAC_RX_ALIGN_ERR, 1, 8, FBNIC_CTR_64, 4 },
    { A_MAC_RX_TOOLONG, 1, 8, FBNIC_CTR_64, 4 },
    { A_MAC_RX_OK, 2, 8, FBNIC_CTR_64, 4 },
    { A_MAC_RX_IFINERR, 1, 8, FBNIC_CTR_64, 4 },
    { A_MAC_RX_MCAST, 2, 8, FBNIC_CTR_64, 4 },
    { A_MAC_RX_UNDERSIZE, 1 + FBNIC_MAC_HIST_BUCKETS + 3, 8, FBNIC_CTR_64,
      4 },
    { A_MAC_RX_CONTROL, 1, 8, FBNIC_CTR_64, 4 },
    { A_MAC_TX_OCTETS, 1, 8, FBNIC_CTR_64_BYTES, 4 },
    { A_MAC_TX_OK, 1, 8, FBNIC_CTR_64, 4 },
    { A_MAC_TX_IFOUTERR, 1, 8, FBNIC_CTR_64, 4 },
    { A_MAC_TX_MCAST, 2 + FBNIC_MAC_HIST_BUCKETS, 8, FBNIC_CTR_64, 4 },
    { A_MAC_TX_CONTROL, 1, 8, FBNIC_CTR_64, 4 },
    /* PCIe outbound TLP/dword counters */
    { 0xc41b8, 9, 8, FBNIC_CTR_64, 4 },
    /* RS-FEC corrected/uncorrectable codewords (4 engines), PCS lanes */
    { 0x42008, 4, 0x20, FBNIC_CTR_COR16, 4 },
    { 0x42010, 4, 0x20, FBNIC_CTR_COR16, 4 },
    { 0x42200, 4, 8, FBNIC_CTR_COR16, 4 },
};

/* Per-queue counters, in every queue page */
static const hwaddr fbnic_q_ctrs[] = {
    FBNIC_Q_TWQ0_PKT_CNT, FBNIC_Q_TWQ0_ERR_CNT,
    FBNIC_Q_TWQ1_PKT_CNT, FBNIC_Q_TWQ1_ERR_CNT,
    FBNIC_Q_RDE_PKT_CNT, FBNIC_Q_RDE_PKT_ERR_CNT,
    FBNIC_Q_RDE_CQ_DROP_CNT, FBNIC_Q_RDE_BDQ_DROP_CNT,
};

/* A few thousand events (or a few MB) short of the wrap/carry */
static uint32_t fbnic_near_wrap(uint64_t *rng, bool bytes)
{
    return bytes ? -fbnic_rng_range(rng, 4096, 4 * 1024 * 1024) :
                   -fbnic_rng_range(rng, 256, 4096);
}

static void fbnic_ctr_seed(FbnicCore *core, uint64_t *rng, hwaddr a,
                           FbnicCtrKind kind, unsigned hi)
{
    uint32_t *w = core->csr;

    switch (kind) {
    case FBNIC_CTR_32:
        w[a >> 2] = fbnic_near_wrap(rng, false);
        break;
    case FBNIC_CTR_64:
    case FBNIC_CTR_64_BYTES:
        w[a >> 2] = fbnic_near_wrap(rng, kind == FBNIC_CTR_64_BYTES);
        /* far from the 64-bit wrap, which no driver expects */
        w[(a + hi) >> 2] = fbnic_rng_range(rng, 1, 0x7fffffff);
        break;
    case FBNIC_CTR_COR16:
        w[a >> 2] = fbnic_rng_next(rng) & 0xffff;
        w[(a + hi) >> 2] = fbnic_rng_next(rng) & 0xff;
        break;
    }
}

static void fbnic_realism_seed_counters(FbnicCore *core)
{
    FbnicRealism *r = &core->realism;
    uint64_t rng = r->seed ^ FBNIC_RNG_COUNTERS ^ (r->resets << 32);
    unsigned i, j;

    for (i = 0; i < ARRAY_SIZE(fbnic_ctr_blocks); i++) {
        const FbnicCtrBlock *b = &fbnic_ctr_blocks[i];

        for (j = 0; j < b->count; j++) {
            fbnic_ctr_seed(core, &rng, b->addr + j * b->stride, b->kind,
                           b->hi);
        }
    }
    for (i = 0; i < FBNIC_QUEUE_COUNT; i++) {
        for (j = 0; j < ARRAY_SIZE(fbnic_q_ctrs); j++) {
            fbnic_ctr_seed(core, &rng, Q(i * FBNIC_QUEUE_PAGE_SIZE +
                                         fbnic_q_ctrs[j]),
                           FBNIC_CTR_32, 0);
        }
    }
    trace_fbnic_realism_counters(r->seed, r->resets);
}

bool fbnic_realism_read_clear(FbnicCore *core, hwaddr addr, uint32_t *v)
{
    hwaddr rel;

    if (addr < 0x42000 || addr >= 0x42220) {
        return false;
    }
    rel = addr - 0x42000;
    /* CCW/NCCW low/high at +8..+0x14 of each 32-byte engine */
    if (!((rel < 0x80 && (rel & 0x1f) >= 0x8 && (rel & 0x1f) < 0x18) ||
          rel >= 0x200)) {
        return false;
    }
    *v = core->csr[addr >> 2] & 0xffff;
    core->csr[addr >> 2] = 0;
    return true;
}

/* ------------------------------------------------------------------ */
/* Unimplemented registers                                             */
/* ------------------------------------------------------------------ */

/*
 * What "implemented" means: an offset is implemented when it lies in a
 * register block the model either handles with code (interrupt block,
 * CQ re-arm words, queue managers, queue pages, TMI, PTP, RXB, RPC and
 * its RAM, PCS pages, MAC, MAC signals, MAC statistics, PUL DMA enables,
 * the mailbox and OTP words of BAR4) or keeps deliberately as storage
 * because the drivers program it as configuration whose effect is not
 * modelled (TCE and its Tx TCAM, fabric, master/spare, RS-FEC, the PUL
 * user block with its counters).  Blocks follow the device's register
 * sections; within a block every word counts as implemented.  Anything
 * else (the holes between the blocks, the PCIe PHY block, space past the
 * last queue page) is unimplemented: it is logged under LOG_UNIMP the
 * first time each offset is touched.  Inside the register files such an
 * offset still behaves as storage, as before.
 */
typedef struct FbnicBlock {
    hwaddr start, end;      /* [start, end) */
} FbnicBlock;

static const FbnicBlock fbnic_bar0_blocks[] = {
    { 0x00000, 0x00200 },   /* interrupt block and source routing */
    { A_IRQ_CQ_REARM, FBNIC_IRQ_CQ_END },
    { FBNIC_QM_TX_BASE, FBNIC_QM_TX_END },
    { FBNIC_QM_RX_BASE, FBNIC_QM_RX_END },
    { 0x10000, 0x10144 },   /* TCE, its Tx drop counters */
    { 0x10800, 0x10880 },   /* TCE Tx TCAM (storage) */
    { FBNIC_TMI_BASE, FBNIC_TMI_END },
    { A_PTP_CTRL, A_PTP_SPARE + 4 },
    { FBNIC_RXB_BASE, FBNIC_RXB_END },
    { FBNIC_RPC_BASE, FBNIC_RPC_END },
    { FBNIC_RPC_RAM_BASE, FBNIC_RPC_RAM_END },
    { 0x30000, 0x30084 },   /* fabric (storage) */
    { 0x31000, 0x3114c },   /* master: spare/flush words (storage) */
    { FBNIC_PCS_BASE, FBNIC_PCS_BASE + FBNIC_PCS_PAGES *
                      FBNIC_PCS_PAGE_SIZE },
    { 0x42000, 0x42324 },   /* RS-FEC and PCS error counters */
    { FBNIC_MAC_BASE, FBNIC_MAC_END },
    { 0x46000, 0x4613c },   /* MAC/PCS signals */
    { FBNIC_MAC_STAT_BASE, FBNIC_MAC_STAT_END },
    { 0xc4000, 0xc43ac },   /* PUL user: DMA enables, TLP counters */
    { FBNIC_QUEUE_BASE, FBNIC_QUEUE_BASE +
                        FBNIC_QUEUE_COUNT * FBNIC_QUEUE_PAGE_SIZE },
};

static const FbnicBlock fbnic_bar4_blocks[] = {
    { A_FW_OTP_STATUS, A_FW_OTP_WR_STATUS + 4 },
    { FBNIC_MBX_BASE, FBNIC_MBX_BASE + FBNIC_MBX_AREA_SIZE },
};

static bool fbnic_in_blocks(const FbnicBlock *b, unsigned n, hwaddr addr)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        if (addr >= b[i].start && addr < b[i].end) {
            return true;
        }
    }
    return false;
}

void fbnic_realism_check_impl(FbnicCore *core, unsigned bar, hwaddr addr,
                              bool is_write)
{
    FbnicRealism *r = &core->realism;
    uint64_t key;
    bool impl;

    impl = bar == 0 ?
        fbnic_in_blocks(fbnic_bar0_blocks, ARRAY_SIZE(fbnic_bar0_blocks),
                        addr) :
        fbnic_in_blocks(fbnic_bar4_blocks, ARRAY_SIZE(fbnic_bar4_blocks),
                        addr);
    if (impl || !r->unimp_seen) {
        return;
    }
    key = (uint64_t)bar << 32 | (addr & ~(hwaddr)3);
    if (g_hash_table_contains(r->unimp_seen, &key)) {
        return;
    }
    g_hash_table_add(r->unimp_seen, g_memdup2(&key, sizeof(key)));
    trace_fbnic_unimp(bar, addr, is_write);
    qemu_log_mask(LOG_UNIMP, "fbnic: BAR%u %s at 0x%" HWADDR_PRIx
                  ": no register is implemented there\n", bar,
                  is_write ? "write" : "read", addr);
}

/* ------------------------------------------------------------------ */
/* Tx completion order                                                 */
/* ------------------------------------------------------------------ */

bool fbnic_realism_tx_head_first(FbnicCore *core)
{
    FbnicRealism *r = &core->realism;
    bool head_first;

    if (!r->seed) {
        return false;
    }
    head_first = fbnic_rng_next(&r->tx_order_rng) & 1;
    trace_fbnic_realism_tx_order(head_first);
    return head_first;
}

/* ------------------------------------------------------------------ */
/* Descriptor prefetch                                                 */
/* ------------------------------------------------------------------ */

unsigned fbnic_realism_prefetch_depth(FbnicCore *core)
{
    FbnicRealism *r = &core->realism;

    if (!r->seed) {
        return 0;
    }
    return MIN(r->desc_prefetch, FBNIC_PREFETCH_MAX);
}

/* ------------------------------------------------------------------ */
/* Completion latency                                                  */
/* ------------------------------------------------------------------ */

/*
 * Most completions come quickly, some late: three in four within an
 * eighth of the maximum, the rest anywhere up to it.
 */
int64_t fbnic_realism_completion_delay_ns(FbnicCore *core)
{
    FbnicRealism *r = &core->realism;
    uint64_t max, x;

    if (!r->seed || !r->completion_delay_us) {
        return -1;
    }
    max = (uint64_t)r->completion_delay_us * 1000;
    x = fbnic_rng_next(&r->delay_rng);
    if (x & 3) {
        max /= 8;
    }
    return (x >> 2) % (max + 1);
}

/* ------------------------------------------------------------------ */
/* Surprise removal                                                    */
/* ------------------------------------------------------------------ */

void fbnic_realism_set_removed(FbnicCore *core, bool removed)
{
    FbnicRealism *r = &core->realism;
    PCIDevice *d = core->pdev;

    if (r->surprise_removed == removed) {
        return;
    }
    r->surprise_removed = removed;
    trace_fbnic_surprise_removed(removed);
    if (!core->csr) {
        return;     /* not realized yet: just the initial state */
    }
    /* The MSI-X table and PBA go too: BAR4 reads all-ones under them */
    if (d->msix_table) {
        memory_region_set_enabled(&d->msix_table_mmio, !removed);
        memory_region_set_enabled(&d->msix_pba_mmio, !removed);
    }
    if (!removed) {
        /* back on the bus: what waited goes now */
        fbnic_irq_update(core);
        fbnic_mbx_kick(core);
        fbnic_txrx_kick(core);
    }
}

/* ------------------------------------------------------------------ */
/* Rx error completions                                                */
/* ------------------------------------------------------------------ */

static const char *const fbnic_rx_err_names[FBNIC_RX_ERR__MAX] = {
    [FBNIC_RX_ERR_NONE] = "none",
    [FBNIC_RX_ERR_MAC] = "mac",
    [FBNIC_RX_ERR_TRUNCATED] = "truncated",
    [FBNIC_RX_ERR_HDR_OVERFLOW] = "hdr-overflow",
    [FBNIC_RX_ERR_L4_CSUM] = "l4-csum",
    [FBNIC_RX_ERR_PARSER] = "parser",
};

bool fbnic_realism_set_rx_error(FbnicCore *core, const char *spec,
                                Error **errp)
{
    FbnicRealism *r = &core->realism;
    g_auto(GStrv) parts = NULL;
    uint64_t count;
    unsigned kind;

    if (!*spec || !strcmp(spec, "none")) {
        r->rx_err_kind = FBNIC_RX_ERR_NONE;
        r->rx_err_count = 0;
        return true;
    }
    parts = g_strsplit(spec, ":", 2);
    if (!parts[0] || !parts[1] ||
        qemu_strtou64(parts[1], NULL, 0, &count) < 0 || count > UINT32_MAX) {
        error_setg(errp, "rx-error-inject wants KIND:COUNT, not '%s'", spec);
        return false;
    }
    for (kind = FBNIC_RX_ERR_NONE + 1; kind < FBNIC_RX_ERR__MAX; kind++) {
        if (!strcmp(parts[0], fbnic_rx_err_names[kind])) {
            break;
        }
    }
    if (kind == FBNIC_RX_ERR__MAX) {
        error_setg(errp, "rx-error-inject: unknown kind '%s' (mac, "
                   "truncated, hdr-overflow, l4-csum, parser)", parts[0]);
        return false;
    }
    r->rx_err_kind = count ? kind : FBNIC_RX_ERR_NONE;
    r->rx_err_count = count;
    return true;
}

char *fbnic_realism_get_rx_error(FbnicCore *core)
{
    FbnicRealism *r = &core->realism;

    if (!r->rx_err_count) {
        return g_strdup("");
    }
    return g_strdup_printf("%s:%u", fbnic_rx_err_names[r->rx_err_kind],
                           r->rx_err_count);
}

void fbnic_realism_rx_error(FbnicCore *core, unsigned q, uint64_t *hdr_al,
                            uint64_t *meta)
{
    FbnicRealism *r = &core->realism;

    if (!r->rx_err_count) {
        return;
    }
    switch (r->rx_err_kind) {
    case FBNIC_RX_ERR_MAC:
        *meta |= FBNIC_RCD_META_ERR_MAC_EOP;
        break;
    case FBNIC_RX_ERR_TRUNCATED:
        *meta |= FBNIC_RCD_META_ERR_TRUNCATED;
        break;
    case FBNIC_RX_ERR_HDR_OVERFLOW:
        *hdr_al |= FBNIC_RCD_HDR_AL_OVERFLOW;
        break;
    case FBNIC_RX_ERR_L4_CSUM:
        *meta &= ~FBNIC_RCD_META_L4_CSUM_OK;
        break;
    case FBNIC_RX_ERR_PARSER:
        *meta |= FBNIC_RCD_META_ERR_PARSER;
        break;
    default:
        return;
    }
    trace_fbnic_realism_rx_error(q, fbnic_rx_err_names[r->rx_err_kind],
                                 r->rx_err_count - 1);
    if (!--r->rx_err_count) {
        r->rx_err_kind = FBNIC_RX_ERR_NONE;
    }
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

void fbnic_realism_realize(FbnicCore *core)
{
    FbnicRealism *r = &core->realism;

    r->unimp_seen = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                          g_free, NULL);
    r->tx_order_rng = r->seed ^ FBNIC_RNG_TX_ORDER;
    r->delay_rng = r->seed ^ FBNIC_RNG_DELAY;
    r->resets = 0;
    trace_fbnic_realism_seed(r->seed);
    if (r->seed) {
        qemu_log("fbnic: realism seed %" PRIu64 " (0x%" PRIx64 ")\n",
                 r->seed, r->seed);
    }
}

void fbnic_realism_cleanup(FbnicCore *core)
{
    FbnicRealism *r = &core->realism;

    if (r->unimp_seen) {
        g_hash_table_destroy(r->unimp_seen);
        r->unimp_seen = NULL;
    }
}

void fbnic_realism_reset(FbnicCore *core)
{
    FbnicRealism *r = &core->realism;

    if (!r->seed) {
        return;
    }
    fbnic_realism_seed_counters(core);
    r->resets++;
}
