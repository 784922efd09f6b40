/*
 * Meta fbnic host NIC emulation: data-path queue engines.
 *
 * Register model of the queue pages (ring control, pointers, doorbells,
 * per-queue counters), the Tx engine (work descriptor fetch, checksum
 * offload, segmentation, completions), the Rx engine (buffer queues,
 * header/payload placement, completions, drop policy) and the interrupt
 * managers that moderate the completion queues' MSI-X vectors.
 *
 * A frame is either fully handled or not started, so completion queues
 * and the Rx side never hold partial work: only a Tx work queue waiting
 * for completion room or device DMA (or held by the tx-hold test
 * control) reports busy in the idle words.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bitops.h"
#include "qemu/main-loop.h"
#include "hw/pci/pci_device.h"
#include "net/net.h"
#include "net/checksum.h"
#include "fbnic_core.h"
#include "fbnic_rpc_regs.h"
#include "fbnic_txrx.h"
#include "fbnic_realism.h"
#include "trace.h"

/* Largest Tx frame gathered from one set of descriptors (LSO input) */
#define FBNIC_TX_FRAME_MAX      (256 * KiB)
/* Address/length descriptors one Tx frame may use */
#define FBNIC_TX_MAX_AL         64
/* Headers an LSO frame may have in front of its payload */
#define FBNIC_TX_LSO_HDR_MAX    1280
/* Largest segment size the metadata can express */
#define FBNIC_TX_MSS_MAX        0x3fff
/* Frames the Tx engine handles per bottom-half run before yielding */
#define FBNIC_TX_BUDGET         256
/* Shortest frame the MAC puts on the wire (it pads shorter ones) */
#define FBNIC_ETH_ZLEN          60

/* Payload pages one received frame may use */
#define FBNIC_RX_MAX_PAGES      16
/* Header, payload, optional metadata and metadata descriptors */
#define FBNIC_RX_MAX_RCD        (FBNIC_RX_MAX_PAGES + 3)
/* Header and payload data start on cache-line boundaries */
#define FBNIC_RX_ALIGN          128

/* ------------------------------------------------------------------ */
/* Register helpers                                                    */
/* ------------------------------------------------------------------ */

static uint32_t *fbnic_qreg(FbnicCore *core, unsigned q, hwaddr off)
{
    return &core->csr[(FBNIC_QUEUE_BASE + q * FBNIC_QUEUE_PAGE_SIZE +
                       off) >> 2];
}

static uint32_t fbnic_q_rd(FbnicCore *core, unsigned q, hwaddr off)
{
    return *fbnic_qreg(core, q, off);
}

static uint32_t fbnic_reg(FbnicCore *core, hwaddr addr)
{
    return core->csr[addr >> 2];
}

static void fbnic_q_count(FbnicCore *core, unsigned q, hwaddr off)
{
    (*fbnic_qreg(core, q, off))++;
}

/* A size word holds log2 of the entries; 0 stands for 64K */
static uint32_t fbnic_ring_entries(FbnicCore *core, unsigned q, hwaddr size)
{
    unsigned code = fbnic_q_rd(core, q, size) & FBNIC_Q_SIZE_BITS;

    return 1u << (code ? code : 16);
}

static dma_addr_t fbnic_ring_base(FbnicCore *core, unsigned q, hwaddr bal)
{
    return ((uint64_t)fbnic_q_rd(core, q, bal + 4) << 32) |
           (fbnic_q_rd(core, q, bal) & FBNIC_Q_BAL_BITS);
}

/* A ring runs when it is enabled and not held in reset */
static bool fbnic_ring_running(FbnicCore *core, unsigned q, hwaddr ctl)
{
    uint32_t v = fbnic_q_rd(core, q, ctl);

    return (v & FBNIC_Q_CTL_ENABLE) && !(v & FBNIC_Q_CTL_RESET);
}

static bool fbnic_bus_master(FbnicCore *core)
{
    return pci_get_word(core->pdev->config + PCI_COMMAND) &
           PCI_COMMAND_MASTER;
}

static bool fbnic_can_dma_read(FbnicCore *core)
{
    return fbnic_bus_master(core) && fbnic_core_dma_read_enabled(core);
}

static bool fbnic_can_dma_write(FbnicCore *core)
{
    return fbnic_bus_master(core) && fbnic_core_dma_write_enabled(core);
}

/* Registers of one of the two Tx work queues of a queue page */
typedef struct FbnicTwqRegs {
    hwaddr ctl, tail, ptrs, size, bal, pkt_cnt, err_cnt;
} FbnicTwqRegs;

static const FbnicTwqRegs fbnic_twq_regs[FBNIC_TWQ_PER_QUEUE] = {
    { FBNIC_Q_TWQ0_CTL, FBNIC_Q_TWQ0_TAIL, FBNIC_Q_TWQ0_PTRS,
      FBNIC_Q_TWQ0_SIZE, FBNIC_Q_TWQ0_BAL, FBNIC_Q_TWQ0_PKT_CNT,
      FBNIC_Q_TWQ0_ERR_CNT },
    { FBNIC_Q_TWQ1_CTL, FBNIC_Q_TWQ1_TAIL, FBNIC_Q_TWQ1_PTRS,
      FBNIC_Q_TWQ1_SIZE, FBNIC_Q_TWQ1_BAL, FBNIC_Q_TWQ1_PKT_CNT,
      FBNIC_Q_TWQ1_ERR_CNT },
};

/* ------------------------------------------------------------------ */
/* Interrupt managers (TIM / RIM)                                      */
/* ------------------------------------------------------------------ */

static hwaddr fbnic_im_reg(const FbnicCqIrq *im, hwaddr tim, hwaddr rim)
{
    return im->rx ? rim : tim;
}

static unsigned fbnic_im_vector(FbnicCore *core, const FbnicCqIrq *im)
{
    return fbnic_q_rd(core, im->queue,
                      fbnic_im_reg(im, FBNIC_Q_TIM_CTL, FBNIC_Q_RIM_CTL)) &
           FBNIC_Q_IM_CTL_VECTOR;
}

static bool fbnic_im_masked(FbnicCore *core, const FbnicCqIrq *im)
{
    return fbnic_q_rd(core, im->queue,
                      fbnic_im_reg(im, FBNIC_Q_TIM_MASK, FBNIC_Q_RIM_MASK)) &
           FBNIC_Q_IM_BIT;
}

/* Length of one moderation timer tick, from the queue manager setup */
static int64_t fbnic_im_tick_ns(FbnicCore *core, const FbnicCqIrq *im)
{
    uint32_t ctl0 = fbnic_reg(core, im->rx ? A_QM_RCQ_CTL0 : A_QM_TCQ_CTL0);
    uint64_t cycles = FIELD_EX32(ctl0, QM_TCQ_CTL0, TICK_CYCLES);

    return muldiv64(MAX(cycles, 1), NANOSECONDS_PER_SECOND, FBNIC_DCLK_HZ);
}

/* Moderation timeout of the vector the queue is mapped to */
static int64_t fbnic_im_timeout_ns(FbnicCore *core, const FbnicCqIrq *im)
{
    hwaddr base = A_IRQ_CQ_REARM +
                  fbnic_im_vector(core, im) * FBNIC_IRQ_CQ_STRIDE;
    uint32_t ticks = fbnic_reg(core, base + (im->rx ?
                                             FBNIC_IRQ_CQ_RCQ_TIMEOUT :
                                             FBNIC_IRQ_CQ_TCQ_TIMEOUT));

    return (ticks & FBNIC_IRQ_CQ_TIMEOUT_BITS) * fbnic_im_tick_ns(core, im);
}

static void fbnic_im_fire(FbnicCore *core, FbnicCqIrq *im)
{
    unsigned vector = fbnic_im_vector(core, im);

    trace_fbnic_cq_irq(im->queue, im->rx, vector, im->count);
    timer_del(im->timer);
    im->count = 0;
    im->forced = false;
    fbnic_irq_raise_queue(core, vector);
}

/*
 * Decide whether the queue's interrupt is due: at once when software
 * forced it or the completion count reached the threshold, otherwise
 * when the moderation timer started by the first completion expires.
 */
static void fbnic_im_eval(FbnicCore *core, FbnicCqIrq *im)
{
    uint32_t thresh;
    int64_t timeout;

    if (fbnic_im_masked(core, im) || (!im->count && !im->forced)) {
        return;
    }
    thresh = fbnic_q_rd(core, im->queue,
                        fbnic_im_reg(im, FBNIC_Q_TIM_THRESHOLD,
                                     FBNIC_Q_RIM_THRESHOLD)) &
             FBNIC_Q_IM_THRESHOLD_BITS;
    timeout = fbnic_im_timeout_ns(core, im);
    if (im->forced || im->count >= thresh || !timeout) {
        fbnic_im_fire(core, im);
        return;
    }
    if (!timer_pending(im->timer)) {
        timer_mod(im->timer,
                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + timeout);
    }
}

static void fbnic_im_timer_cb(void *opaque)
{
    FbnicCqIrq *im = opaque;

    if (!fbnic_im_masked(im->core, im)) {
        fbnic_im_fire(im->core, im);
    }
}

static void fbnic_im_note(FbnicCore *core, FbnicCqIrq *im, unsigned n)
{
    im->count += n;
    fbnic_im_eval(core, im);
}

static void fbnic_im_clear(FbnicCqIrq *im)
{
    timer_del(im->timer);
    im->count = 0;
    im->forced = false;
}

/* Remaining moderation time, in timer ticks, for the status words */
static uint32_t fbnic_im_ticks_left(FbnicCore *core, const FbnicCqIrq *im)
{
    int64_t left;

    if (!timer_pending(im->timer)) {
        return 0;
    }
    left = timer_expire_time_ns(im->timer) -
           qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    return left > 0 ? left / fbnic_im_tick_ns(core, im) : 0;
}

