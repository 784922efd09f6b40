// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/ethtool.h>
#include <linux/vmalloc.h>

#include "fbnic.h"
#include "fbnic_regs.h"

/*
 * KUnit tests of the hardware counter accounting. BAR0 is faked with
 * ordinary memory: the test sets "register" values and checks what the
 * totals make of them (wraps, 64-bit pairs, restarts, a lost device).
 */

#define FAKE_BAR0_SIZE		0x180000	/* up to the last queue page */

/* A few counters of the register map, by byte offset */
#define T_RPC_UNKN_ETYPE	0x2127c		/* 32-bit */
#define T_RXB_DROP_FRAMES(f)	(0x2015c + 4 * (f))
#define T_MAC_RX_FCS_LO		0x46850		/* 64-bit pair */
#define T_MAC_RX_FCS_HI		0x46854
#define T_RSFEC_CCW_LO		0x42008		/* 16-bit halves */
#define T_RSFEC_CCW_HI		0x4200c
#define T_RDE_CQ_DROP(q)	(0x100a90 + 0x1000 * (q))

struct hws_test_ctx {
	struct fbnic_dev *fbd;
	u32 *regs;
};

static void reg_set(struct hws_test_ctx *ctx, u32 off, u32 val)
{
	WRITE_ONCE(ctx->regs[off / 4], val);
}

static void hws_test_exit(struct kunit *test)
{
	struct hws_test_ctx *ctx = test->priv;

	/* Only once the test got as far as taking the baseline */
	if (ctx->fbd->hw_stats.work.work.func)
		fbnic_hw_stats_stop(ctx->fbd);
	vfree(ctx->regs);
}

