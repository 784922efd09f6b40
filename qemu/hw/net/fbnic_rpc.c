/*
 * Meta fbnic host NIC emulation: receive classifier (RPC).
 *
 * A frame the MAC accepted goes through:
 *   1. the RMI gate: classifier enabled, frame not longer than its MTU;
 *   2. the parser (fbnic_rpc_parse.c);
 *   3. the MAC destination address TCAM and the four IP address TCAMs,
 *      each giving the index of the first (lowest) matching entry;
 *   4. the action TCAM, keyed on those hits plus protocol flags and
 *      ports; the first matching entry picks an action table entry, no
 *      match picks the default action;
 *   5. the action: drop, destination (host and/or BMC), a fixed queue or
 *      RSS (Toeplitz hash over the fields the action enables, indexed
 *      into one of two 256-entry indirection tables), DMA hint,
 *      timestamp request.
 * The TCAMs are read straight from the register file, so a rule is live
 * as soon as its valid bit is set.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/object.h"
#include "fbnic_core.h"
#include "fbnic_rpc_regs.h"
#include "fbnic_rpc_parse.h"
#include "fbnic_mac.h"
#include "fbnic_stats.h"
#include "fbnic_rpc.h"
#include "trace.h"

/* Action index reported when no TCAM entry matched */
#define FBNIC_ACT_DEFAULT_IDX       FBNIC_RPC_ACT_ENTRIES

/* Header-split hint levels (RCD header DMA hint) */
#define FBNIC_HINT_L2               1
#define FBNIC_HINT_L3               2
#define FBNIC_HINT_L4               4

/* Longest input the Toeplitz hash can consume with a 425-bit key */
#define FBNIC_RSS_INPUT_BYTES       64

static uint32_t rd(FbnicCore *core, hwaddr addr)
{
    return core->csr[addr >> 2];
}

/* ------------------------------------------------------------------ */
/* TCAM lookups                                                        */
/* ------------------------------------------------------------------ */

/* A 16-bit key word matches when it agrees on every cared-for bit */
static bool fbnic_tcam_word_match(uint32_t entry, uint16_t key)
{
    return !((key ^ FBNIC_TCAM_VALUE(entry)) & ~FBNIC_TCAM_MASK(entry) &
             0xffff);
}

/* First valid MAC address entry matching @da, or -1 */
static int fbnic_macda_lookup(FbnicCore *core, const uint8_t *da)
{
    uint16_t key[FBNIC_RPC_TCAM_MACDA_WORDS] = {
        (da[4] << 8) | da[5], (da[2] << 8) | da[3], (da[0] << 8) | da[1],
    };
    unsigned n, w;

    for (n = 0; n < FBNIC_RPC_TCAM_MACDA_ENTRIES; n++) {
        if (!(rd(core, A_RPC_TCAM_MACDA(n, FBNIC_RPC_TCAM_MACDA_WORDS)) &
              FBNIC_TCAM_VALID)) {
            continue;
        }
        for (w = 0; w < FBNIC_RPC_TCAM_MACDA_WORDS; w++) {
            if (!fbnic_tcam_word_match(rd(core, A_RPC_TCAM_MACDA(n, w)),
                                       key[w])) {
                break;
            }
        }
        if (w == FBNIC_RPC_TCAM_MACDA_WORDS) {
            return n;
        }
    }
    return -1;
}

/*
 * First valid entry of IP TCAM @table matching @ip, or -1.  The inner
 * tables also compare the entry's IPv6 flag with the header's; the outer
 * tables carry no such flag (outer headers are always IPv6).
 */