/* Restart the timers of every queue mapped to @vector (re-arm reload) */
static void fbnic_im_reload_vector(FbnicCore *core, unsigned vector)
{
    FbnicTxRx *t = &core->txrx;
    unsigned q;

    for (q = 0; q < FBNIC_QUEUE_COUNT; q++) {
        FbnicCqIrq *ims[2] = { &t->txq[q].tim, &t->rxq[q].rim };
        unsigned i;

        for (i = 0; i < 2; i++) {
            if (fbnic_im_vector(core, ims[i]) == vector &&
                timer_pending(ims[i]->timer)) {
                timer_del(ims[i]->timer);
                fbnic_im_eval(core, ims[i]);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Completion rings                                                    */
/* ------------------------------------------------------------------ */

static uint32_t fbnic_cq_free(const FbnicCqRing *cq, uint32_t entries)
{
    return (cq->head - cq->tail - 1) & (entries - 1);
}

typedef struct FbnicCqDelayed {
    dma_addr_t addr;
    uint64_t desc;
    int64_t due;
} FbnicCqDelayed;

static void fbnic_cq_store(FbnicCore *core, dma_addr_t addr, uint64_t desc)
{
    if (stq_le_pci_dma(core->pdev, addr, desc, MEMTXATTRS_UNSPECIFIED) !=
        MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: completion write to 0x%"
                      PRIx64 " failed\n", (uint64_t)addr);
    }
}

/*
 * Write the held completions of a queue that are due, in order, and
 * count them for its interrupt manager.  While device DMA is off they
 * wait (fbnic_txrx_kick() looks again).
 */
static void fbnic_cq_delay_cb(void *opaque)
{
    FbnicCqDelay *dl = opaque;
    FbnicCore *core = dl->core;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    FbnicCqDelayed *e;
    unsigned n = 0;

    if (!fbnic_can_dma_write(core)) {
        return;
    }
    while ((e = g_queue_peek_head(dl->pending)) && e->due <= now) {
        trace_fbnic_cq_delayed_write(dl->queue, dl->rx, e->addr, e->desc);
        fbnic_cq_store(core, e->addr, e->desc);
        g_free(g_queue_pop_head(dl->pending));
        n++;
    }
    if (n) {
        fbnic_im_note(core, dl->rx ? &core->txrx.rxq[dl->queue].rim :
                                     &core->txrx.txq[dl->queue].tim, n);
    }
    if (e) {
        timer_mod(dl->timer, e->due);
    }
}

/* Forget held completions (ring or device reset) */
static void fbnic_cq_delay_drop(FbnicCqDelay *dl)
{
    if (!dl->pending) {
        return;
    }
    timer_del(dl->timer);
    while (!g_queue_is_empty(dl->pending)) {
        g_free(g_queue_pop_head(dl->pending));
    }
    dl->last_due = 0;
}

/*
 * Write one completion.  DONE is 1 on the first lap over the ring and
 * flips on every wrap, so the driver never needs to clear it.  One
 * aligned 64-bit store, so the driver never sees half a descriptor.
 * With a completion latency (realism) the store happens later, in order
 * within the queue; returns whether it was written now.
 */
static bool fbnic_cq_push(FbnicCore *core, FbnicCqRing *cq, dma_addr_t base,
                          uint32_t entries, uint64_t desc, uint64_t done,
                          FbnicCqDelay *dl)
{
    dma_addr_t addr = base + (dma_addr_t)cq->tail * 8;
    int64_t delay = fbnic_realism_completion_delay_ns(core);
    bool written = delay < 0 && g_queue_is_empty(dl->pending);

    if (!cq->wrapped) {
        desc |= done;
    }
    if (written) {
        fbnic_cq_store(core, addr, desc);
    } else {
        FbnicCqDelayed *e = g_new(FbnicCqDelayed, 1);
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

        e->addr = addr;
        e->desc = desc;
        e->due = MAX(dl->last_due, now + MAX(delay, 0));
        dl->last_due = e->due;
        g_queue_push_tail(dl->pending, e);
        trace_fbnic_cq_delayed(dl->queue, dl->rx, e->due - now);
        if (g_queue_get_length(dl->pending) == 1) {
            timer_mod(dl->timer, e->due);
        }
    }
    cq->tail = (cq->tail + 1) & (entries - 1);
    if (!cq->tail) {
        cq->wrapped = !cq->wrapped;
    }
    return written;
}

/* ------------------------------------------------------------------ */
/* Tx: wire                                                            */
/* ------------------------------------------------------------------ */

/*
 * Put one frame on the wire; @buf has room to pad it to the minimum.
 * A Tx flush (TMI drop) discards it at the MAC interface, a MAC with its
 * transmitter off or without link loses it.
 */
static void fbnic_tx_emit(FbnicCore *core, uint8_t *buf, size_t len)
{
    if (len < FBNIC_ETH_ZLEN) {
        memset(buf + len, 0, FBNIC_ETH_ZLEN - len);
        len = FBNIC_ETH_ZLEN;
    }
    if (FIELD_EX32(fbnic_reg(core, A_TMI_DROP_CTRL), TMI_DROP_CTRL, EN)) {
        trace_fbnic_tx_wire(len, "TMI drop");
        fbnic_stats_tx_drop(core, len);
        return;
    }
    if (!core->nic || !fbnic_mac_tx_enabled(core)) {
        trace_fbnic_tx_wire(len, "MAC transmit off");
        return;
    }
    trace_fbnic_tx_wire(len, "sent");
    fbnic_stats_tx_frame(core, len);
    fbnic_stats_tx_frame_dest(core, buf, len);
    qemu_send_packet(qemu_get_queue(core->nic), buf, len);
}

/* ------------------------------------------------------------------ */
/* Tx: checksum offload and segmentation                               */
/* ------------------------------------------------------------------ */

/* Header layout a metadata descriptor describes */
typedef struct FbnicTxHdrs {
    unsigned l3_type, l4_type;
    size_t l3_outer;        /* outer network header (V6V6) */
    size_t l3;              /* (inner) network header */
    size_t l4;              /* transport header */
    size_t hdr_len;         /* everything in front of the payload */
    size_t csum_off;        /* checksum field, from the transport header */
    unsigned mss;
} FbnicTxHdrs;

static void fbnic_tx_parse_meta(uint64_t meta, FbnicTxHdrs *h)
{
    size_t l2 = FBNIC_TWD_L2_HLEN(meta) * 2;
    size_t oh = FBNIC_TWD_L3_OHLEN(meta) * 2;

    h->l3_type = FBNIC_TWD_L3_TYPE(meta);
    h->l4_type = FBNIC_TWD_L4_TYPE(meta);
    h->l3_outer = l2;
    h->l3 = l2 + oh;
    h->l4 = h->l3 + FBNIC_TWD_L3_IHLEN(meta) * 2;
    h->hdr_len = h->l4 + FBNIC_TWD_L4_HLEN(meta) * 4;
    h->csum_off = FBNIC_TWD_CSUM_OFFSET(meta) * 2;
    h->mss = FBNIC_TWD_MSS(meta);
}

/*
 * Checksum offload: one's complement sum from the transport header to
 * the end, over what the stack left in the checksum field (the pseudo
 * header sum), stored at the given offset.  A zero result is sent as
 * 0xffff, which means the same to TCP and is required by UDP.
 */
static bool fbnic_tx_csum(uint8_t *frame, size_t len, const FbnicTxHdrs *h)
{
    uint32_t sum;

    if (h->l4 >= len || h->l4 + h->csum_off + 2 > len) {
        return false;
    }
    sum = net_checksum_add(len - h->l4, frame + h->l4);
    stw_be_p(frame + h->l4 + h->csum_off, net_checksum_finish_nozero(sum));
    return true;
}

static bool fbnic_ipv4_valid(const uint8_t *ip, size_t room)
{
    unsigned ihl = (ip[0] & 0xf) * 4;

    return room >= 20 && (ip[0] >> 4) == 4 && ihl >= 20 && ihl <= room;
}

static bool fbnic_ipv6_valid(const uint8_t *ip, size_t room)
{
    return room >= 40 && (ip[0] >> 4) == 6;
}

/* Whether the network headers are what the metadata says they are */
static bool fbnic_lso_l3_valid(const uint8_t *frame, const FbnicTxHdrs *h)
{
    switch (h->l3_type) {
    case FBNIC_TWD_L3_IPV4:
        return fbnic_ipv4_valid(frame + h->l3, h->l4 - h->l3);
    case FBNIC_TWD_L3_IPV6:
        return fbnic_ipv6_valid(frame + h->l3, h->l4 - h->l3);
    case FBNIC_TWD_L3_V6V6:
        return fbnic_ipv6_valid(frame + h->l3_outer, h->l3 - h->l3_outer) &&
               fbnic_ipv6_valid(frame + h->l3, h->l4 - h->l3);
    default:
        /* headers the stack prepared for every segment (GSO partial) */
        return true;
    }
}

static void fbnic_ipv4_fix(uint8_t *ip, size_t tot_len, unsigned id_add)
{
    unsigned ihl = (ip[0] & 0xf) * 4;

    stw_be_p(ip + 2, tot_len);
    stw_be_p(ip + 4, lduw_be_p(ip + 4) + id_add);
    stw_be_p(ip + 10, 0);
    stw_be_p(ip + 10, net_checksum_finish(net_checksum_add(ihl, ip)));
}

/* Lengths (and IPv4 id and checksum) of segment @idx */
static void fbnic_lso_fix_l3(FbnicCore *core, uint8_t *seg, size_t len,
                             const FbnicTxHdrs *h, unsigned idx)
{
    bool inc_id = FIELD_EX32(fbnic_reg(core, A_TCE_LSO_CTRL), TCE_LSO_CTRL,
                             IPID_MODE_INC);

    switch (h->l3_type) {
    case FBNIC_TWD_L3_IPV4:
        fbnic_ipv4_fix(seg + h->l3, len - h->l3, inc_id ? idx : 0);
        break;
    case FBNIC_TWD_L3_V6V6:
        stw_be_p(seg + h->l3_outer + 4, len - h->l3_outer - 40);
        /* fall through */
    case FBNIC_TWD_L3_IPV6:
        stw_be_p(seg + h->l3 + 4, len - h->l3 - 40);
        break;
    }
}

/*
 * TCP sequence number and flags, UDP length, and the transport checksum
 * of segment @idx of @nseg.  The stack left the pseudo header sum
 * without the length in the checksum field; each segment adds its own.
 */
static void fbnic_lso_fix_l4(FbnicCore *core, uint8_t *seg, size_t len,
                             const FbnicTxHdrs *h, unsigned idx,
                             unsigned nseg, size_t payload_off)
{
    uint32_t lso = fbnic_reg(core, A_TCE_LSO_CTRL);
    uint8_t *l4 = seg + h->l4;
    size_t l4_len = len - h->l4;
    size_t csum_at;
    uint32_t sum;

    if (h->l4_type == FBNIC_TWD_L4_TCP) {
        uint32_t clr, flags;

        if (nseg == 1) {
            clr = FIELD_EX32(lso, TCE_LSO_CTRL, TCPF_CLR_1ST) &
                  FIELD_EX32(lso, TCE_LSO_CTRL, TCPF_CLR_END);
        } else if (idx == 0) {
            clr = FIELD_EX32(lso, TCE_LSO_CTRL, TCPF_CLR_1ST);
        } else if (idx == nseg - 1) {
            clr = FIELD_EX32(lso, TCE_LSO_CTRL, TCPF_CLR_END);
        } else {
            clr = FIELD_EX32(lso, TCE_LSO_CTRL, TCPF_CLR_MID);
        }
        stl_be_p(l4 + 4, ldl_be_p(l4 + 4) + payload_off);
        /* nine flag bits: NS in byte 12, the others in byte 13 */
        flags = ((l4[12] & 1) << 8 | l4[13]) & ~clr;
        l4[12] = (l4[12] & ~1) | (flags >> 8);
        l4[13] = flags;
        csum_at = 16;
    } else {
        stw_be_p(l4 + 4, l4_len);
        csum_at = 6;
    }
    sum = net_checksum_add(l4_len, l4) + l4_len;
    stw_be_p(l4 + csum_at, net_checksum_finish_nozero(sum));
}

static const char *fbnic_lso_check(FbnicCore *core, const uint8_t *frame,
                                   size_t len, const FbnicTxHdrs *h)
{
    uint32_t mtu = FIELD_EX32(fbnic_reg(core, A_QM_TQS_MTU_CTL0),
                              QM_TQS_MTU_CTL0, MTU);
    size_t l4_min;

    switch (h->l4_type) {
    case FBNIC_TWD_L4_TCP:
        l4_min = 20;
        break;
    case FBNIC_TWD_L4_UDP:
        l4_min = 8;
        break;
    default:
        return "LSO without a TCP or UDP header";
    }
    if (!h->mss) {
        return "LSO with a zero MSS";
    }
    if (h->hdr_len - h->l4 < l4_min || h->hdr_len > FBNIC_TX_LSO_HDR_MAX ||
        h->hdr_len > len) {
        return "LSO header lengths do not fit the frame";
    }
    if (mtu && h->hdr_len + h->mss > mtu) {
        return "LSO segments larger than the Tx MTU";
    }
    if (!fbnic_lso_l3_valid(frame, h)) {
        return "LSO network header does not match the metadata";
    }
    return NULL;
}

/* Cut a large frame into MSS-sized segments and send each */
static const char *fbnic_tx_lso(FbnicCore *core, uint8_t *frame, size_t len,
                                const FbnicTxHdrs *h)
{
    uint8_t *seg = core->txrx.segment;
    size_t payload = len - h->hdr_len, off = 0;
    unsigned nseg, i;
    const char *why;

    why = fbnic_lso_check(core, frame, len, h);
    if (why) {
        return why;
    }
    nseg = payload ? DIV_ROUND_UP(payload, h->mss) : 1;
    for (i = 0; i < nseg; i++) {
        size_t chunk = MIN(h->mss, payload - off);
        size_t seg_len = h->hdr_len + chunk;

        memcpy(seg, frame, h->hdr_len);
        memcpy(seg + h->hdr_len, frame + h->hdr_len + off, chunk);
        fbnic_lso_fix_l3(core, seg, seg_len, h, i);
        fbnic_lso_fix_l4(core, seg, seg_len, h, i, nseg, off);
        fbnic_tx_emit(core, seg, seg_len);
        off += chunk;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Tx: work queues                                                     */
/* ------------------------------------------------------------------ */

typedef struct FbnicTxFrame {
    uint64_t meta;
    uint32_t end;           /* index after the frame's last descriptor */
    unsigned n_al;
    uint64_t al[FBNIC_TX_MAX_AL];
    size_t len;
    const char *bad;        /* why the frame cannot be sent, or NULL */
} FbnicTxFrame;

typedef enum FbnicFetch {
    FBNIC_FETCH_FRAME,      /* descriptors of a whole frame (maybe bad) */
    FBNIC_FETCH_PARTIAL,    /* the doorbell stops inside a frame */
    FBNIC_FETCH_FAILED,     /* a descriptor could not be read */
} FbnicFetch;

static uint64_t fbnic_tx_default_meta(FbnicCore *core)
{
    return ((uint64_t)fbnic_reg(core, A_QM_TWQ_DEFAULT_META_H) << 32) |
           fbnic_reg(core, A_QM_TWQ_DEFAULT_META_L);
}

/*
 * Read ahead the work the doorbell announced (descriptor prefetch, with
 * the realism seed): later rewrites of those descriptors go unseen
 */
static void fbnic_twq_prefetch(FbnicCore *core, unsigned q, unsigned w)
{
    const FbnicTwqRegs *r = &fbnic_twq_regs[w];
    unsigned depth = fbnic_realism_prefetch_depth(core);
    FbnicTxQueue *tq = &core->txrx.txq[q];
    uint32_t entries;

    if (!depth || !fbnic_ring_running(core, q, r->ctl) ||
        !fbnic_can_dma_read(core)) {
        return;
    }
    entries = fbnic_ring_entries(core, q, r->size);
    fbnic_prefetch_fill(core->pdev, &tq->pf[w],
                        fbnic_ring_base(core, q, r->bal), entries - 1,
                        tq->head[w], tq->tail[w], depth);
}

/*
 * Collect the descriptors of the next frame: a metadata descriptor
 * (or the queue manager's default metadata when the frame starts with
 * data), optional metadata, then address/length descriptors up to the
 * one marked last.  A frame interrupted by a new metadata descriptor
 * ends there and is discarded.
 */
static FbnicFetch fbnic_twq_fetch(FbnicCore *core, unsigned q, unsigned w,
                                  FbnicTxFrame *f)
{
    const FbnicTwqRegs *r = &fbnic_twq_regs[w];
    FbnicTxQueue *tq = &core->txrx.txq[q];
    uint32_t mask = fbnic_ring_entries(core, q, r->size) - 1;
    dma_addr_t base = fbnic_ring_base(core, q, r->bal);
    uint32_t idx = tq->head[w];
    bool have_meta = false;

    f->meta = fbnic_tx_default_meta(core);
    f->n_al = 0;
    f->len = 0;
    f->bad = NULL;

    while (idx != tq->tail[w]) {
        uint64_t d;

        if (fbnic_prefetch_read(core->pdev, &tq->pf[w], base, mask, idx,
                                &d) != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR, "fbnic: queue %u TWQ%u "
                          "descriptor %u read failed\n", q, w, idx);
            return FBNIC_FETCH_FAILED;
        }
        switch (FBNIC_TWD_TYPE(d)) {
        case FBNIC_TWD_TYPE_META:
            if (have_meta || f->n_al) {
                f->bad = "frame ends without a last address descriptor";
                f->end = idx;
                return FBNIC_FETCH_FRAME;
            }
            f->meta = d;
            have_meta = true;
            break;
        case FBNIC_TWD_TYPE_OPT_META:
            if (f->n_al) {
                f->bad = "optional metadata inside the frame data";
                f->end = idx;
                return FBNIC_FETCH_FRAME;
            }
            break;
        default:
            if (f->n_al < FBNIC_TX_MAX_AL) {
                f->al[f->n_al] = d;
            } else {
                f->bad = "too many address descriptors";
            }
            f->n_al++;
            f->len += FBNIC_TWD_LEN(d);
            if (FBNIC_TWD_TYPE(d) == FBNIC_TWD_TYPE_LAST_AL) {
                f->end = (idx + 1) & mask;
                return FBNIC_FETCH_FRAME;
            }
            break;
        }
        idx = (idx + 1) & mask;
    }
    return FBNIC_FETCH_PARTIAL;
}

/* DMA the frame's buffers into the gather buffer */
static bool fbnic_tx_gather(FbnicCore *core, FbnicTxFrame *f)
{
    size_t off = 0;
    unsigned i;

    if (f->len > FBNIC_TX_FRAME_MAX) {
        f->bad = "frame larger than the Tx engine takes";
        return false;
    }
    for (i = 0; i < f->n_al; i++) {
        dma_addr_t addr = FBNIC_TWD_ADDR(f->al[i]);
        size_t len = FBNIC_TWD_LEN(f->al[i]);

        if (pci_dma_read(core->pdev, addr, core->txrx.frame + off, len) !=
            MEMTX_OK) {
            f->bad = "frame data read failed";
            return false;
        }
        off += len;
    }
    return true;
}

/* Offloads and transmission of one gathered frame */
static void fbnic_tx_process(FbnicCore *core, FbnicTxFrame *f)
{
    uint64_t meta = f->meta;
    uint8_t *frame = core->txrx.frame;
    uint32_t mtu = FIELD_EX32(fbnic_reg(core, A_QM_TQS_MTU_CTL0),
                              QM_TQS_MTU_CTL0, MTU);
    FbnicTxHdrs h;

    if (!fbnic_tx_gather(core, f)) {
        return;
    }
    /* frames for the BMC or the firmware have no receiver here */
    if ((meta & (FBNIC_TWD_FLAG_DEST_BMC | FBNIC_TWD_FLAG_DEST_FW)) &&
        !(meta & FBNIC_TWD_FLAG_DEST_MAC)) {
        return;
    }
    fbnic_tx_parse_meta(meta, &h);
    if (meta & FBNIC_TWD_FLAG_REQ_LSO) {
        f->bad = fbnic_tx_lso(core, frame, f->len, &h);
        return;
    }
    if (mtu && f->len > mtu) {
        f->bad = "frame larger than the Tx MTU";
        return;
    }
    if ((meta & FBNIC_TWD_FLAG_REQ_CSO) && !fbnic_tx_csum(frame, f->len, &h)) {
        f->bad = "checksum offsets outside the frame";
        return;
    }
    fbnic_tx_emit(core, frame, f->len);
}

static uint64_t fbnic_tx_head_tcd(unsigned w, uint32_t head)
{
    return (FBNIC_TCD_TYPE_HEAD << FBNIC_TCD_TYPE_SHIFT) |
           (w ? FBNIC_TCD_TWQ1 | FBNIC_TCD_HEAD1(head) :
                FBNIC_TCD_HEAD0(head));
}

typedef enum FbnicTwqState {
    FBNIC_TWQ_DRAINED,      /* nothing left to do until the next doorbell */
    FBNIC_TWQ_STALLED,      /* waiting for TCQ room, DMA or enables */
    FBNIC_TWQ_BUDGET,       /* more work, yield to the main loop */
} FbnicTwqState;

/* Whether the completions of the next frame can be written */
static bool fbnic_tcq_ready(FbnicCore *core, unsigned q, unsigned need)
{
    FbnicTxQueue *tq = &core->txrx.txq[q];

    if (!need) {
        return true;
    }
    return fbnic_ring_running(core, q, FBNIC_Q_TCQ_CTL) &&
           fbnic_can_dma_write(core) &&
           fbnic_cq_free(&tq->tcq, fbnic_ring_entries(core, q,
                                                     FBNIC_Q_TCQ_SIZE)) >=
           need;
}

/* Returns 1 if written now, 0 if held back (completion latency) */
static unsigned fbnic_tcq_push(FbnicCore *core, unsigned q, uint64_t tcd)
{
    FbnicTxQueue *tq = &core->txrx.txq[q];

    trace_fbnic_tcq_write(q, tq->tcq.tail, tcd);
    return fbnic_cq_push(core, &tq->tcq,
                         fbnic_ring_base(core, q, FBNIC_Q_TCQ_BAL),
                         fbnic_ring_entries(core, q, FBNIC_Q_TCQ_SIZE), tcd,
                         FBNIC_TCD_DONE, &tq->tcq_delay);
}

/*
 * Timestamp completion of a frame that asked for one.  Without a running
 * time counter the stamp is marked invalid; only TWQ0 carries stamps.
 */
static unsigned fbnic_tx_timestamp(FbnicCore *core, unsigned q, unsigned w)
{
    uint64_t tcd = (FBNIC_TCD_TYPE_TS << FBNIC_TCD_TYPE_SHIFT) |
                   FBNIC_TCD_TS(fbnic_core_time_ns(core));

    if (w) {
        fbnic_stats_tx_ts(core, FBNIC_TX_TS_ILLEGAL);
        return 0;
    }
    if (!core->time.running) {
        tcd |= FBNIC_TCD_STATUS_TS_INVALID;
        fbnic_stats_tx_ts(core, FBNIC_TX_TS_BAD);
    } else {
        fbnic_stats_tx_ts(core, FBNIC_TX_TS_GOOD);
    }
    return fbnic_tcq_push(core, q, tcd);
}

/*
 * Completions of a handled frame: its timestamp, then the new head.  The
 * part writes the two from different engines, so either may come first;
 * with a realism seed the order is drawn per frame.
 */
static void fbnic_tx_complete(FbnicCore *core, unsigned q, unsigned w,
                              const FbnicTxFrame *f)
{
    FbnicTxQueue *tq = &core->txrx.txq[q];
    bool ts = f->meta & FBNIC_TWD_FLAG_REQ_TS;
    bool head = f->meta & FBNIC_TWD_FLAG_REQ_COMPLETION;
    bool head_first = ts && head && fbnic_realism_tx_head_first(core);
    unsigned n = 0;

    if (head_first) {
        n += fbnic_tcq_push(core, q, fbnic_tx_head_tcd(w, tq->head[w]));
    }
    if (ts) {
        n += fbnic_tx_timestamp(core, q, w);
    }
    if (head && !head_first) {
        n += fbnic_tcq_push(core, q, fbnic_tx_head_tcd(w, tq->head[w]));
    }
    if (n) {
        fbnic_im_note(core, &tq->tim, n);
    }
}

static FbnicTwqState fbnic_twq_service(FbnicCore *core, unsigned q,
                                       unsigned w, unsigned *budget)
{
    const FbnicTwqRegs *r = &fbnic_twq_regs[w];
    FbnicTxQueue *tq = &core->txrx.txq[q];
    FbnicTxFrame f;

    if (!fbnic_ring_running(core, q, r->ctl) || !fbnic_can_dma_read(core)) {
        trace_fbnic_tx_stall(q, w, "ring stopped or DMA off");
        return FBNIC_TWQ_STALLED;
    }
    if (core->txrx.tx_hold) {
        trace_fbnic_tx_stall(q, w, "held (tx-hold)");
        return FBNIC_TWQ_STALLED;
    }
    /* the ring may have been shrunk under pointers set for a larger one */
    if (MAX(tq->head[w], tq->tail[w]) >= fbnic_ring_entries(core, q,
                                                           r->size)) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: queue %u TWQ%u pointers "
                      "%u/%u outside the ring; ring stopped\n", q, w,
                      tq->head[w], tq->tail[w]);
        return FBNIC_TWQ_STALLED;
    }
    while (tq->head[w] != tq->tail[w]) {
        unsigned need;

        if (!*budget) {
            return FBNIC_TWQ_BUDGET;
        }
        switch (fbnic_twq_fetch(core, q, w, &f)) {
        case FBNIC_FETCH_PARTIAL:
            return FBNIC_TWQ_DRAINED;
        case FBNIC_FETCH_FAILED:
            return FBNIC_TWQ_STALLED;
        default:
            break;
        }
        need = !!(f.meta & FBNIC_TWD_FLAG_REQ_TS) +
               !!(f.meta & FBNIC_TWD_FLAG_REQ_COMPLETION);
        if (!fbnic_tcq_ready(core, q, need)) {
            trace_fbnic_tx_stall(q, w, "no completion room");
            return FBNIC_TWQ_STALLED;
        }
        (*budget)--;
        trace_fbnic_tx_frame(q, w, tq->head[w], f.end, f.len, f.meta);
        if (!f.bad) {
            fbnic_tx_process(core, &f);
        }
        if (f.bad) {
            qemu_log_mask(LOG_GUEST_ERROR, "fbnic: queue %u TWQ%u frame at "
                          "descriptor %u dropped: %s\n", q, w, tq->head[w],
                          f.bad);
            trace_fbnic_tx_bad_frame(q, w, tq->head[w], f.bad);
            fbnic_q_count(core, q, r->err_cnt);
        } else {
            fbnic_q_count(core, q, r->pkt_cnt);
        }
        tq->head[w] = f.end;
        fbnic_twq_prefetch(core, q, w);
        fbnic_tx_complete(core, q, w, &f);
    }
    return FBNIC_TWQ_DRAINED;
}

static void fbnic_tx_bh(void *opaque)
{
    FbnicCore *core = opaque;
    FbnicTxRx *t = &core->txrx;
    unsigned budget = FBNIC_TX_BUDGET;
    unsigned long n;

    for (n = find_first_bit(t->tx_pending, FBNIC_QUEUE_COUNT * 2);
         n < FBNIC_QUEUE_COUNT * 2;
         n = find_next_bit(t->tx_pending, FBNIC_QUEUE_COUNT * 2, n + 1)) {
        clear_bit(n, t->tx_pending);
        if (fbnic_twq_service(core, n / 2, n % 2, &budget) ==
            FBNIC_TWQ_BUDGET) {
            set_bit(n, t->tx_pending);
            qemu_bh_schedule(t->tx_bh);
            return;
        }
    }
}

static void fbnic_tx_schedule(FbnicCore *core, unsigned q, unsigned w)
{
    FbnicTxRx *t = &core->txrx;

    if (t->txq[q].head[w] == t->txq[q].tail[w]) {
        return;
    }
    set_bit(q * 2 + w, t->tx_pending);
    qemu_bh_schedule(t->tx_bh);
}

/* Resume every work queue of queue page @q that has work waiting */
static void fbnic_tx_kick_queue(FbnicCore *core, unsigned q)
{
    unsigned w;

    for (w = 0; w < FBNIC_TWQ_PER_QUEUE; w++) {
        fbnic_tx_schedule(core, q, w);
    }
}

/* ------------------------------------------------------------------ */
/* Rx: placement                                                       */
/* ------------------------------------------------------------------ */

typedef enum FbnicRxResult {
    FBNIC_RX_DONE,          /* delivered or dropped */
    FBNIC_RX_HOLD,          /* no room, and the queue waits for it */
} FbnicRxResult;

/* How a frame is laid out over header and payload buffers */
typedef struct FbnicRxLayout {
    size_t hdr_len;         /* bytes in the header buffer */
    size_t pay_len;         /* bytes in payload pages */
    unsigned pages;         /* payload pages used */
    unsigned ndesc;         /* completions written */
    uint32_t hroom, troom;  /* room the driver keeps around headers */
    uint32_t pad;           /* bytes in front of the header data */
    uint32_t first_off;     /* where the first header of a page goes */
    uint32_t hdr_cap;       /* most header bytes one buffer takes */
} FbnicRxLayout;

/*
 * Split the frame between the header buffer and payload pages as the
 * queue's RDE settings say.  Frames up to the header limit go whole into
 * the header buffer unless header split is forced; longer ones are cut
 * where the classifier's DMA hint says the headers end (or at the
 * limit), and the rest goes to 4 KiB payload pages.
 */
static bool fbnic_rx_layout(FbnicCore *core, unsigned q,
                            const FbnicRxVerdict *v, size_t len,
                            FbnicRxLayout *l)
{
    uint32_t ctl0 = fbnic_q_rd(core, q, FBNIC_Q_RDE_CTL0);
    uint32_t ctl1 = fbnic_q_rd(core, q, FBNIC_Q_RDE_CTL1);
    uint32_t max_hdr = FBNIC_Q_RDE_CTL1_MAX_HDR(ctl1);
    int64_t room;

    l->hroom = FBNIC_Q_RDE_CTL0_MIN_HROOM(ctl0);
    l->troom = FBNIC_Q_RDE_CTL0_MIN_TROOM(ctl0);
    l->pad = FBNIC_Q_RDE_CTL1_PADLEN(ctl1);
    l->first_off = ROUND_UP(l->hroom, FBNIC_RX_ALIGN);
    room = (int64_t)FBNIC_BD_PAGE_SIZE - l->first_off - l->troom - l->pad;
    if (room <= 0 || !max_hdr) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: queue %u RDE setup leaves no "
                      "room for headers (max %u, headroom %u, tailroom %u)\n",
                      q, max_hdr, l->hroom, l->troom);
        return false;
    }
    l->hdr_cap = MIN(max_hdr, room);

    if (!(ctl0 & FBNIC_Q_RDE_CTL0_EN_HDR_SPLIT) && len <= l->hdr_cap) {
        l->hdr_len = len;
    } else if (v->hdr_len && v->hdr_len <= l->hdr_cap) {
        l->hdr_len = MIN(v->hdr_len, len);
    } else {
        l->hdr_len = MIN(len, l->hdr_cap);
    }
    l->pay_len = len - l->hdr_len;
    l->pages = DIV_ROUND_UP(l->pay_len, FBNIC_BD_PAGE_SIZE);
    l->ndesc = 2 + l->pages + (v->ts_req || v->report_act ? 1 : 0);
    return l->pages <= FBNIC_RX_MAX_PAGES;
}

