/*
 * Meta fbnic host NIC emulation: device core.
 *
 * Register file of BAR0 and BAR4, the interrupt block that drives the
 * MSI-X vectors, the PTP time counter, and the MAC/PCS status words the
 * driver polls.  Queue-related registers are handed to the queue
 * engines (fbnic_txrx.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/host-utils.h"
#include "qemu/timer.h"
#include "hw/pci/msix.h"
#include "fbnic_core.h"
#include "fbnic_rpc.h"
#include "trace.h"

/* Nominal counter increment per datapath tick: 1e9 / 600e6 ns in Q16.32 */
#define FBNIC_TIME_ADDEND_NOMINAL \
    ((uint64_t)((1000000000ULL << 32) / FBNIC_DCLK_HZ))

static inline uint32_t *csr_word(FbnicCore *core, hwaddr addr)
{
    return &core->csr[addr >> 2];
}

/* ------------------------------------------------------------------ */
/* Interrupt block                                                     */
/* ------------------------------------------------------------------ */

/*
 * Send every vector that has a cause pending and is not masked.  Sending
 * masks the vector (the driver unmasks it when it is done) and, for
 * vectors in auto-clear mode, drops the cause.  While queue interrupts
 * are held (test control), a vector with a completion queue cause
 * pending stays as it is.
 */
void fbnic_irq_update(FbnicCore *core)
{
    PCIDevice *d = core->pdev;
    unsigned bank;

    if (!msix_enabled(d) || fbnic_core_removed(core)) {
        return;     /* causes stay pending until they can be sent */
    }

    for (bank = 0; bank < FBNIC_IRQ_BANKS; bank++) {
        uint32_t fire = core->irq_status[bank] & ~core->irq_mask[bank];

        if (core->queue_irq_hold) {
            fire &= ~core->irq_queue_cause[bank];
        }
        while (fire) {
            unsigned bit = ctz32(fire);
            unsigned vec = bank * 32 + bit;
            uint32_t m = 1u << bit;

            fire &= ~m;
            core->irq_mask[bank] |= m;
            if (core->irq_autoclear[bank] & m) {
                core->irq_status[bank] &= ~m;
                core->irq_sw_status[bank] &= ~m;
                core->irq_queue_cause[bank] &= ~m;
            }
            trace_fbnic_irq_send(vec);
            msix_notify(d, vec);
        }
    }
}

void fbnic_irq_unmask(FbnicCore *core, unsigned vector)
{
    if (vector >= FBNIC_MSIX_VECTORS) {
        return;
    }
    core->irq_mask[vector / 32] &= ~(1u << (vector % 32));
    fbnic_irq_update(core);
}

void fbnic_irq_raise(FbnicCore *core, unsigned vector)
{
    if (vector >= FBNIC_MSIX_VECTORS) {
        return;
    }
    trace_fbnic_irq_cause(vector);
    core->irq_status[vector / 32] |= 1u << (vector % 32);
    fbnic_irq_update(core);
}

void fbnic_irq_raise_queue(FbnicCore *core, unsigned vector)
{
    uint32_t m = 1u << (vector % 32);

    if (vector >= FBNIC_MSIX_VECTORS) {
        return;
    }
    core->irq_queue_cause[vector / 32] |= m;
    if (core->queue_irq_hold && !(core->irq_mask[vector / 32] & m)) {
        trace_fbnic_irq_held(vector);
    }
    fbnic_irq_raise(core, vector);
}

/* Vectors a completion queue raised and the hold keeps back */
static unsigned fbnic_irq_held_count(FbnicCore *core)
{
    unsigned bank, n = 0;

    for (bank = 0; bank < FBNIC_IRQ_BANKS; bank++) {
        n += ctpop32(core->irq_status[bank] & core->irq_queue_cause[bank] &
                     ~core->irq_mask[bank]);
    }
    return n;
}

void fbnic_irq_set_queue_hold(FbnicCore *core, bool hold)
{
    if (core->queue_irq_hold == hold) {
        return;
    }
    core->queue_irq_hold = hold;
    if (!core->csr) {
        trace_fbnic_queue_irq_hold(hold, 0);
        return;     /* not realized yet: just the initial state */
    }
    trace_fbnic_queue_irq_hold(hold, fbnic_irq_held_count(core));
    if (!hold) {
        fbnic_irq_update(core);
    }
}

