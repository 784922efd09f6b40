// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/ctype.h>
#include <linux/gfp.h>
#include <linux/if_ether.h>
#include <linux/jiffies.h>
#include <linux/pci.h>
#include <linux/ratelimit.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fbnic.h"
#include "fbnic_tlv.h"

/*
 * Firmware messages: building requests, matching responses to the request
 * waiting for them, and the periodic heartbeat that watches the firmware.
 */

/* Message IDs */
enum {
	FBNIC_MSG_TEST			= FBNIC_FW_MSG_TEST,
	FBNIC_MSG_HOST_CAP_REQ		= 0x10,
	FBNIC_MSG_FW_CAP_RESP		= 0x11,
	FBNIC_MSG_OWNERSHIP_REQ		= 0x12,
	FBNIC_MSG_OWNERSHIP_RESP	= 0x13,
	FBNIC_MSG_HEARTBEAT_REQ		= 0x14,
	FBNIC_MSG_HEARTBEAT_RESP	= 0x15,
	FBNIC_MSG_DUMP_INFO_REQ		= 0x18,
	FBNIC_MSG_DUMP_INFO_RESP	= 0x19,
	FBNIC_MSG_DUMP_READ_REQ		= 0x20,
	FBNIC_MSG_DUMP_READ_RESP	= 0x21,
	FBNIC_MSG_FLASH_START_REQ	= 0x22,
	FBNIC_MSG_FLASH_START_RESP	= 0x23,
	FBNIC_MSG_FLASH_CHUNK_REQ	= 0x24,	/* firmware asks for a chunk */
	FBNIC_MSG_FLASH_CHUNK_RESP	= 0x25,	/* host sends it */
	FBNIC_MSG_FLASH_FINISH_REQ	= 0x28,	/* firmware ends the session */
	FBNIC_MSG_QSFP_READ_REQ		= 0x38,
	FBNIC_MSG_QSFP_READ_RESP	= 0x39,
	FBNIC_MSG_TSENE_READ_REQ	= 0x3c,
	FBNIC_MSG_TSENE_READ_RESP	= 0x3d,
	FBNIC_MSG_LOG_CTRL_REQ		= 0x43,	/* start/stop log streaming */
	FBNIC_MSG_LOG_LINE		= 0x44,	/* firmware sends a log line */
	FBNIC_MSG_MAC_SYNC_REQ		= 0x46,	/* host's filters, for a BMC */
};

/* Attributes of FBNIC_MSG_FW_CAP_RESP */
enum {
	FBNIC_CAP_RUNNING_VER		= 0x00,
	FBNIC_CAP_BMC_PRESENT		= 0x01,
	FBNIC_CAP_BMC_MAC_ADDR		= 0x02,
	FBNIC_CAP_BMC_MAC_ARRAY		= 0x03,
	FBNIC_CAP_STORED_VER		= 0x04,
	FBNIC_CAP_ACTIVE_SLOT		= 0x05,
	FBNIC_CAP_RUNNING_COMMIT	= 0x06,
	FBNIC_CAP_BMC_ALL_MULTI		= 0x08,
	FBNIC_CAP_FW_STATE		= 0x09,
	FBNIC_CAP_LINK_SPEED		= 0x0a,
	FBNIC_CAP_LINK_FEC		= 0x0b,
	FBNIC_CAP_STORED_COMMIT		= 0x0c,
	FBNIC_CAP_BOOT_VER		= 0x0d,
	FBNIC_CAP_STORED_BOOT_VER	= 0x0e,
	FBNIC_CAP_BOOT_COMMIT		= 0x0f,
	FBNIC_CAP_STORED_BOOT_COMMIT	= 0x10,
	FBNIC_CAP_UNDI_VER		= 0x11,
	FBNIC_CAP_UNDI_COMMIT		= 0x12,
	FBNIC_CAP_ANTI_ROLLBACK_VER	= 0x15,
	FBNIC_CAP_MAX
};

/* Attributes of FBNIC_MSG_MAC_SYNC_REQ */
enum {
	FBNIC_SYNC_FLAGS		= 0x00,
	FBNIC_SYNC_UC_LIST		= 0x01,	/* nest of FBNIC_SYNC_ADDR */
	FBNIC_SYNC_MC_LIST		= 0x02,	/* nest of FBNIC_SYNC_ADDR */
	FBNIC_SYNC_ADDR			= 0x03,
};

/* Attributes of the ownership messages */
enum {
	FBNIC_OWN_TAKE			= 0x0,	/* request: flag */
	FBNIC_OWN_FW_UPTIME		= 0x1,	/* response: ms */
	FBNIC_OWN_MAX
};

/* Attributes of FBNIC_MSG_HEARTBEAT_RESP */
enum {
	FBNIC_HB_FW_UPTIME		= 0x0,
	FBNIC_HB_MSG_COUNT		= 0x1,
	FBNIC_HB_MAX
};

/* Attributes of the core dump info messages */
enum {
	FBNIC_DUMP_INFO_CREATE		= 0x0,	/* request: make one if none */
	FBNIC_DUMP_INFO_AVAILABLE	= 0x0,	/* response: flag */
	FBNIC_DUMP_INFO_SIZE		= 0x1,
	FBNIC_DUMP_INFO_ERROR		= 0x2,
	FBNIC_DUMP_INFO_MAX
};

/* Attributes of the core dump read messages */
enum {
	FBNIC_DUMP_READ_OFFSET		= 0x0,
	FBNIC_DUMP_READ_LENGTH		= 0x1,
	FBNIC_DUMP_READ_DATA		= 0x2,	/* response only */
	FBNIC_DUMP_READ_ERROR		= 0x3,	/* response only */
	FBNIC_DUMP_READ_MAX
};

/* Attributes of the flash start messages */
enum {
	FBNIC_FLASH_START_ERROR		= 0x0,	/* response */
	FBNIC_FLASH_START_SECTION	= 0x1,	/* request */
	FBNIC_FLASH_START_LENGTH	= 0x2,	/* request */
	FBNIC_FLASH_START_MAX
};

/* Attributes of the flash chunk messages */
enum {
	FBNIC_FLASH_CHUNK_OFFSET	= 0x0,
	FBNIC_FLASH_CHUNK_LENGTH	= 0x1,
	FBNIC_FLASH_CHUNK_DATA		= 0x2,	/* host only */
	FBNIC_FLASH_CHUNK_ERROR		= 0x3,	/* host only: cancels */
	FBNIC_FLASH_CHUNK_MAX
};

/* Attributes of FBNIC_MSG_FLASH_FINISH_REQ */
enum {
	FBNIC_FLASH_FINISH_ERROR	= 0x0,
	FBNIC_FLASH_FINISH_MAX
};

/* Largest chunk the firmware may ask for: it must fit a mailbox page */
#define FBNIC_FLASH_CHUNK_BYTES		3584
/* Writing to flash is slow: the firmware may take this long per request */
#define FBNIC_FLASH_TIMEOUT		(30 * HZ)

/* Attributes of FBNIC_MSG_TSENE_READ_RESP (sensor readings) */
enum {
	FBNIC_TSENE_MILLIDEGREES	= 0x0,
	FBNIC_TSENE_MILLIVOLTS		= 0x1,
	FBNIC_TSENE_ERROR		= 0x2,
	FBNIC_TSENE_MAX
};

/* Attributes of the QSFP read messages: the response echoes the request */
enum {
	FBNIC_QSFP_BANK			= 0x0,
	FBNIC_QSFP_PAGE			= 0x1,
	FBNIC_QSFP_OFFSET		= 0x2,
	FBNIC_QSFP_LENGTH		= 0x3,
	FBNIC_QSFP_ERROR		= 0x4,	/* response only */
	FBNIC_QSFP_DATA			= 0x5,	/* response only */
	FBNIC_QSFP_MAX
};