static uint32_t fbnic_bdq_avail(uint32_t head, uint32_t tail,
                                uint32_t entries)
{
    return (tail - head) & (entries - 1);
}

/*
 * Read ahead the buffers the driver posted (descriptor prefetch, with the
 * realism seed) to the header (@ppq false) or payload buffer queue
 */
static void fbnic_bdq_prefetch(FbnicCore *core, unsigned q, bool ppq)
{
    hwaddr size = ppq ? FBNIC_Q_BDQ_PPQ_SIZE : FBNIC_Q_BDQ_HPQ_SIZE;
    hwaddr bal = ppq ? FBNIC_Q_BDQ_PPQ_BAL : FBNIC_Q_BDQ_HPQ_BAL;
    unsigned depth = fbnic_realism_prefetch_depth(core);
    FbnicRxQueue *rq = &core->txrx.rxq[q];

    if (!depth || !fbnic_ring_running(core, q, FBNIC_Q_BDQ_CTL) ||
        !fbnic_can_dma_read(core)) {
        return;
    }
    fbnic_prefetch_fill(core->pdev, ppq ? &rq->ppq_pf : &rq->hpq_pf,
                        fbnic_ring_base(core, q, bal),
                        fbnic_ring_entries(core, q, size) - 1,
                        ppq ? rq->ppq_head : rq->hpq_head,
                        ppq ? rq->ppq_tail : rq->hpq_tail, depth);
}

