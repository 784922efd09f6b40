// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/random.h>

#include "fbnic_tlv.h"

/* KUnit tests of the firmware message encoder and parser */

enum {
	T_U32, T_U64, T_STR, T_FLAG, T_BYTES, T_S32, T_NEST, T_MAX
};

static const struct fbnic_tlv_policy test_policy[T_MAX] = {
	[T_U32]		= { .kind = FBNIC_TLV_UINT, .max_len = 4 },
	[T_U64]		= { .kind = FBNIC_TLV_UINT },
	[T_STR]		= { .kind = FBNIC_TLV_STRING, .max_len = 8 },
	[T_FLAG]	= { .kind = FBNIC_TLV_FLAG },
	[T_BYTES]	= { .kind = FBNIC_TLV_BINARY, .min_len = 6,
			    .max_len = 6 },
	[T_S32]		= { .kind = FBNIC_TLV_SINT, .max_len = 4 },
	[T_NEST]	= { .kind = FBNIC_TLV_NESTED },
};

#define TEST_BUF_WORDS	64

struct tlv_test_ctx {
	__le32 buf[TEST_BUF_WORDS];
	struct fbnic_tlv_msg msg;
	struct fbnic_tlv_attr tb[T_MAX];
};

static int tlv_test_init(struct kunit *test)
{
	struct tlv_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_msg_init(&ctx->msg, ctx->buf,
						    sizeof(ctx->buf), 0x11));
	test->priv = ctx;
	return 0;
}

static int tlv_parse(struct tlv_test_ctx *ctx, size_t len)
{
	return fbnic_tlv_msg_parse(ctx->buf, len, test_policy, T_MAX, ctx->tb);
}

/* Append a raw attribute header word, for malformed input */
static void tlv_put_raw(struct tlv_test_ctx *ctx, u32 hdr, u32 value)
{
	size_t words = fbnic_tlv_msg_len(&ctx->msg) / 4;

	ctx->buf[words] = cpu_to_le32(hdr);
	ctx->buf[words + 1] = cpu_to_le32(value);
	ctx->buf[0] = cpu_to_le32((le32_to_cpu(ctx->buf[0]) &
				   ~FBNIC_TLV_HDR_LEN) |
				  FIELD_PREP(FBNIC_TLV_HDR_LEN, words + 2));
}

static void tlv_test_roundtrip(struct kunit *test)
{
	static const u8 mac[6] = { 0x02, 0x1d, 0x9b, 0x00, 0x00, 0x01 };
	struct tlv_test_ctx *ctx = test->priv;
	char str[16];

	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u32(&ctx->msg, T_U32, 0xdeadbeef));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u64(&ctx->msg, T_U64,
						   0x0123456789abcdefULL));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_string(&ctx->msg, T_STR, "abc"));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_flag(&ctx->msg, T_FLAG));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_bytes(&ctx->msg, T_BYTES, mac, 6));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u32(&ctx->msg, T_S32, (u32)-5));

	/* 1 header + 2 + 3 + 2 (4-byte string) + 1 + 3 (6 bytes) + 2 words */
	KUNIT_EXPECT_EQ(test, fbnic_tlv_msg_len(&ctx->msg), 14 * 4);

	KUNIT_ASSERT_EQ(test, 0, tlv_parse(ctx, sizeof(ctx->buf)));
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_uint(&ctx->tb[T_U32], 0), 0xdeadbeef);
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_uint(&ctx->tb[T_U64], 0),
			0x0123456789abcdefULL);
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_string(&ctx->tb[T_STR], str,
						   sizeof(str)), 3);
	KUNIT_EXPECT_STREQ(test, str, "abc");
	KUNIT_EXPECT_TRUE(test, fbnic_tlv_present(&ctx->tb[T_FLAG]));
	KUNIT_EXPECT_EQ(test, ctx->tb[T_BYTES].len, 6);
	KUNIT_EXPECT_MEMEQ(test, ctx->tb[T_BYTES].value, mac, 6);
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_sint(&ctx->tb[T_S32], 0), -5);
	KUNIT_EXPECT_FALSE(test, fbnic_tlv_present(&ctx->tb[T_NEST]));
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_uint(&ctx->tb[T_NEST], 7), 7);
}

