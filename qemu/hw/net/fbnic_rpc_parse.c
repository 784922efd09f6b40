/*
 * Meta fbnic host NIC emulation: the receive parser.
 *
 * Every read is bounds-checked against the frame length: a header that
 * runs past the end of the frame stops the walk, flags a parser error
 * and counts as an "out of header" event, the way a hardware parser
 * reports a frame whose headers it could not finish.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "fbnic_rpc_parse.h"

#define ETH_ALEN_            6
#define ETH_HDR_LEN          14
#define VLAN_TAG_LEN         4
#define VLAN_TAGS_MAX        2

#define ETYPE_IPV4           0x0800
#define ETYPE_ARP            0x0806
#define ETYPE_VLAN           0x8100
#define ETYPE_QINQ           0x88a8
#define ETYPE_QINQ_OLD       0x9100
#define ETYPE_IPV6           0x86dd

#define IPV4_HDR_MIN         20
#define IPV4_MF              0x2000
#define IPV4_FRAG_OFF        0x1fff
#define IPV6_HDR_LEN         40
#define IPV6_EXT_HDRS_MAX    8

#define PROTO_HOPOPTS        0
#define PROTO_IPV4_IN        4
#define PROTO_TCP            6
#define PROTO_UDP            17
#define PROTO_IPV6_IN        41
#define PROTO_ROUTING        43
#define PROTO_FRAGMENT       44
#define PROTO_ESP            50
#define PROTO_AH             51
#define PROTO_NONE           59
#define PROTO_DSTOPTS        60

#define TCP_HDR_MIN          20
#define UDP_HDR_LEN          8

/* A frame under parse */
typedef struct Walk {
    const uint8_t *b;
    size_t len;
    FbnicRpcPkt *p;
    unsigned ip_end;        /* end of the IP payload the header declares */
} Walk;

/* ------------------------------------------------------------------ */
/* Checksums                                                           */
/* ------------------------------------------------------------------ */