static int fbnic_ip_lookup(FbnicCore *core, unsigned table,
                           const FbnicIpHdr *ip)
{
    bool is_outer = table == FBNIC_IP_TCAM_OUTER_SRC ||
                    table == FBNIC_IP_TCAM_OUTER_DST;
    bool is_src = table == FBNIC_IP_TCAM_OUTER_SRC ||
                  table == FBNIC_IP_TCAM_SRC;
    const uint8_t *addr = is_src ? ip->src : ip->dst;
    unsigned n, w;

    if (!ip->valid) {
        return -1;
    }
    for (n = 0; n < FBNIC_RPC_TCAM_IP_ENTRIES; n++) {
        uint32_t ctl = rd(core, A_RPC_TCAM_IP(table, n,
                                              FBNIC_RPC_TCAM_IP_WORDS));

        if (!(ctl & FBNIC_TCAM_VALID)) {
            continue;
        }
        if (!is_outer && !!(ctl & FBNIC_RPC_TCAM_IP_V6) != ip->v6) {
            continue;
        }
        for (w = 0; w < FBNIC_RPC_TCAM_IP_WORDS; w++) {
            uint16_t key = (addr[14 - 2 * w] << 8) | addr[15 - 2 * w];

            if (!fbnic_tcam_word_match(rd(core, A_RPC_TCAM_IP(table, n, w)),
                                       key)) {
                break;
            }
        }
        if (w == FBNIC_RPC_TCAM_IP_WORDS) {
            return n;
        }
    }
    return -1;
}

/* Key word 0: which IP address entries the frame hit */
static uint16_t fbnic_act_key_ip(FbnicCore *core, const FbnicRpcPkt *p)
{
    static const struct {
        unsigned table;
        unsigned shift;
        bool outer;
    } hits[] = {
        { FBNIC_IP_TCAM_SRC, 0, false },
        { FBNIC_IP_TCAM_DST, FBNIC_ACTK0_IPDST_SHIFT, false },
        { FBNIC_IP_TCAM_OUTER_SRC, FBNIC_ACTK0_OIPSRC_SHIFT, true },
        { FBNIC_IP_TCAM_OUTER_DST, FBNIC_ACTK0_OIPDST_SHIFT, true },
    };
    uint16_t k = 0;
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(hits); i++) {
        int idx = fbnic_ip_lookup(core, hits[i].table,
                                  hits[i].outer ? &p->outer : &p->ip);

        if (idx >= 0) {
            k |= (idx | FBNIC_ACTK0_IPSRC_HIT) << hits[i].shift;
        }
    }
    return k;
}

/* Key word 1: MAC address hit and protocol flags */
static uint16_t fbnic_act_key_flags(FbnicCore *core, const FbnicRpcPkt *p)
{
    int macda = fbnic_macda_lookup(core, p->da);
    uint16_t k = 0;

    if (macda >= 0) {
        k |= (macda << FBNIC_ACTK1_MACDA_SHIFT) | FBNIC_ACTK1_MACDA_HIT;
    }
    if (p->ip.valid) {
        k |= FBNIC_ACTK1_IP_VALID;
        if (p->ip.v6) {
            k |= FBNIC_ACTK1_IP_IS_V6;
        }
    }
    if (p->outer.valid) {
        k |= FBNIC_ACTK1_OUTER_IP_VALID;
    }
    if (p->l4_type != FBNIC_L4_OTHER) {
        k |= FBNIC_ACTK1_L4_VALID;
        if (p->l4_type == FBNIC_L4_UDP) {
            k |= FBNIC_ACTK1_L4_IS_UDP;
        }
    }
    trace_fbnic_rpc_key(macda, k);
    return k;
}

/*
 * The action key: IP hits, flags, a word of error/DSCP matches the
 * driver never keys on (presented as 0), the ports, and six more words
 * of L4 header (bytes 4..15).
 */
static void fbnic_act_key(FbnicCore *core, const FbnicRpcPkt *p,
                          uint16_t key[FBNIC_RPC_TCAM_ACT_WORDS])
{
    unsigned i;

    key[0] = fbnic_act_key_ip(core, p);
    key[1] = fbnic_act_key_flags(core, p);
    key[2] = 0;
    key[3] = p->sport;
    key[4] = p->dport;
    for (i = 0; i < 6; i++) {
        key[5 + i] = (p->l4_bytes[2 * i] << 8) | p->l4_bytes[2 * i + 1];
    }
}