/*
 * Take a buffer from the header (@ppq false) or payload buffer queue.
 * One whose descriptor cannot be read is still consumed (reported under
 * its ring slot) but gets no data.
 */
static FbnicRxBuf fbnic_bdq_take(FbnicCore *core, unsigned q, bool ppq)
{
    hwaddr size = ppq ? FBNIC_Q_BDQ_PPQ_SIZE : FBNIC_Q_BDQ_HPQ_SIZE;
    hwaddr bal = ppq ? FBNIC_Q_BDQ_PPQ_BAL : FBNIC_Q_BDQ_HPQ_BAL;
    FbnicRxQueue *rq = &core->txrx.rxq[q];
    uint32_t *head = ppq ? &rq->ppq_head : &rq->hpq_head;
    uint32_t mask = fbnic_ring_entries(core, q, size) - 1;
    dma_addr_t base = fbnic_ring_base(core, q, bal);
    FbnicRxBuf b = { .id = *head };
    uint32_t idx = *head;
    MemTxResult res;
    uint64_t bd;

    res = fbnic_prefetch_read(core->pdev, ppq ? &rq->ppq_pf : &rq->hpq_pf,
                              base, mask, idx, &bd);
    *head = (idx + 1) & mask;
    fbnic_bdq_prefetch(core, q, ppq);
    if (res != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: queue %u buffer descriptor "
                      "read at 0x%" PRIx64 " failed\n", q,
                      (uint64_t)(base + (dma_addr_t)idx * 8));
        return b;
    }
    b.readable = true;
    b.page = FBNIC_BD_PAGE_ADDR(bd);
    b.id = FBNIC_BD_ID(bd);
    return b;
}

