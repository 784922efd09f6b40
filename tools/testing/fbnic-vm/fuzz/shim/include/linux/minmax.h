/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: see linux/kernel.h */
#include <linux/kernel.h>
