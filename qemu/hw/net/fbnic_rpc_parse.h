/*
 * Meta fbnic host NIC emulation: the receive parser.
 *
 * Walks the headers of a received frame the way the classifier needs
 * them: L2 (with VLAN tags), IPv4 / IPv6 (extension headers, fragments,
 * one level of IPv6-in-IPv6), TCP / UDP, and computes the checksums the
 * receive metadata reports.  Pure function of the frame bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_RPC_PARSE_H
#define HW_NET_FBNIC_RPC_PARSE_H

/* Receive metadata L3/L4 type codes */
#define FBNIC_L3_OTHER          0
#define FBNIC_L3_IPV4           1
#define FBNIC_L3_IPV6           2
#define FBNIC_L3_V6V6           3
#define FBNIC_L4_OTHER          0
#define FBNIC_L4_TCP            1
#define FBNIC_L4_UDP            2

/* Parser events the RPC counts */
#define FBNIC_PEV_UNKN_ETYPE    (1u << 0)
#define FBNIC_PEV_UNKN_EXT_HDR  (1u << 1)
#define FBNIC_PEV_IPV4_FRAG     (1u << 2)
#define FBNIC_PEV_IPV6_FRAG     (1u << 3)
#define FBNIC_PEV_IPV4_ESP      (1u << 4)
#define FBNIC_PEV_IPV6_ESP      (1u << 5)
#define FBNIC_PEV_TCP_OPT_ERR   (1u << 6)
#define FBNIC_PEV_OUT_OF_HDR    (1u << 7)

/* An IP header as the classifier keys on it */
typedef struct FbnicIpHdr {
    bool valid;
    bool v6;
    uint8_t src[16];        /* IPv4 addresses sit in bytes 12..15 */
    uint8_t dst[16];
    uint32_t flow_label;    /* IPv6 only, 20 bits */
} FbnicIpHdr;

typedef struct FbnicRpcPkt {
    uint8_t da[6];
    bool multicast;         /* group bit of the destination address */
    bool broadcast;
    uint16_t ethertype;     /* after any VLAN tags */

    unsigned l3_off;        /* end of the L2 header */
    unsigned l3_end;        /* end of the (inner) IP header chain */
    unsigned l4_off;        /* == l3_end when there is an L4 header */
    unsigned l4_end;        /* end of the TCP/UDP header */

    uint8_t l3_type;        /* FBNIC_L3_* */
    FbnicIpHdr ip;          /* the (inner) IP header */
    FbnicIpHdr outer;       /* the outer IPv6 header of a v6-in-v6 frame */
    uint8_t dscp;
    uint8_t ip_proto;       /* final next-header / protocol */
    bool fragment;

    uint8_t l4_type;        /* FBNIC_L4_* */
    uint16_t sport, dport;
    uint8_t l4_bytes[12];   /* L4 header bytes 4..15, zero past its end */

    bool l4_csum_ok;        /* TCP/UDP checksum present and correct */
    uint16_t l2_csum;       /* see fbnic_rpc_classify() */

    bool error;             /* malformed or truncated headers */
    uint32_t events;        /* FBNIC_PEV_* */
} FbnicRpcPkt;

void fbnic_rpc_parse(const uint8_t *frame, size_t len, FbnicRpcPkt *p);

/* Ones' complement sum of a buffer in network byte order, not folded */
uint32_t fbnic_csum_add(uint32_t sum, const uint8_t *buf, size_t len);
uint16_t fbnic_csum_fold(uint32_t sum);

#endif /* HW_NET_FBNIC_RPC_PARSE_H */