static void fbnic_rx_write(FbnicCore *core, unsigned q, const FbnicRxBuf *b,
                           uint32_t off, const uint8_t *data, size_t len)
{
    dma_addr_t addr = b->page + off;

    if (!b->readable) {
        return;
    }
    if (pci_dma_write(core->pdev, addr, data, len) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: queue %u Rx buffer write of "
                      "%zu bytes at 0x%" PRIx64 " failed\n", q, len,
                      (uint64_t)addr);
    }
}

/*
 * Copy the headers into the open header page (opening the next one if
 * needed).  Headers of later frames follow in the same page, each at a
 * cache-line boundary with the driver's head- and tailroom kept free;
 * the page is finished once another full-size header would not fit.
 */
static uint64_t fbnic_rx_put_header(FbnicCore *core, unsigned q,
                                    const FbnicRxLayout *l,
                                    const uint8_t *buf, uint8_t dma_hint)
{
    FbnicRxQueue *rq = &core->txrx.rxq[q];
    uint32_t off, next;
    uint64_t rcd;

    if (!rq->hdr_open) {
        rq->hdr_buf = fbnic_bdq_take(core, q, false);
        rq->hdr_off = l->first_off;
        rq->hdr_open = true;
    }
    off = rq->hdr_off;
    fbnic_rx_write(core, q, &rq->hdr_buf, off + l->pad, buf, l->hdr_len);

    rcd = (FBNIC_RCD_TYPE_HDR_AL << FBNIC_RCD_TYPE_SHIFT) |
          FBNIC_RCD_AL_BUFF_ID(rq->hdr_buf.id) |
          FBNIC_RCD_AL_BUFF_LEN(l->pad + l->hdr_len) |
          FBNIC_RCD_AL_BUFF_OFF(off) |
          FBNIC_RCD_HDR_AL_DMA_HINT(dma_hint);

    next = ROUND_UP(off + l->pad + l->hdr_len + l->troom + l->hroom,
                    FBNIC_RX_ALIGN);
    if (next + l->pad + l->hdr_cap + l->troom > FBNIC_BD_PAGE_SIZE) {
        rcd |= FBNIC_RCD_AL_PAGE_FIN;
        rq->hdr_open = false;
    } else {
        rq->hdr_off = next;
    }
    return rcd;
}

/* Copy the rest of the frame into fresh payload pages, one per 4 KiB */
static unsigned fbnic_rx_put_payload(FbnicCore *core, unsigned q,
                                     const FbnicRxLayout *l,
                                     const uint8_t *buf, uint64_t *rcd)
{
    size_t off = 0;
    unsigned n = 0;

    while (off < l->pay_len) {
        size_t chunk = MIN(l->pay_len - off, FBNIC_BD_PAGE_SIZE);
        FbnicRxBuf b = fbnic_bdq_take(core, q, true);

        fbnic_rx_write(core, q, &b, 0, buf + off, chunk);
        rcd[n++] = (FBNIC_RCD_TYPE_PAY_AL << FBNIC_RCD_TYPE_SHIFT) |
                   FBNIC_RCD_AL_BUFF_ID(b.id) |
                   FBNIC_RCD_AL_BUFF_LEN(chunk) |
                   FBNIC_RCD_AL_BUFF_OFF(0) | FBNIC_RCD_AL_PAGE_FIN;
        off += chunk;
    }
    return n;
}

/* Optional metadata (type 0): Rx timestamp and matching action entry */
static uint64_t fbnic_rx_opt_meta_rcd(FbnicCore *core,
                                      const FbnicRxVerdict *v)
{
    uint64_t rcd = FBNIC_RCD_TYPE_OPT_META << FBNIC_RCD_TYPE_SHIFT;

    if (v->ts_req) {
        rcd |= FBNIC_RCD_OPT_META_TS_VALID |
               FBNIC_RCD_OPT_META_TS(fbnic_core_time_ns(core));
    }
    /* the default action has no table index to report */
    if (v->report_act && v->act_idx < FBNIC_RCD_OPT_META_ACT_ENTRIES) {
        rcd |= FBNIC_RCD_OPT_META_ACT_VALID |
               FBNIC_RCD_OPT_META_ACT(v->act_idx);
    }
    return rcd;
}

static uint64_t fbnic_rx_meta_rcd(const FbnicRxVerdict *v)
{
    uint64_t rcd = (FBNIC_RCD_TYPE_META << FBNIC_RCD_TYPE_SHIFT) |
                   FBNIC_RCD_META_RSS_HASH(v->rss_hash) |
                   FBNIC_RCD_META_L2_CSUM(v->l2_csum) |
                   FBNIC_RCD_META_L3_TYPE(v->l3_type) |
                   FBNIC_RCD_META_L4_TYPE(v->l4_type);

    if (v->l4_csum_ok) {
        rcd |= FBNIC_RCD_META_L4_CSUM_OK;
    }
    if (v->parser_error) {
        rcd |= FBNIC_RCD_META_ERR_PARSER;
    }
    return rcd;
}

typedef enum FbnicRxRoom {
    FBNIC_ROOM_OK,
    FBNIC_ROOM_DROP,        /* dropped and counted */
    FBNIC_ROOM_WAIT,        /* the queue's drop mode says wait */
} FbnicRxRoom;

/*
 * Whether the queue has the buffers and completions the frame needs.
 * When it has not, the queue's drop mode decides: drop at once and
 * count it against the buffer or completion queue, or make the wire
 * wait until the driver catches up.
 */
static FbnicRxRoom fbnic_rx_room(FbnicCore *core, unsigned q,
                                 const FbnicRxLayout *l, size_t len)
{
    FbnicRxQueue *rq = &core->txrx.rxq[q];
    uint32_t hpq = fbnic_bdq_avail(rq->hpq_head, rq->hpq_tail,
                                   fbnic_ring_entries(core, q,
                                                      FBNIC_Q_BDQ_HPQ_SIZE));
    uint32_t ppq = fbnic_bdq_avail(rq->ppq_head, rq->ppq_tail,
                                   fbnic_ring_entries(core, q,
                                                      FBNIC_Q_BDQ_PPQ_SIZE));
    uint32_t cq = fbnic_cq_free(&rq->rcq,
                                fbnic_ring_entries(core, q, FBNIC_Q_RCQ_SIZE));
    bool bdq_short = (!rq->hdr_open && !hpq) || ppq < l->pages;
    bool cq_short = cq < l->ndesc;
    uint32_t mode;

    if (!bdq_short && !cq_short) {
        return FBNIC_ROOM_OK;
    }
    mode = FBNIC_Q_RDE_CTL0_DROP_MODE(fbnic_q_rd(core, q, FBNIC_Q_RDE_CTL0));
    if (mode != FBNIC_Q_RDE_DROP_IMMEDIATE) {
        trace_fbnic_rx_hold(q, len, bdq_short ? "buffers" : "completions");
        return FBNIC_ROOM_WAIT;
    }
    trace_fbnic_rx_drop(q, len, bdq_short ? "no buffers" : "no completions");
    fbnic_q_count(core, q, bdq_short ? FBNIC_Q_RDE_BDQ_DROP_CNT :
                                       FBNIC_Q_RDE_CQ_DROP_CNT);
    return FBNIC_ROOM_DROP;
}

static void fbnic_rcq_push_all(FbnicCore *core, unsigned q,
                               const uint64_t *rcd, unsigned n)
{
    FbnicRxQueue *rq = &core->txrx.rxq[q];
    dma_addr_t base = fbnic_ring_base(core, q, FBNIC_Q_RCQ_BAL);
    uint32_t entries = fbnic_ring_entries(core, q, FBNIC_Q_RCQ_SIZE);
    unsigned i, now = 0;

    for (i = 0; i < n; i++) {
        trace_fbnic_rcq_write(q, rq->rcq.tail, rcd[i]);
        now += fbnic_cq_push(core, &rq->rcq, base, entries, rcd[i],
                             FBNIC_RCD_DONE, &rq->rcq_delay);
    }
    if (now) {
        fbnic_im_note(core, &rq->rim, now);
    }
}

