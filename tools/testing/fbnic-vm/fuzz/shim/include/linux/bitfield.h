/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: FIELD_GET/FIELD_PREP with the kernel's run-time
 * behaviour: the result has the mask's type, and a FIELD_PREP value too
 * wide for its field is cut to it (the kernel only checks constants).
 */
#ifndef _SHIM_LINUX_BITFIELD_H
#define _SHIM_LINUX_BITFIELD_H

#include <linux/bits.h>

#define __bf_shf(x) (__builtin_ffsll(x) - 1)

#define FIELD_MAX(mask) ((typeof(mask))((mask) >> __bf_shf(mask)))
#define FIELD_FIT(mask, val) \
	(!((((typeof(mask))(val)) << __bf_shf(mask)) & ~(mask)))
#define FIELD_PREP(mask, val) \
	((((typeof(mask))(val)) << __bf_shf(mask)) & (mask))
#define FIELD_GET(mask, reg) \
	((typeof(mask))(((reg) & (mask)) >> __bf_shf(mask)))

#endif
