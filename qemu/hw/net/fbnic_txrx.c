/*
 * Meta fbnic host NIC emulation: queue engines (placeholder, being written).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
