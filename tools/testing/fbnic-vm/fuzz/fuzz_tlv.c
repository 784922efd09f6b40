// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the firmware TLV parser, fbnic_tlv.c, on arbitrary
 * message bytes.
 *
 * Input: three control bytes, then the message as the device wrote it.
 *   byte 0: bits 1:0 policy table, bits 7:2 size of the rebuild buffer
 *           in words
 *   byte 1: size of the string getter's destination (0-255)
 *   byte 2: bits 3:0 most elements an array parse takes, bits 7:4
 *           attribute ID the array's elements must carry
 *
 * The message is copied to a buffer of exactly its length (4-byte
 * aligned, as a mailbox page is), so ASan reports any read past what the
 * device wrote. Every attribute the parser accepts is checked to lie
 * inside the message its header announced, then read with the getter of
 * its kind, nested ones parsed again (as nests and as arrays), and the
 * whole message rebuilt with the driver's put functions and parsed back:
 * the result must be the same attributes.
 */
#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "fbnic_tlv.h"
#include "shim.h"

#define NEST_DEPTH_MAX	4

#define POL_UINT(n)	{ .kind = FBNIC_TLV_UINT, .max_len = (n) }
#define POL_SINT(n)	{ .kind = FBNIC_TLV_SINT, .max_len = (n) }
#define POL_STR(lo, hi)	{ .kind = FBNIC_TLV_STRING, .min_len = (lo), .max_len = (hi) }
#define POL_BIN(lo, hi)	{ .kind = FBNIC_TLV_BINARY, .min_len = (lo), .max_len = (hi) }
#define POL_FLAG	{ .kind = FBNIC_TLV_FLAG }
#define POL_NEST	{ .kind = FBNIC_TLV_NESTED }

/* Every kind and limit the driver's own tables use, and then some */
static const struct fbnic_tlv_policy pol_mixed[] = {
	POL_FLAG, POL_UINT(4), POL_UINT(8), POL_UINT(0),
	POL_SINT(4), POL_SINT(8), POL_STR(0, 19), POL_STR(1, 0),
	POL_BIN(6, 6), POL_BIN(0, 256), POL_NEST, POL_NEST,
	{ }, POL_UINT(2), POL_SINT(1), POL_STR(4, 4),
};

/* FBNIC_TLV_MAX_ATTRS entries, the most the receive path parses */
static const struct fbnic_tlv_policy pol_full[FBNIC_TLV_MAX_ATTRS] = {
	[0] = POL_UINT(4), [1] = POL_NEST, [2] = POL_STR(0, 256),
	[3] = POL_SINT(4), [4] = POL_BIN(0, 3584), [5] = POL_FLAG,
	[8] = POL_NEST, [16] = POL_UINT(8), [30] = POL_STR(0, 0),
	[31] = POL_NEST,
};

/* A nest of addresses, as the BMC MAC list */
static const struct fbnic_tlv_policy pol_array[] = {
	POL_FLAG, POL_BIN(6, 6), POL_NEST, POL_UINT(4),
};

static const struct {
	const struct fbnic_tlv_policy *pol;
	unsigned int len;
} tables[4] = {
	{ pol_mixed, ARRAY_SIZE(pol_mixed) },
	{ pol_full, ARRAY_SIZE(pol_full) },
	{ pol_array, ARRAY_SIZE(pol_array) },
	{ NULL, 0 },	/* nothing known: only ignorable attributes pass */
};

struct ctx {
	const u8 *msg;
	size_t msg_len;
	size_t str_size;
	unsigned int array_max;
	u16 array_id;
};

static void check_inside(const struct ctx *c, const struct fbnic_tlv_attr *a)
{
	const u8 *v = a->value;

	/* Values start after the header and end inside the message */
	if (v < c->msg + FBNIC_TLV_HDR_SIZE || v > c->msg + c->msg_len ||
	    a->len > c->msg + c->msg_len - v)
		fuzz_fail("attribute %p+%u outside message %p+%zu",
			  v, a->len, c->msg, c->msg_len);
	if ((uintptr_t)v % FBNIC_TLV_HDR_SIZE)
		fuzz_fail("attribute value %p not word aligned", v);
}

static void read_attrs(const struct ctx *c, const struct fbnic_tlv_policy *pol,
		       unsigned int n, const struct fbnic_tlv_attr *tb,
		       int depth);

static void read_nest(const struct ctx *c, const struct fbnic_tlv_attr *a,
		      const struct fbnic_tlv_policy *pol, unsigned int n,
		      int depth)
{
	struct fbnic_tlv_attr *tb, *items;
	int ret, i;

	if (depth >= NEST_DEPTH_MAX)
		return;

	/* As nested attributes under the same table */
	tb = calloc(n ? n : 1, sizeof(*tb));
	if (!fbnic_tlv_parse_nested(a, pol, n, tb))
		read_attrs(c, pol, n, tb, depth + 1);
	free(tb);

	/* As an array: exactly array_max slots, so ASan sees an overrun */
	items = calloc(c->array_max ? c->array_max : 1, sizeof(*items));
	ret = fbnic_tlv_parse_array(a, c->array_id,
				    &pol_array[c->array_id % ARRAY_SIZE(pol_array)],
				    items, c->array_max);
	if (ret > (int)c->array_max)
		FUZZ_BUG();
	for (i = 0; i < ret; i++) {
		check_inside(c, &items[i]);
		if (!fbnic_tlv_present(&items[i]))
			FUZZ_BUG();
		if (pol_array[c->array_id % ARRAY_SIZE(pol_array)].kind ==
		    FBNIC_TLV_NESTED)
			read_nest(c, &items[i], pol, n, depth + 1);
	}
	free(items);
}