/* Attributes of FBNIC_MSG_LOG_CTRL_REQ */
enum {
	FBNIC_LOG_CTRL_ENABLE		= 0x0,	/* flag; absent: stop */
	FBNIC_LOG_CTRL_VERSION		= 0x1,	/* log format wanted */
	FBNIC_LOG_CTRL_HISTORY		= 0x2,	/* flag: send older lines too */
	FBNIC_LOG_CTRL_MAX
};

/* The one log format this driver reads */
#define FBNIC_LOG_FORMAT		1

/* Attributes of FBNIC_MSG_LOG_LINE. A message carries one line in the
 * first three; replayed history adds more in the arrays, LENGTH of them.
 */
enum {
	FBNIC_LOG_MSEC			= 0x0,	/* firmware time of the line */
	FBNIC_LOG_INDEX			= 0x1,	/* sequence number */
	FBNIC_LOG_MSG			= 0x2,
	FBNIC_LOG_LENGTH		= 0x3,
	FBNIC_LOG_MSEC_ARRAY		= 0x4,
	FBNIC_LOG_INDEX_ARRAY		= 0x5,
	FBNIC_LOG_MSG_ARRAY		= 0x6,
	FBNIC_LOG_MAX
};

#define FBNIC_FW_RESP_TIMEOUT	(10 * HZ)

#define FBNIC_POL_U32	{ .kind = FBNIC_TLV_UINT, .max_len = sizeof(u32) }
#define FBNIC_POL_U64	{ .kind = FBNIC_TLV_UINT, .max_len = sizeof(u64) }
#define FBNIC_POL_S32	{ .kind = FBNIC_TLV_SINT, .max_len = sizeof(s32) }
#define FBNIC_POL_FLAG	{ .kind = FBNIC_TLV_FLAG }
#define FBNIC_POL_COMMIT \
	{ .kind = FBNIC_TLV_STRING, .max_len = FBNIC_FW_COMMIT_LEN }

static const struct fbnic_tlv_policy fbnic_cap_policy[FBNIC_CAP_MAX] = {
	[FBNIC_CAP_RUNNING_VER]		= FBNIC_POL_U32,
	[FBNIC_CAP_BMC_PRESENT]		= FBNIC_POL_FLAG,
	[FBNIC_CAP_BMC_MAC_ADDR]	= { .kind = FBNIC_TLV_BINARY,
					    .min_len = ETH_ALEN,
					    .max_len = ETH_ALEN },
	[FBNIC_CAP_BMC_MAC_ARRAY]	= { .kind = FBNIC_TLV_NESTED },
	[FBNIC_CAP_STORED_VER]		= FBNIC_POL_U32,
	[FBNIC_CAP_ACTIVE_SLOT]		= FBNIC_POL_U32,
	[FBNIC_CAP_RUNNING_COMMIT]	= FBNIC_POL_COMMIT,
	[FBNIC_CAP_BMC_ALL_MULTI]	= FBNIC_POL_U32,
	[FBNIC_CAP_FW_STATE]		= FBNIC_POL_U32,
	[FBNIC_CAP_LINK_SPEED]		= FBNIC_POL_U32,
	[FBNIC_CAP_LINK_FEC]		= FBNIC_POL_U32,
	[FBNIC_CAP_STORED_COMMIT]	= FBNIC_POL_COMMIT,
	[FBNIC_CAP_BOOT_VER]		= FBNIC_POL_U32,
	[FBNIC_CAP_STORED_BOOT_VER]	= FBNIC_POL_U32,
	[FBNIC_CAP_BOOT_COMMIT]		= FBNIC_POL_COMMIT,
	[FBNIC_CAP_STORED_BOOT_COMMIT]	= FBNIC_POL_COMMIT,
	[FBNIC_CAP_UNDI_VER]		= FBNIC_POL_U32,
	[FBNIC_CAP_UNDI_COMMIT]		= FBNIC_POL_COMMIT,
	[FBNIC_CAP_ANTI_ROLLBACK_VER]	= FBNIC_POL_U32,
};

static const struct fbnic_tlv_policy fbnic_own_policy[FBNIC_OWN_MAX] = {
	[FBNIC_OWN_FW_UPTIME]		= FBNIC_POL_U64,
};

static const struct fbnic_tlv_policy fbnic_hb_policy[FBNIC_HB_MAX] = {
	[FBNIC_HB_FW_UPTIME]		= FBNIC_POL_U64,
	[FBNIC_HB_MSG_COUNT]		= FBNIC_POL_U64,
};

static const struct fbnic_tlv_policy fbnic_tsene_policy[FBNIC_TSENE_MAX] = {
	[FBNIC_TSENE_MILLIDEGREES]	= FBNIC_POL_S32,
	[FBNIC_TSENE_MILLIVOLTS]	= FBNIC_POL_S32,
	[FBNIC_TSENE_ERROR]		= FBNIC_POL_S32,
};

static const struct fbnic_tlv_policy fbnic_qsfp_policy[FBNIC_QSFP_MAX] = {
	[FBNIC_QSFP_BANK]		= FBNIC_POL_U32,
	[FBNIC_QSFP_PAGE]		= FBNIC_POL_U32,
	[FBNIC_QSFP_OFFSET]		= FBNIC_POL_U32,
	[FBNIC_QSFP_LENGTH]		= FBNIC_POL_U32,
	[FBNIC_QSFP_ERROR]		= FBNIC_POL_S32,
	[FBNIC_QSFP_DATA]		= { .kind = FBNIC_TLV_BINARY,
					    .max_len = FBNIC_FW_QSFP_READ_MAX },
};

static const struct fbnic_tlv_policy fbnic_log_policy[FBNIC_LOG_MAX] = {
	[FBNIC_LOG_MSEC]		= FBNIC_POL_U32,
	[FBNIC_LOG_INDEX]		= FBNIC_POL_U64,
	[FBNIC_LOG_MSG]			= { .kind = FBNIC_TLV_STRING,
					    .max_len = FBNIC_FW_LOG_LINE_MAX },
	[FBNIC_LOG_LENGTH]		= FBNIC_POL_U32,
	[FBNIC_LOG_MSEC_ARRAY]		= { .kind = FBNIC_TLV_NESTED },
	[FBNIC_LOG_INDEX_ARRAY]		= { .kind = FBNIC_TLV_NESTED },
	[FBNIC_LOG_MSG_ARRAY]		= { .kind = FBNIC_TLV_NESTED },
};

static const struct fbnic_tlv_policy fbnic_flash_start_policy[FBNIC_FLASH_START_MAX] = {
	[FBNIC_FLASH_START_ERROR]	= FBNIC_POL_S32,
};

static const struct fbnic_tlv_policy fbnic_flash_chunk_policy[FBNIC_FLASH_CHUNK_MAX] = {
	[FBNIC_FLASH_CHUNK_OFFSET]	= FBNIC_POL_U32,
	[FBNIC_FLASH_CHUNK_LENGTH]	= FBNIC_POL_U32,
};

static const struct fbnic_tlv_policy fbnic_flash_finish_policy[FBNIC_FLASH_FINISH_MAX] = {
	[FBNIC_FLASH_FINISH_ERROR]	= FBNIC_POL_S32,
};

static const struct fbnic_tlv_policy fbnic_dump_info_policy[FBNIC_DUMP_INFO_MAX] = {
	[FBNIC_DUMP_INFO_AVAILABLE]	= FBNIC_POL_FLAG,
	[FBNIC_DUMP_INFO_SIZE]		= FBNIC_POL_U32,
	[FBNIC_DUMP_INFO_ERROR]		= FBNIC_POL_S32,
};

static const struct fbnic_tlv_policy fbnic_dump_read_policy[FBNIC_DUMP_READ_MAX] = {
	[FBNIC_DUMP_READ_OFFSET]	= FBNIC_POL_U32,
	[FBNIC_DUMP_READ_LENGTH]	= FBNIC_POL_U32,
	[FBNIC_DUMP_READ_DATA]		= { .kind = FBNIC_TLV_BINARY,
					    .max_len = FBNIC_FW_DUMP_CHUNK },
	[FBNIC_DUMP_READ_ERROR]		= FBNIC_POL_S32,
};