/* Forward a routed interrupt source to the vector it is mapped to */
static void fbnic_irq_source(FbnicCore *core, unsigned src, bool active)
{
    uint32_t route = core->csr[(A_IRQ_ROUTE >> 2) + src];

    if (!active || !FIELD_EX32(route, IRQ_ROUTE, ENABLE)) {
        return;
    }
    fbnic_irq_raise(core, FIELD_EX32(route, IRQ_ROUTE, VECTOR));
}

static void fbnic_pcs_irq_eval(FbnicCore *core)
{
    uint32_t sts = *csr_word(core, A_SIG_PCS_IRQ_STS);
    uint32_t mask = *csr_word(core, A_SIG_PCS_IRQ_MASK);

    fbnic_irq_source(core, FBNIC_IRQ_SRC_PCS, sts & ~mask);
}

static uint32_t fbnic_irq_block_read(FbnicCore *core, hwaddr addr)
{
    unsigned bank = (addr % FBNIC_IRQ_BANK_STRIDE) >> 2;

    switch (addr & ~(hwaddr)(FBNIC_IRQ_BANK_STRIDE - 1)) {
    case A_IRQ_STATUS:
        return core->irq_status[bank];
    case A_IRQ_MASK:
        return core->irq_mask[bank];
    case A_IRQ_SW_STATUS:
        return core->irq_sw_status[bank];
    case A_IRQ_AUTOCLEAR:
        return core->irq_autoclear[bank];
    default:
        /* set/clear style registers have no state to read back */
        return 0;
    }
}

static void fbnic_irq_block_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
    unsigned bank = (addr % FBNIC_IRQ_BANK_STRIDE) >> 2;

    switch (addr & ~(hwaddr)(FBNIC_IRQ_BANK_STRIDE - 1)) {
    case A_IRQ_STATUS:
    case A_IRQ_SW_STATUS:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: write 0x%08x to read-only interrupt status "
                      "word 0x%" HWADDR_PRIx "\n", val, addr);
        return;
    case A_IRQ_MASK:
        trace_fbnic_irq_reg("mask", bank, val);
        core->irq_mask[bank] = val;
        break;
    case A_IRQ_SET:
        trace_fbnic_irq_reg("set", bank, val);
        core->irq_status[bank] |= val;
        core->irq_sw_status[bank] |= val;
        break;
    case A_IRQ_CLEAR:
        trace_fbnic_irq_reg("clear", bank, val);
        core->irq_status[bank] &= ~val;
        core->irq_sw_status[bank] &= ~val;
        core->irq_queue_cause[bank] &= ~val;
        break;
    case A_IRQ_AUTOCLEAR:
        trace_fbnic_irq_reg("autoclear", bank, val);
        core->irq_autoclear[bank] = val;
        break;
    case A_IRQ_MASK_SET:
        trace_fbnic_irq_reg("mask_set", bank, val);
        core->irq_mask[bank] |= val;
        break;
    case A_IRQ_MASK_CLEAR:
        trace_fbnic_irq_reg("mask_clear", bank, val);
        core->irq_mask[bank] &= ~val;
        break;
    }
    fbnic_irq_update(core);
}

/* ------------------------------------------------------------------ */
/* PTP time counter                                                    */
/* ------------------------------------------------------------------ */

static uint64_t fbnic_time_now(FbnicCore *core, int64_t now)
{
    FbnicTime *t = &core->time;
    uint64_t ticks, lo, hi;

    if (!t->running || now <= t->ref_ns) {
        return t->base_ns;
    }
    ticks = muldiv64(now - t->ref_ns, FBNIC_DCLK_HZ / 1000000, 1000);
    mulu64(&lo, &hi, ticks, t->addend);
    return t->base_ns + ((hi << 32) | (lo >> 32));
}

static void fbnic_time_rebase(FbnicCore *core, int64_t now)
{
    core->time.base_ns = fbnic_time_now(core, now);
    core->time.ref_ns = now;
}

static uint64_t fbnic_time_addend_regs(FbnicCore *core)
{
    uint64_t ns = FIELD_EX32(*csr_word(core, A_PTP_ADDEND_NS),
                             PTP_ADDEND_NS, NS);

    return (ns << 32) | *csr_word(core, A_PTP_ADDEND_SUBNS);
}