/* First valid action entry matching the key; the default if none */
static unsigned fbnic_act_lookup(FbnicCore *core,
                                 const uint16_t key[FBNIC_RPC_TCAM_ACT_WORDS])
{
    unsigned n, w;

    for (n = 0; n < FBNIC_RPC_ACT_ENTRIES; n++) {
        if (!(rd(core, A_RPC_TCAM_ACT(n, FBNIC_RPC_TCAM_ACT_WORDS)) &
              FBNIC_TCAM_VALID)) {
            continue;
        }
        for (w = 0; w < FBNIC_RPC_TCAM_ACT_WORDS; w++) {
            if (!fbnic_tcam_word_match(rd(core, A_RPC_TCAM_ACT(n, w)),
                                       key[w])) {
                break;
            }
        }
        if (w == FBNIC_RPC_TCAM_ACT_WORDS) {
            return n;
        }
    }
    return FBNIC_ACT_DEFAULT_IDX;
}

/* ------------------------------------------------------------------ */
/* RSS                                                                 */
/* ------------------------------------------------------------------ */

typedef struct BitStream {
    uint8_t buf[FBNIC_RSS_INPUT_BYTES];
    unsigned bits;
} BitStream;

/* Append the @n low bits of @v, most significant first */
static void bits_put(BitStream *s, uint64_t v, unsigned n)
{
    while (n--) {
        if (s->bits >= 8 * sizeof(s->buf)) {
            return;
        }
        if ((v >> n) & 1) {
            s->buf[s->bits / 8] |= 0x80 >> (s->bits % 8);
        }
        s->bits++;
    }
}

static void bits_put_bytes(BitStream *s, const uint8_t *b, unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        bits_put(s, b[i], 8);
    }
}

/*
 * The hash input: the enabled fields in a fixed order, fields the frame
 * does not have left out.  Addresses, then ports, give the standard
 * Toeplitz 2-/4-tuple input; the rest follows them.
 */
static void fbnic_rss_input(const FbnicRpcPkt *p, uint32_t ena, BitStream *s)
{
    unsigned alen = p->ip.v6 ? 16 : 4;
    unsigned aoff = 16 - alen;
    bool l4 = p->l4_type != FBNIC_L4_OTHER;

    if ((ena & FBNIC_RSS_IP_SRC) && p->ip.valid) {
        bits_put_bytes(s, p->ip.src + aoff, alen);
    }
    if ((ena & FBNIC_RSS_IP_DST) && p->ip.valid) {
        bits_put_bytes(s, p->ip.dst + aoff, alen);
    }
    if ((ena & FBNIC_RSS_L4_SRC) && l4) {
        bits_put(s, p->sport, 16);
    }
    if ((ena & FBNIC_RSS_L4_DST) && l4) {
        bits_put(s, p->dport, 16);
    }
    if (ena & FBNIC_RSS_L2_DA) {
        bits_put_bytes(s, p->da, 6);
    }
    if ((ena & FBNIC_RSS_INNER_FLOW_LABEL) && p->ip.v6) {
        bits_put(s, p->ip.flow_label, 20);
    }
    if ((ena & FBNIC_RSS_OUTER_FLOW_LABEL) && p->outer.valid) {
        bits_put(s, p->outer.flow_label, 20);
    }
    if ((ena & FBNIC_RSS_DSCP) && p->ip.valid) {
        bits_put(s, p->dscp, 6);
    }
    if (ena & FBNIC_RSS_L3_PROTO) {
        bits_put(s, p->ethertype, 16);
    }
    if ((ena & FBNIC_RSS_L4_PROTO) && p->ip.valid) {
        bits_put(s, p->ip_proto, 8);
    }
}

/* 32 key bits starting at key bit @pos (bits past the key are 0) */
static uint32_t fbnic_key_window(const uint32_t *key, unsigned pos)
{
    unsigned w = pos / 32, sh = pos % 32;
    uint32_t hi = w < FBNIC_RSS_KEY_WORDS ? key[w] : 0;
    uint32_t lo = w + 1 < FBNIC_RSS_KEY_WORDS ? key[w + 1] : 0;

    return sh ? (hi << sh) | (lo >> (32 - sh)) : hi;
}

/*
 * Toeplitz hash: for every set input bit i (most significant bit of the
 * first byte is bit 0), XOR in the 32 key bits starting at key bit i.
 */
