/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_FW_H_
#define _FBNIC_FW_H_

#include <linux/completion.h>
#include <linux/if_ether.h>
#include <linux/types.h>

struct fbnic_dev;

/* Firmware versions are major.minor.patch-build, a byte each */
#define FBNIC_FW_VER_MAJOR	GENMASK(31, 24)
#define FBNIC_FW_VER_MINOR	GENMASK(23, 16)
#define FBNIC_FW_VER_PATCH	GENMASK(15, 8)
#define FBNIC_FW_VER_BUILD	GENMASK(7, 0)
#define FBNIC_FW_VER(maj, min, pat, bld) \
	(FIELD_PREP(FBNIC_FW_VER_MAJOR, maj) | \
	 FIELD_PREP(FBNIC_FW_VER_MINOR, min) | \
	 FIELD_PREP(FBNIC_FW_VER_PATCH, pat) | \
	 FIELD_PREP(FBNIC_FW_VER_BUILD, bld))

/* Oldest management firmware whose mailbox protocol this driver speaks */
#define FBNIC_FW_VER_MIN	FBNIC_FW_VER(0, 10, 6, 0)
/* Oldest that streams its log to the host when asked */
#define FBNIC_FW_VER_MIN_LOG	FBNIC_FW_VER(0, 12, 9, 0)

/* Longest firmware log line, terminating NUL included */
#define FBNIC_FW_LOG_LINE_MAX	256

/* Largest QSFP module EEPROM read in one request: a page pair */
#define FBNIC_FW_QSFP_READ_MAX	256

/* "MM.mm.pp-bbb", the form devlink and ethtool report */
#define FBNIC_FW_VER_STR_LEN	32
/* Commit strings fit what is left of a 32-byte ethtool version string */
#define FBNIC_FW_COMMIT_LEN	19

#define FBNIC_FW_HEARTBEAT_PERIOD	(10 * HZ)

/* Core dumps are read in chunks that fit a mailbox page with headers */
#define FBNIC_FW_DUMP_CHUNK		3584
/* Larger announced dumps are refused rather than allocated */
#define FBNIC_FW_DUMP_MAX		SZ_16M

/* Addresses a BMC sharing the port may own */
#define FBNIC_FW_BMC_MACS	4

/* Most addresses of each kind a MAC sync request may list */
#define FBNIC_FW_SYNC_MACS	8
/* MAC sync flags: what the host accepts beyond its lists */
#define FBNIC_FW_SYNC_PROMISC	BIT(0)
#define FBNIC_FW_SYNC_ALLMULTI	BIT(1)
#define FBNIC_FW_SYNC_BROADCAST	BIT(2)

/**
 * struct fbnic_fw_mac_sync - the host's receive filters, as the firmware
 * is told of them for the BMC's sake
 * @flags: FBNIC_FW_SYNC_*
 * @n_uc: entries used in @uc
 * @n_mc: entries used in @mc
 * @uc: unicast addresses the host receives
 * @mc: multicast addresses the host receives
 */
struct fbnic_fw_mac_sync {
	u32 flags;
	u8 n_uc;
	u8 n_mc;
	u8 uc[FBNIC_FW_SYNC_MACS][ETH_ALEN];
	u8 mc[FBNIC_FW_SYNC_MACS][ETH_ALEN];
};

/**
 * struct fbnic_fw_ver - one firmware component's version
 * @version: encoded as FBNIC_FW_VER()
 * @commit: source commit of the build, may be empty
 */
struct fbnic_fw_ver {
	u32 version;
	char commit[FBNIC_FW_COMMIT_LEN];
};

/**
 * struct fbnic_fw_info - what the firmware reported, and its liveness
 * @running_mgmt: management firmware running now
 * @running_boot: boot loader (security controller) running now
 * @stored_mgmt: management firmware in flash, used at the next reset
 * @stored_boot: boot loader in flash
 * @stored_undi: UEFI driver (UNDI) option ROM in flash
 * @active_slot: flash slot the firmware booted from
 * @link_speed: link mode the firmware configured (FBNIC_FW_LINK_*)
 * @link_fec: FEC mode the firmware configured
 * @bmc_present: a BMC shares the port
 * @bmc_mac: the BMC's addresses, zero where unused
 * @bmc_all_multi: the BMC wants every multicast frame
 * @anti_rollback: lowest firmware version the NIC will accept
 * @caps_valid: a capabilities response has been accepted
 * @caps_seq: capabilities responses accepted so far
 * @owned: the host holds ownership of the NIC
 * @uptime: firmware uptime (ms) from its last heartbeat or ownership reply
 * @hb_sent: jiffies of the last heartbeat request
 * @hb_seen: jiffies of the last heartbeat (or ownership) reply
 * @hb_lost: the firmware missed a heartbeat and has not answered since
 * @hb_missed: heartbeats the firmware missed since probe
 * @restarted: the firmware restarted; not yet reported
 * @restarts: firmware restarts seen since probe
 */