/**
 * fbnic_fw_ver_str() - format a firmware version for people
 * @version: encoded version
 * @buf: destination
 * @size: size of @buf
 */
void fbnic_fw_ver_str(u32 version, char *buf, size_t size)
{
	snprintf(buf, size, "%02lu.%02lu.%02lu-%03lu",
		 FIELD_GET(FBNIC_FW_VER_MAJOR, version),
		 FIELD_GET(FBNIC_FW_VER_MINOR, version),
		 FIELD_GET(FBNIC_FW_VER_PATCH, version),
		 FIELD_GET(FBNIC_FW_VER_BUILD, version));
}

static void fbnic_fw_get_ver(const struct fbnic_tlv_attr *tb, int ver_attr,
			     int commit_attr, struct fbnic_fw_ver *ver)
{
	ver->version = fbnic_tlv_get_uint(&tb[ver_attr], 0);
	fbnic_tlv_get_string(&tb[commit_attr], ver->commit,
			     sizeof(ver->commit));
}

/* The BMC's addresses and wishes. An address list that does not parse
 * is reported and ignored: the host's own traffic does not depend on it.
 */
static void fbnic_fw_get_bmc(struct fbnic_dev *fbd,
			     const struct fbnic_tlv_attr *tb)
{
	struct fbnic_tlv_attr items[FBNIC_FW_BMC_MACS];
	struct fbnic_fw_info *fw = &fbd->fw;
	int i, n;

	memset(fw->bmc_mac, 0, sizeof(fw->bmc_mac));
	fw->bmc_present = fbnic_tlv_present(&tb[FBNIC_CAP_BMC_PRESENT]);
	fw->bmc_all_multi = fw->bmc_present &&
			    fbnic_tlv_get_uint(&tb[FBNIC_CAP_BMC_ALL_MULTI], 0);
	if (!fw->bmc_present || !fbnic_tlv_present(&tb[FBNIC_CAP_BMC_MAC_ARRAY]))
		return;

	n = fbnic_tlv_parse_array(&tb[FBNIC_CAP_BMC_MAC_ARRAY],
				  FBNIC_CAP_BMC_MAC_ADDR,
				  &fbnic_cap_policy[FBNIC_CAP_BMC_MAC_ADDR],
				  items, ARRAY_SIZE(items));
	if (n < 0) {
		dev_warn(fbd->dev, "BMC address list unusable (%d), ignored\n", n);
		return;
	}
	for (i = 0; i < n; i++)
		memcpy(fw->bmc_mac[i], items[i].value, ETH_ALEN);
}

static int fbnic_fw_handle_caps(struct fbnic_dev *fbd,
				const struct fbnic_tlv_attr *tb,
				struct fbnic_fw_req *req)
{
	struct fbnic_fw_info *fw = &fbd->fw;
	char have[FBNIC_FW_VER_STR_LEN];
	char need[FBNIC_FW_VER_STR_LEN];

	fbnic_fw_get_ver(tb, FBNIC_CAP_RUNNING_VER, FBNIC_CAP_RUNNING_COMMIT,
			 &fw->running_mgmt);
	fbnic_fw_get_ver(tb, FBNIC_CAP_BOOT_VER, FBNIC_CAP_BOOT_COMMIT,
			 &fw->running_boot);
	fbnic_fw_get_ver(tb, FBNIC_CAP_STORED_VER, FBNIC_CAP_STORED_COMMIT,
			 &fw->stored_mgmt);
	fbnic_fw_get_ver(tb, FBNIC_CAP_STORED_BOOT_VER,
			 FBNIC_CAP_STORED_BOOT_COMMIT, &fw->stored_boot);
	fbnic_fw_get_ver(tb, FBNIC_CAP_UNDI_VER, FBNIC_CAP_UNDI_COMMIT,
			 &fw->stored_undi);
	fw->active_slot = fbnic_tlv_get_uint(&tb[FBNIC_CAP_ACTIVE_SLOT], 0);
	fw->link_speed = fbnic_tlv_get_uint(&tb[FBNIC_CAP_LINK_SPEED], 0);
	fw->link_fec = fbnic_tlv_get_uint(&tb[FBNIC_CAP_LINK_FEC], 0);
	fbnic_fw_get_bmc(fbd, tb);
	fw->anti_rollback =
		fbnic_tlv_get_uint(&tb[FBNIC_CAP_ANTI_ROLLBACK_VER], 0);

	if (!fw->running_mgmt.version) {
		dev_err(fbd->dev, "firmware capabilities lack a firmware version\n");
		return -EBADMSG;
	}
	if (fw->running_mgmt.version < FBNIC_FW_VER_MIN) {
		fbnic_fw_ver_str(fw->running_mgmt.version, have, sizeof(have));
		fbnic_fw_ver_str(FBNIC_FW_VER_MIN, need, sizeof(need));
		dev_err(fbd->dev,
			"firmware %s is older than %s, the oldest this driver supports; update it with devlink dev flash\n",
			have, need);
		return -EOPNOTSUPP;
	}
	fw->caps_valid = true;
	WRITE_ONCE(fw->caps_seq, fw->caps_seq + 1);
	return 0;
}

/* Any reply from the firmware shows it alive; uptime going back means
 * it restarted since the last one. Only a heartbeat reply ends a lost
 * heartbeat, though: a firmware that answers the rest but not its
 * heartbeat is still unwell.
 */
static void fbnic_fw_note_alive(struct fbnic_dev *fbd,
				const struct fbnic_tlv_attr *uptime,
				bool heartbeat)
{
	u64 now = fbnic_tlv_get_uint(uptime, 0);
	struct fbnic_fw_info *fw = &fbd->fw;

	if (now < fw->uptime) {
		dev_warn(fbd->dev, "firmware restarted: uptime went from %llu to %llu ms\n",
			 fw->uptime, now);
		fw->restarts++;
		/* Report and recover from the heartbeat work, which may sleep */
		if (READ_ONCE(fw->owned)) {
			fw->restarted = true;
			mod_delayed_work(system_dfl_wq, &fbd->heartbeat_work, 0);
		}
	}
	fw->uptime = now;
	WRITE_ONCE(fw->hb_seen, jiffies);
	if (heartbeat && fw->hb_lost) {
		fw->hb_lost = false;
		dev_info(fbd->dev, "firmware answers its heartbeat again\n");
	}
}

/**
 * struct fbnic_fw_handler - how to process one message from the firmware
 * @msg_id: message ID
 * @policy: its attributes
 * @policy_len: entries in @policy
 * @handle: processes the parsed message; @req is the request waiting for
 *	it, or NULL. Called with the mailbox lock held: must not sleep.
 */
struct fbnic_fw_handler {
	u16 msg_id;
	const struct fbnic_tlv_policy *policy;
	unsigned int policy_len;
	int (*handle)(struct fbnic_dev *fbd, const struct fbnic_tlv_attr *tb,
		      struct fbnic_fw_req *req);
};

static int fbnic_fw_handle_ownership(struct fbnic_dev *fbd,
				     const struct fbnic_tlv_attr *tb,
				     struct fbnic_fw_req *req)
{
	fbnic_fw_note_alive(fbd, &tb[FBNIC_OWN_FW_UPTIME], false);
	return 0;
}

static int fbnic_fw_handle_heartbeat(struct fbnic_dev *fbd,
				     const struct fbnic_tlv_attr *tb,
				     struct fbnic_fw_req *req)
{
	fbnic_fw_note_alive(fbd, &tb[FBNIC_HB_FW_UPTIME], true);
	return 0;
}

/* The error code a reply carries, if any: logged, and fails the request */
static int fbnic_fw_reply_error(struct fbnic_dev *fbd,
				const struct fbnic_tlv_attr *err_attr,
				const char *what)
{
	s64 fw_err = fbnic_tlv_get_sint(err_attr, 0);

	if (!fw_err)
		return 0;
	dev_warn_ratelimited(fbd->dev, "firmware failed to %s: %lld\n", what,
			     fw_err);
	return -EIO;
}

