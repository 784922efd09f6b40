/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzer's input, read front to back by a harness's operations.
 * Past its end everything reads as zero, so that a short input is still
 * a complete run. One per harness (each includes this once).
 */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>

static struct {
	const u8 *data;
	size_t left;
} fuzz_in;

static inline void in_start(const u8 *data, size_t size)
{
	fuzz_in.data = data;
	fuzz_in.left = size;
}

static inline bool in_empty(void)
{
	return !fuzz_in.left;
}

/* The next byte, not taken; only when the input is not empty */
static inline u8 in_peek(void)
{
	return fuzz_in.data[0];
}

static inline u8 in_u8(void)
{
	u8 v = 0;

	if (fuzz_in.left) {
		v = *fuzz_in.data++;
		fuzz_in.left--;
	}
	return v;
}

static inline u16 in_u16(void)
{
	return in_u8() | (u16)in_u8() << 8;
}

static inline u32 in_u32(void)
{
	return in_u16() | (u32)in_u16() << 16;
}

static inline u64 in_u64(void)
{
	return in_u32() | (u64)in_u32() << 32;
}

/* Up to @len bytes into @dst, fewer if the input ends; returns how many */
static inline size_t in_bytes(void *dst, size_t len)
{
	size_t n = min(len, fuzz_in.left);

	memcpy(dst, fuzz_in.data, n);
	fuzz_in.data += n;
	fuzz_in.left -= n;
	return n;
}

#endif /* FUZZ_INPUT_H */