static void tlv_test_truncated(struct kunit *test)
{
	struct tlv_test_ctx *ctx = test->priv;
	size_t len;

	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u64(&ctx->msg, T_U64, 1));
	len = fbnic_tlv_msg_len(&ctx->msg);

	/* The header claims more than the device wrote */
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, len - 4), -EBADMSG);
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, 2), -EBADMSG);
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, len), 0);

	/* An attribute running past the end of the message */
	ctx->buf[1] = cpu_to_le32(FIELD_PREP(FBNIC_TLV_HDR_LEN, 64) | T_U64);
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EBADMSG);
}

static void tlv_test_bad_headers(struct kunit *test)
{
	struct tlv_test_ctx *ctx = test->priv;

	/* Not a message header */
	ctx->buf[0] &= ~cpu_to_le32(FBNIC_TLV_HDR_IS_MSG);
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EBADMSG);

	/* Zero-length message */
	ctx->buf[0] = cpu_to_le32(FBNIC_TLV_HDR_IS_MSG);
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EBADMSG);

	/* Attribute shorter than its own header (would loop forever) */
	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, sizeof(ctx->buf), 0x11);
	tlv_put_raw(ctx, FIELD_PREP(FBNIC_TLV_HDR_LEN, 0) | T_U32, 0);
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EBADMSG);

	/* A message header inside the attributes */
	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, sizeof(ctx->buf), 0x11);
	tlv_put_raw(ctx, FIELD_PREP(FBNIC_TLV_HDR_LEN, 8) |
		    FBNIC_TLV_HDR_IS_MSG | T_U32, 0);
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EBADMSG);
}

static void tlv_test_policy(struct kunit *test)
{
	struct tlv_test_ctx *ctx = test->priv;

	/* A string longer than the policy allows */
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_string(&ctx->msg, T_STR,
						      "much too long"));
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EINVAL);

	/* A 64-bit value where 32 bits are the most */
	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, sizeof(ctx->buf), 0x11);
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u64(&ctx->msg, T_U32, 1));
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EINVAL);

	/* A flag with a value */
	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, sizeof(ctx->buf), 0x11);
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u32(&ctx->msg, T_FLAG, 1));
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EINVAL);

	/* Bytes of the wrong size */
	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, sizeof(ctx->buf), 0x11);
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u32(&ctx->msg, T_BYTES, 1));
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EINVAL);

	/* The same attribute twice */
	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, sizeof(ctx->buf), 0x11);
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u32(&ctx->msg, T_U32, 1));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u32(&ctx->msg, T_U32, 2));
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EEXIST);
}

static void tlv_test_unknown(struct kunit *test)
{
	struct tlv_test_ctx *ctx = test->priv;

	/* Unknown attributes are skipped... */
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u32(&ctx->msg, 0x123, 1));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_u32(&ctx->msg, T_U32, 9));
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), 0);
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_uint(&ctx->tb[T_U32], 0), 9);

	/* ...unless the sender says they must be understood */
	tlv_put_raw(ctx, FIELD_PREP(FBNIC_TLV_HDR_LEN, 8) |
		    FBNIC_TLV_HDR_CANNOT_IGNORE | 0x124, 0);
	KUNIT_EXPECT_EQ(test, tlv_parse(ctx, sizeof(ctx->buf)), -EOPNOTSUPP);
}