static int fbnic_fw_handle_sensors(struct fbnic_dev *fbd,
				   const struct fbnic_tlv_attr *tb,
				   struct fbnic_fw_req *req)
{
	int err;

	if (!req) {
		dev_warn_ratelimited(fbd->dev, "sensor reading nobody asked for, ignored\n");
		return 0;
	}
	err = fbnic_fw_reply_error(fbd, &tb[FBNIC_TSENE_ERROR],
				   "read the sensors");
	if (err)
		return err;
	if (!fbnic_tlv_present(&tb[FBNIC_TSENE_MILLIDEGREES]) ||
	    !fbnic_tlv_present(&tb[FBNIC_TSENE_MILLIVOLTS]))
		return -EBADMSG;

	req->sensors.millidegrees =
		fbnic_tlv_get_sint(&tb[FBNIC_TSENE_MILLIDEGREES], 0);
	req->sensors.millivolts =
		fbnic_tlv_get_sint(&tb[FBNIC_TSENE_MILLIVOLTS], 0);
	return 0;
}

static int fbnic_fw_handle_dump_info(struct fbnic_dev *fbd,
				     const struct fbnic_tlv_attr *tb,
				     struct fbnic_fw_req *req)
{
	int err;

	if (!req)
		return 0;
	err = fbnic_fw_reply_error(fbd, &tb[FBNIC_DUMP_INFO_ERROR],
				   "describe its core dump");
	if (err)
		return err;
	if (!fbnic_tlv_present(&tb[FBNIC_DUMP_INFO_AVAILABLE]))
		return -ENOENT;
	req->dump.size = fbnic_tlv_get_uint(&tb[FBNIC_DUMP_INFO_SIZE], 0);
	return 0;
}

/* A chunk is only taken if it is exactly the one asked for */
static int fbnic_fw_handle_dump_read(struct fbnic_dev *fbd,
				     const struct fbnic_tlv_attr *tb,
				     struct fbnic_fw_req *req)
{
	const struct fbnic_tlv_attr *data = &tb[FBNIC_DUMP_READ_DATA];
	u64 offset, len;
	int err;

	if (!req)
		return 0;
	err = fbnic_fw_reply_error(fbd, &tb[FBNIC_DUMP_READ_ERROR],
				   "read its core dump");
	if (err)
		return err;
	offset = fbnic_tlv_get_uint(&tb[FBNIC_DUMP_READ_OFFSET], 0);
	len = fbnic_tlv_get_uint(&tb[FBNIC_DUMP_READ_LENGTH], 0);
	if (!fbnic_tlv_present(data) || offset != req->dump.offset ||
	    len != req->dump.len || data->len != len) {
		dev_err_ratelimited(fbd->dev,
				    "core dump chunk %llu+%llu (%u bytes) does not match request %u+%u\n",
				    offset, len, data->len, req->dump.offset,
				    req->dump.len);
		return -EBADMSG;
	}
	memcpy(req->dump.buf + offset, data->value, len);
	return 0;
}

/* A firmware error code as a kernel errno: -EIO unless it is one */
static int fbnic_fw_errno(s64 fw_err)
{
	if (!fw_err)
		return 0;
	return fw_err < 0 && fw_err >= -MAX_ERRNO ? fw_err : -EIO;
}

/* The bytes are only taken if they are exactly the ones asked for */
static int fbnic_fw_handle_qsfp(struct fbnic_dev *fbd,
				const struct fbnic_tlv_attr *tb,
				struct fbnic_fw_req *req)
{
	const struct fbnic_tlv_attr *data = &tb[FBNIC_QSFP_DATA];
	u64 bank, page, offset, len;
	int err;

	if (!req) {
		dev_warn_ratelimited(fbd->dev, "module EEPROM data nobody asked for, ignored\n");
		return 0;
	}
	/* A missing module is an errno the user should see as it is */
	err = fbnic_fw_errno(fbnic_tlv_get_sint(&tb[FBNIC_QSFP_ERROR], 0));
	if (err)
		return err;

	bank = fbnic_tlv_get_uint(&tb[FBNIC_QSFP_BANK], U64_MAX);
	page = fbnic_tlv_get_uint(&tb[FBNIC_QSFP_PAGE], U64_MAX);
	offset = fbnic_tlv_get_uint(&tb[FBNIC_QSFP_OFFSET], U64_MAX);
	len = fbnic_tlv_get_uint(&tb[FBNIC_QSFP_LENGTH], U64_MAX);
	if (bank != req->qsfp.bank || page != req->qsfp.page ||
	    offset != req->qsfp.offset || len != req->qsfp.len ||
	    !fbnic_tlv_present(data) || data->len != len) {
		dev_err_ratelimited(fbd->dev,
				    "module EEPROM reply %lld/%lld/%lld+%lld (%u bytes) does not match request %u/%u/%u+%u\n",
				    (s64)bank, (s64)page, (s64)offset, (s64)len,
				    fbnic_tlv_present(data) ? data->len : 0,
				    req->qsfp.bank, req->qsfp.page,
				    req->qsfp.offset, req->qsfp.len);
		return -EBADMSG;
	}
	memcpy(req->qsfp.buf, data->value, len);
	return 0;
}

/*
 * A log line the firmware streams: kept in the log ring (debugfs) and
 * printed. Only the line in the message's own attributes is taken:
 * arrays of older lines come only with a history request, which this
 * driver does not make.
 */
static int fbnic_fw_handle_log(struct fbnic_dev *fbd,
			       const struct fbnic_tlv_attr *tb,
			       struct fbnic_fw_req *req)
{
	u32 msec = fbnic_tlv_get_uint(&tb[FBNIC_LOG_MSEC], 0);
	u64 index = fbnic_tlv_get_uint(&tb[FBNIC_LOG_INDEX], 0);
	char line[FBNIC_FW_LOG_LINE_MAX];
	ssize_t len;

	len = fbnic_tlv_get_string(&tb[FBNIC_LOG_MSG], line, sizeof(line));
	if (len == -ENOENT)
		return -EBADMSG;
	if (len < 0)	/* cut short: show what fits */
		len = strlen(line);
	/* The firmware's own line ends are not ours to print */
	while (len && isspace(line[len - 1]))
		len--;

	fbnic_fw_log_add(&fbd->fw_log, index, msec, line, len);
	dev_info_ratelimited(fbd->dev, "firmware log %llu [%u.%03u s]: %*pE\n",
			     index, msec / 1000, msec % 1000,
			     (int)len, line);
	if (fbnic_tlv_get_uint(&tb[FBNIC_LOG_LENGTH], 0))
		dev_dbg_ratelimited(fbd->dev, "firmware log history not shown\n");
	return 0;
}

static int fbnic_fw_handle_flash_start(struct fbnic_dev *fbd,
				       const struct fbnic_tlv_attr *tb,
				       struct fbnic_fw_req *req)
{
	/* A firmware that cannot flash now says why with an errno */
	return fbnic_fw_errno(fbnic_tlv_get_sint(&tb[FBNIC_FLASH_START_ERROR],
						 0));
}

/* The firmware pulls the image: hand each request to the flashing task */
static int fbnic_fw_handle_flash_chunk(struct fbnic_dev *fbd,
				       const struct fbnic_tlv_attr *tb,
				       struct fbnic_fw_req *req)
{
	struct fbnic_fw_flash *flash = &fbd->flash;

	if (!flash->active) {
		dev_warn_ratelimited(fbd->dev, "flash chunk request outside an update, ignored\n");
		return 0;
	}
	flash->offset = fbnic_tlv_get_uint(&tb[FBNIC_FLASH_CHUNK_OFFSET], 0);
	flash->len = fbnic_tlv_get_uint(&tb[FBNIC_FLASH_CHUNK_LENGTH], 0);
	complete(&flash->event);
	return 0;
}

static int fbnic_fw_handle_flash_finish(struct fbnic_dev *fbd,
					const struct fbnic_tlv_attr *tb,
					struct fbnic_fw_req *req)
{
	s64 fw_err = fbnic_tlv_get_sint(&tb[FBNIC_FLASH_FINISH_ERROR], 0);
	struct fbnic_fw_flash *flash = &fbd->flash;