static uint32_t fbnic_toeplitz(const uint32_t *key, const BitStream *s)
{
    uint32_t hash = 0;
    unsigned i;

    for (i = 0; i < s->bits; i++) {
        if (s->buf[i / 8] & (0x80 >> (i % 8))) {
            hash ^= fbnic_key_window(key, i);
        }
    }
    return hash;
}

static uint32_t fbnic_rss_hash(FbnicCore *core, const FbnicRpcPkt *p,
                               uint32_t ena)
{
    uint32_t key[FBNIC_RSS_KEY_WORDS];
    BitStream s = { 0 };
    unsigned i;

    if (!ena) {
        return 0;
    }
    for (i = 0; i < FBNIC_RSS_KEY_WORDS; i++) {
        key[i] = rd(core, A_RPC_RSS_KEY(i));
    }
    key[FBNIC_RSS_KEY_WORDS - 1] &= FBNIC_RSS_KEY_LAST_BITS;
    fbnic_rss_input(p, ena, &s);
    return fbnic_toeplitz(key, &s);
}

/* ------------------------------------------------------------------ */
/* Verdict                                                             */
/* ------------------------------------------------------------------ */

/* End of the deepest header found, up to the level the hint asks for */
static uint16_t fbnic_split_point(const FbnicRpcPkt *p, unsigned hint,
                                  size_t len)
{
    unsigned end = 0;

    if ((hint & FBNIC_HINT_L4) && p->l4_type != FBNIC_L4_OTHER) {
        end = p->l4_end;
    } else if ((hint & (FBNIC_HINT_L4 | FBNIC_HINT_L3)) && p->ip.valid) {
        end = p->l3_end;
    } else if (hint & (FBNIC_HINT_L4 | FBNIC_HINT_L3 | FBNIC_HINT_L2)) {
        end = p->l3_off;
    }
    return MIN(end, len);
}

/* Which host queue: the action's own, or the RSS indirection table's */
static bool fbnic_pick_queue(FbnicCore *core, uint32_t act0, uint32_t hash,
                             unsigned *queue)
{
    unsigned q;

    if (FIELD_EX32(act0, RPC_ACT0, Q_SEL)) {
        q = FIELD_EX32(act0, RPC_ACT0, Q_ID);
    } else {
        unsigned ctx = FIELD_EX32(act0, RPC_ACT0, RSS_CTX);

        q = rd(core, A_RPC_RSS_TBL(ctx, hash % FBNIC_RPC_RSS_TBL_ENTRIES));
    }
    if (q >= FBNIC_QUEUE_COUNT) {
        trace_fbnic_rpc_bad_queue(q);
        return false;
    }
    *queue = q;
    return true;
}

static void fbnic_fill_meta(const FbnicRpcPkt *p, FbnicRxVerdict *v)
{
    v->l3_type = p->l3_type;
    v->l4_type = p->l4_type;
    v->l4_csum_ok = p->l4_csum_ok;
    v->l2_csum = p->l2_csum;
    v->parser_error = p->error;
}

