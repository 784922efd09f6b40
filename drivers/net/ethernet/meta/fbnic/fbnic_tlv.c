// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "fbnic_tlv.h"

/* Largest value a header's 16-bit length field can describe */
#define FBNIC_TLV_MAX_MSG_WORDS		U16_MAX
#define FBNIC_TLV_MAX_ATTR_BYTES	U16_MAX

static u32 fbnic_tlv_hdr(u16 id, bool is_msg, u16 len)
{
	return FIELD_PREP(FBNIC_TLV_HDR_ID, id) |
	       (is_msg ? FBNIC_TLV_HDR_IS_MSG : 0) |
	       FIELD_PREP(FBNIC_TLV_HDR_LEN, len);
}

static u16 fbnic_tlv_msg_words(const struct fbnic_tlv_msg *msg)
{
	return FIELD_GET(FBNIC_TLV_HDR_LEN, le32_to_cpu(msg->buf[0]));
}

static void fbnic_tlv_msg_set_words(struct fbnic_tlv_msg *msg, u16 words)
{
	u32 hdr = le32_to_cpu(msg->buf[0]);

	hdr &= ~FBNIC_TLV_HDR_LEN;
	hdr |= FIELD_PREP(FBNIC_TLV_HDR_LEN, words);
	msg->buf[0] = cpu_to_le32(hdr);
}

/**
 * fbnic_tlv_msg_init() - start a message with no attributes in a buffer
 * @msg: message handle to set up
 * @buf: buffer, 4-byte aligned
 * @size: size of @buf in bytes
 * @msg_id: message ID
 *
 * Return: 0, or -EINVAL if the buffer cannot hold a header or the ID
 * does not fit in the header.
 */
int fbnic_tlv_msg_init(struct fbnic_tlv_msg *msg, void *buf, size_t size,
		       u16 msg_id)
{
	if (size < FBNIC_TLV_HDR_SIZE || msg_id > FIELD_MAX(FBNIC_TLV_HDR_ID))
		return -EINVAL;

	msg->buf = buf;
	msg->size = min_t(size_t, size,
			  FBNIC_TLV_MAX_MSG_WORDS * FBNIC_TLV_HDR_SIZE);
	msg->buf[0] = cpu_to_le32(fbnic_tlv_hdr(msg_id, true, 1));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_msg_init);

/**
 * fbnic_tlv_msg_len() - length of a message built so far
 * @msg: message
 *
 * Return: length in bytes, header included.
 */
size_t fbnic_tlv_msg_len(const struct fbnic_tlv_msg *msg)
{
	return fbnic_tlv_msg_words(msg) * FBNIC_TLV_HDR_SIZE;
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_msg_len);

/**
 * fbnic_tlv_put_bytes() - append an attribute with an opaque value
 * @msg: message
 * @id: attribute ID
 * @data: value
 * @len: length of @data in bytes
 *
 * The value is padded with zeroes to a whole word.
 *
 * Return: 0, -EINVAL for a bad ID, or -EMSGSIZE if it does not fit.
 */
int fbnic_tlv_put_bytes(struct fbnic_tlv_msg *msg, u16 id, const void *data,
			u16 len)
{
	size_t attr_len = FBNIC_TLV_HDR_SIZE + (size_t)len;
	size_t padded = ALIGN(attr_len, FBNIC_TLV_HDR_SIZE);
	size_t used = fbnic_tlv_msg_len(msg);
	__le32 *attr;

	if (id > FIELD_MAX(FBNIC_TLV_HDR_ID))
		return -EINVAL;
	if (attr_len > FBNIC_TLV_MAX_ATTR_BYTES || padded > msg->size - used)
		return -EMSGSIZE;

	attr = &msg->buf[used / FBNIC_TLV_HDR_SIZE];
	attr[0] = cpu_to_le32(fbnic_tlv_hdr(id, false, attr_len));
	/* Clear the padding word first, then lay the value over it */
	if (padded > FBNIC_TLV_HDR_SIZE)
		attr[padded / FBNIC_TLV_HDR_SIZE - 1] = 0;
	if (len)
		memcpy(&attr[1], data, len);

	fbnic_tlv_msg_set_words(msg, (used + padded) / FBNIC_TLV_HDR_SIZE);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_put_bytes);