static void fbnic_time_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    FbnicTime *t = &core->time;

    *csr_word(core, addr) = val;

    switch (addr) {
    case A_PTP_CTRL:
        fbnic_time_rebase(core, now);
        t->running = FIELD_EX32(val, PTP_CTRL, EN);
        break;
    case A_PTP_ADJUST:
        fbnic_time_rebase(core, now);
        if (FIELD_EX32(val, PTP_ADJUST, INIT)) {
            t->base_ns = ((uint64_t)*csr_word(core, A_PTP_INIT_HI) << 32) |
                         *csr_word(core, A_PTP_INIT_LO);
            if (fbnic_time_addend_regs(core)) {
                t->addend = fbnic_time_addend_regs(core);
            }
        }
        if (FIELD_EX32(val, PTP_ADJUST, ADDEND_SET)) {
            t->addend = fbnic_time_addend_regs(core);
        }
        if (FIELD_EX32(val, PTP_ADJUST, ADD_NUDGE)) {
            t->base_ns += *csr_word(core, A_PTP_NUDGE_NS);
        }
        if (FIELD_EX32(val, PTP_ADJUST, SUB_NUDGE)) {
            t->base_ns -= *csr_word(core, A_PTP_NUDGE_NS);
        }
        /* the adjust bits are commands, they do not stick */
        *csr_word(core, addr) = 0;
        trace_fbnic_ptp_adjust(val, t->base_ns, t->addend);
        break;
    }
}

static uint32_t fbnic_time_read(FbnicCore *core, hwaddr addr)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    switch (addr) {
    case A_PTP_TIME_HI:
        return fbnic_time_now(core, now) >> 32;
    case A_PTP_TIME_LO:
        return (uint32_t)fbnic_time_now(core, now);
    case A_PTP_MONO_HI:
        return (uint64_t)now >> 32;
    case A_PTP_MONO_LO:
        return (uint32_t)now;
    default:
        return *csr_word(core, addr);
    }
}