static int hws_test_init(struct kunit *test)
{
	struct hws_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct device *dev;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->fbd = kunit_kzalloc(test, sizeof(*ctx->fbd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->fbd);
	ctx->regs = vzalloc(FAKE_BAR0_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, ctx->regs);
	dev = kunit_device_register(test, "fbnic-hws-test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));

	ctx->fbd->dev = dev;
	ctx->fbd->bar0_map = (u32 __force __iomem *)ctx->regs;
	ctx->fbd->bar0 = ctx->fbd->bar0_map;
	test->priv = ctx;
	return 0;
}

/* The `ethtool -S` value of the counter called @name */
static u64 ethtool_value(struct kunit *test, struct fbnic_dev *fbd,
			 const char *name)
{
	unsigned int n = fbnic_hw_stats_ethtool_count();
	u64 *values, val = ~0ULL;
	u8 *names, *p;
	unsigned int i;

	names = kunit_kcalloc(test, n, ETH_GSTRING_LEN, GFP_KERNEL);
	values = kunit_kcalloc(test, n, sizeof(*values), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, names);
	KUNIT_ASSERT_NOT_NULL(test, values);

	p = names;
	fbnic_hw_stats_ethtool_strings(&p);
	KUNIT_EXPECT_PTR_EQ(test, p, names + n * ETH_GSTRING_LEN);
	fbnic_hw_stats_ethtool_values(fbd, values);
	for (i = 0; i < n; i++)
		if (!strcmp(names + i * ETH_GSTRING_LEN, name))
			val = values[i];
	KUNIT_EXPECT_NE_MSG(test, val, ~0ULL, "no counter %s", name);
	return val;
}

/* Whatever the counters held before, the totals start at zero */
static void hws_test_baseline(struct kunit *test)
{
	struct hws_test_ctx *ctx = test->priv;
	struct fbnic_hw_err_stats err;

	reg_set(ctx, T_RPC_UNKN_ETYPE, 1234);
	reg_set(ctx, T_MAC_RX_FCS_LO, 77);
	reg_set(ctx, T_MAC_RX_FCS_HI, 3);
	reg_set(ctx, T_RXB_DROP_FRAMES(FBNIC_HWS_FIFO_HOST), 9);
	fbnic_hw_stats_init(ctx->fbd);

	KUNIT_EXPECT_EQ(test, ethtool_value(test, ctx->fbd, "rpc_unkn_etype"),
			0);
	fbnic_hw_stats_get_errors(ctx->fbd, &err);
	KUNIT_EXPECT_EQ(test, err.rx_crc, 0);
	KUNIT_EXPECT_EQ(test, err.rx_missed, 0);

	reg_set(ctx, T_RXB_DROP_FRAMES(FBNIC_HWS_FIFO_HOST), 10);
	reg_set(ctx, T_RXB_DROP_FRAMES(FBNIC_HWS_FIFO_BMC_TO_HOST), 2);
	fbnic_hw_stats_get_errors(ctx->fbd, &err);
	KUNIT_EXPECT_EQ(test, err.rx_missed, 3);
}

/* A 32-bit counter that wraps between two reads loses nothing */
static void hws_test_wrap32(struct kunit *test)
{
	struct hws_test_ctx *ctx = test->priv;

	reg_set(ctx, T_RPC_UNKN_ETYPE, 0xfffffff0);
	fbnic_hw_stats_init(ctx->fbd);
	reg_set(ctx, T_RPC_UNKN_ETYPE, 0x0000000f);
	fbnic_hw_stats_update(ctx->fbd);
	KUNIT_EXPECT_EQ(test, ethtool_value(test, ctx->fbd, "rpc_unkn_etype"),
			0x1f);
	reg_set(ctx, T_RPC_UNKN_ETYPE, 0x8000000f);
	KUNIT_EXPECT_EQ(test, ethtool_value(test, ctx->fbd, "rpc_unkn_etype"),
			0x8000001fULL);
	reg_set(ctx, T_RPC_UNKN_ETYPE, 0x0000000e);
	KUNIT_EXPECT_EQ(test, ethtool_value(test, ctx->fbd, "rpc_unkn_etype"),
			0x10000001eULL);
}

/* Low/high pairs: carries into the high word, then a restart at zero */
static void hws_test_pair64(struct kunit *test)
{
	struct hws_test_ctx *ctx = test->priv;
	struct fbnic_hw_err_stats err;

	reg_set(ctx, T_MAC_RX_FCS_LO, 0xfffffffe);
	reg_set(ctx, T_MAC_RX_FCS_HI, 0);
	fbnic_hw_stats_init(ctx->fbd);

	reg_set(ctx, T_MAC_RX_FCS_LO, 3);
	reg_set(ctx, T_MAC_RX_FCS_HI, 1);
	fbnic_hw_stats_get_errors(ctx->fbd, &err);
	KUNIT_EXPECT_EQ(test, err.rx_crc, 5);

	reg_set(ctx, T_MAC_RX_FCS_LO, 0);
	reg_set(ctx, T_MAC_RX_FCS_HI, 7);
	fbnic_hw_stats_get_errors(ctx->fbd, &err);
	KUNIT_EXPECT_EQ(test, err.rx_crc, 5 + 6ULL * 0x100000000ULL - 3);

	/* The device was reset: the count starts again from zero */
	reg_set(ctx, T_MAC_RX_FCS_LO, 2);
	reg_set(ctx, T_MAC_RX_FCS_HI, 0);
	fbnic_hw_stats_get_errors(ctx->fbd, &err);
	KUNIT_EXPECT_EQ(test, err.rx_crc, 6ULL * 0x100000000ULL + 4);
}

/* Clear-on-read halves: each read's value is added whole */
static void hws_test_cor16(struct kunit *test)
{
	struct hws_test_ctx *ctx = test->priv;
	struct fbnic_phy_hw_stats phy;

	reg_set(ctx, T_RSFEC_CCW_LO, 0xabcd0005);	/* upper bits unused */
	reg_set(ctx, T_RSFEC_CCW_HI, 0x1);
	fbnic_hw_stats_init(ctx->fbd);	/* the baseline read clears them */
	reg_set(ctx, T_RSFEC_CCW_LO, 0x0007);
	reg_set(ctx, T_RSFEC_CCW_HI, 0x0002);
	fbnic_hw_stats_get_phy(ctx->fbd, &phy);
	KUNIT_EXPECT_EQ(test, phy.fec_corrected.total, 0x20007);
	reg_set(ctx, T_RSFEC_CCW_LO, 1);
	reg_set(ctx, T_RSFEC_CCW_HI, 0);
	fbnic_hw_stats_get_phy(ctx->fbd, &phy);
	KUNIT_EXPECT_EQ(test, phy.fec_corrected.total, 0x20008);
}

/* One queue's drops, refreshed alone and in the device totals */
static void hws_test_rxq(struct kunit *test)
{
	struct hws_test_ctx *ctx = test->priv;
	struct fbnic_hw_err_stats err;
	u64 drops, overruns;

	reg_set(ctx, T_RDE_CQ_DROP(5), 100);
	fbnic_hw_stats_init(ctx->fbd);
	reg_set(ctx, T_RDE_CQ_DROP(5), 107);
	fbnic_hw_stats_get_rxq(ctx->fbd, 5, &drops, &overruns);
	KUNIT_EXPECT_EQ(test, overruns, 7);
	KUNIT_EXPECT_EQ(test, drops, 7);
	fbnic_hw_stats_get_rxq(ctx->fbd, 4, &drops, &overruns);
	KUNIT_EXPECT_EQ(test, drops, 0);
	fbnic_hw_stats_get_errors(ctx->fbd, &err);
	KUNIT_EXPECT_EQ(test, err.rx_over, 7);
	KUNIT_EXPECT_EQ(test, ethtool_value(test, ctx->fbd, "rxq5_hw_cq_drop"),
			7);
}

/* All ones from a device that went away count for nothing */
static void hws_test_device_gone(struct kunit *test)
{
	struct hws_test_ctx *ctx = test->priv;

	fbnic_hw_stats_init(ctx->fbd);
	reg_set(ctx, T_RPC_UNKN_ETYPE, 5);
	fbnic_hw_stats_update(ctx->fbd);

	/* A register that always reads zero does not: the device is gone */
	reg_set(ctx, FBNIC_MASTER_SPARE_0, ~0U);
	reg_set(ctx, T_RPC_UNKN_ETYPE, ~0U);
	fbnic_hw_stats_update(ctx->fbd);
	KUNIT_EXPECT_TRUE(test, test_bit(FBNIC_STATE_GONE, &ctx->fbd->state));
	KUNIT_EXPECT_EQ(test, ethtool_value(test, ctx->fbd, "rpc_unkn_etype"),
			5);
}

/* Stopped, the registers are left alone; resync counts on from them */
static void hws_test_stop_resync(struct kunit *test)
{
	struct hws_test_ctx *ctx = test->priv;

	fbnic_hw_stats_init(ctx->fbd);
	reg_set(ctx, T_RPC_UNKN_ETYPE, 4);
	fbnic_hw_stats_stop(ctx->fbd);
	reg_set(ctx, T_RPC_UNKN_ETYPE, 1000);
	KUNIT_EXPECT_EQ(test, ethtool_value(test, ctx->fbd, "rpc_unkn_etype"),
			4);

	/* The device was reset meanwhile and counted 2 since */
	reg_set(ctx, T_RPC_UNKN_ETYPE, 0);
	fbnic_hw_stats_resync(ctx->fbd);
	reg_set(ctx, T_RPC_UNKN_ETYPE, 2);
	KUNIT_EXPECT_EQ(test, ethtool_value(test, ctx->fbd, "rpc_unkn_etype"),
			6);
}

/* The names are what `ethtool -S` can show: unique, short enough */
static void hws_test_strings(struct kunit *test)
{
	unsigned int n = fbnic_hw_stats_ethtool_count();
	unsigned int i, j;
	u8 *names, *p;

	KUNIT_ASSERT_GT(test, n, 0);
	names = kunit_kcalloc(test, n + 1, ETH_GSTRING_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, names);
	p = names;
	fbnic_hw_stats_ethtool_strings(&p);
	KUNIT_EXPECT_PTR_EQ(test, p, names + n * ETH_GSTRING_LEN);

	for (i = 0; i < n; i++) {
		const char *a = names + i * ETH_GSTRING_LEN;

		KUNIT_EXPECT_GT(test, strlen(a), 0);
		KUNIT_EXPECT_LT(test, strnlen(a, ETH_GSTRING_LEN),
				ETH_GSTRING_LEN);
		KUNIT_EXPECT_NULL(test, strchr(a, '%'));
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, a, names + j * ETH_GSTRING_LEN);
	}
	kunit_info(test, "%u counters", n);
}

static struct kunit_case fbnic_hw_stats_cases[] = {
	KUNIT_CASE(hws_test_baseline),
	KUNIT_CASE(hws_test_wrap32),
	KUNIT_CASE(hws_test_pair64),
	KUNIT_CASE(hws_test_cor16),
	KUNIT_CASE(hws_test_rxq),
	KUNIT_CASE(hws_test_device_gone),
	KUNIT_CASE(hws_test_stop_resync),
	KUNIT_CASE(hws_test_strings),
	{}
};

static struct kunit_suite fbnic_hw_stats_suite = {
	.name = "fbnic_hw_stats",
	.init = hws_test_init,
	.exit = hws_test_exit,
	.test_cases = fbnic_hw_stats_cases,
};

kunit_test_suite(fbnic_hw_stats_suite);

MODULE_DESCRIPTION("KUnit tests for the fbnic hardware counter accounting");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
