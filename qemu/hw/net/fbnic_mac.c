/*
 * Meta fbnic host NIC emulation: the Ethernet MAC as the datapath sees
 * it.
 *
 * The driver programs the MAC command word at link up (receiver and
 * transmitter enables, promiscuous mode, pause) and takes the MAC out of
 * reset through the signal block; at link down it resets the MAC's
 * clock domains again.  A frame is only received while the link is up,
 * the receiver is enabled and out of reset.  Nothing else in the MAC
 * configuration changes what the model does: the MAC is always
 * promiscuous in practice (filtering is the classifier's job), pause
 * frames are counted but never throttle the transmitter.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "fbnic_core.h"
#include "fbnic_rpc_regs.h"
#include "fbnic_mac.h"
#include "fbnic_rpc.h"
#include "trace.h"

#define ETYPE_MAC_CONTROL       0x8808
#define MAC_CTRL_PAUSE          0x0001
#define MAC_CTRL_PFC            0x0101
#define PFC_CLASSES             8

static uint32_t fbnic_mac_reg(FbnicCore *core, hwaddr addr)
{
    return core->csr[addr >> 2];
}

bool fbnic_mac_rx_enabled(FbnicCore *core)
{
    uint32_t cmd = fbnic_mac_reg(core, A_MAC_COMMAND_CONFIG);
    uint32_t sig = fbnic_mac_reg(core, FBNIC_SIG_MAC_IN0_ADDR);

    return core->link_up && FIELD_EX32(cmd, MAC_COMMAND_CONFIG, RX_ENA) &&
           !(sig & FBNIC_SIG_MAC_IN0_RX_RESETS);
}

bool fbnic_mac_tx_enabled(FbnicCore *core)
{
    uint32_t cmd = fbnic_mac_reg(core, A_MAC_COMMAND_CONFIG);
    uint32_t sig = fbnic_mac_reg(core, FBNIC_SIG_MAC_IN0_ADDR);

    return core->link_up && FIELD_EX32(cmd, MAC_COMMAND_CONFIG, TX_ENA) &&
           !(sig & FBNIC_SIG_MAC_IN0_TX_RESETS);
}

unsigned fbnic_mac_wire_len(size_t len)
{
    return MAX(len, FBNIC_ETH_MIN_LEN) + FBNIC_ETH_FCS_LEN;
}

FbnicMacRx fbnic_mac_rx_check(FbnicCore *core, size_t len)
{
    if (!fbnic_mac_rx_enabled(core)) {
        return FBNIC_MAC_RX_OFF;
    }
    if (fbnic_mac_wire_len(len) > FBNIC_MAC_MAX_FRAME) {
        return FBNIC_MAC_RX_TOO_LONG;
    }
    return FBNIC_MAC_RX_OK;
}

bool fbnic_mac_is_control(const uint8_t *frame, size_t len)
{
    return len >= 14 && lduw_be_p(frame + 12) == ETYPE_MAC_CONTROL;
}

bool fbnic_mac_is_xoff(const uint8_t *frame, size_t len)
{
    unsigned i;

    if (!fbnic_mac_is_control(frame, len) || len < 18) {
        return false;
    }
    switch (lduw_be_p(frame + 14)) {
    case MAC_CTRL_PAUSE:
        return lduw_be_p(frame + 16) != 0;
    case MAC_CTRL_PFC:
        for (i = 0; i < PFC_CLASSES && 18 + 2 * i + 2 <= len; i++) {
            if ((lduw_be_p(frame + 16) & (1u << i)) &&
                lduw_be_p(frame + 18 + 2 * i)) {
                return true;
            }
        }
        return false;
    default:
        return false;
    }
}

uint32_t fbnic_mac_read(FbnicCore *core, hwaddr addr)
{
    return fbnic_mac_reg(core, addr);
}

void fbnic_mac_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
    if (addr == A_MAC_COMMAND_CONFIG &&
        val != fbnic_mac_reg(core, addr)) {
        trace_fbnic_mac_cmd_config(val,
                                   FIELD_EX32(val, MAC_COMMAND_CONFIG, RX_ENA),
                                   FIELD_EX32(val, MAC_COMMAND_CONFIG, TX_ENA));
    }
    core->csr[addr >> 2] = val;
}