	if (!flash->active) {
		dev_warn_ratelimited(fbd->dev, "flash finish outside an update, ignored\n");
		return 0;
	}
	flash->finished = true;
	flash->result = fbnic_fw_errno(fw_err);
	complete(&flash->event);
	return 0;
}

/* The reply itself was copied for the requester by fbnic_fw_receive() */
static int fbnic_fw_handle_echo(struct fbnic_dev *fbd,
				const struct fbnic_tlv_attr *tb,
				struct fbnic_fw_req *req)
{
	if (!req) {
		dev_warn_ratelimited(fbd->dev, "test message echo nobody asked for, ignored\n");
		return 0;
	}
	return req->echo.len > req->echo.size ? -EMSGSIZE : 0;
}

static const struct fbnic_fw_handler fbnic_fw_handlers[] = {
	/* Its attributes are the requester's to check: none parsed here */
	{ FBNIC_MSG_TEST, NULL, 0, fbnic_fw_handle_echo },
	{ FBNIC_MSG_FW_CAP_RESP, fbnic_cap_policy,
	  ARRAY_SIZE(fbnic_cap_policy), fbnic_fw_handle_caps },
	{ FBNIC_MSG_OWNERSHIP_RESP, fbnic_own_policy,
	  ARRAY_SIZE(fbnic_own_policy), fbnic_fw_handle_ownership },
	{ FBNIC_MSG_HEARTBEAT_RESP, fbnic_hb_policy,
	  ARRAY_SIZE(fbnic_hb_policy), fbnic_fw_handle_heartbeat },
	{ FBNIC_MSG_FLASH_START_RESP, fbnic_flash_start_policy,
	  ARRAY_SIZE(fbnic_flash_start_policy), fbnic_fw_handle_flash_start },
	{ FBNIC_MSG_FLASH_CHUNK_REQ, fbnic_flash_chunk_policy,
	  ARRAY_SIZE(fbnic_flash_chunk_policy), fbnic_fw_handle_flash_chunk },
	{ FBNIC_MSG_FLASH_FINISH_REQ, fbnic_flash_finish_policy,
	  ARRAY_SIZE(fbnic_flash_finish_policy), fbnic_fw_handle_flash_finish },
	{ FBNIC_MSG_DUMP_INFO_RESP, fbnic_dump_info_policy,
	  ARRAY_SIZE(fbnic_dump_info_policy), fbnic_fw_handle_dump_info },
	{ FBNIC_MSG_DUMP_READ_RESP, fbnic_dump_read_policy,
	  ARRAY_SIZE(fbnic_dump_read_policy), fbnic_fw_handle_dump_read },
	{ FBNIC_MSG_TSENE_READ_RESP, fbnic_tsene_policy,
	  ARRAY_SIZE(fbnic_tsene_policy), fbnic_fw_handle_sensors },
	{ FBNIC_MSG_QSFP_READ_RESP, fbnic_qsfp_policy,
	  ARRAY_SIZE(fbnic_qsfp_policy), fbnic_fw_handle_qsfp },
	{ FBNIC_MSG_LOG_LINE, fbnic_log_policy,
	  ARRAY_SIZE(fbnic_log_policy), fbnic_fw_handle_log },
};

static const struct fbnic_fw_handler *fbnic_fw_find_handler(u16 msg_id)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fbnic_fw_handlers); i++)
		if (fbnic_fw_handlers[i].msg_id == msg_id)
			return &fbnic_fw_handlers[i];
	return NULL;
}

static void fbnic_fw_drop(struct fbnic_dev *fbd, const void *msg, size_t len,
			  const char *why, int err)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);

	fbd->mbx.bad_msgs++;
	if (!__ratelimit(&rs))
		return;
	dev_err(fbd->dev, "dropped firmware message: %s (%d)\n", why, err);
	print_hex_dump(KERN_ERR, "fbnic fw msg: ", DUMP_PREFIX_OFFSET, 16, 4,
		       msg, min_t(size_t, len, 64), false);
}

/* Hand the whole echoed message to the request waiting for it */
static void fbnic_fw_copy_echo(struct fbnic_fw_req *req, const void *msg,
			       size_t msg_len)
{
	req->echo.len = msg_len;
	if (msg_len <= req->echo.size)
		memcpy(req->echo.buf, msg, msg_len);
}

/**
 * fbnic_fw_receive() - process one message from the firmware
 * @fbd: device
 * @msg: the message as the device wrote it
 * @len: bytes the device wrote
 *
 * Nothing in @msg is trusted: the header and every attribute are checked
 * against @len and the message's policy before use. A malformed message
 * is dropped with a rate-limited error and counted.
 */
void fbnic_fw_receive(struct fbnic_dev *fbd, const void *msg, size_t len)
{
	struct fbnic_tlv_attr tb[FBNIC_TLV_MAX_ATTRS];
	const struct fbnic_fw_handler *h;
	struct fbnic_fw_req *req;
	unsigned long flags;
	int msg_len, err;
	u16 msg_id;

	msg_len = fbnic_tlv_msg_header(msg, len, &msg_id);
	if (msg_len < 0) {
		fbnic_fw_drop(fbd, msg, len, "bad header", msg_len);
		return;
	}
	h = fbnic_fw_find_handler(msg_id);
	if (!h) {
		fbnic_fw_drop(fbd, msg, len, "unknown message ID", -ENOENT);
		return;
	}
	/* The parser fills one slot per policy entry */
	if (WARN_ON_ONCE(h->policy_len > ARRAY_SIZE(tb)))
		return;
	err = fbnic_tlv_msg_parse(msg, len, h->policy, h->policy_len, tb);
	if (err) {
		fbnic_fw_drop(fbd, msg, len, "malformed attributes", err);
		return;
	}

	spin_lock_irqsave(&fbd->mbx.lock, flags);
	req = fbd->fw_pending;
	if (req && req->resp_id != msg_id)
		req = NULL;
	if (req && msg_id == FBNIC_MSG_TEST)
		fbnic_fw_copy_echo(req, msg, msg_len);
	err = h->handle(fbd, tb, req);
	if (req) {
		fbd->fw_pending = NULL;
		req->result = err;
		complete(&req->done);
	}
	spin_unlock_irqrestore(&fbd->mbx.lock, flags);
}

static void *fbnic_fw_msg_alloc(struct fbnic_tlv_msg *msg, u16 msg_id)
{
	void *page = (void *)__get_free_page(GFP_KERNEL);

	if (!page)
		return NULL;
	if (fbnic_tlv_msg_init(msg, page, FBNIC_MBX_BUF_SIZE, msg_id)) {
		free_page((unsigned long)page);
		return NULL;
	}
	return page;
}

/* Send a message and consume the page, whatever the outcome */
static int fbnic_fw_send(struct fbnic_dev *fbd, struct fbnic_tlv_msg *msg)
{
	int err = fbnic_mbx_send(fbd, msg->buf, fbnic_tlv_msg_len(msg));

	if (err)
		free_page((unsigned long)msg->buf);
	return err;
}

/*
 * Send a request and wait for its response, one exchange at a time. The
 * request lives on the stack: once the wait is over, it is unhooked under
 * the mailbox lock, so the receive path can no longer complete it.
 */
/* Caller holds fw_req_lock */
static int __fbnic_fw_exchange(struct fbnic_dev *fbd, struct fbnic_tlv_msg *msg,
			       struct fbnic_fw_req *req, unsigned long timeout)
{
	int err;

	lockdep_assert_held(&fbd->fw_req_lock);
	init_completion(&req->done);

	spin_lock_irq(&fbd->mbx.lock);
	fbd->fw_pending = req;
	spin_unlock_irq(&fbd->mbx.lock);

	err = fbnic_fw_send(fbd, msg);
	if (!err && !wait_for_completion_timeout(&req->done, timeout))
		err = -ETIMEDOUT;

