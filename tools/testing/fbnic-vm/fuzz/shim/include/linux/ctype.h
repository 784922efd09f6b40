/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: the kernel's ctype works on any char value */
#ifndef _SHIM_LINUX_CTYPE_H
#define _SHIM_LINUX_CTYPE_H

static inline int shim_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int shim_isprint(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

#define isspace(c) shim_isspace((unsigned char)(c))
#define isprint(c) shim_isprint((unsigned char)(c))

#endif
