/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_SELFTEST_H_
#define _FBNIC_SELFTEST_H_

#include <linux/types.h>

struct ethtool_test;
struct net_device;

/*
 * ethtool -t: one result per test, in this order. A result is 0 when the
 * test passed, otherwise a positive errno: EIO when the device did not
 * behave (the kernel log names the register, vector or attribute), any
 * other when the test could not run.
 */
enum fbnic_selftest_id {
	FBNIC_SELFTEST_REGS,	/* offline */
	FBNIC_SELFTEST_MSIX,	/* offline */
	FBNIC_SELFTEST_MBX,	/* online and offline */
	FBNIC_SELFTEST_COUNT
};

void fbnic_selftest_strings(u8 **data);
void fbnic_self_test(struct net_device *netdev, struct ethtool_test *test,
		     u64 *data);

#endif /* _FBNIC_SELFTEST_H_ */