	spin_lock_irq(&fbd->mbx.lock);
	if (fbd->fw_pending == req)
		fbd->fw_pending = NULL;
	else if (!err || err == -ETIMEDOUT)
		err = req->result;	/* answered, maybe just after the timeout */
	spin_unlock_irq(&fbd->mbx.lock);

	return err;
}

static int fbnic_fw_exchange_req(struct fbnic_dev *fbd,
				 struct fbnic_tlv_msg *msg,
				 struct fbnic_fw_req *req)
{
	int err;

	mutex_lock(&fbd->fw_req_lock);
	err = __fbnic_fw_exchange(fbd, msg, req, FBNIC_FW_RESP_TIMEOUT);
	mutex_unlock(&fbd->fw_req_lock);
	return err;
}

static int fbnic_fw_exchange(struct fbnic_dev *fbd, struct fbnic_tlv_msg *msg,
			     u16 resp_id)
{
	struct fbnic_fw_req req = { .resp_id = resp_id };

	return fbnic_fw_exchange_req(fbd, msg, &req);
}

/**
 * fbnic_fw_msg_new() - start a message to the firmware in a fresh page
 * @msg: message handle to set up
 * @msg_id: message ID
 *
 * The page goes with the message to fbnic_fw_echo(), or back with
 * fbnic_fw_msg_free().
 *
 * Return: 0 or -ENOMEM.
 */
int fbnic_fw_msg_new(struct fbnic_tlv_msg *msg, u16 msg_id)
{
	return fbnic_fw_msg_alloc(msg, msg_id) ? 0 : -ENOMEM;
}

/**
 * fbnic_fw_msg_free() - drop a message that will not be sent
 * @msg: message started with fbnic_fw_msg_new()
 */
void fbnic_fw_msg_free(struct fbnic_tlv_msg *msg)
{
	free_page((unsigned long)msg->buf);
	msg->buf = NULL;
}

/**
 * fbnic_fw_echo() - send a test message and take back the firmware's echo
 * @fbd: device
 * @msg: a FBNIC_FW_MSG_TEST message from fbnic_fw_msg_new(); consumed
 * @reply: where the echoed message is copied, header included
 * @size: size of @reply
 *
 * The firmware answers a test message with a test message of its own; its
 * header has been checked against the bytes received, its attributes are
 * the caller's to check.
 *
 * Return: length of the reply in bytes, -ENODEV if the mailbox is not
 * running, -ETIMEDOUT without a reply, -EMSGSIZE if the reply does not
 * fit @reply, or another negative errno.
 */
int fbnic_fw_echo(struct fbnic_dev *fbd, struct fbnic_tlv_msg *msg,
		  void *reply, size_t size)
{
	struct fbnic_fw_req req = { .resp_id = FBNIC_MSG_TEST };
	int err;

	req.echo.buf = reply;
	req.echo.size = size;
	err = fbnic_fw_exchange_req(fbd, msg, &req);
	return err ?: req.echo.len;
}

static int fbnic_fw_dump_info(struct fbnic_dev *fbd, u32 *size)
{
	struct fbnic_fw_req req = { .resp_id = FBNIC_MSG_DUMP_INFO_RESP };
	struct fbnic_tlv_msg msg;
	int err;

	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_DUMP_INFO_REQ))
		return -ENOMEM;
	/* Have the firmware take a dump now if it holds none */
	if (fbnic_tlv_put_flag(&msg, FBNIC_DUMP_INFO_CREATE)) {
		free_page((unsigned long)msg.buf);
		return -EMSGSIZE;
	}
	err = fbnic_fw_exchange_req(fbd, &msg, &req);
	*size = req.dump.size;
	return err;
}

static int fbnic_fw_dump_chunk(struct fbnic_dev *fbd, u8 *buf, u32 offset,
			       u32 len)
{
	struct fbnic_fw_req req = { .resp_id = FBNIC_MSG_DUMP_READ_RESP };
	struct fbnic_tlv_msg msg;

	req.dump.buf = buf;
	req.dump.offset = offset;
	req.dump.len = len;
	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_DUMP_READ_REQ))
		return -ENOMEM;
	if (fbnic_tlv_put_u32(&msg, FBNIC_DUMP_READ_OFFSET, offset) ||
	    fbnic_tlv_put_u32(&msg, FBNIC_DUMP_READ_LENGTH, len)) {
		free_page((unsigned long)msg.buf);
		return -EMSGSIZE;
	}
	return fbnic_fw_exchange_req(fbd, &msg, &req);
}

/* Answer a chunk request with data, or with an error that cancels */
static int fbnic_fw_flash_send_chunk(struct fbnic_dev *fbd, const u8 *data,
				     u32 offset, u32 len, int cancel)
{
	struct fbnic_tlv_msg msg;
	int err;

	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_FLASH_CHUNK_RESP))
		return -ENOMEM;
	if (cancel)	/* a negative errno, sent as a signed 32-bit value */
		err = fbnic_tlv_put_u32(&msg, FBNIC_FLASH_CHUNK_ERROR,
					(u32)cancel);
	else
		err = fbnic_tlv_put_u32(&msg, FBNIC_FLASH_CHUNK_OFFSET, offset) ?:
		      fbnic_tlv_put_u32(&msg, FBNIC_FLASH_CHUNK_LENGTH, len) ?:
		      fbnic_tlv_put_bytes(&msg, FBNIC_FLASH_CHUNK_DATA,
					  data + offset, len);
	if (err) {
		free_page((unsigned long)msg.buf);
		return err;
	}
	return fbnic_fw_send(fbd, &msg);
}

static int fbnic_fw_flash_begin(struct fbnic_dev *fbd, unsigned int section,
				u32 size)
{
	struct fbnic_fw_req req = { .resp_id = FBNIC_MSG_FLASH_START_RESP };
	struct fbnic_tlv_msg msg;

	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_FLASH_START_REQ))
		return -ENOMEM;
	if (fbnic_tlv_put_u32(&msg, FBNIC_FLASH_START_SECTION, section) ||
	    fbnic_tlv_put_u32(&msg, FBNIC_FLASH_START_LENGTH, size)) {
		free_page((unsigned long)msg.buf);
		return -EMSGSIZE;
	}
	return __fbnic_fw_exchange(fbd, &msg, &req, FBNIC_FLASH_TIMEOUT);
}

/* Serve the firmware's chunk requests until it finishes the session */
static int fbnic_fw_flash_serve(struct fbnic_dev *fbd, const u8 *data,
				u32 size, fbnic_flash_progress_t progress,
				void *priv)
{
	struct fbnic_fw_flash *flash = &fbd->flash;
	u32 offset, len;
	int err;

	for (;;) {
		if (!wait_for_completion_timeout(&flash->event,
						 FBNIC_FLASH_TIMEOUT))
			return -ETIMEDOUT;

		spin_lock_irq(&fbd->mbx.lock);
		reinit_completion(&flash->event);
		offset = flash->offset;
		len = flash->len;
		spin_unlock_irq(&fbd->mbx.lock);

		if (READ_ONCE(flash->finished))
			return READ_ONCE(flash->result);

		/* The request comes from the device: check it fits */
		if (!len || len > FBNIC_FLASH_CHUNK_BYTES || offset > size ||
		    len > size - offset) {
			dev_err(fbd->dev, "firmware asked for flash chunk %u+%u of a %u byte image\n",
				offset, len, size);
			return -EFAULT;
		}
		err = fbnic_fw_flash_send_chunk(fbd, data, offset, len, 0);
		if (err)
			return err;
		if (progress)
			progress(priv, offset + len, size);
	}
}

/**
 * fbnic_fw_flash() - write a component image to the NIC's flash
 * @fbd: device
 * @section: FBNIC_FW_SECTION_* to write
 * @data: the component image
 * @size: its size
 * @progress: called as chunks go out; may be NULL
 * @priv: passed to @progress
 *
 * The firmware validates the image once it has it all; only a valid one
 * replaces what the section held. On success the capabilities are read
 * again so that the new stored version shows. Other firmware requests
 * wait until the update is over.
 *
 * Return: 0, or a negative errno (the firmware's, for a refused image).
 */
