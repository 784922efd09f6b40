/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_IPV6_H
#define _SHIM_LINUX_IPV6_H

#include <linux/skbuff.h>

#endif