uint64_t fbnic_core_time_ns(FbnicCore *core)
{
    return fbnic_time_now(core, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

int64_t fbnic_core_time_rate_ppb(FbnicCore *core)
{
    uint64_t lo, hi;

    /* ns per second of virtual clock: addend (Q16.32) x ticks per second */
    mulu64(&lo, &hi, core->time.addend, FBNIC_DCLK_HZ);
    /* round to the nearest ns, carrying into the high half */
    if (lo + (1ULL << 31) < lo) {
        hi++;
    }
    lo += 1ULL << 31;
    return (int64_t)((hi << 32) | (lo >> 32)) - 1000000000LL;
}

static void fbnic_time_reset(FbnicCore *core)
{
    core->time.base_ns = 0;
    core->time.ref_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    core->time.addend = FBNIC_TIME_ADDEND_NOMINAL;
    core->time.running = false;
}

/* ------------------------------------------------------------------ */
/* MAC / PCS status                                                    */
/* ------------------------------------------------------------------ */

/*
 * Lanes that report lock for the mode the firmware brings the port up
 * in: one lane at 25G, two at 50G (PAM4), four PCS lanes at 100G, all
 * with RS-FEC.
 */
static uint32_t fbnic_link_lane_mask(FbnicCore *core)
{
    switch (core->fw.cfg.link_speed) {
    case 25000:
        return 0x1;
    case 100000:
        return 0xf;
    default:
        return 0x3;
    }
}

static uint32_t fbnic_sig_read(FbnicCore *core, hwaddr addr)
{
    uint32_t lanes = core->link_up ? fbnic_link_lane_mask(core) : 0;
    uint32_t v = 0;

    switch (addr) {
    case A_SIG_PCS_OUT0:
        if (core->link_up) {
            v = FIELD_DP32(v, SIG_PCS_OUT0, LINK, 1);
            v = FIELD_DP32(v, SIG_PCS_OUT0, AM_LOCK, lanes);
            v = FIELD_DP32(v, SIG_PCS_OUT0, BLOCK_LOCK, lanes);
        }
        return v;
    case A_SIG_PCS_OUT1:
        return FIELD_DP32(0, SIG_PCS_OUT1, FCFEC_LOCK, lanes);
    default:
        return *csr_word(core, addr);
    }
}

void fbnic_core_set_link(FbnicCore *core, bool up)
{
    uint32_t *sts = csr_word(core, A_SIG_PCS_IRQ_STS);

    if (core->link_up == up) {
        return;
    }
    trace_fbnic_link(up);
    core->link_up = up;
    if (!core->csr) {
        return;     /* not realized yet: just the initial state */
    }
    *sts |= up ? R_SIG_PCS_IRQ_STS_LINK_UP_MASK :
                 R_SIG_PCS_IRQ_STS_LINK_DOWN_MASK;
    fbnic_pcs_irq_eval(core);
}

static uint32_t fbnic_pcs_read(FbnicCore *core, hwaddr addr)
{
    unsigned reg = (addr % FBNIC_PCS_PAGE_SIZE) >> 2;
    uint32_t v = *csr_word(core, addr);

    switch (reg) {
    case FBNIC_MDIO_PCS_STAT1:
        return core->link_up ? FBNIC_MDIO_PCS_STAT1_LINK : 0;
    case FBNIC_MDIO_PCS_BASER_STAT1:
        return core->link_up ? (FBNIC_MDIO_PCS_BASER_STAT1_LOCK |
                                FBNIC_MDIO_PCS_BASER_STAT1_LINK) : 0;
    default:
        return v;
    }
}

static void fbnic_pcs_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
    unsigned reg = (addr % FBNIC_PCS_PAGE_SIZE) >> 2;

    /* MDIO registers are 16 bits wide; a soft reset completes at once */
    val &= 0xffff;
    if (reg == FBNIC_MDIO_PCS_CTRL1) {
        val &= ~FBNIC_MDIO_PCS_CTRL1_RESET;
    }
    *csr_word(core, addr) = val;
}

/* ------------------------------------------------------------------ */
/* DMA enables                                                         */
/* ------------------------------------------------------------------ */

bool fbnic_core_dma_write_enabled(FbnicCore *core)
{
    if (fbnic_core_removed(core)) {
        return false;
    }
    return FIELD_EX32(*csr_word(core, A_PUL_DMA_WR_CFG), PUL_DMA_WR_CFG, BME);
}

bool fbnic_core_dma_read_enabled(FbnicCore *core)
{
    if (fbnic_core_removed(core)) {
        return false;
    }
    return FIELD_EX32(*csr_word(core, A_PUL_DMA_RD_CFG), PUL_DMA_RD_CFG, BME);
}

/* ------------------------------------------------------------------ */
/* BAR dispatch                                                        */
/* ------------------------------------------------------------------ */

/*
 * The register files only take naturally aligned 32-bit accesses, or
 * aligned 64-bit ones that cover two registers.  Anything else is a
 * guest error: it is logged and dropped (reads return 0).  An access
 * past the implemented space is dropped too (reads return 0) and logged
 * as unimplemented, once per offset (fbnic_realism_check_impl()).
 */
static bool fbnic_access_ok(FbnicCore *core, unsigned barno, hwaddr addr,
                            unsigned size, hwaddr impl, bool is_write)
{
    const char *bar = barno ? "BAR4" : "BAR0";

    if ((size != 4 && size != 8) || (addr & (size - 1))) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: %s %s of %u bytes at 0x%" HWADDR_PRIx
                      " is not an aligned 32/64-bit access\n",
                      bar, is_write ? "write" : "read", size, addr);
        trace_fbnic_bad_access(bar, addr, size, is_write);
        return false;
    }
    if (addr + size > impl) {
        /* reserved space: logged once per offset as unimplemented */
        trace_fbnic_bad_access(bar, addr, size, is_write);
        fbnic_realism_check_impl(core, barno, addr, is_write);
        return false;
    }
    return true;
}

/* Reads of a removed device complete with all-ones, of any size */
static uint64_t fbnic_all_ones(unsigned size)
{
    return size >= 8 ? UINT64_MAX : MAKE_64BIT_MASK(0, size * 8);
}

static uint32_t fbnic_bar0_read32(FbnicCore *core, hwaddr addr)
{
    uint32_t v;

    fbnic_realism_check_impl(core, 0, addr, false);
    if (fbnic_realism_read_clear(core, addr, &v)) {
        /* counter halves that clear when read */
    } else if (fbnic_rpc_owns(addr)) {
        v = fbnic_rpc_read(core, addr);
    } else if (addr < A_IRQ_ROUTE) {
        v = fbnic_irq_block_read(core, addr);
    } else if (addr >= A_PTP_CTRL && addr <= A_PTP_SPARE) {
        v = fbnic_time_read(core, addr);
    } else if (addr >= FBNIC_PCS_BASE &&
               addr < FBNIC_PCS_BASE + FBNIC_PCS_PAGES * FBNIC_PCS_PAGE_SIZE) {
        v = fbnic_pcs_read(core, addr);
    } else if (addr == A_SIG_PCS_OUT0 || addr == A_SIG_PCS_OUT1) {
        v = fbnic_sig_read(core, addr);
    } else if (fbnic_txrx_owns(addr)) {
        v = fbnic_txrx_read(core, addr);
    } else {
        v = *csr_word(core, addr);
    }
    trace_fbnic_bar0_read(addr, v);
    return v;
}

