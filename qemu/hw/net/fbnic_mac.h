/*
 * Meta fbnic host NIC emulation: the Ethernet MAC as the datapath sees
 * it: its enables, the frame sizes it accepts, and MAC control frames.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_MAC_H
#define HW_NET_FBNIC_MAC_H

typedef struct FbnicCore FbnicCore;

#define FBNIC_ETH_FCS_LEN       4
/* Shortest frame on the wire without its FCS: senders pad up to it */
#define FBNIC_ETH_MIN_LEN       60
/*
 * Longest frame the MAC accepts, FCS included.  The driver never
 * programs it (firmware does); modelled as the largest frame the driver
 * lets the stack send (9742 bytes) plus one VLAN tag and the FCS.
 */
#define FBNIC_MAC_MAX_FRAME     (9742 + 4 + FBNIC_ETH_FCS_LEN)

typedef enum FbnicMacRx {
    FBNIC_MAC_RX_OK,            /* received: goes on to the classifier */
    FBNIC_MAC_RX_OFF,           /* receiver disabled or link down: lost */
    FBNIC_MAC_RX_TOO_LONG,      /* longer than the MAC accepts: dropped */
} FbnicMacRx;

/* What the MAC does with a frame of @len bytes (no FCS) from the wire */
FbnicMacRx fbnic_mac_rx_check(FbnicCore *core, size_t len);

/* Length on the wire as the MAC counts it: padded, FCS included */
unsigned fbnic_mac_wire_len(size_t len);

/* MAC control frames (EtherType 0x8808) end in the MAC */
bool fbnic_mac_is_control(const uint8_t *frame, size_t len);
/* A PAUSE or PFC frame asking the peer to stop (non-zero quanta) */
bool fbnic_mac_is_xoff(const uint8_t *frame, size_t len);

uint32_t fbnic_mac_read(FbnicCore *core, hwaddr addr);
void fbnic_mac_write(FbnicCore *core, hwaddr addr, uint32_t val);

#endif /* HW_NET_FBNIC_MAC_H */