static FbnicRxResult fbnic_rx_deliver(FbnicCore *core,
                                      const FbnicRxVerdict *v,
                                      const uint8_t *buf, size_t len)
{
    unsigned q = v->queue;
    uint64_t rcd[FBNIC_RX_MAX_RCD];
    FbnicRxLayout l;
    unsigned n = 0;

    if (q >= FBNIC_QUEUE_COUNT) {
        trace_fbnic_rx_drop(q, len, "no such queue");
        return FBNIC_RX_DONE;
    }
    if (!fbnic_ring_running(core, q, FBNIC_Q_RCQ_CTL) ||
        !fbnic_ring_running(core, q, FBNIC_Q_BDQ_CTL)) {
        trace_fbnic_rx_drop(q, len, "queue disabled");
        return FBNIC_RX_DONE;
    }
    if (!fbnic_can_dma_write(core) || !fbnic_can_dma_read(core)) {
        trace_fbnic_rx_drop(q, len, "device DMA disabled");
        return FBNIC_RX_DONE;
    }
    if (!fbnic_rx_layout(core, q, v, len, &l) ||
        (l.pages && !(fbnic_q_rd(core, q, FBNIC_Q_BDQ_CTL) &
                      FBNIC_Q_BDQ_CTL_PPQ_ENABLE))) {
        trace_fbnic_rx_drop(q, len, "frame does not fit the buffers");
        fbnic_q_count(core, q, FBNIC_Q_RDE_PKT_ERR_CNT);
        return FBNIC_RX_DONE;
    }
    switch (fbnic_rx_room(core, q, &l, len)) {
    case FBNIC_ROOM_WAIT:
        return FBNIC_RX_HOLD;
    case FBNIC_ROOM_DROP:
        return FBNIC_RX_DONE;
    default:
        break;
    }

    trace_fbnic_rx_frame(q, len, l.hdr_len, l.pages);
    rcd[n++] = fbnic_rx_put_header(core, q, &l, buf, v->dma_hint);
    n += fbnic_rx_put_payload(core, q, &l, buf + l.hdr_len, rcd + n);
    if (v->ts_req || v->report_act) {
        rcd[n++] = fbnic_rx_opt_meta_rcd(core, v);
    }
    rcd[n++] = fbnic_rx_meta_rcd(v);
    /* an error the rx-error-inject control asked for */
    fbnic_realism_rx_error(core, q, &rcd[0], &rcd[n - 1]);
    fbnic_rcq_push_all(core, q, rcd, n);
    fbnic_q_count(core, q, FBNIC_Q_RDE_PKT_CNT);
    return FBNIC_RX_DONE;
}

bool fbnic_txrx_can_receive(FbnicCore *core)
{
    return !core->txrx.rx_blocked;
}

ssize_t fbnic_txrx_receive(FbnicCore *core, const uint8_t *buf, size_t len)
{
    FbnicTxRx *t = &core->txrx;
    FbnicRxVerdict v;

    if (!len) {
        return -1;      /* not a frame; 0 would mean "hold it" */
    }
    if (fbnic_core_removed(core)) {
        return len;     /* off the bus: the wire still delivers, to no one */
    }
    if (t->held_valid && t->held_len == len) {
        /* the frame we held: classified and counted already */
        v = t->held;
    } else {
        fbnic_stats_rx_frame(core, len);
        fbnic_rpc_classify(core, buf, len, &v);
    }
    t->held_valid = false;
    if (v.drop) {
        return len;
    }
    if (fbnic_rx_deliver(core, &v, buf, len) == FBNIC_RX_HOLD) {
        t->held = v;
        t->held_len = len;
        t->held_valid = true;
        t->rx_blocked = true;
        return 0;
    }
    return len;
}

/* The driver made room or changed the Rx setup: retry a held frame */
static void fbnic_rx_unblock(FbnicCore *core)
{
    FbnicTxRx *t = &core->txrx;

    if (!t->rx_blocked) {
        return;
    }
    t->rx_blocked = false;
    if (core->nic) {
        qemu_flush_queued_packets(qemu_get_queue(core->nic));
    }
}

/* ------------------------------------------------------------------ */
/* Queue page registers                                                */
/* ------------------------------------------------------------------ */

/* Check a pointer the driver wrote against its ring's size */
static bool fbnic_ptr_ok(FbnicCore *core, unsigned q, hwaddr size,
                         uint32_t val, const char *what)
{
    uint32_t entries = fbnic_ring_entries(core, q, size);

    if (val < entries) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "fbnic: queue %u %s %u is outside its "
                  "ring of %u entries\n", q, what, val, entries);
    return false;
}

static void fbnic_twq_ctl_write(FbnicCore *core, unsigned q, unsigned w,
                                uint32_t val)
{
    FbnicTxQueue *tq = &core->txrx.txq[q];

    val &= FBNIC_Q_CTL_RESET | FBNIC_Q_CTL_ENABLE;
    *fbnic_qreg(core, q, fbnic_twq_regs[w].ctl) = val;
    trace_fbnic_queue_ctl(q, w ? "twq1" : "twq0", val);
    /* a stopped or restarted ring reads its work afresh */
    fbnic_prefetch_drop(&tq->pf[w]);
    if (val & FBNIC_Q_CTL_RESET) {
        tq->head[w] = 0;
        tq->tail[w] = 0;
        clear_bit(q * 2 + w, core->txrx.tx_pending);
    } else {
        fbnic_tx_schedule(core, q, w);
    }
}

static void fbnic_twq_tail_write(FbnicCore *core, unsigned q, unsigned w,
                                 uint32_t val)
{
    const FbnicTwqRegs *r = &fbnic_twq_regs[w];

    trace_fbnic_tx_doorbell(q, w, val);
    if (fbnic_q_rd(core, q, r->ctl) & FBNIC_Q_CTL_RESET ||
        !fbnic_ptr_ok(core, q, r->size, val, w ? "TWQ1 tail" : "TWQ0 tail")) {
        return;
    }
    core->txrx.txq[q].tail[w] = val;
    fbnic_twq_prefetch(core, q, w);
    fbnic_tx_schedule(core, q, w);
}

static void fbnic_tcq_ctl_write(FbnicCore *core, unsigned q, uint32_t val)
{
    FbnicTxQueue *tq = &core->txrx.txq[q];

    val &= FBNIC_Q_CTL_RESET | FBNIC_Q_CTL_ENABLE;
    *fbnic_qreg(core, q, FBNIC_Q_TCQ_CTL) = val;
    trace_fbnic_queue_ctl(q, "tcq", val);
    if (val & FBNIC_Q_CTL_RESET) {
        memset(&tq->tcq, 0, sizeof(tq->tcq));
        fbnic_im_clear(&tq->tim);
        fbnic_cq_delay_drop(&tq->tcq_delay);
    } else {
        fbnic_tx_kick_queue(core, q);
    }
}

static void fbnic_rcq_ctl_write(FbnicCore *core, unsigned q, uint32_t val)
{
    FbnicRxQueue *rq = &core->txrx.rxq[q];

    val &= FBNIC_Q_CTL_RESET | FBNIC_Q_CTL_ENABLE;
    *fbnic_qreg(core, q, FBNIC_Q_RCQ_CTL) = val;
    trace_fbnic_queue_ctl(q, "rcq", val);
    if (val & FBNIC_Q_CTL_RESET) {
        memset(&rq->rcq, 0, sizeof(rq->rcq));
        fbnic_im_clear(&rq->rim);
        fbnic_cq_delay_drop(&rq->rcq_delay);
    }
    fbnic_rx_unblock(core);
}

static void fbnic_bdq_ctl_write(FbnicCore *core, unsigned q, uint32_t val)
{
    FbnicRxQueue *rq = &core->txrx.rxq[q];

    val &= FBNIC_Q_CTL_RESET | FBNIC_Q_CTL_ENABLE |
           FBNIC_Q_BDQ_CTL_PPQ_ENABLE;
    *fbnic_qreg(core, q, FBNIC_Q_BDQ_CTL) = val;
    trace_fbnic_queue_ctl(q, "bdq", val);
    /* a stopped or restarted ring reads its buffers afresh */
    fbnic_prefetch_drop(&rq->hpq_pf);
    fbnic_prefetch_drop(&rq->ppq_pf);
    if (val & FBNIC_Q_CTL_RESET) {
        rq->hpq_head = rq->hpq_tail = 0;
        rq->ppq_head = rq->ppq_tail = 0;
        rq->hdr_open = false;
    }
    fbnic_rx_unblock(core);
}

static void fbnic_bdq_tail_write(FbnicCore *core, unsigned q, bool ppq,
                                 uint32_t val)
{
    FbnicRxQueue *rq = &core->txrx.rxq[q];

    if (fbnic_q_rd(core, q, FBNIC_Q_BDQ_CTL) & FBNIC_Q_CTL_RESET ||
        !fbnic_ptr_ok(core, q, ppq ? FBNIC_Q_BDQ_PPQ_SIZE :
                                     FBNIC_Q_BDQ_HPQ_SIZE,
                      val, ppq ? "PPQ tail" : "HPQ tail")) {
        return;
    }
    if (ppq) {
        rq->ppq_tail = val;
    } else {
        rq->hpq_tail = val;
    }
    fbnic_bdq_prefetch(core, q, ppq);
    fbnic_rx_unblock(core);
}

static void fbnic_cq_head_write(FbnicCore *core, unsigned q, bool rx,
                                uint32_t val)
{
    hwaddr ctl = rx ? FBNIC_Q_RCQ_CTL : FBNIC_Q_TCQ_CTL;
    hwaddr size = rx ? FBNIC_Q_RCQ_SIZE : FBNIC_Q_TCQ_SIZE;

    if (fbnic_q_rd(core, q, ctl) & FBNIC_Q_CTL_RESET ||
        !fbnic_ptr_ok(core, q, size, val, rx ? "RCQ head" : "TCQ head")) {
        return;
    }
    if (rx) {
        core->txrx.rxq[q].rcq.head = val;
        fbnic_rx_unblock(core);
    } else {
        core->txrx.txq[q].tcq.head = val;
        fbnic_tx_kick_queue(core, q);
    }
}

/* TIM_* and RIM_* words that are commands rather than storage */
static bool fbnic_im_write(FbnicCore *core, FbnicCqIrq *im, hwaddr rel,
                           uint32_t val)
{
    switch (rel) {
    case FBNIC_Q_TIM_CTL - FBNIC_Q_TIM_CTL:
        *fbnic_qreg(core, im->queue, fbnic_im_reg(im, FBNIC_Q_TIM_CTL,
                                                  FBNIC_Q_RIM_CTL)) =
            val & FBNIC_Q_IM_CTL_VECTOR;
        return true;
    case FBNIC_Q_TIM_THRESHOLD - FBNIC_Q_TIM_CTL:
        *fbnic_qreg(core, im->queue,
                    fbnic_im_reg(im, FBNIC_Q_TIM_THRESHOLD,
                                 FBNIC_Q_RIM_THRESHOLD)) =
            val & FBNIC_Q_IM_THRESHOLD_BITS;
        fbnic_im_eval(core, im);
        return true;
    case FBNIC_Q_TIM_CLEAR - FBNIC_Q_TIM_CTL:
        if (val & FBNIC_Q_IM_BIT) {
            fbnic_im_clear(im);
        }
        return true;
    case FBNIC_Q_TIM_SET - FBNIC_Q_TIM_CTL:
        if (val & FBNIC_Q_IM_BIT) {
            im->forced = true;
            fbnic_im_eval(core, im);
        }
        return true;
    case FBNIC_Q_TIM_MASK - FBNIC_Q_TIM_CTL:
        *fbnic_qreg(core, im->queue, fbnic_im_reg(im, FBNIC_Q_TIM_MASK,
                                                  FBNIC_Q_RIM_MASK)) =
            val & FBNIC_Q_IM_BIT;
        if (val & FBNIC_Q_IM_BIT) {
            timer_del(im->timer);
        } else {
            fbnic_im_eval(core, im);
        }
        return true;
    case FBNIC_Q_TIM_TIMER - FBNIC_Q_TIM_CTL:
    case FBNIC_Q_TIM_COUNTS - FBNIC_Q_TIM_CTL:
        return true;    /* status, read-only */
    default:
        return false;
    }
}