/* Apply the chosen action; false if the host does not get the frame */
static bool fbnic_apply_action(FbnicCore *core, const FbnicRpcPkt *p,
                               unsigned idx, size_t len, FbnicRxVerdict *v)
{
    bool is_default = idx == FBNIC_ACT_DEFAULT_IDX;
    uint32_t act0 = rd(core, is_default ? A_RPC_ACT0_DEFAULT : A_RPC_ACT0(idx));
    uint32_t act1 = rd(core, is_default ? A_RPC_ACT1_DEFAULT : A_RPC_ACT1(idx));
    unsigned dest = FIELD_EX32(act0, RPC_ACT0, DEST);
    bool to_bmc = dest & FBNIC_RPC_DEST_BMC;

    trace_fbnic_rpc_action(idx, act0, act1);
    v->act_idx = idx;
    v->report_act = FIELD_EX32(act0, RPC_ACT0, REPORT_IDX);
    v->ts_req = FIELD_EX32(act0, RPC_ACT0, TS_ENA);
    v->dma_hint = FIELD_EX32(act0, RPC_ACT0, DMA_HINT);
    v->hdr_len = fbnic_split_point(p, v->dma_hint, len);
    v->rss_hash = fbnic_rss_hash(core, p, FIELD_EX32(act1, RPC_ACT1, RSS_ENA));

    if (FIELD_EX32(act0, RPC_ACT0, DROP) ||
        !(dest & (FBNIC_RPC_DEST_HOST | FBNIC_RPC_DEST_BMC))) {
        fbnic_stats_rxb_drop(core, FBNIC_RXB_FIFO_BOTH, len);
        return false;
    }
    if (!(dest & FBNIC_RPC_DEST_HOST)) {
        /* the BMC's alone: it leaves through the BMC interface */
        fbnic_stats_rxb_dequeue(core, FBNIC_RXB_FIFO_TO_BMC,
                                FBNIC_RXB_DST_BMC, len);
        return false;
    }
    if (!fbnic_pick_queue(core, act0, v->rss_hash, &v->queue)) {
        fbnic_stats_rxb_drop(core, to_bmc ? FBNIC_RXB_FIFO_BOTH :
                             FBNIC_RXB_FIFO_TO_HOST, len);
        return false;
    }
    fbnic_stats_rxb_dequeue(core, to_bmc ? FBNIC_RXB_FIFO_BOTH :
                            FBNIC_RXB_FIFO_TO_HOST, FBNIC_RXB_DST_HOST, len);
    if (to_bmc) {
        fbnic_stats_rxb_dequeue(core, FBNIC_RXB_FIFO_BOTH,
                                FBNIC_RXB_DST_BMC, len);
    }
    return true;
}

/*
 * The RMI gate: is the classifier taking frames, and is this one short
 * enough for it?
 */
static bool fbnic_rmi_accepts(FbnicCore *core, size_t len)
{
    uint32_t cfg = rd(core, A_RPC_RMI_CONFIG);

    if (!FIELD_EX32(cfg, RPC_RMI_CONFIG, ENABLE)) {
        trace_fbnic_rpc_drop("classifier disabled", len);
        return false;
    }
    if (len > FIELD_EX32(cfg, RPC_RMI_CONFIG, MTU)) {
        trace_fbnic_rpc_drop("over RMI MTU", len);
        fbnic_stats_rpc_oversize(core);
        return false;
    }
    return true;
}

void fbnic_rpc_classify(FbnicCore *core, const uint8_t *frame, size_t len,
                        FbnicRxVerdict *v)
{
    uint16_t key[FBNIC_RPC_TCAM_ACT_WORDS];
    uint8_t padded[FBNIC_ETH_MIN_LEN];
    const uint8_t *buf = frame;
    size_t blen = len;
    FbnicRpcPkt p;
    unsigned idx;

    memset(v, 0, sizeof(*v));
    v->drop = true;
    v->act_idx = FBNIC_ACT_DEFAULT_IDX;

    if (fbnic_mac_rx_check(core, len) != FBNIC_MAC_RX_OK) {
        return;                 /* the MAC already counted it */
    }
    fbnic_stats_mac_rx_dest(core, frame, len);
    if (fbnic_mac_is_control(frame, len)) {
        trace_fbnic_rpc_drop("MAC control frame", len);
        return;                 /* pause & co end in the MAC */
    }
    if (!fbnic_rmi_accepts(core, len)) {
        return;
    }
    fbnic_stats_rpc_hist(core, len);

    /* the wire delivers at least a minimum-size frame, zero padded */
    if (len < FBNIC_ETH_MIN_LEN) {
        memset(padded, 0, sizeof(padded));
        memcpy(padded, frame, len);
        buf = padded;
        blen = sizeof(padded);
    }
    fbnic_rpc_parse(buf, blen, &p);
    fbnic_stats_rpc_events(core, p.events);
    fbnic_stats_rxb_enqueue(core, len, p.error);
    fbnic_fill_meta(&p, v);

    fbnic_act_key(core, &p, key);
    idx = fbnic_act_lookup(core, key);
    v->drop = !fbnic_apply_action(core, &p, idx, len, v);
    trace_fbnic_rpc_verdict(len, v->drop, v->queue, v->rss_hash,
                            v->l3_type, v->l4_type, v->l4_csum_ok);
}

/* ------------------------------------------------------------------ */
/* Register window                                                     */
/* ------------------------------------------------------------------ */

