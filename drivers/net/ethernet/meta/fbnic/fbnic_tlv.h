/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_TLV_H_
#define _FBNIC_TLV_H_

#include <linux/bits.h>
#include <linux/types.h>

/*
 * Firmware messages are type-length-value encoded in little-endian 32-bit
 * words. Every message and every attribute starts with one header word:
 *
 *   bits 11:0   message or attribute ID
 *   bit  14     the receiver must not ignore an attribute it does not know
 *   bit  15     this header starts a message (not an attribute)
 *   bits 31:16  length: in 32-bit words including the header for a
 *               message; in bytes including the header for an attribute
 *
 * An attribute occupies its length rounded up to a whole word. Nested
 * attributes and arrays carry further attributes as their value.
 */
#define FBNIC_TLV_HDR_ID		GENMASK(11, 0)
#define FBNIC_TLV_HDR_CANNOT_IGNORE	BIT(14)
#define FBNIC_TLV_HDR_IS_MSG		BIT(15)
#define FBNIC_TLV_HDR_LEN		GENMASK(31, 16)

#define FBNIC_TLV_HDR_SIZE		4
#define FBNIC_TLV_MAX_ATTRS		32

/**
 * struct fbnic_tlv_msg - a message being built in a buffer
 * @buf: the buffer, starting with the message header
 * @size: bytes available in @buf
 */
struct fbnic_tlv_msg {
	__le32 *buf;
	size_t size;
};

/**
 * enum fbnic_tlv_kind - how an attribute's value is to be read
 * @FBNIC_TLV_UNUSED: no attribute of this ID is accepted (zero: the default)
 * @FBNIC_TLV_FLAG: no value; presence means true
 * @FBNIC_TLV_UINT: unsigned little-endian integer of 1 to 8 bytes
 * @FBNIC_TLV_SINT: signed little-endian integer of 1 to 8 bytes
 * @FBNIC_TLV_STRING: string, NUL terminator optional
 * @FBNIC_TLV_BINARY: opaque bytes
 * @FBNIC_TLV_NESTED: a sequence of attributes
 */
enum fbnic_tlv_kind {
	FBNIC_TLV_UNUSED,
	FBNIC_TLV_FLAG,
	FBNIC_TLV_UINT,
	FBNIC_TLV_SINT,
	FBNIC_TLV_STRING,
	FBNIC_TLV_BINARY,
	FBNIC_TLV_NESTED,
};

/**
 * struct fbnic_tlv_policy - what an attribute ID may hold
 * @kind: how the value is read
 * @max_len: longest value accepted, in bytes (integers: 8 if 0)
 * @min_len: shortest value accepted, in bytes
 */
struct fbnic_tlv_policy {
	u8 kind;
	u16 max_len;
	u16 min_len;
};

/**
 * struct fbnic_tlv_attr - a parsed attribute, pointing into the message
 * @value: first byte of the value
 * @len: length of the value in bytes
 */
struct fbnic_tlv_attr {
	const void *value;
	u16 len;
};

int fbnic_tlv_msg_init(struct fbnic_tlv_msg *msg, void *buf, size_t size,
		       u16 msg_id);
size_t fbnic_tlv_msg_len(const struct fbnic_tlv_msg *msg);
int fbnic_tlv_put_flag(struct fbnic_tlv_msg *msg, u16 id);
int fbnic_tlv_put_u32(struct fbnic_tlv_msg *msg, u16 id, u32 val);
int fbnic_tlv_put_u64(struct fbnic_tlv_msg *msg, u16 id, u64 val);
int fbnic_tlv_put_string(struct fbnic_tlv_msg *msg, u16 id, const char *str);
int fbnic_tlv_put_bytes(struct fbnic_tlv_msg *msg, u16 id, const void *data,
			u16 len);
int fbnic_tlv_put_nested(struct fbnic_tlv_msg *msg, u16 id,
			 const struct fbnic_tlv_msg *inner);

int fbnic_tlv_msg_header(const void *buf, size_t len, u16 *msg_id);
int fbnic_tlv_msg_parse(const void *buf, size_t len,
			const struct fbnic_tlv_policy *policy,
			unsigned int policy_len, struct fbnic_tlv_attr *tb);
int fbnic_tlv_parse_nested(const struct fbnic_tlv_attr *nest,
			   const struct fbnic_tlv_policy *policy,
			   unsigned int policy_len, struct fbnic_tlv_attr *tb);
int fbnic_tlv_parse_array(const struct fbnic_tlv_attr *nest, u16 id,
			  const struct fbnic_tlv_policy *policy,
			  struct fbnic_tlv_attr *items, unsigned int max);

bool fbnic_tlv_present(const struct fbnic_tlv_attr *attr);
u64 fbnic_tlv_get_uint(const struct fbnic_tlv_attr *attr, u64 def);
s64 fbnic_tlv_get_sint(const struct fbnic_tlv_attr *attr, s64 def);
ssize_t fbnic_tlv_get_string(const struct fbnic_tlv_attr *attr, char *dst,
			     size_t size);

#endif /* _FBNIC_TLV_H_ */