static void tlv_test_nested(struct kunit *test)
{
	struct tlv_test_ctx *ctx = test->priv;
	struct fbnic_tlv_attr inner[T_MAX];
	__le32 nest[3];

	/* An inner u32 attribute carried as the nest's value */
	nest[0] = cpu_to_le32(FIELD_PREP(FBNIC_TLV_HDR_LEN, 8) | T_U32);
	nest[1] = cpu_to_le32(42);
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_bytes(&ctx->msg, T_NEST, nest, 8));
	KUNIT_ASSERT_EQ(test, 0, tlv_parse(ctx, sizeof(ctx->buf)));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_parse_nested(&ctx->tb[T_NEST],
							test_policy, T_MAX,
							inner));
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_uint(&inner[T_U32], 0), 42);

	/* The inner attribute claims more than the nest holds */
	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, sizeof(ctx->buf), 0x11);
	nest[0] = cpu_to_le32(FIELD_PREP(FBNIC_TLV_HDR_LEN, 12) | T_U32);
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_bytes(&ctx->msg, T_NEST, nest, 8));
	KUNIT_ASSERT_EQ(test, 0, tlv_parse(ctx, sizeof(ctx->buf)));
	KUNIT_EXPECT_EQ(test, fbnic_tlv_parse_nested(&ctx->tb[T_NEST],
						     test_policy, T_MAX, inner),
			-EBADMSG);
}

/* A nest built in a scratch message, holding an array of one repeated ID */
static void tlv_test_array(struct kunit *test)
{
	static const u8 macs[3][6] = {
		{ 2, 0, 0, 0, 0, 1 }, { 2, 0, 0, 0, 0, 2 }, { 2, 0, 0, 0, 0, 3 },
	};
	struct tlv_test_ctx *ctx = test->priv;
	struct fbnic_tlv_attr items[3];
	struct fbnic_tlv_msg inner;
	__le32 scratch[16];
	int i;

	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_msg_init(&inner, scratch,
						    sizeof(scratch), 0));
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_bytes(&inner, T_BYTES,
							     macs[i], 6));
	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_nested(&ctx->msg, T_NEST,
						      &inner));
	KUNIT_ASSERT_EQ(test, 0, tlv_parse(ctx, sizeof(ctx->buf)));
	KUNIT_EXPECT_EQ(test, ctx->tb[T_NEST].len, 3 * 12);

	KUNIT_ASSERT_EQ(test, 3, fbnic_tlv_parse_array(&ctx->tb[T_NEST],
						       T_BYTES,
						       &test_policy[T_BYTES],
						       items, 3));
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_MEMEQ(test, items[i].value, macs[i], 6);

	/* More elements than room, or elements of another ID */
	KUNIT_EXPECT_EQ(test, fbnic_tlv_parse_array(&ctx->tb[T_NEST], T_BYTES,
						    &test_policy[T_BYTES],
						    items, 2), -E2BIG);
	KUNIT_EXPECT_EQ(test, fbnic_tlv_parse_array(&ctx->tb[T_NEST], T_STR,
						    &test_policy[T_STR],
						    items, 3), -EBADMSG);
	/* Elements that break the policy */
	KUNIT_EXPECT_EQ(test, fbnic_tlv_parse_array(&ctx->tb[T_NEST], T_BYTES,
						    &test_policy[T_U32],
						    items, 3), -EINVAL);
}

static void tlv_test_overflow(struct kunit *test)
{
	struct tlv_test_ctx *ctx = test->priv;
	int i, err = 0;

	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, 16, 0x11);
	for (i = 0; i < 8 && !err; i++)
		err = fbnic_tlv_put_u32(&ctx->msg, T_U32, i);
	KUNIT_EXPECT_EQ(test, err, -EMSGSIZE);
	/* A refused attribute leaves the message as it was */
	KUNIT_EXPECT_EQ(test, fbnic_tlv_msg_len(&ctx->msg), 12);
	KUNIT_EXPECT_EQ(test, fbnic_tlv_put_u32(&ctx->msg, 0x1000, 0), -EINVAL);
}