static bool in(hwaddr addr, hwaddr start, hwaddr end)
{
    return addr >= start && addr < end;
}

bool fbnic_rpc_owns(hwaddr addr)
{
    return in(addr, FBNIC_TTI_CNT_BASE, FBNIC_TTI_CNT_END) ||
           in(addr, FBNIC_TMI_BASE, FBNIC_TMI_END) ||
           in(addr, FBNIC_RXB_BASE, FBNIC_RXB_END) ||
           in(addr, FBNIC_RPC_BASE, FBNIC_RPC_END) ||
           in(addr, FBNIC_RPC_RAM_BASE, FBNIC_RPC_RAM_END) ||
           in(addr, FBNIC_MAC_BASE, FBNIC_MAC_END) ||
           in(addr, FBNIC_MAC_STAT_BASE, FBNIC_MAC_STAT_END);
}

uint32_t fbnic_rpc_read(FbnicCore *core, hwaddr addr)
{
    if (in(addr, FBNIC_MAC_BASE, FBNIC_MAC_END)) {
        return fbnic_mac_read(core, addr);
    }
    return rd(core, addr);
}

/* A queue number the classifier may hand out: checked when programmed */
static void fbnic_check_queue(const char *what, unsigned n, uint32_t q)
{
    if (q >= FBNIC_QUEUE_COUNT) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: %s %u names queue %u (only %u exist); frames "
                      "sent there are dropped\n", what, n, q,
                      FBNIC_QUEUE_COUNT);
    }
}

static void fbnic_check_action(unsigned n, uint32_t act0)
{
    if (FIELD_EX32(act0, RPC_ACT0, Q_SEL) &&
        !FIELD_EX32(act0, RPC_ACT0, DROP)) {
        fbnic_check_queue("action", n, FIELD_EX32(act0, RPC_ACT0, Q_ID));
    }
}

/* Bits that exist in the last (valid) word of a TCAM entry */
static uint32_t fbnic_ram_wmask(hwaddr addr)
{
    if (in(addr, A_RPC_TCAM_ACT(0, FBNIC_RPC_TCAM_ACT_WORDS),
           FBNIC_RPC_TCAM_MACDA_BASE)) {
        return FBNIC_TCAM_VALID;
    }
    if (in(addr, A_RPC_TCAM_MACDA(0, FBNIC_RPC_TCAM_MACDA_WORDS),
           FBNIC_RPC_TCAM_IP_BASE)) {
        return FBNIC_TCAM_VALID;
    }
    if (in(addr, FBNIC_RPC_TCAM_IP_BASE, FBNIC_RPC_RSS_TBL_BASE) &&
        (addr - FBNIC_RPC_TCAM_IP_BASE) % FBNIC_RPC_TCAM_IP_TABLE >=
        FBNIC_RPC_TCAM_IP_STRIDE * FBNIC_RPC_TCAM_IP_WORDS) {
        return FBNIC_TCAM_VALID | FBNIC_RPC_TCAM_IP_V6;
    }
    return UINT32_MAX;
}

static void fbnic_rpc_ram_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
    if (in(addr, A_RPC_ACT0(0), A_RPC_ACT0(FBNIC_RPC_ACT_ENTRIES))) {
        fbnic_check_action((addr - A_RPC_ACT0(0)) / 4, val);
    } else if (in(addr, FBNIC_RPC_RSS_TBL_BASE, FBNIC_RPC_RAM_END)) {
        unsigned n = (addr - FBNIC_RPC_RSS_TBL_BASE) / 4;

        fbnic_check_queue("RSS indirection entry", n, val);
    }
    core->csr[addr >> 2] = val & fbnic_ram_wmask(addr);
}