static void fbnic_bar0_write32(FbnicCore *core, hwaddr addr, uint32_t val)
{
    trace_fbnic_bar0_write(addr, val);
    fbnic_realism_check_impl(core, 0, addr, true);

    if (fbnic_rpc_owns(addr)) {
        fbnic_rpc_write(core, addr, val);
        return;
    }
    if (addr < A_IRQ_ROUTE) {
        fbnic_irq_block_write(core, addr, val);
        return;
    }
    if (addr >= A_PTP_CTRL && addr <= A_PTP_SPARE) {
        fbnic_time_write(core, addr, val);
        return;
    }
    if (addr >= FBNIC_PCS_BASE &&
        addr < FBNIC_PCS_BASE + FBNIC_PCS_PAGES * FBNIC_PCS_PAGE_SIZE) {
        fbnic_pcs_write(core, addr, val);
        return;
    }

    if (fbnic_txrx_owns(addr)) {
        fbnic_txrx_write(core, addr, val);
        return;
    }

    switch (addr) {
    case A_SIG_PCS_OUT0:
    case A_SIG_PCS_OUT1:
        /* latched status: a flush write re-samples the live state */
        return;
    case A_SIG_PCS_IRQ_STS:
        *csr_word(core, addr) &= ~val;
        fbnic_pcs_irq_eval(core);
        return;
    case A_SIG_PCS_IRQ_MASK:
        *csr_word(core, addr) = val;
        fbnic_pcs_irq_eval(core);
        return;
    case A_PUL_DMA_WR_CFG:
    case A_PUL_DMA_RD_CFG:
        /* flush requests complete immediately: nothing is in flight */
        *csr_word(core, addr) = val & ~(R_PUL_DMA_WR_CFG_FLUSH_MASK);
        trace_fbnic_dma_cfg(addr, val);
        fbnic_mbx_kick(core);
        fbnic_txrx_kick(core);
        return;
    }

    *csr_word(core, addr) = val;

    if (addr >= A_IRQ_ROUTE &&
        addr < A_IRQ_ROUTE + 4 * FBNIC_IRQ_ROUTE_COUNT &&
        (addr - A_IRQ_ROUTE) / 4 == FBNIC_IRQ_SRC_PCS) {
        fbnic_pcs_irq_eval(core);
    }
}

uint64_t fbnic_core_bar0_read(FbnicCore *core, hwaddr addr, unsigned size)
{
    uint64_t v;

    if (fbnic_core_removed(core)) {
        return fbnic_all_ones(size);
    }
    if (!fbnic_access_ok(core, 0, addr, size, FBNIC_BAR0_IMPL_SIZE, false)) {
        return 0;
    }
    v = fbnic_bar0_read32(core, addr);
    if (size == 8) {
        v |= (uint64_t)fbnic_bar0_read32(core, addr + 4) << 32;
    }
    return v;
}

void fbnic_core_bar0_write(FbnicCore *core, hwaddr addr, uint64_t val,
                           unsigned size)
{
    if (fbnic_core_removed(core)) {
        return;     /* nobody there to take the write */
    }
    if (!fbnic_access_ok(core, 0, addr, size, FBNIC_BAR0_IMPL_SIZE, true)) {
        return;
    }
    fbnic_bar0_write32(core, addr, val);
    if (size == 8) {
        fbnic_bar0_write32(core, addr + 4, val >> 32);
    }
}

static uint32_t fbnic_bar4_read32(FbnicCore *core, hwaddr addr)
{
    uint32_t v;

    fbnic_realism_check_impl(core, 4, addr, false);
    if (addr >= FBNIC_MBX_BASE && addr < FBNIC_MBX_BASE + FBNIC_MBX_AREA_SIZE) {
        v = fbnic_mbx_area_read(core, addr - FBNIC_MBX_BASE);
    } else if (addr == A_FW_OTP_STATUS) {
        v = core->fw.cfg.otp_status;
    } else if (addr == A_FW_OTP_WR_STATUS) {
        v = core->fw.cfg.otp_write_status;
    } else {
        v = core->fwr[addr >> 2];
    }
    trace_fbnic_bar4_read(addr, v);
    return v;
}