/**
 * fbnic_tlv_put_flag() - append a flag attribute (present means true)
 * @msg: message
 * @id: attribute ID
 *
 * Return: 0 or a negative errno as fbnic_tlv_put_bytes().
 */
int fbnic_tlv_put_flag(struct fbnic_tlv_msg *msg, u16 id)
{
	return fbnic_tlv_put_bytes(msg, id, NULL, 0);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_put_flag);

/**
 * fbnic_tlv_put_u32() - append a 32-bit unsigned attribute
 * @msg: message
 * @id: attribute ID
 * @val: value
 *
 * Return: 0 or a negative errno as fbnic_tlv_put_bytes().
 */
int fbnic_tlv_put_u32(struct fbnic_tlv_msg *msg, u16 id, u32 val)
{
	__le32 le = cpu_to_le32(val);

	return fbnic_tlv_put_bytes(msg, id, &le, sizeof(le));
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_put_u32);

/**
 * fbnic_tlv_put_u64() - append a 64-bit unsigned attribute
 * @msg: message
 * @id: attribute ID
 * @val: value
 *
 * Return: 0 or a negative errno as fbnic_tlv_put_bytes().
 */
int fbnic_tlv_put_u64(struct fbnic_tlv_msg *msg, u16 id, u64 val)
{
	__le64 le = cpu_to_le64(val);

	return fbnic_tlv_put_bytes(msg, id, &le, sizeof(le));
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_put_u64);

/**
 * fbnic_tlv_put_string() - append a NUL-terminated string attribute
 * @msg: message
 * @id: attribute ID
 * @str: string
 *
 * Return: 0 or a negative errno as fbnic_tlv_put_bytes().
 */
int fbnic_tlv_put_string(struct fbnic_tlv_msg *msg, u16 id, const char *str)
{
	size_t len = strnlen(str, FBNIC_TLV_MAX_ATTR_BYTES) + 1;

	if (len > FBNIC_TLV_MAX_ATTR_BYTES - FBNIC_TLV_HDR_SIZE)
		return -EMSGSIZE;
	return fbnic_tlv_put_bytes(msg, id, str, len);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_put_string);

/**
 * fbnic_tlv_put_nested() - append a nested attribute
 * @msg: message
 * @id: attribute ID of the nest
 * @inner: scratch message whose attributes become the nest's value; its
 *	own header is not copied
 *
 * Return: 0 or a negative errno as fbnic_tlv_put_bytes().
 */
int fbnic_tlv_put_nested(struct fbnic_tlv_msg *msg, u16 id,
			 const struct fbnic_tlv_msg *inner)
{
	size_t len = fbnic_tlv_msg_len(inner) - FBNIC_TLV_HDR_SIZE;

	if (len > FBNIC_TLV_MAX_ATTR_BYTES - FBNIC_TLV_HDR_SIZE)
		return -EMSGSIZE;
	return fbnic_tlv_put_bytes(msg, id, &inner->buf[1], len);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_put_nested);

/**
 * fbnic_tlv_msg_header() - check a received message's header
 * @buf: received bytes, 4-byte aligned
 * @len: number of bytes the device says it wrote
 * @msg_id: message ID, on success
 *
 * Return: the message's length in bytes (never more than @len), or
 * -EBADMSG if the header is not a message header or claims more bytes
 * than were received.
 */
int fbnic_tlv_msg_header(const void *buf, size_t len, u16 *msg_id)
{
	size_t msg_len;
	u32 hdr;

	if (len < FBNIC_TLV_HDR_SIZE)
		return -EBADMSG;

	hdr = le32_to_cpup(buf);
	msg_len = FIELD_GET(FBNIC_TLV_HDR_LEN, hdr) * FBNIC_TLV_HDR_SIZE;
	if (!(hdr & FBNIC_TLV_HDR_IS_MSG) || !msg_len || msg_len > len)
		return -EBADMSG;

	*msg_id = FIELD_GET(FBNIC_TLV_HDR_ID, hdr);
	return msg_len;
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_msg_header);

