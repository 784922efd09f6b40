// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/minmax.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fbnic_fw_log.h"

/*
 * The firmware streams its log to the host that owns the NIC, a line per
 * mailbox message. The driver keeps the latest lines in a ring, so that
 * what the firmware said before a problem can still be read afterwards
 * (debugfs "fw_log"), whatever the kernel log's rate limit dropped.
 */

/**
 * fbnic_fw_log_init() - allocate the ring
 * @log: the device's log
 *
 * Return: 0, or -ENOMEM; without a ring, lines are only printed.
 */
int fbnic_fw_log_init(struct fbnic_fw_log *log)
{
	spin_lock_init(&log->lock);
	log->next = 0;
	log->count = 0;
	log->lines = kvcalloc(FBNIC_FW_LOG_LINES, sizeof(*log->lines),
			      GFP_KERNEL);
	return log->lines ? 0 : -ENOMEM;
}

/**
 * fbnic_fw_log_free() - free the ring
 * @log: the device's log, no longer fed
 */
void fbnic_fw_log_free(struct fbnic_fw_log *log)
{
	kvfree(log->lines);
	log->lines = NULL;
	log->count = 0;
}

/**
 * fbnic_fw_log_add() - keep a line, pushing out the oldest if full
 * @log: the device's log
 * @index: the firmware's sequence number of the line
 * @msec: firmware uptime of the line
 * @text: the line, not necessarily NUL terminated
 * @len: bytes of @text; longer lines are cut
 *
 * May be called from any context.
 */
void fbnic_fw_log_add(struct fbnic_fw_log *log, u64 index, u32 msec,
		      const char *text, size_t len)
{
	struct fbnic_fw_log_line *line;
	unsigned long flags;

	if (!log->lines)
		return;

	len = min(len, sizeof(line->text) - 1);
	spin_lock_irqsave(&log->lock, flags);
	line = &log->lines[log->next];
	line->index = index;
	line->msec = msec;
	memcpy(line->text, text, len);
	line->text[len] = '\0';
	log->next = (log->next + 1) % FBNIC_FW_LOG_LINES;
	log->count = min(log->count + 1, FBNIC_FW_LOG_LINES);
	spin_unlock_irqrestore(&log->lock, flags);
}

/**
 * fbnic_fw_log_show() - print the kept lines, oldest first
 * @log: the device's log
 * @s: where to
 *
 * Lines are "index [seconds.ms] text", the firmware's sequence numbers
 * and uptime: a gap in the numbers is a line the host never got, a
 * restart of both a firmware reboot.
 */
void fbnic_fw_log_show(struct fbnic_fw_log *log, struct seq_file *s)
{
	struct fbnic_fw_log_line *line;
	unsigned int i, first;
	unsigned long flags;

	if (!log->lines)
		return;

	spin_lock_irqsave(&log->lock, flags);
	first = (log->next + FBNIC_FW_LOG_LINES - log->count) %
		FBNIC_FW_LOG_LINES;
	for (i = 0; i < log->count; i++) {
		line = &log->lines[(first + i) % FBNIC_FW_LOG_LINES];
		seq_printf(s, "%llu [%u.%03u] %s\n", line->index,
			   line->msec / 1000, line->msec % 1000, line->text);
	}
	spin_unlock_irqrestore(&log->lock, flags);
}
