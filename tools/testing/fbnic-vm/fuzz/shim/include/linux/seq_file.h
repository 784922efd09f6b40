/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: seq_printf formats and discards */
#ifndef _SHIM_LINUX_SEQ_FILE_H
#define _SHIM_LINUX_SEQ_FILE_H

#include <linux/kernel.h>

struct seq_file {
	int unused;
};

#define seq_printf(s, fmt...) ((void)(s), shim_printk(fmt))
#define seq_puts(s, str) ((void)(s), shim_printk("%s", str))

#endif