uint32_t fbnic_csum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        sum += (buf[i] << 8) | buf[i + 1];
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (len & 1) {
        sum += buf[len - 1] << 8;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

uint16_t fbnic_csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/*
 * The value upstream's Rx path stores in skb->csum for CHECKSUM_COMPLETE
 * must equal what csum_partial() gives over the bytes after the Ethernet
 * header on a little-endian CPU: the network-order sum, byte swapped.
 */
static uint16_t fbnic_l2_csum(const uint8_t *b, size_t len)
{
    uint16_t be;

    if (len <= ETH_HDR_LEN) {
        return 0;
    }
    be = fbnic_csum_fold(fbnic_csum_add(0, b + ETH_HDR_LEN,
                                        len - ETH_HDR_LEN));
    return bswap16(be);
}

/* Verify a TCP/UDP checksum over the pseudo header and the segment */
static bool fbnic_l4_csum_verify(Walk *w)
{
    FbnicRpcPkt *p = w->p;
    unsigned seg_len = w->ip_end - p->l4_off;
    uint8_t pseudo[40];
    unsigned plen;
    uint32_t sum;

    if (w->ip_end > w->len || w->ip_end < p->l4_end) {
        return false;       /* segment not all here */
    }
    if (p->l4_type == FBNIC_L4_UDP &&
        lduw_be_p(w->b + p->l4_off + 6) == 0) {
        return false;       /* no checksum: nothing was verified */
    }
    if (p->ip.v6) {
        memcpy(pseudo, p->ip.src, 16);
        memcpy(pseudo + 16, p->ip.dst, 16);
        stl_be_p(pseudo + 32, seg_len);
        stl_be_p(pseudo + 36, p->ip_proto);
        plen = 40;
    } else {
        memcpy(pseudo, p->ip.src + 12, 4);
        memcpy(pseudo + 4, p->ip.dst + 12, 4);
        pseudo[8] = 0;
        pseudo[9] = p->ip_proto;
        stw_be_p(pseudo + 10, seg_len);
        plen = 12;
    }
    sum = fbnic_csum_add(0, pseudo, plen);
    sum = fbnic_csum_add(sum, w->b + p->l4_off, seg_len);
    return fbnic_csum_fold(sum) == 0xffff;
}

/* ------------------------------------------------------------------ */
/* Header walk                                                         */
/* ------------------------------------------------------------------ */

/* Is [off, off + n) inside the frame?  If not, the headers end early. */
static bool fbnic_have(Walk *w, unsigned off, unsigned n)
{
    if (off + n <= w->len) {
        return true;
    }
    w->p->error = true;
    w->p->events |= FBNIC_PEV_OUT_OF_HDR;
    return false;
}

/* TCP options must tile the header exactly (after any end-of-list) */
static bool fbnic_tcp_opts_ok(const uint8_t *opt, unsigned n)
{
    unsigned i = 0;

    while (i < n) {
        if (opt[i] == 0) {
            return true;            /* end of option list */
        }
        if (opt[i] == 1) {
            i++;                    /* no-op */
            continue;
        }
        if (i + 1 >= n || opt[i + 1] < 2 || i + opt[i + 1] > n) {
            return false;
        }
        i += opt[i + 1];
    }
    return true;
}

static void fbnic_parse_l4(Walk *w, unsigned off)
{
    FbnicRpcPkt *p = w->p;
    unsigned hlen, i;

    if (p->ip_proto == PROTO_TCP) {
        if (!fbnic_have(w, off, TCP_HDR_MIN)) {
            return;
        }
        hlen = (w->b[off + 12] >> 4) * 4;
        if (hlen < TCP_HDR_MIN) {
            p->error = true;
            p->events |= FBNIC_PEV_TCP_OPT_ERR;
            return;
        }
        if (!fbnic_have(w, off, hlen)) {
            return;
        }
        if (!fbnic_tcp_opts_ok(w->b + off + TCP_HDR_MIN,
                               hlen - TCP_HDR_MIN)) {
            p->error = true;
            p->events |= FBNIC_PEV_TCP_OPT_ERR;
        }
        p->l4_type = FBNIC_L4_TCP;
    } else {
        if (!fbnic_have(w, off, UDP_HDR_LEN)) {
            return;
        }
        hlen = UDP_HDR_LEN;
        p->l4_type = FBNIC_L4_UDP;
    }

    p->l4_off = off;
    p->l4_end = off + hlen;
    p->sport = lduw_be_p(w->b + off);
    p->dport = lduw_be_p(w->b + off + 2);
    for (i = 0; i < sizeof(p->l4_bytes) && off + 4 + i < w->len; i++) {
        p->l4_bytes[i] = w->b[off + 4 + i];
    }
    p->l4_csum_ok = fbnic_l4_csum_verify(w);
}

/* After the IP header chain: either an L4 header or the end of parsing */
static void fbnic_parse_after_ip(Walk *w, unsigned off)
{
    FbnicRpcPkt *p = w->p;

    p->l3_end = off;
    p->l4_off = off;
    p->l4_end = off;
    if (p->fragment) {
        return;     /* only the first fragment has ports: hash on L3 */
    }
    if (p->ip_proto == PROTO_TCP || p->ip_proto == PROTO_UDP) {
        fbnic_parse_l4(w, off);
    }
}

static void fbnic_parse_ipv4(Walk *w, unsigned off)
{
    FbnicRpcPkt *p = w->p;
    const uint8_t *h = w->b + off;
    unsigned ihl, tot_len;
    uint16_t frag;

    if (!fbnic_have(w, off, IPV4_HDR_MIN)) {
        return;
    }
    ihl = (h[0] & 0xf) * 4;
    if ((h[0] >> 4) != 4 || ihl < IPV4_HDR_MIN) {
        p->error = true;
        return;
    }
    if (!fbnic_have(w, off, ihl)) {
        return;
    }
    tot_len = lduw_be_p(h + 2);
    if (tot_len < ihl || off + tot_len > w->len) {
        p->error = true;        /* length field and frame disagree */
    }

    p->l3_type = FBNIC_L3_IPV4;
    p->ip.valid = true;
    memcpy(p->ip.src + 12, h + 12, 4);
    memcpy(p->ip.dst + 12, h + 16, 4);
    p->dscp = h[1] >> 2;
    p->ip_proto = h[9];
    w->ip_end = off + tot_len;

    frag = lduw_be_p(h + 6);
    if (frag & (IPV4_MF | IPV4_FRAG_OFF)) {
        p->fragment = true;
        p->events |= FBNIC_PEV_IPV4_FRAG;
    }
    if (p->ip_proto == PROTO_ESP) {
        p->events |= FBNIC_PEV_IPV4_ESP;
    }
    fbnic_parse_after_ip(w, off + ihl);
}

/* Extension headers nobody defined a walk for: the parser gives up */
static bool fbnic_ipv6_unknown_ext(uint8_t nh)
{
    return nh == 135 || nh == 139 || nh == 140 || nh == 253 || nh == 254;
}

static void fbnic_parse_ipv6_hdr(Walk *w, unsigned off, FbnicIpHdr *ip)
{
    const uint8_t *h = w->b + off;
    uint32_t w0 = ldl_be_p(h);
    unsigned plen = lduw_be_p(h + 4);

    ip->valid = true;
    ip->v6 = true;
    ip->flow_label = w0 & 0xfffff;
    memcpy(ip->src, h + 8, 16);
    memcpy(ip->dst, h + 24, 16);
    w->p->dscp = (w0 >> 22) & 0x3f;
    /* a zero payload length (jumbogram) runs to the end of the frame */
    w->ip_end = plen ? off + IPV6_HDR_LEN + plen : w->len;
    if (w->ip_end > w->len) {
        w->p->error = true;
    }
}

static void fbnic_parse_ipv6(Walk *w, unsigned off)
{
    FbnicRpcPkt *p = w->p;
    unsigned n;
    uint8_t nh;

    if (!fbnic_have(w, off, IPV6_HDR_LEN)) {
        return;
    }
    if ((w->b[off] >> 4) != 6) {
        p->error = true;
        return;
    }
    p->l3_type = FBNIC_L3_IPV6;
    fbnic_parse_ipv6_hdr(w, off, &p->ip);
    nh = w->b[off + 6];
    off += IPV6_HDR_LEN;

    for (n = 0; n < IPV6_EXT_HDRS_MAX; n++) {
        unsigned hlen;

        p->ip_proto = nh;
        switch (nh) {
        case PROTO_HOPOPTS:
        case PROTO_ROUTING:
        case PROTO_DSTOPTS:
        case PROTO_AH:
            if (!fbnic_have(w, off, 8)) {
                return;
            }
            hlen = nh == PROTO_AH ? (w->b[off + 1] + 2) * 4 :
                                    (w->b[off + 1] + 1) * 8;
            if (!fbnic_have(w, off, hlen)) {
                return;
            }
            nh = w->b[off];
            off += hlen;
            continue;
        case PROTO_FRAGMENT:
            if (!fbnic_have(w, off, 8)) {
                return;
            }
            p->fragment = true;
            p->events |= FBNIC_PEV_IPV6_FRAG;
            nh = w->b[off];
            p->ip_proto = nh;
            off += 8;
            break;
        case PROTO_IPV6_IN:
            if (p->outer.valid || !fbnic_have(w, off, IPV6_HDR_LEN) ||
                (w->b[off] >> 4) != 6) {
                break;          /* only one level of tunnel is parsed */
            }
            p->outer = p->ip;
            memset(&p->ip, 0, sizeof(p->ip));
            p->l3_type = FBNIC_L3_V6V6;
            fbnic_parse_ipv6_hdr(w, off, &p->ip);
            nh = w->b[off + 6];
            off += IPV6_HDR_LEN;
            continue;
        case PROTO_ESP:
            p->events |= FBNIC_PEV_IPV6_ESP;
            break;
        default:
            if (fbnic_ipv6_unknown_ext(nh)) {
                p->events |= FBNIC_PEV_UNKN_EXT_HDR;
            }
            break;
        }
        break;
    }
    fbnic_parse_after_ip(w, off);
}

void fbnic_rpc_parse(const uint8_t *frame, size_t len, FbnicRpcPkt *p)
{
    Walk w = { .b = frame, .len = len, .p = p };
    unsigned off = 12, tags;
    uint16_t etype;

    memset(p, 0, sizeof(*p));
    if (len < ETH_HDR_LEN) {
        p->error = true;
        p->events |= FBNIC_PEV_OUT_OF_HDR;
        return;
    }
    memcpy(p->da, frame, ETH_ALEN_);
    p->multicast = frame[0] & 1;
    p->broadcast = !memcmp(frame, "\xff\xff\xff\xff\xff\xff", ETH_ALEN_);
    p->l2_csum = fbnic_l2_csum(frame, len);

    etype = lduw_be_p(frame + off);
    for (tags = 0; tags < VLAN_TAGS_MAX &&
         (etype == ETYPE_VLAN || etype == ETYPE_QINQ ||
          etype == ETYPE_QINQ_OLD); tags++) {
        off += VLAN_TAG_LEN;
        if (!fbnic_have(&w, off, 2)) {
            return;
        }
        etype = lduw_be_p(frame + off);
    }
    off += 2;
    p->ethertype = etype;
    p->l3_off = off;
    p->l3_end = off;
    p->l4_off = off;
    p->l4_end = off;

    switch (etype) {
    case ETYPE_IPV4:
        fbnic_parse_ipv4(&w, off);
        break;
    case ETYPE_IPV6:
        fbnic_parse_ipv6(&w, off);
        break;
    case ETYPE_ARP:
        break;
    default:
        p->events |= FBNIC_PEV_UNKN_ETYPE;
        break;
    }
}