/* Writable bits of queue page words that are plain storage */
static uint32_t fbnic_queue_wmask(hwaddr off)
{
    switch (off) {
    case FBNIC_Q_TWQ0_SIZE:
    case FBNIC_Q_TWQ1_SIZE:
    case FBNIC_Q_TCQ_SIZE:
    case FBNIC_Q_RCQ_SIZE:
    case FBNIC_Q_BDQ_HPQ_SIZE:
    case FBNIC_Q_BDQ_PPQ_SIZE:
        return FBNIC_Q_SIZE_BITS;
    case FBNIC_Q_TWQ0_BAL:
    case FBNIC_Q_TWQ1_BAL:
    case FBNIC_Q_TCQ_BAL:
    case FBNIC_Q_RCQ_BAL:
    case FBNIC_Q_BDQ_HPQ_BAL:
    case FBNIC_Q_BDQ_PPQ_BAL:
        return FBNIC_Q_BAL_BITS;
    case FBNIC_Q_TWQ0_PTRS:
    case FBNIC_Q_TWQ1_PTRS:
    case FBNIC_Q_TCQ_PTRS:
    case FBNIC_Q_RCQ_PTRS:
    case FBNIC_Q_BDQ_HPQ_PTRS:
    case FBNIC_Q_BDQ_PPQ_PTRS:
    case FBNIC_Q_TWQ0_PKT_CNT:
    case FBNIC_Q_TWQ0_ERR_CNT:
    case FBNIC_Q_TWQ1_PKT_CNT:
    case FBNIC_Q_TWQ1_ERR_CNT:
    case FBNIC_Q_RDE_PKT_CNT:
    case FBNIC_Q_RDE_PKT_ERR_CNT:
    case FBNIC_Q_RDE_CQ_DROP_CNT:
    case FBNIC_Q_RDE_BDQ_DROP_CNT:
    case FBNIC_Q_RIM_COAL_STATUS:
        return 0;       /* status and counters */
    default:
        return UINT32_MAX;
    }
}

static void fbnic_queue_write(FbnicCore *core, unsigned q, hwaddr off,
                              uint32_t val)
{
    FbnicTxRx *t = &core->txrx;

    switch (off) {
    case FBNIC_Q_TWQ0_CTL:
    case FBNIC_Q_TWQ1_CTL:
        fbnic_twq_ctl_write(core, q, off == FBNIC_Q_TWQ1_CTL, val);
        return;
    case FBNIC_Q_TWQ0_TAIL:
    case FBNIC_Q_TWQ1_TAIL:
        fbnic_twq_tail_write(core, q, off == FBNIC_Q_TWQ1_TAIL, val);
        return;
    case FBNIC_Q_TCQ_CTL:
        fbnic_tcq_ctl_write(core, q, val);
        return;
    case FBNIC_Q_TCQ_HEAD:
        fbnic_cq_head_write(core, q, false, val);
        return;
    case FBNIC_Q_RCQ_CTL:
        fbnic_rcq_ctl_write(core, q, val);
        return;
    case FBNIC_Q_RCQ_HEAD:
        fbnic_cq_head_write(core, q, true, val);
        return;
    case FBNIC_Q_BDQ_CTL:
        fbnic_bdq_ctl_write(core, q, val);
        return;
    case FBNIC_Q_BDQ_HPQ_TAIL:
    case FBNIC_Q_BDQ_PPQ_TAIL:
        fbnic_bdq_tail_write(core, q, off == FBNIC_Q_BDQ_PPQ_TAIL, val);
        return;
    }
    if (off >= FBNIC_Q_TIM_CTL && off <= FBNIC_Q_TIM_COUNTS &&
        fbnic_im_write(core, &t->txq[q].tim, off - FBNIC_Q_TIM_CTL, val)) {
        return;
    }
    if (off >= FBNIC_Q_RIM_CTL && off <= FBNIC_Q_RIM_COAL_STATUS &&
        fbnic_im_write(core, &t->rxq[q].rim, off - FBNIC_Q_RIM_CTL, val)) {
        return;
    }
    *fbnic_qreg(core, q, off) = val & fbnic_queue_wmask(off);
    if (off == FBNIC_Q_RDE_CTL0 || off == FBNIC_Q_RDE_CTL1) {
        fbnic_rx_unblock(core);
    }
}

static uint32_t fbnic_queue_read(FbnicCore *core, unsigned q, hwaddr off)
{
    FbnicTxQueue *tq = &core->txrx.txq[q];
    FbnicRxQueue *rq = &core->txrx.rxq[q];

    switch (off) {
    case FBNIC_Q_TWQ0_PTRS:
    case FBNIC_Q_TWQ1_PTRS: {
        unsigned w = off == FBNIC_Q_TWQ1_PTRS;

        return tq->head[w] << 16 | tq->tail[w];
    }
    case FBNIC_Q_TCQ_PTRS:
        return tq->tcq.tail << 16 | tq->tcq.head;
    case FBNIC_Q_RCQ_PTRS:
        return rq->rcq.tail << 16 | rq->rcq.head;
    case FBNIC_Q_BDQ_HPQ_PTRS:
        return rq->hpq_head << 16 | rq->hpq_tail;
    case FBNIC_Q_BDQ_PPQ_PTRS:
        return rq->ppq_head << 16 | rq->ppq_tail;
    case FBNIC_Q_TIM_TIMER:
        return fbnic_im_ticks_left(core, &tq->tim);
    case FBNIC_Q_TIM_COUNTS:
        return MIN(tq->tim.count, FBNIC_Q_IM_THRESHOLD_BITS);
    case FBNIC_Q_RIM_COAL_STATUS:
        return MIN(rq->rim.count, FBNIC_Q_IM_THRESHOLD_BITS) << 16 |
               MIN(fbnic_im_ticks_left(core, &rq->rim),
                   FBNIC_IRQ_CQ_TIMEOUT_BITS);
    case FBNIC_Q_TWQ0_TAIL:
    case FBNIC_Q_TWQ1_TAIL:
    case FBNIC_Q_TCQ_HEAD:
    case FBNIC_Q_RCQ_HEAD:
    case FBNIC_Q_BDQ_HPQ_TAIL:
    case FBNIC_Q_BDQ_PPQ_TAIL:
    case FBNIC_Q_TIM_CLEAR:
    case FBNIC_Q_TIM_SET:
    case FBNIC_Q_RIM_CLEAR:
    case FBNIC_Q_RIM_SET:
        return 0;       /* doorbells and commands */
    default:
        return fbnic_q_rd(core, q, off);
    }
}

/* ------------------------------------------------------------------ */
/* Queue manager idle status                                           */
/* ------------------------------------------------------------------ */

/* One bit per queue: its Tx work queues have nothing left to fetch */
static uint32_t fbnic_tx_idle_word(FbnicCore *core, unsigned word)
{
    uint32_t v = 0;
    unsigned bit;

    for (bit = 0; bit < 32; bit++) {
        unsigned q = word * 32 + bit;
        FbnicTxQueue *tq;
        bool idle = true;
        unsigned w;

        if (q >= FBNIC_QUEUE_COUNT) {
            v |= 1u << bit;
            continue;
        }
        tq = &core->txrx.txq[q];
        for (w = 0; w < FBNIC_TWQ_PER_QUEUE; w++) {
            idle &= tq->head[w] == tq->tail[w] ||
                    !fbnic_ring_running(core, q, fbnic_twq_regs[w].ctl);
        }
        v |= (uint32_t)idle << bit;
    }
    return v;
}

/* One bit per queue: no completion write of the TCQ/RCQ is held back */
static uint32_t fbnic_cq_idle_word(FbnicCore *core, unsigned word, bool rx)
{
    uint32_t v = 0;
    unsigned bit;

    for (bit = 0; bit < 32; bit++) {
        unsigned q = word * 32 + bit;
        FbnicCqDelay *dl;

        if (q >= FBNIC_QUEUE_COUNT) {
            v |= 1u << bit;
            continue;
        }
        dl = rx ? &core->txrx.rxq[q].rcq_delay : &core->txrx.txq[q].tcq_delay;
        v |= (uint32_t)g_queue_is_empty(dl->pending) << bit;
    }
    return v;
}

typedef enum FbnicIdleKind {
    FBNIC_IDLE_TWQ,         /* Tx work queues have nothing to fetch */
    FBNIC_IDLE_TCQ,         /* no Tx completion held back */
    FBNIC_IDLE_RCQ,         /* no Rx completion held back */
    FBNIC_IDLE_ALWAYS,
} FbnicIdleKind;

/*
 * Idle words of the queue managers.  The Tx work queue, scheduler and
 * DMA engine words report the work queues; the completion queue words
 * report completion writes the completion latency (realism) still
 * holds; the buffer queues never hold partial work here, so they
 * always read idle.
 */