int fbnic_fw_flash(struct fbnic_dev *fbd, unsigned int section,
		   const u8 *data, u32 size, fbnic_flash_progress_t progress,
		   void *priv)
{
	struct fbnic_fw_flash *flash = &fbd->flash;
	int err;

	if (!size)
		return -EINVAL;

	mutex_lock(&fbd->fw_req_lock);
	spin_lock_irq(&fbd->mbx.lock);
	init_completion(&flash->event);
	flash->finished = false;
	flash->result = 0;
	flash->active = true;
	spin_unlock_irq(&fbd->mbx.lock);

	err = fbnic_fw_flash_begin(fbd, section, size);
	if (!err) {
		err = fbnic_fw_flash_serve(fbd, data, size, progress, priv);
		/* Tell a firmware still waiting for data to give up */
		if (err && !READ_ONCE(flash->finished))
			fbnic_fw_flash_send_chunk(fbd, NULL, 0, 0, err);
	}

	spin_lock_irq(&fbd->mbx.lock);
	flash->active = false;
	spin_unlock_irq(&fbd->mbx.lock);
	mutex_unlock(&fbd->fw_req_lock);

	if (!err)
		err = fbnic_fw_request_caps(fbd);
	return err;
}

/**
 * fbnic_fw_read_coredump() - fetch the firmware's core dump
 * @fbd: device
 * @dump: on success, a kvmalloc()ed copy of the dump; kvfree() it
 * @size: on success, its size
 *
 * Return: 0, -ENOENT if the firmware has no dump, -EFBIG if it announces
 * an implausible size, or another negative errno.
 */
int fbnic_fw_read_coredump(struct fbnic_dev *fbd, u8 **dump, u32 *size)
{
	u32 offset, len, total;
	u8 *buf;
	int err;

	err = fbnic_fw_dump_info(fbd, &total);
	if (err)
		return err;
	if (!total)
		return -ENODATA;
	if (total > FBNIC_FW_DUMP_MAX)
		return -EFBIG;

	buf = kvzalloc(total, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (offset = 0; offset < total; offset += len) {
		len = min_t(u32, total - offset, FBNIC_FW_DUMP_CHUNK);
		err = fbnic_fw_dump_chunk(fbd, buf, offset, len);
		if (err) {
			kvfree(buf);
			return err;
		}
	}
	*dump = buf;
	*size = total;
	return 0;
}

/**
 * fbnic_fw_read_sensors() - read the NIC's temperature and voltage
 * @fbd: device
 * @millidegrees: die temperature, in thousandths of a degree Celsius
 * @millivolts: core voltage
 *
 * Return: 0 or a negative errno.
 */
int fbnic_fw_read_sensors(struct fbnic_dev *fbd, s32 *millidegrees,
			  s32 *millivolts)
{
	struct fbnic_fw_req req = { .resp_id = FBNIC_MSG_TSENE_READ_RESP };
	struct fbnic_tlv_msg msg;
	int err;

	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_TSENE_READ_REQ))
		return -ENOMEM;
	err = fbnic_fw_exchange_req(fbd, &msg, &req);
	if (err)
		return err;
	*millidegrees = req.sensors.millidegrees;
	*millivolts = req.sensors.millivolts;
	return 0;
}

/**
 * fbnic_fw_read_qsfp() - read the QSFP module's EEPROM
 * @fbd: device
 * @bank: bank of pages
 * @page: page
 * @offset: offset in the page pair: 0-127 lower page, 128-255 @page
 * @len: bytes to read, 1 to FBNIC_FW_QSFP_READ_MAX
 * @data: where the bytes go
 *
 * The firmware reads the module (I2C address 0x50) for the host.
 *
 * Return: @len bytes read: 0; -ENODEV if the cage is empty; another
 * negative errno if the read failed or the reply did not match.
 */
int fbnic_fw_read_qsfp(struct fbnic_dev *fbd, u8 bank, u8 page, u32 offset,
		       u32 len, u8 *data)
{
	struct fbnic_fw_req req = { .resp_id = FBNIC_MSG_QSFP_READ_RESP };
	struct fbnic_tlv_msg msg;

	if (!len || len > FBNIC_FW_QSFP_READ_MAX ||
	    offset > FBNIC_FW_QSFP_READ_MAX - len)
		return -EINVAL;

	req.qsfp.buf = data;
	req.qsfp.bank = bank;
	req.qsfp.page = page;
	req.qsfp.offset = offset;
	req.qsfp.len = len;
	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_QSFP_READ_REQ))
		return -ENOMEM;
	if (fbnic_tlv_put_u32(&msg, FBNIC_QSFP_BANK, bank) ||
	    fbnic_tlv_put_u32(&msg, FBNIC_QSFP_PAGE, page) ||
	    fbnic_tlv_put_u32(&msg, FBNIC_QSFP_OFFSET, offset) ||
	    fbnic_tlv_put_u32(&msg, FBNIC_QSFP_LENGTH, len)) {
		free_page((unsigned long)msg.buf);
		return -EMSGSIZE;
	}
	return fbnic_fw_exchange_req(fbd, &msg, &req);
}

/**
 * fbnic_fw_get_ver_commit_str() - the running firmware's version and commit
 * @fbd: device
 * @buf: destination, "MM.mm.pp-bbb" or "MM.mm.pp-bbb_commit"
 * @size: size of @buf
 */
void fbnic_fw_get_ver_commit_str(struct fbnic_dev *fbd, char *buf,
				 size_t size)
{
	const struct fbnic_fw_ver *mgmt = &fbd->fw.running_mgmt;
	char ver[FBNIC_FW_VER_STR_LEN];

	fbnic_fw_ver_str(mgmt->version, ver, sizeof(ver));
	if (mgmt->commit[0])
		snprintf(buf, size, "%s_%s", ver, mgmt->commit);
	else
		strscpy(buf, ver, size);
}

/* Have the firmware stream its log lines to the host, or stop. There is
 * no reply. Firmware too old to stream is left alone.
 */
static int fbnic_fw_log_streaming(struct fbnic_dev *fbd, bool on)
{
	struct fbnic_tlv_msg msg;
	int err = 0;

	if (fbd->fw.running_mgmt.version < FBNIC_FW_VER_MIN_LOG)
		return 0;

	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_LOG_CTRL_REQ))
		return -ENOMEM;
	if (on)
		err = fbnic_tlv_put_flag(&msg, FBNIC_LOG_CTRL_ENABLE) ?:
		      fbnic_tlv_put_u32(&msg, FBNIC_LOG_CTRL_VERSION,
					FBNIC_LOG_FORMAT);
	if (err) {
		free_page((unsigned long)msg.buf);
		return err;
	}
	return fbnic_fw_send(fbd, &msg);
}

/**
 * fbnic_fw_request_caps() - ask the firmware for its capabilities
 * @fbd: device
 *
 * Fills fbd->fw with the versions and settings the firmware reports.
 *
 * Return: 0, -EOPNOTSUPP if the firmware is too old, or another negative
 * errno if it did not answer properly.
 */
int fbnic_fw_request_caps(struct fbnic_dev *fbd)
{
	struct fbnic_tlv_msg msg;

	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_HOST_CAP_REQ))
		return -ENOMEM;
	return fbnic_fw_exchange(fbd, &msg, FBNIC_MSG_FW_CAP_RESP);
}

static int fbnic_fw_send_heartbeat(struct fbnic_dev *fbd)
{
	unsigned long last_sent = fbd->fw.hb_sent;
	struct fbnic_tlv_msg msg;
	int err;

	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_HEARTBEAT_REQ))
		return -ENOMEM;
	/* Stamped before sending, as the reply may come at once; a request
	 * that never left must not count as one the firmware ignored.
	 */
	WRITE_ONCE(fbd->fw.hb_sent, jiffies);
	err = fbnic_fw_send(fbd, &msg);
	if (err)
		WRITE_ONCE(fbd->fw.hb_sent, last_sent);
	return err;
}