static int fbnic_tlv_validate(const struct fbnic_tlv_policy *pol, u16 len)
{
	u16 max = pol->max_len;

	switch (pol->kind) {
	case FBNIC_TLV_FLAG:
		return len ? -EINVAL : 0;
	case FBNIC_TLV_UINT:
	case FBNIC_TLV_SINT:
		if (!max || max > sizeof(u64))
			max = sizeof(u64);
		return len && len <= max ? 0 : -EINVAL;
	case FBNIC_TLV_STRING:
	case FBNIC_TLV_BINARY:
		if (len < pol->min_len || (max && len > max))
			return -EINVAL;
		return 0;
	case FBNIC_TLV_NESTED:
		return len % FBNIC_TLV_HDR_SIZE ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/*
 * Take the attribute at the front of @buf (@len bytes left) apart: its
 * header must fit, must not be a message header, and its value, padded
 * to the next header, must fit in what is left. On success @buf and @len
 * step past it, and @hdr and @attr describe it.
 */
static int fbnic_tlv_next(const u8 **buf, size_t *len, u32 *hdr,
			  struct fbnic_tlv_attr *attr)
{
	size_t padded;
	u16 attr_len;

	if (*len < FBNIC_TLV_HDR_SIZE)
		return -EBADMSG;
	*hdr = le32_to_cpup((const __le32 *)*buf);
	attr_len = FIELD_GET(FBNIC_TLV_HDR_LEN, *hdr);
	padded = ALIGN((size_t)attr_len, FBNIC_TLV_HDR_SIZE);
	if (*hdr & FBNIC_TLV_HDR_IS_MSG ||
	    attr_len < FBNIC_TLV_HDR_SIZE || padded > *len)
		return -EBADMSG;

	attr->value = *buf + FBNIC_TLV_HDR_SIZE;
	attr->len = attr_len - FBNIC_TLV_HDR_SIZE;
	*buf += padded;
	*len -= padded;
	return 0;
}

/*
 * Walk @len bytes of attributes at @buf, checking every value against
 * @policy. Attributes with IDs outside the policy are skipped unless
 * they are marked as not ignorable.
 */
static int fbnic_tlv_parse_attrs(const u8 *buf, size_t len,
				 const struct fbnic_tlv_policy *policy,
				 unsigned int policy_len,
				 struct fbnic_tlv_attr *tb)
{
	memset(tb, 0, sizeof(*tb) * policy_len);

	while (len) {
		struct fbnic_tlv_attr attr;
		u32 hdr;
		int err;
		u16 id;

		err = fbnic_tlv_next(&buf, &len, &hdr, &attr);
		if (err)
			return err;

		id = FIELD_GET(FBNIC_TLV_HDR_ID, hdr);
		if (id >= policy_len || policy[id].kind == FBNIC_TLV_UNUSED) {
			if (hdr & FBNIC_TLV_HDR_CANNOT_IGNORE)
				return -EOPNOTSUPP;
			continue;
		}
		err = fbnic_tlv_validate(&policy[id], attr.len);
		if (err)
			return err;
		if (tb[id].value)
			return -EEXIST;
		tb[id] = attr;
	}

	return 0;
}

/**
 * fbnic_tlv_msg_parse() - parse a received message's attributes
 * @buf: the message, starting at its header, 4-byte aligned
 * @len: bytes of @buf that may be read
 * @policy: what each attribute ID may hold, indexed by ID
 * @policy_len: number of entries in @policy and @tb
 * @tb: parsed attributes, indexed by ID; absent ones have a NULL value
 *
 * Return: 0, -EBADMSG for a malformed message, -EINVAL for an attribute
 * that breaks its policy, -EEXIST for a repeated attribute, or
 * -EOPNOTSUPP for an unknown attribute that must not be ignored.
 */
int fbnic_tlv_msg_parse(const void *buf, size_t len,
			const struct fbnic_tlv_policy *policy,
			unsigned int policy_len, struct fbnic_tlv_attr *tb)
{
	int msg_len;
	u16 id;

	msg_len = fbnic_tlv_msg_header(buf, len, &id);
	if (msg_len < 0)
		return msg_len;

	return fbnic_tlv_parse_attrs((const u8 *)buf + FBNIC_TLV_HDR_SIZE,
				     msg_len - FBNIC_TLV_HDR_SIZE,
				     policy, policy_len, tb);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_msg_parse);

/**
 * fbnic_tlv_parse_nested() - parse the attributes inside a nested one
 * @nest: the parsed nested attribute
 * @policy: what each inner attribute ID may hold
 * @policy_len: number of entries in @policy and @tb
 * @tb: parsed inner attributes
 *
 * Return: as fbnic_tlv_msg_parse().
 */
int fbnic_tlv_parse_nested(const struct fbnic_tlv_attr *nest,
			   const struct fbnic_tlv_policy *policy,
			   unsigned int policy_len, struct fbnic_tlv_attr *tb)
{
	return fbnic_tlv_parse_attrs(nest->value, nest->len, policy,
				     policy_len, tb);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_parse_nested);

/**
 * fbnic_tlv_parse_array() - parse a nest holding one attribute ID repeated
 * @nest: the parsed nested attribute
 * @id: the ID every element must carry
 * @policy: what each element may hold
 * @items: parsed elements, in message order
 * @max: number of entries in @items
 *
 * Return: number of elements, -EBADMSG for a malformed nest or an element
 * of another ID, -EINVAL for an element that breaks @policy, or -E2BIG
 * if there are more than @max.
 */
int fbnic_tlv_parse_array(const struct fbnic_tlv_attr *nest, u16 id,
			  const struct fbnic_tlv_policy *policy,
			  struct fbnic_tlv_attr *items, unsigned int max)
{
	const u8 *buf = nest->value;
	size_t len = nest->len;
	unsigned int n = 0;

	while (len) {
		struct fbnic_tlv_attr attr;
		u32 hdr;

		if (fbnic_tlv_next(&buf, &len, &hdr, &attr) ||
		    FIELD_GET(FBNIC_TLV_HDR_ID, hdr) != id)
			return -EBADMSG;
		if (fbnic_tlv_validate(policy, attr.len))
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		items[n++] = attr;
	}

	return n;
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_parse_array);

/**
 * fbnic_tlv_present() - was an attribute in the message?
 * @attr: parsed attribute
 *
 * Return: true if it was.
 */
bool fbnic_tlv_present(const struct fbnic_tlv_attr *attr)
{
	return !!attr->value;
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_present);

/**
 * fbnic_tlv_get_uint() - value of an unsigned integer attribute
 * @attr: parsed attribute (validated to hold 1 to 8 bytes)
 * @def: value to return if the attribute is absent
 *
 * Return: the value, or @def.
 */
u64 fbnic_tlv_get_uint(const struct fbnic_tlv_attr *attr, u64 def)
{
	u8 bytes[sizeof(u64)] = {};

	if (!attr->value)
		return def;
	memcpy(bytes, attr->value, min_t(u16, attr->len, sizeof(bytes)));
	return get_unaligned_le64(bytes);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_get_uint);

/**
 * fbnic_tlv_get_sint() - value of a signed integer attribute
 * @attr: parsed attribute (validated to hold 1 to 8 bytes)
 * @def: value to return if the attribute is absent
 *
 * Return: the value, sign-extended from its encoded width, or @def.
 */
s64 fbnic_tlv_get_sint(const struct fbnic_tlv_attr *attr, s64 def)
{
	unsigned int bits;

	if (!attr->value)
		return def;
	bits = min_t(u16, attr->len, sizeof(u64)) * BITS_PER_BYTE;
	return sign_extend64(fbnic_tlv_get_uint(attr, 0), bits - 1);
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_get_sint);

/**
 * fbnic_tlv_get_string() - copy a string attribute
 * @attr: parsed attribute
 * @dst: destination, always NUL-terminated when @size is not 0
 * @size: size of @dst
 *
 * The copy stops at the first NUL in the value, if any.
 *
 * Return: length of the string copied, -ENOENT if the attribute is
 * absent, or -E2BIG if it had to be truncated.
 */
ssize_t fbnic_tlv_get_string(const struct fbnic_tlv_attr *attr, char *dst,
			     size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	dst[0] = '\0';
	if (!attr->value)
		return -ENOENT;

	len = strnlen(attr->value, attr->len);
	if (len >= size) {
		memcpy(dst, attr->value, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, attr->value, len);
	dst[len] = '\0';
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(fbnic_tlv_get_string);