void fbnic_rpc_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
    if (fbnic_stats_is_counter(addr)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: write 0x%08x to read-only counter 0x%"
                      HWADDR_PRIx "\n", val, addr);
        return;
    }
    if (in(addr, FBNIC_MAC_BASE, FBNIC_MAC_END)) {
        fbnic_mac_write(core, addr, val);
        return;
    }
    if (in(addr, FBNIC_RPC_RAM_BASE, FBNIC_RPC_RAM_END)) {
        fbnic_rpc_ram_write(core, addr, val);
        return;
    }

    switch (addr) {
    case A_RXB_ERR_INTR_STS:
        core->csr[addr >> 2] &= ~val;   /* write 1 to clear */
        return;
    case A_RPC_RMI_CONFIG:
        trace_fbnic_rpc_rmi_config(val);
        break;
    case A_RPC_ACT0_DEFAULT:
        fbnic_check_action(FBNIC_ACT_DEFAULT_IDX, val);
        break;
    case A_RPC_RSS_KEY(FBNIC_RSS_KEY_WORDS - 1):
        val &= FBNIC_RSS_KEY_LAST_BITS;     /* past the 425th key bit */
        break;
    }
    core->csr[addr >> 2] = val;
}

void fbnic_rpc_reset(FbnicCore *core)
{
    /*
     * The register file is already zero: classifier off, TCAMs empty,
     * counters at 0.  The RXB error interrupts come out masked.
     */
    core->csr[A_RXB_ERR_INTR_MASK >> 2] = UINT32_MAX;
}

/* ------------------------------------------------------------------ */
/* Test-only probe: push a frame through the Rx pipeline from QMP      */
/* ------------------------------------------------------------------ */

typedef struct FbnicRpcProbe {
    FbnicCore *core;
    char *last;             /* verdict of the last frame pushed */
} FbnicRpcProbe;

static void fbnic_probe_get(Object *obj, Visitor *vis, const char *name,
                            void *opaque, Error **errp)
{
    FbnicRpcProbe *pr = opaque;
    char *s = g_strdup(pr->last ? pr->last : "");

    visit_type_str(vis, name, &s, errp);
    g_free(s);
}

/* Setting the property to a frame in hex runs it as if from the wire */
static void fbnic_probe_set(Object *obj, Visitor *vis, const char *name,
                            void *opaque, Error **errp)
{
    FbnicRpcProbe *pr = opaque;
    g_autofree uint8_t *frame = NULL;
    g_autofree char *hex = NULL;
    FbnicRxVerdict v;
    size_t i, len;

    if (!visit_type_str(vis, name, &hex, errp)) {
        return;
    }
    len = strlen(hex) / 2;
    if (strlen(hex) % 2 || len > 65536) {
        error_setg(errp, "frame must be an even number of hex digits "
                   "(at most 64 KiB)");
        return;
    }
    frame = g_malloc0(MAX(len, 1));
    for (i = 0; i < len; i++) {
        unsigned b;

        if (sscanf(hex + 2 * i, "%2x", &b) != 1 ||
            !g_ascii_isxdigit(hex[2 * i + 1])) {
            error_setg(errp, "bad hex digit at offset %zu", 2 * i);
            return;
        }
        frame[i] = b;
    }
    fbnic_stats_rx_frame(pr->core, len);
    fbnic_rpc_classify(pr->core, frame, len, &v);
    g_free(pr->last);
    pr->last = g_strdup_printf("drop=%d queue=%u hash=0x%08x l3=%u l4=%u "
                               "csum_ok=%d l2_csum=0x%04x perr=%d hint=%u "
                               "hdr_len=%u ts=%d act=%u",
                               v.drop, v.queue, v.rss_hash, v.l3_type,
                               v.l4_type, v.l4_csum_ok, v.l2_csum,
                               v.parser_error, v.dma_hint, v.hdr_len,
                               v.ts_req, v.act_idx);
}

static void fbnic_probe_release(Object *obj, const char *name, void *opaque)
{
    FbnicRpcProbe *pr = opaque;

    g_free(pr->last);
    g_free(pr);
}

void fbnic_rpc_realize(FbnicCore *core)
{
    Object *obj = OBJECT(core->pdev);
    FbnicRpcProbe *pr;

    if (object_property_find(obj, "x-rpc-probe")) {
        return;     /* realized before: the property stays with the object */
    }
    pr = g_new0(FbnicRpcProbe, 1);
    pr->core = core;
    object_property_add(obj, "x-rpc-probe", "str", fbnic_probe_get,
                        fbnic_probe_set, fbnic_probe_release, pr);
}
