/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_SIZES_H
#define _SHIM_LINUX_SIZES_H

#define SZ_1K 0x00000400
#define SZ_4K 0x00001000
#define SZ_64K 0x00010000
#define SZ_1M 0x00100000
#define SZ_16M 0x01000000

#endif