static void tlv_test_strings(struct kunit *test)
{
	struct tlv_test_ctx *ctx = test->priv;
	char small[3];

	KUNIT_ASSERT_EQ(test, 0, fbnic_tlv_put_bytes(&ctx->msg, T_STR, "abcd", 4));
	KUNIT_ASSERT_EQ(test, 0, tlv_parse(ctx, sizeof(ctx->buf)));
	/* No NUL in the value: the copy is still terminated */
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_string(&ctx->tb[T_STR], small,
						   sizeof(small)), -E2BIG);
	KUNIT_EXPECT_STREQ(test, small, "ab");
	KUNIT_EXPECT_EQ(test, fbnic_tlv_get_string(&ctx->tb[T_U64], small,
						   sizeof(small)), -ENOENT);
	KUNIT_EXPECT_STREQ(test, small, "");
}

/* Fill the message with a valid mix of attributes */
static void tlv_fill_valid(struct tlv_test_ctx *ctx)
{
	fbnic_tlv_msg_init(&ctx->msg, ctx->buf, sizeof(ctx->buf), 0x11);
	fbnic_tlv_put_u32(&ctx->msg, T_U32, 1);
	fbnic_tlv_put_string(&ctx->msg, T_STR, "abc");
	fbnic_tlv_put_flag(&ctx->msg, T_FLAG);
	fbnic_tlv_put_u64(&ctx->msg, T_U64, 2);
}

/*
 * Random bytes, and valid messages with random bytes changed, must never
 * be read past their end, whatever their headers say. Each input sits in
 * an allocation of its exact size, so that KASAN would catch an overread.
 */
static void tlv_test_garbage(struct kunit *test)
{
	struct tlv_test_ctx *ctx = test->priv;
	int i, j, ok = 0;

	for (i = 0; i < 4000; i++) {
		size_t len;
		u8 *copy;

		if (i & 1) {
			tlv_fill_valid(ctx);
			len = fbnic_tlv_msg_len(&ctx->msg);
			for (j = 0; j < 1 + i % 3; j++)
				((u8 *)ctx->buf)[get_random_u32_below(len)] =
					get_random_u8();
		} else {
			len = get_random_u32_below(sizeof(ctx->buf) + 1);
			get_random_bytes(ctx->buf, sizeof(ctx->buf));
			ctx->buf[0] |= cpu_to_le32(FBNIC_TLV_HDR_IS_MSG);
		}
		copy = kunit_kmalloc(test, len ?: 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, copy);
		memcpy(copy, ctx->buf, len);
		if (!fbnic_tlv_msg_parse(copy, len, test_policy, T_MAX, ctx->tb))
			ok++;
		kunit_kfree(test, copy);
	}
	/* Some mutations leave a valid message, most do not */
	KUNIT_EXPECT_GT(test, ok, 0);
	KUNIT_EXPECT_LT(test, ok, 4000);
	kunit_info(test, "%d of 4000 damaged messages parsed", ok);
}

static struct kunit_case fbnic_tlv_cases[] = {
	KUNIT_CASE(tlv_test_roundtrip),
	KUNIT_CASE(tlv_test_truncated),
	KUNIT_CASE(tlv_test_bad_headers),
	KUNIT_CASE(tlv_test_policy),
	KUNIT_CASE(tlv_test_unknown),
	KUNIT_CASE(tlv_test_nested),
	KUNIT_CASE(tlv_test_array),
	KUNIT_CASE(tlv_test_overflow),
	KUNIT_CASE(tlv_test_strings),
	KUNIT_CASE(tlv_test_garbage),
	{}
};

static struct kunit_suite fbnic_tlv_suite = {
	.name = "fbnic_tlv",
	.init = tlv_test_init,
	.test_cases = fbnic_tlv_cases,
};

kunit_test_suite(fbnic_tlv_suite);

MODULE_DESCRIPTION("KUnit tests for the fbnic firmware message codec");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
