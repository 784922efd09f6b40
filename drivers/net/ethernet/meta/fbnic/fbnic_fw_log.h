/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_FW_LOG_H_
#define _FBNIC_FW_LOG_H_

#include <linux/spinlock.h>
#include <linux/types.h>

#include "fbnic_fw.h"

struct seq_file;

/* Lines kept: the newest overwrite the oldest */
#define FBNIC_FW_LOG_LINES	256

/**
 * struct fbnic_fw_log_line - one line of the firmware's log
 * @index: the firmware's sequence number of the line
 * @msec: firmware uptime when the line was written, in ms
 * @text: the line, NUL terminated
 */
struct fbnic_fw_log_line {
	u64 index;
	u32 msec;
	char text[FBNIC_FW_LOG_LINE_MAX];
};

/**
 * struct fbnic_fw_log - the latest lines the firmware streamed
 * @lock: serialises the mailbox handler and readers
 * @lines: FBNIC_FW_LOG_LINES slots, or NULL if none could be allocated
 * @next: slot the next line goes to
 * @count: lines kept, up to FBNIC_FW_LOG_LINES
 */
struct fbnic_fw_log {
	spinlock_t lock;	/* see above */
	struct fbnic_fw_log_line *lines;
	unsigned int next;
	unsigned int count;
};

int fbnic_fw_log_init(struct fbnic_fw_log *log);
void fbnic_fw_log_free(struct fbnic_fw_log *log);
void fbnic_fw_log_add(struct fbnic_fw_log *log, u64 index, u32 msec,
		      const char *text, size_t len);
void fbnic_fw_log_show(struct fbnic_fw_log *log, struct seq_file *s);

#endif /* _FBNIC_FW_LOG_H_ */