struct fbnic_fw_info {
	struct fbnic_fw_ver running_mgmt;
	struct fbnic_fw_ver running_boot;
	struct fbnic_fw_ver stored_mgmt;
	struct fbnic_fw_ver stored_boot;
	struct fbnic_fw_ver stored_undi;
	u8 active_slot;
	u8 link_speed;
	u8 link_fec;
	bool bmc_present;
	u8 bmc_mac[FBNIC_FW_BMC_MACS][ETH_ALEN];
	bool bmc_all_multi;
	u32 anti_rollback;
	bool caps_valid;
	u32 caps_seq;

	bool owned;
	u64 uptime;
	unsigned long hb_sent;
	unsigned long hb_seen;
	bool hb_lost;
	u32 hb_missed;
	bool restarted;
	u32 restarts;
};

/**
 * struct fbnic_fw_req - a request waiting for the firmware's response
 * @resp_id: message ID of the awaited response
 * @done: completed when the response was processed, or the wait ended
 * @result: 0 or the negative errno of processing the response
 * @sensors: sensor readings, for a TSENE read
 * @sensors.millidegrees: die temperature
 * @sensors.millivolts: core voltage
 * @dump: where a core dump read lands
 * @dump.size: size of the dump the firmware announced
 * @dump.buf: buffer for the whole dump
 * @dump.offset: offset of the chunk asked for
 * @dump.len: length of the chunk asked for
 * @qsfp: a QSFP module EEPROM read
 * @qsfp.buf: where the bytes read land
 * @qsfp.bank: bank asked for
 * @qsfp.page: page asked for
 * @qsfp.offset: offset asked for
 * @qsfp.len: bytes asked for
 * @echo: the reply to a test message, copied whole
 * @echo.buf: where it lands
 * @echo.size: size of @echo.buf
 * @echo.len: length of the reply, even if it did not fit
 */
struct fbnic_fw_req {
	u16 resp_id;
	struct completion done;
	int result;
	union {
		struct {
			s32 millidegrees;
			s32 millivolts;
		} sensors;
		struct {
			u32 size;
			u8 *buf;
			u32 offset;
			u32 len;
		} dump;
		struct {
			u8 *buf;
			u32 bank;
			u32 page;
			u32 offset;
			u32 len;
		} qsfp;
		struct {
			void *buf;
			size_t size;
			size_t len;
		} echo;
	};
};

/* The test message, which the firmware echoes: see fbnic_fw_echo() */
#define FBNIC_FW_MSG_TEST	0x00

struct fbnic_tlv_msg;

void fbnic_fw_receive(struct fbnic_dev *fbd, const void *msg, size_t len);
int fbnic_fw_msg_new(struct fbnic_tlv_msg *msg, u16 msg_id);
void fbnic_fw_msg_free(struct fbnic_tlv_msg *msg);
int fbnic_fw_echo(struct fbnic_dev *fbd, struct fbnic_tlv_msg *msg,
		  void *reply, size_t size);
int fbnic_fw_start(struct fbnic_dev *fbd);
void fbnic_fw_stop(struct fbnic_dev *fbd);
int fbnic_fw_request_caps(struct fbnic_dev *fbd);
int fbnic_fw_set_ownership(struct fbnic_dev *fbd, bool take);
int fbnic_fw_send_mac_sync(struct fbnic_dev *fbd,
			   const struct fbnic_fw_mac_sync *sync);
/* Flash sections a component image can be written to */
enum {
	FBNIC_FW_SECTION_BOOT		= 0,	/* security controller, boot loader */
	FBNIC_FW_SECTION_MGMT		= 1,	/* management (control) firmware */
	FBNIC_FW_SECTION_UNDI		= 3,	/* UEFI driver option ROM */
};

/**
 * struct fbnic_fw_flash - state of a firmware flash session
 * @active: a session is running; firmware requests are taken
 * @event: completed on each firmware request (chunk or finish)
 * @offset: offset of the chunk the firmware asked for
 * @len: its length
 * @finished: the firmware ended the session
 * @result: its verdict: 0 or a negative errno
 */
struct fbnic_fw_flash {
	bool active;
	struct completion event;
	u32 offset;
	u32 len;
	bool finished;
	int result;
};

typedef void (*fbnic_flash_progress_t)(void *priv, u32 done, u32 total);

int fbnic_fw_flash(struct fbnic_dev *fbd, unsigned int section,
		   const u8 *data, u32 size, fbnic_flash_progress_t progress,
		   void *priv);
int fbnic_fw_read_coredump(struct fbnic_dev *fbd, u8 **dump, u32 *size);
int fbnic_fw_read_sensors(struct fbnic_dev *fbd, s32 *millidegrees,
			  s32 *millivolts);
int fbnic_fw_read_qsfp(struct fbnic_dev *fbd, u8 bank, u8 page, u32 offset,
		       u32 len, u8 *data);
void fbnic_fw_get_ver_commit_str(struct fbnic_dev *fbd, char *buf,
				 size_t size);
void fbnic_fw_ver_str(u32 version, char *buf, size_t size);

#endif /* _FBNIC_FW_H_ */