static void fbnic_bar4_write32(FbnicCore *core, hwaddr addr, uint32_t val)
{
    trace_fbnic_bar4_write(addr, val);
    fbnic_realism_check_impl(core, 4, addr, true);

    if (addr >= FBNIC_MBX_BASE && addr < FBNIC_MBX_BASE + FBNIC_MBX_AREA_SIZE) {
        fbnic_mbx_area_write(core, addr - FBNIC_MBX_BASE, val);
        return;
    }
    if (addr == A_FW_OTP_STATUS || addr == A_FW_OTP_WR_STATUS) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: write 0x%08x to read-only OTP status word "
                      "0x%" HWADDR_PRIx "\n", val, addr);
        return;
    }
    core->fwr[addr >> 2] = val;
}

uint64_t fbnic_core_bar4_read(FbnicCore *core, hwaddr addr, unsigned size)
{
    uint64_t v;

    if (fbnic_core_removed(core)) {
        return fbnic_all_ones(size);
    }
    if (!fbnic_access_ok(core, 4, addr, size, FBNIC_BAR4_IMPL_SIZE, false)) {
        return 0;
    }
    v = fbnic_bar4_read32(core, addr);
    if (size == 8) {
        v |= (uint64_t)fbnic_bar4_read32(core, addr + 4) << 32;
    }
    return v;
}

void fbnic_core_bar4_write(FbnicCore *core, hwaddr addr, uint64_t val,
                           unsigned size)
{
    if (fbnic_core_removed(core)) {
        return;     /* nobody there to take the write */
    }
    if (!fbnic_access_ok(core, 4, addr, size, FBNIC_BAR4_IMPL_SIZE, true)) {
        return;
    }
    fbnic_bar4_write32(core, addr, val);
    if (size == 8) {
        fbnic_bar4_write32(core, addr + 4, val >> 32);
    }
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

void fbnic_core_realize(FbnicCore *core, PCIDevice *pdev)
{
    core->pdev = pdev;
    core->csr = g_new0(uint32_t, FBNIC_BAR0_IMPL_SIZE / 4);
    core->fwr = g_new0(uint32_t, FBNIC_BAR4_IMPL_SIZE / 4);
    fbnic_mbx_init(core);
    fbnic_fw_init(core);
    fbnic_rpc_realize(core);
    fbnic_txrx_init(core);
    fbnic_realism_realize(core);
}

void fbnic_core_unrealize(FbnicCore *core)
{
    fbnic_realism_cleanup(core);
    fbnic_txrx_cleanup(core);
    fbnic_fw_cleanup(core);
    fbnic_mbx_cleanup(core);
    g_free(core->csr);
    core->csr = NULL;
    g_free(core->fwr);
    core->fwr = NULL;
}

void fbnic_core_reset(FbnicCore *core)
{
    unsigned i;

    trace_fbnic_reset();

    memset(core->csr, 0, FBNIC_BAR0_IMPL_SIZE);
    memset(core->fwr, 0, FBNIC_BAR4_IMPL_SIZE);
    fbnic_rpc_reset(core);

    /* Out of reset every vector is masked and auto-clears when sent */
    for (i = 0; i < FBNIC_IRQ_BANKS; i++) {
        core->irq_status[i] = 0;
        core->irq_sw_status[i] = 0;
        core->irq_mask[i] = UINT32_MAX;
        core->irq_autoclear[i] = UINT32_MAX;
        core->irq_queue_cause[i] = 0;
    }
    *csr_word(core, A_SIG_PCS_IRQ_MASK) = UINT32_MAX;

    /* The firmware brings the PCS up in the mode it advertises */
    for (i = 0; i < FBNIC_PCS_PAGES; i++) {
        uint32_t speed;

        switch (core->fw.cfg.link_speed) {
        case 25000:
            speed = FBNIC_MDIO_PCS_CTRL1_25G;
            break;
        case 100000:
            speed = FBNIC_MDIO_PCS_CTRL1_100G;
            break;
        default:
            speed = FBNIC_MDIO_PCS_CTRL1_50G;
            break;
        }
        *csr_word(core, FBNIC_PCS_BASE + i * FBNIC_PCS_PAGE_SIZE +
                  4 * FBNIC_MDIO_PCS_CTRL1) = speed;
    }

    fbnic_time_reset(core);
    fbnic_mbx_reset(core);
    fbnic_fw_reset(core);
    fbnic_txrx_reset(core);
    /* power-on values of the counters (seeded) */
    fbnic_realism_reset(core);
}