static void read_attrs(const struct ctx *c, const struct fbnic_tlv_policy *pol,
		       unsigned int n, const struct fbnic_tlv_attr *tb,
		       int depth)
{
	volatile u64 sink;
	unsigned int id;
	ssize_t slen;
	char *str;

	for (id = 0; id < n; id++) {
		const struct fbnic_tlv_attr *a = &tb[id];

		if (!fbnic_tlv_present(a))
			continue;
		check_inside(c, a);
		switch (pol[id].kind) {
		case FBNIC_TLV_UINT:
			sink = fbnic_tlv_get_uint(a, 0);
			break;
		case FBNIC_TLV_SINT:
			sink = fbnic_tlv_get_sint(a, 0);
			break;
		case FBNIC_TLV_STRING:
			/* Exactly str_size bytes: a NUL past it is caught */
			str = malloc(c->str_size ? c->str_size : 1);
			slen = fbnic_tlv_get_string(a, str, c->str_size);
			if (c->str_size &&
			    (slen >= (ssize_t)c->str_size ||
			     strnlen(str, c->str_size) == c->str_size))
				FUZZ_BUG();
			if (slen >= 0 && strlen(str) != (size_t)slen)
				FUZZ_BUG();
			free(str);
			break;
		case FBNIC_TLV_NESTED:
			read_nest(c, a, pol, n, depth);
			break;
		case FBNIC_TLV_FLAG:
			if (a->len)
				FUZZ_BUG();
			break;
		default:
			break;
		}
	}
	(void)sink;
}

/* Rebuild the parsed attributes into a fresh message and parse it back */
static void rebuild(const struct fbnic_tlv_policy *pol, unsigned int n,
		    const struct fbnic_tlv_attr *tb, size_t words, u16 msg_id)
{
	size_t size = words * FBNIC_TLV_HDR_SIZE;
	struct fbnic_tlv_attr *back;
	struct fbnic_tlv_msg msg;
	unsigned int id;
	u16 back_id;
	void *buf;
	int len;

	buf = malloc(size ? size : 1);
	if (fbnic_tlv_msg_init(&msg, buf, size, msg_id)) {
		if (size >= FBNIC_TLV_HDR_SIZE)
			FUZZ_BUG();	/* any ID from a header fits */
		free(buf);
		return;
	}
	for (id = 0; id < n; id++) {
		if (!fbnic_tlv_present(&tb[id]))
			continue;
		if (fbnic_tlv_put_bytes(&msg, id, tb[id].value, tb[id].len))
			goto out;	/* did not fit: nothing to compare */
	}
	if (fbnic_tlv_msg_len(&msg) > size)
		FUZZ_BUG();

	len = fbnic_tlv_msg_header(buf, fbnic_tlv_msg_len(&msg), &back_id);
	if (len != (int)fbnic_tlv_msg_len(&msg) || back_id != msg_id)
		FUZZ_BUG();
	back = calloc(n ? n : 1, sizeof(*back));
	if (fbnic_tlv_msg_parse(buf, fbnic_tlv_msg_len(&msg), pol, n, back))
		FUZZ_BUG();
	for (id = 0; id < n; id++) {
		if (fbnic_tlv_present(&tb[id]) != fbnic_tlv_present(&back[id]))
			FUZZ_BUG();
		if (!fbnic_tlv_present(&tb[id]))
			continue;
		if (back[id].len != tb[id].len ||
		    memcmp(back[id].value, tb[id].value, tb[id].len))
			FUZZ_BUG();
	}
	free(back);
out:
	free(buf);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fbnic_tlv_attr tb[FBNIC_TLV_MAX_ATTRS];
	const struct fbnic_tlv_policy *pol;
	unsigned int n;
	struct ctx c;
	int msg_len;
	u16 msg_id;
	u8 *msg;

	if (size < 3)
		return 0;
	shim_reset();
	pol = tables[data[0] & 3].pol;
	n = tables[data[0] & 3].len;
	c.str_size = data[1];
	c.array_max = data[2] & 0xf;
	c.array_id = data[2] >> 4;
	c.msg_len = size - 3;
	msg = malloc(c.msg_len ? c.msg_len : 1);
	memcpy(msg, data + 3, c.msg_len);
	c.msg = msg;

	msg_len = fbnic_tlv_msg_header(msg, c.msg_len, &msg_id);
	if (msg_len >= 0) {
		if (msg_len < FBNIC_TLV_HDR_SIZE || (size_t)msg_len > c.msg_len ||
		    msg_id > FIELD_MAX(FBNIC_TLV_HDR_ID))
			FUZZ_BUG();
		/* Attributes must come from the message, not what follows */
		c.msg_len = msg_len;
	}

	if (!fbnic_tlv_msg_parse(msg, size - 3, pol, n, tb)) {
		if (msg_len < 0)
			FUZZ_BUG();	/* parsed with a bad header */
		read_attrs(&c, pol, n, tb, 0);
		rebuild(pol, n, tb, data[0] >> 2, msg_id);
	}

	free(msg);
	return 0;
}
