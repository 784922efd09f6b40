/*
 * Meta fbnic host NIC emulation: receive classifier and statistics.
 * PLACEHOLDER so the queue engine can build; replaced by the RPC work.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "fbnic_core.h"
#include "fbnic_rpc.h"

void fbnic_rpc_classify(FbnicCore *core, const uint8_t *frame, size_t len,
                        FbnicRxVerdict *v)
{
    memset(v, 0, sizeof(*v));
}

void fbnic_stats_rx_frame(FbnicCore *core, size_t len)
{
}

void fbnic_stats_tx_frame(FbnicCore *core, size_t len)
{
}

bool fbnic_rpc_owns(hwaddr addr)
{
    return false;
}

uint32_t fbnic_rpc_read(FbnicCore *core, hwaddr addr)
{
    return 0;
}

void fbnic_rpc_write(FbnicCore *core, hwaddr addr, uint32_t val)
{
}

void fbnic_rpc_reset(FbnicCore *core)
{
}

void fbnic_stats_tx_frame_dest(FbnicCore *core, const uint8_t *frame,
                               size_t len)
{
}

void fbnic_stats_tx_drop(FbnicCore *core, size_t len)
{
}

void fbnic_stats_tx_ts(FbnicCore *core, FbnicTxTsResult result)
{
}

bool fbnic_mac_rx_enabled(FbnicCore *core)
{
    return true;
}

bool fbnic_mac_tx_enabled(FbnicCore *core)
{
    return true;
}

void fbnic_rpc_realize(FbnicCore *core)
{
}