static void fbnic_fw_heartbeat_work(struct work_struct *work)
{
	struct fbnic_dev *fbd = container_of(to_delayed_work(work),
					     struct fbnic_dev, heartbeat_work);
	struct fbnic_fw_info *fw = &fbd->fw;
	bool restarted;
	int err;

	if (!READ_ONCE(fw->owned) || !fbnic_present(fbd))
		return;

	spin_lock_irq(&fbd->mbx.lock);
	restarted = fw->restarted;
	fw->restarted = false;
	spin_unlock_irq(&fbd->mbx.lock);

	if (restarted) {
		/* The restarted firmware no longer knows the host owns the
		 * NIC: the health reporter's recovery takes it again.
		 */
		fbnic_devlink_fw_report(fbd, "firmware restarted");
	} else if (time_before(READ_ONCE(fw->hb_seen), READ_ONCE(fw->hb_sent))) {
		fw->hb_missed++;
		if (!fw->hb_lost) {
			fw->hb_lost = true;
			dev_warn(fbd->dev, "firmware did not answer its heartbeat\n");
			fbnic_devlink_fw_report(fbd, "firmware heartbeat lost");
		}
	}

	err = fbnic_fw_send_heartbeat(fbd);
	if (err)
		dev_warn_ratelimited(fbd->dev, "heartbeat not sent: %d\n", err);

	if (READ_ONCE(fw->owned))
		schedule_delayed_work(&fbd->heartbeat_work,
				      FBNIC_FW_HEARTBEAT_PERIOD);
}

/**
 * fbnic_fw_set_ownership() - take or give back control of the NIC
 * @fbd: device
 * @take: true to take ownership from the firmware (and any BMC)
 *
 * While the host owns the NIC, the firmware is expected to answer a
 * heartbeat every FBNIC_FW_HEARTBEAT_PERIOD.
 *
 * Return: 0 or a negative errno.
 */
int fbnic_fw_set_ownership(struct fbnic_dev *fbd, bool take)
{
	struct fbnic_tlv_msg msg;
	int err;

	if (!take) {
		/* Stop the heartbeat before the firmware stops expecting it */
		WRITE_ONCE(fbd->fw.owned, false);
		cancel_delayed_work_sync(&fbd->heartbeat_work);
		fbnic_fw_log_streaming(fbd, false);
	}

	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_OWNERSHIP_REQ))
		return -ENOMEM;
	if (take && fbnic_tlv_put_flag(&msg, FBNIC_OWN_TAKE)) {
		free_page((unsigned long)msg.buf);
		return -EMSGSIZE;
	}

	WRITE_ONCE(fbd->fw.hb_sent, jiffies);
	err = fbnic_fw_exchange(fbd, &msg, FBNIC_MSG_OWNERSHIP_RESP);
	WRITE_ONCE(fbd->fw.owned, take && !err);
	if (!fbd->fw.owned)
		return err;

	schedule_delayed_work(&fbd->heartbeat_work, FBNIC_FW_HEARTBEAT_PERIOD);
	/* A (re)started firmware streams its log to its new owner */
	if (fbnic_fw_log_streaming(fbd, true))
		dev_warn(fbd->dev, "firmware log streaming not started\n");
	return 0;
}

/* A nest of FBNIC_SYNC_ADDR attributes, one per address */
static int fbnic_fw_put_mac_list(struct fbnic_tlv_msg *msg, u16 id,
				 const u8 (*addr)[ETH_ALEN], unsigned int n)
{
	u32 buf[(FBNIC_TLV_HDR_SIZE + FBNIC_FW_SYNC_MACS *
		 (FBNIC_TLV_HDR_SIZE + ALIGN(ETH_ALEN, 4))) / 4];
	struct fbnic_tlv_msg list;
	unsigned int i;
	int err;

	err = fbnic_tlv_msg_init(&list, buf, sizeof(buf), 0);
	for (i = 0; !err && i < n; i++)
		err = fbnic_tlv_put_bytes(&list, FBNIC_SYNC_ADDR, addr[i],
					  ETH_ALEN);
	return err ?: fbnic_tlv_put_nested(msg, id, &list);
}

/**
 * fbnic_fw_send_mac_sync() - tell the firmware which frames the host takes
 * @fbd: device
 * @sync: the host's addresses and flags
 *
 * A firmware passing traffic to a BMC uses it to know what the host
 * receives already. No reply is expected.
 *
 * Return: 0 or a negative errno.
 */
int fbnic_fw_send_mac_sync(struct fbnic_dev *fbd,
			   const struct fbnic_fw_mac_sync *sync)
{
	struct fbnic_tlv_msg msg;
	int err;

	if (WARN_ON_ONCE(sync->n_uc > FBNIC_FW_SYNC_MACS ||
			 sync->n_mc > FBNIC_FW_SYNC_MACS))
		return -EINVAL;
	if (!fbnic_fw_msg_alloc(&msg, FBNIC_MSG_MAC_SYNC_REQ))
		return -ENOMEM;

	err = fbnic_fw_put_mac_list(&msg, FBNIC_SYNC_UC_LIST, sync->uc,
				    sync->n_uc);
	if (!err)
		err = fbnic_fw_put_mac_list(&msg, FBNIC_SYNC_MC_LIST, sync->mc,
					    sync->n_mc);
	if (!err)
		err = fbnic_tlv_put_u32(&msg, FBNIC_SYNC_FLAGS, sync->flags);
	if (err) {
		free_page((unsigned long)msg.buf);
		return err;
	}
	return fbnic_fw_send(fbd, &msg);
}

/* Fail the waiting request, if any: its answer can no longer come */
static void fbnic_fw_abort_pending(struct fbnic_dev *fbd)
{
	spin_lock_irq(&fbd->mbx.lock);
	if (fbd->fw_pending) {
		fbd->fw_pending->result = -EPIPE;
		complete(&fbd->fw_pending->done);
		fbd->fw_pending = NULL;
	}
	spin_unlock_irq(&fbd->mbx.lock);
}

/**
 * fbnic_fw_start() - bring up the mailbox and learn about the firmware
 * @fbd: device
 *
 * Return: 0 once the mailbox runs, whatever the capabilities exchange
 * gave (see fbd->fw.caps_valid); a negative errno if the mailbox could
 * not be started, in which case it is left stopped.
 */
int fbnic_fw_start(struct fbnic_dev *fbd)
{
	int err;

	INIT_DELAYED_WORK(&fbd->heartbeat_work, fbnic_fw_heartbeat_work);
	memset(&fbd->fw, 0, sizeof(fbd->fw));
	fbnic_mbx_init(fbd);

	err = fbnic_fw_irq_request(fbd);
	if (err)
		return err;

	err = fbnic_mbx_wait_fw(fbd);
	if (err) {
		dev_err(fbd->dev, "firmware did not take up the mailbox: %d\n",
			err);
		goto free_irq;
	}
	err = fbnic_mbx_start(fbd);
	if (err)
		goto free_irq;

	enable_irq(fbd->fw_irq);
	fbnic_fw_irq_unmask(fbd);

	err = fbnic_fw_request_caps(fbd);
	if (err)
		dev_err(fbd->dev, "no usable capabilities from the firmware: %d\n",
			err);
	return 0;

free_irq:
	fbnic_fw_irq_free(fbd);
	return err;
}

/**
 * fbnic_fw_stop() - give back the NIC and stop the mailbox
 * @fbd: device
 */
void fbnic_fw_stop(struct fbnic_dev *fbd)
{
	if (!fbd->fw_irq)
		return;

	if (fbd->fw.owned && fbnic_present(fbd))
		fbnic_fw_set_ownership(fbd, false);

	WRITE_ONCE(fbd->fw.owned, false);
	disable_irq(fbd->fw_irq);
	/* No message can re-arm it once the interrupt is off */
	cancel_delayed_work_sync(&fbd->heartbeat_work);
	fbnic_wr32(fbd, FBNIC_INTR_MASK_SET(0), BIT(FBNIC_FW_VECTOR));
	fbnic_fw_abort_pending(fbd);
	fbnic_mbx_stop(fbd);
	fbnic_fw_irq_free(fbd);
}