static bool fbnic_qm_idle_read(FbnicCore *core, hwaddr addr, uint32_t *v)
{
    static const struct {
        hwaddr base;
        unsigned words;
        FbnicIdleKind kind;
    } idle[] = {
        { A_QM_TWQ_IDLE, 8, FBNIC_IDLE_TWQ },
        { A_QM_TQS_IDLE, 8, FBNIC_IDLE_TWQ },
        { A_QM_TDE_IDLE, 8, FBNIC_IDLE_TWQ },
        { A_QM_TCQ_IDLE, 4, FBNIC_IDLE_TCQ },
        { A_QM_RCQ_IDLE, 4, FBNIC_IDLE_RCQ },
        { A_QM_HPQ_IDLE, 4, FBNIC_IDLE_ALWAYS },
        { A_QM_PPQ_IDLE, 4, FBNIC_IDLE_ALWAYS },
    };
    unsigned i, word;

    for (i = 0; i < ARRAY_SIZE(idle); i++) {
        if (addr < idle[i].base || addr >= idle[i].base + 4 * idle[i].words) {
            continue;
        }
        word = (addr - idle[i].base) / 4;
        switch (idle[i].kind) {
        case FBNIC_IDLE_TWQ:
            *v = fbnic_tx_idle_word(core, word);
            break;
        case FBNIC_IDLE_TCQ:
        case FBNIC_IDLE_RCQ:
            *v = fbnic_cq_idle_word(core, word,
                                    idle[i].kind == FBNIC_IDLE_RCQ);
            break;
        default:
            *v = UINT32_MAX;
            break;
        }
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Completion queue re-arm words                                       */
/* ------------------------------------------------------------------ */

static void fbnic_cq_rearm_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
    hwaddr rel = (addr - A_IRQ_CQ_REARM) % FBNIC_IRQ_CQ_STRIDE;
    hwaddr base = addr - rel;
    unsigned vector = (addr - A_IRQ_CQ_REARM) / FBNIC_IRQ_CQ_STRIDE;

    if (rel != 0) {
        /* the timeout words themselves */
        core->csr[addr >> 2] = rel == 0xc ? val :
                               val & FBNIC_IRQ_CQ_TIMEOUT_BITS;
        return;
    }
    trace_fbnic_cq_rearm(vector, val);
    if (FIELD_EX32(val, IRQ_CQ_REARM, RCQ_UPD_EN)) {
        core->csr[(base + FBNIC_IRQ_CQ_RCQ_TIMEOUT) >> 2] =
            FIELD_EX32(val, IRQ_CQ_REARM, RCQ_TIMEOUT);
    }
    if (FIELD_EX32(val, IRQ_CQ_REARM, TCQ_UPD_EN)) {
        core->csr[(base + FBNIC_IRQ_CQ_TCQ_TIMEOUT) >> 2] =
            FIELD_EX32(val, IRQ_CQ_REARM, TCQ_TIMEOUT);
    }
    if (FIELD_EX32(val, IRQ_CQ_REARM, RELOAD)) {
        fbnic_im_reload_vector(core, vector);
    }
    if (FIELD_EX32(val, IRQ_CQ_REARM, UNMASK)) {
        fbnic_irq_unmask(core, vector);
    }
}

static uint32_t fbnic_cq_rearm_read(FbnicCore *core, hwaddr addr)
{
    hwaddr rel = (addr - A_IRQ_CQ_REARM) % FBNIC_IRQ_CQ_STRIDE;
    hwaddr base = addr - rel;
    uint32_t v = 0;

    if (rel != 0) {
        return core->csr[addr >> 2];
    }
    /* the re-arm word shows the timeouts it last loaded */
    v = FIELD_DP32(v, IRQ_CQ_REARM, RCQ_TIMEOUT,
                   core->csr[(base + FBNIC_IRQ_CQ_RCQ_TIMEOUT) >> 2]);
    v = FIELD_DP32(v, IRQ_CQ_REARM, TCQ_TIMEOUT,
                   core->csr[(base + FBNIC_IRQ_CQ_TCQ_TIMEOUT) >> 2]);
    return v;
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */
/* ------------------------------------------------------------------ */

bool fbnic_txrx_owns(hwaddr addr)
{
    return (addr >= A_IRQ_CQ_REARM && addr < FBNIC_IRQ_CQ_END) ||
           (addr >= FBNIC_QM_TX_BASE && addr < FBNIC_QM_TX_END) ||
           (addr >= FBNIC_QM_RX_BASE && addr < FBNIC_QM_RX_END) ||
           (addr >= FBNIC_QUEUE_BASE &&
            addr < FBNIC_QUEUE_BASE +
                   FBNIC_QUEUE_COUNT * FBNIC_QUEUE_PAGE_SIZE);
}

uint32_t fbnic_txrx_read(FbnicCore *core, hwaddr addr)
{
    uint32_t v;

    if (addr >= FBNIC_QUEUE_BASE) {
        return fbnic_queue_read(core, (addr - FBNIC_QUEUE_BASE) /
                                      FBNIC_QUEUE_PAGE_SIZE,
                                (addr - FBNIC_QUEUE_BASE) %
                                FBNIC_QUEUE_PAGE_SIZE);
    }
    if (addr < FBNIC_IRQ_CQ_END) {
        return fbnic_cq_rearm_read(core, addr);
    }
    if (fbnic_qm_idle_read(core, addr, &v)) {
        return v;
    }
    return fbnic_reg(core, addr);
}

void fbnic_txrx_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
    uint32_t dummy;

    if (addr >= FBNIC_QUEUE_BASE) {
        fbnic_queue_write(core, (addr - FBNIC_QUEUE_BASE) /
                                FBNIC_QUEUE_PAGE_SIZE,
                          (addr - FBNIC_QUEUE_BASE) % FBNIC_QUEUE_PAGE_SIZE,
                          val);
        return;
    }
    if (addr < FBNIC_IRQ_CQ_END) {
        fbnic_cq_rearm_write(core, addr, val);
        return;
    }
    if (fbnic_qm_idle_read(core, addr, &dummy)) {
        return;     /* idle status is read-only */
    }
    core->csr[addr >> 2] = val;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

void fbnic_txrx_kick(FbnicCore *core)
{
    unsigned q;

    if (!core->csr) {
        return;
    }
    for (q = 0; q < FBNIC_QUEUE_COUNT; q++) {
        fbnic_tx_kick_queue(core, q);
        /* held completions that waited for device DMA */
        if (!g_queue_is_empty(core->txrx.txq[q].tcq_delay.pending)) {
            timer_mod(core->txrx.txq[q].tcq_delay.timer, 0);
        }
        if (!g_queue_is_empty(core->txrx.rxq[q].rcq_delay.pending)) {
            timer_mod(core->txrx.rxq[q].rcq_delay.timer, 0);
        }
    }
    fbnic_rx_unblock(core);
}

void fbnic_txrx_set_tx_hold(FbnicCore *core, bool hold)
{
    FbnicTxRx *t = &core->txrx;
    unsigned q, w, busy = 0;

    if (t->tx_hold == hold) {
        return;
    }
    t->tx_hold = hold;
    if (!core->csr) {
        trace_fbnic_tx_hold(hold, 0);
        return;     /* not realized yet: just the initial state */
    }
    for (q = 0; q < FBNIC_QUEUE_COUNT; q++) {
        for (w = 0; w < FBNIC_TWQ_PER_QUEUE; w++) {
            busy += t->txq[q].head[w] != t->txq[q].tail[w];
        }
    }
    trace_fbnic_tx_hold(hold, busy);
    if (!hold) {
        for (q = 0; q < FBNIC_QUEUE_COUNT; q++) {
            fbnic_tx_kick_queue(core, q);
        }
    }
}

static void fbnic_im_init(FbnicCore *core, FbnicCqIrq *im, unsigned q,
                          bool rx)
{
    im->core = core;
    im->queue = q;
    im->rx = rx;
    im->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, fbnic_im_timer_cb, im);
}

static void fbnic_cq_delay_init(FbnicCore *core, FbnicCqDelay *dl,
                                unsigned q, bool rx)
{
    dl->core = core;
    dl->queue = q;
    dl->rx = rx;
    dl->pending = g_queue_new();
    dl->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, fbnic_cq_delay_cb, dl);
}

static void fbnic_cq_delay_cleanup(FbnicCqDelay *dl)
{
    fbnic_cq_delay_drop(dl);
    timer_free(dl->timer);
    dl->timer = NULL;
    g_queue_free(dl->pending);
    dl->pending = NULL;
}

void fbnic_txrx_init(FbnicCore *core)
{
    FbnicTxRx *t = &core->txrx;
    unsigned q;

    for (q = 0; q < FBNIC_QUEUE_COUNT; q++) {
        fbnic_im_init(core, &t->txq[q].tim, q, false);
        fbnic_im_init(core, &t->rxq[q].rim, q, true);
        fbnic_cq_delay_init(core, &t->txq[q].tcq_delay, q, false);
        fbnic_cq_delay_init(core, &t->rxq[q].rcq_delay, q, true);
    }
    t->tx_bh = qemu_bh_new_guarded(fbnic_tx_bh, core,
                                   &DEVICE(core->pdev)->mem_reentrancy_guard);
    /* room to pad a short frame to the wire minimum */
    t->frame = g_malloc(FBNIC_TX_FRAME_MAX + FBNIC_ETH_ZLEN);
    t->segment = g_malloc(FBNIC_TX_LSO_HDR_MAX + FBNIC_TX_MSS_MAX +
                          FBNIC_ETH_ZLEN);
}

void fbnic_txrx_cleanup(FbnicCore *core)
{
    FbnicTxRx *t = &core->txrx;
    unsigned q;

    for (q = 0; q < FBNIC_QUEUE_COUNT; q++) {
        timer_free(t->txq[q].tim.timer);
        t->txq[q].tim.timer = NULL;
        timer_free(t->rxq[q].rim.timer);
        t->rxq[q].rim.timer = NULL;
        fbnic_cq_delay_cleanup(&t->txq[q].tcq_delay);
        fbnic_cq_delay_cleanup(&t->rxq[q].rcq_delay);
    }
    if (t->tx_bh) {
        qemu_bh_delete(t->tx_bh);
        t->tx_bh = NULL;
    }
    g_free(t->frame);
    t->frame = NULL;
    g_free(t->segment);
    t->segment = NULL;
}

/* Every ring stopped and empty, as after power-on */
void fbnic_txrx_reset(FbnicCore *core)
{
    FbnicTxRx *t = &core->txrx;
    unsigned q;

    for (q = 0; q < FBNIC_QUEUE_COUNT; q++) {
        FbnicTxQueue *tq = &t->txq[q];
        FbnicRxQueue *rq = &t->rxq[q];

        fbnic_im_clear(&tq->tim);
        fbnic_im_clear(&rq->rim);
        fbnic_cq_delay_drop(&tq->tcq_delay);
        fbnic_cq_delay_drop(&rq->rcq_delay);
        memset(tq->head, 0, sizeof(tq->head));
        memset(tq->tail, 0, sizeof(tq->tail));
        fbnic_prefetch_drop(&tq->pf[0]);
        fbnic_prefetch_drop(&tq->pf[1]);
        fbnic_prefetch_drop(&rq->hpq_pf);
        fbnic_prefetch_drop(&rq->ppq_pf);
        memset(&tq->tcq, 0, sizeof(tq->tcq));
        rq->hpq_head = rq->hpq_tail = 0;
        rq->ppq_head = rq->ppq_tail = 0;
        memset(&rq->rcq, 0, sizeof(rq->rcq));
        rq->hdr_open = false;
    }
    bitmap_zero(t->tx_pending, FBNIC_QUEUE_COUNT * FBNIC_TWQ_PER_QUEUE);
    if (t->tx_bh) {
        qemu_bh_cancel(t->tx_bh);
    }
    /* a held frame is lost with the rest of the device state */
    t->held_valid = false;
    fbnic_rx_unblock(core);
}
