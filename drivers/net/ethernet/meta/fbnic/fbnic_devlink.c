// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/bitfield.h>
#include <linux/pci.h>
#include <linux/pldmfw.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <net/devlink.h>

#include "fbnic.h"

/* "xx-xx-xx-xx-xx-xx-xx-xx" plus NUL */
#define FBNIC_SERIAL_STR_LEN	24

typedef int (*fbnic_info_put_t)(struct devlink_info_req *req,
				const char *name, const char *value);

/* Report a version and, if the firmware gave one, its commit as "NAME.commit" */
static int fbnic_info_put_ver(struct devlink_info_req *req,
			      fbnic_info_put_t put, const char *name,
			      const struct fbnic_fw_ver *ver)
{
	char str[FBNIC_FW_VER_STR_LEN];
	int err;

	if (!ver->version)
		return 0;

	fbnic_fw_ver_str(ver->version, str, sizeof(str));
	err = put(req, name, str);
	if (err || !ver->commit[0])
		return err;

	snprintf(str, sizeof(str), "%s.commit", name);
	return put(req, str, ver->commit);
}

static int fbnic_devlink_info_get(struct devlink *devlink,
				  struct devlink_info_req *req,
				  struct netlink_ext_ack *extack)
{
	fbnic_info_put_t running = devlink_info_version_running_put;
	fbnic_info_put_t stored = devlink_info_version_stored_put;
	struct fbnic_dev *fbd = devlink_priv(devlink);
	const struct fbnic_fw_info *fw = &fbd->fw;
	char serial[FBNIC_SERIAL_STR_LEN];
	u8 dsn[sizeof(u64)];
	int err;

	err = fbnic_info_put_ver(req, running, DEVLINK_INFO_VERSION_GENERIC_FW,
				 &fw->running_mgmt);
	err = err ?: fbnic_info_put_ver(req, running,
					DEVLINK_INFO_VERSION_GENERIC_FW_BOOTLOADER,
					&fw->running_boot);
	err = err ?: fbnic_info_put_ver(req, stored,
					DEVLINK_INFO_VERSION_GENERIC_FW,
					&fw->stored_mgmt);
	err = err ?: fbnic_info_put_ver(req, stored,
					DEVLINK_INFO_VERSION_GENERIC_FW_BOOTLOADER,
					&fw->stored_boot);
	err = err ?: fbnic_info_put_ver(req, stored,
					DEVLINK_INFO_VERSION_GENERIC_FW_UNDI,
					&fw->stored_undi);
	if (err || !fbd->dsn)
		return err;

	/* The serial number is the DSN's bytes, most significant first */
	put_unaligned_be64(fbd->dsn, dsn);
	snprintf(serial, sizeof(serial), "%8phD", dsn);
	return devlink_info_serial_number_put(req, serial);
}

/* The firmware's core dump, as one binary object */
static int fbnic_fw_reporter_dump(struct devlink_health_reporter *reporter,
				  struct devlink_fmsg *fmsg, void *priv_ctx,
				  struct netlink_ext_ack *extack)
{
	struct fbnic_dev *fbd = devlink_health_reporter_priv(reporter);
	u32 size, off, len;
	u8 *dump;
	int err;

	err = fbnic_fw_read_coredump(fbd, &dump, &size);
	if (err) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "cannot read the firmware core dump: %d",
				       err);
		return err;
	}

	devlink_fmsg_u32_pair_put(fmsg, "size", size);
	devlink_fmsg_binary_pair_nest_start(fmsg, "FW coredump");
	for (off = 0; off < size; off += len) {
		len = min_t(u32, size - off, FBNIC_FW_DUMP_CHUNK);
		devlink_fmsg_binary_put(fmsg, dump + off, len);
	}
	devlink_fmsg_binary_pair_nest_end(fmsg);
	kvfree(dump);
	return 0;
}

static int fbnic_fw_reporter_diagnose(struct devlink_health_reporter *reporter,
				      struct devlink_fmsg *fmsg,
				      struct netlink_ext_ack *extack)
{
	struct fbnic_dev *fbd = devlink_health_reporter_priv(reporter);
	const struct fbnic_fw_info *fw = &fbd->fw;

	devlink_fmsg_bool_pair_put(fmsg, "owned", READ_ONCE(fw->owned));
	devlink_fmsg_u64_pair_put(fmsg, "uptime_ms", fw->uptime);
	devlink_fmsg_u32_pair_put(fmsg, "heartbeats_missed", fw->hb_missed);
	devlink_fmsg_u32_pair_put(fmsg, "restarts", fw->restarts);
	devlink_fmsg_u64_pair_put(fmsg, "bad_messages", fbd->mbx.bad_msgs);
	devlink_fmsg_u64_pair_put(fmsg, "fw_errors",
				  fbd->mbx.ring[FBNIC_MBX_RING_TO_FW].fw_errors +
				  fbd->mbx.ring[FBNIC_MBX_RING_FROM_FW].fw_errors);
	return 0;
}

/* Recovery: take the NIC back from the (restarted) firmware. It may not
 * be the same firmware, nor see the same BMC: ask what it has first.
 */
static int fbnic_fw_reporter_recover(struct devlink_health_reporter *reporter,
				     void *priv_ctx,
				     struct netlink_ext_ack *extack)
{
	struct fbnic_dev *fbd = devlink_health_reporter_priv(reporter);
	int err;

	err = fbnic_fw_request_caps(fbd);
	if (err)
		dev_warn(fbd->dev, "restarted firmware's capabilities not read: %d\n",
			 err);
	err = fbnic_fw_set_ownership(fbd, true);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "firmware did not hand over the NIC");
	return err;
}

static const struct devlink_health_reporter_ops fbnic_fw_reporter_ops = {
	.name = "fw",
	.dump = fbnic_fw_reporter_dump,
	.diagnose = fbnic_fw_reporter_diagnose,
	.recover = fbnic_fw_reporter_recover,
};

/**
 * fbnic_devlink_fw_report() - report a firmware failure to devlink health
 * @fbd: device
 * @what: what went wrong
 *
 * Takes the core dump (if auto-dump is on) and starts recovery (if
 * auto-recover is on). May sleep.
 */
void fbnic_devlink_fw_report(struct fbnic_dev *fbd, const char *what)
{
	if (fbd->fw_reporter)
		devlink_health_report(fbd->fw_reporter, what, NULL);
}

/* The security core's verdict on the one-time-programmable fuses */
static int fbnic_otp_reporter_dump(struct devlink_health_reporter *reporter,
				   struct devlink_fmsg *fmsg, void *priv_ctx,
				   struct netlink_ext_ack *extack)
{
	struct fbnic_dev *fbd = devlink_health_reporter_priv(reporter);
	u32 status, write;

	if (!fbnic_present(fbd)) {
		NL_SET_ERR_MSG_MOD(extack, "device is gone");
		return -ENODEV;
	}
	status = fbnic_fw_rd32(fbd, FBNIC_OTP_STATUS);
	write = fbnic_fw_rd32(fbd, FBNIC_OTP_WRITE_STATUS);

	devlink_fmsg_pair_nest_start(fmsg, "OTP");
	devlink_fmsg_obj_nest_start(fmsg);
	devlink_fmsg_u32_pair_put(fmsg, "Status", status);
	devlink_fmsg_u32_pair_put(fmsg, "Data write status",
				  FIELD_GET(FBNIC_OTP_WRITE_DATA_STATUS, write));
	devlink_fmsg_u32_pair_put(fmsg, "ECC write status",
				  FIELD_GET(FBNIC_OTP_WRITE_ECC_STATUS, write));
	devlink_fmsg_obj_nest_end(fmsg);
	devlink_fmsg_pair_nest_end(fmsg);
	return 0;
}

static const struct devlink_health_reporter_ops fbnic_otp_reporter_ops = {
	.name = "otp",
	.dump = fbnic_otp_reporter_dump,
};

/**
 * fbnic_devlink_otp_check() - report OTP errors to devlink health
 * @fbd: device
 * @when: when the check ran, for the report
 *
 * The security core latches a non-zero status when it found the fuses
 * damaged. Nothing the driver can repair, but the operator must learn of
 * it, so it is checked whenever the device has (re)started: at probe,
 * after resume and after a PCI error recovery.
 */
void fbnic_devlink_otp_check(struct fbnic_dev *fbd, const char *when)
{
	u32 status;

	if (!fbd->otp_reporter || !fbnic_present(fbd))
		return;
	status = fbnic_fw_rd32(fbd, FBNIC_OTP_STATUS);
	if (!status || status == U32_MAX)
		return;
	dev_err(fbd->dev, "OTP error status 0x%08x %s\n", status, when);
	devlink_health_report(fbd->otp_reporter, when, NULL);
}

/**
 * fbnic_devlink_health_create() - create the health reporters
 * @fbd: device
 *
 * Return: 0 or a negative errno.
 */
int fbnic_devlink_health_create(struct fbnic_dev *fbd)
{
	struct devlink *dl = priv_to_devlink(fbd);
	struct devlink_health_reporter *rep;

	rep = devlink_health_reporter_create(dl, &fbnic_fw_reporter_ops, fbd);
	if (IS_ERR(rep))
		return PTR_ERR(rep);
	fbd->fw_reporter = rep;

	rep = devlink_health_reporter_create(dl, &fbnic_otp_reporter_ops, fbd);
	if (IS_ERR(rep)) {
		devlink_health_reporter_destroy(fbd->fw_reporter);
		fbd->fw_reporter = NULL;
		return PTR_ERR(rep);
	}
	fbd->otp_reporter = rep;
	return 0;
}

/**
 * fbnic_devlink_health_destroy() - destroy the health reporters
 * @fbd: device
 */
void fbnic_devlink_health_destroy(struct fbnic_dev *fbd)
{
	if (fbd->otp_reporter)
		devlink_health_reporter_destroy(fbd->otp_reporter);
	fbd->otp_reporter = NULL;
	if (fbd->fw_reporter)
		devlink_health_reporter_destroy(fbd->fw_reporter);
	fbd->fw_reporter = NULL;
}

/* Flash update: devlink hands over a PLDM package; lib/pldmfw picks the
 * record for this device and gives each component image to the firmware.
 */
struct fbnic_pldm {
	struct pldmfw ctx;
	struct fbnic_dev *fbd;
	const char *component;
	struct netlink_ext_ack *extack;
};

/* A record for this PCI device, whose anti-rollback version (a vendor
 * descriptor "AntiRollbackVer", u32) the NIC accepts.
 */
static bool fbnic_pldm_match_record(struct pldmfw *ctx,
				    struct pldmfw_record *record)
{
	struct fbnic_pldm *p = container_of(ctx, struct fbnic_pldm, ctx);
	static const char key[] = "AntiRollbackVer";
	struct pldmfw_desc_tlv *desc;
	u32 version = 0;

	if (!pldmfw_op_pci_match_record(ctx, record))
		return false;

	list_for_each_entry(desc, &record->descs, entry) {
		/* type string: format 1 (ASCII), length, string; then value */
		if (desc->type != PLDM_DESC_ID_VENDOR_DEFINED ||
		    desc->size < 2 + sizeof(key) - 1 + sizeof(u32) ||
		    desc->data[0] != 1 || desc->data[1] != sizeof(key) - 1 ||
		    memcmp(desc->data + 2, key, sizeof(key) - 1))
			continue;
		version = get_unaligned_le32(desc->data + 2 + sizeof(key) - 1);
		break;
	}
	if (version < p->fbd->fw.anti_rollback) {
		NL_SET_ERR_MSG_FMT_MOD(p->extack,
				       "image anti-rollback version %u is below the NIC's %u",
				       version, p->fbd->fw.anti_rollback);
		return false;
	}
	return true;
}

static void fbnic_flash_progress(void *priv, u32 done, u32 total)
{
	struct fbnic_pldm *p = priv;

	devlink_flash_update_status_notify(priv_to_devlink(p->fbd), "Flashing",
					   p->component, done, total);
}

static int fbnic_pldm_flash_component(struct pldmfw *ctx,
				      struct pldmfw_component *comp)
{
	struct fbnic_pldm *p = container_of(ctx, struct fbnic_pldm, ctx);
	struct devlink *dl = priv_to_devlink(p->fbd);
	int err;

	switch (comp->identifier) {
	case FBNIC_FW_SECTION_BOOT:
		p->component = DEVLINK_INFO_VERSION_GENERIC_FW_BOOTLOADER;
		break;
	case FBNIC_FW_SECTION_MGMT:
		p->component = DEVLINK_INFO_VERSION_GENERIC_FW;
		break;
	case FBNIC_FW_SECTION_UNDI:
		p->component = DEVLINK_INFO_VERSION_GENERIC_FW_UNDI;
		break;
	default:
		NL_SET_ERR_MSG_FMT_MOD(p->extack, "unknown component %u in image",
				       comp->identifier);
		return -EINVAL;
	}

	devlink_flash_update_status_notify(dl, "Preparing", p->component, 0,
					   comp->component_size);
	err = fbnic_fw_flash(p->fbd, comp->identifier, comp->component_data,
			     comp->component_size, fbnic_flash_progress, p);
	if (err == -ETIMEDOUT) {
		/* A firmware that crashed or hung mid-update did not refuse */
		NL_SET_ERR_MSG_FMT_MOD(p->extack,
				       "the firmware stopped answering while the %s image was written",
				       p->component);
		return err;
	}
	if (err) {
		NL_SET_ERR_MSG_FMT_MOD(p->extack,
				       "firmware refused the %s image: %d",
				       p->component, err);
		return err;
	}
	devlink_flash_update_status_notify(dl, "Flashing done", p->component,
					   comp->component_size,
					   comp->component_size);
	return 0;
}

static const struct pldmfw_ops fbnic_pldm_ops = {
	.match_record = fbnic_pldm_match_record,
	.flash_component = fbnic_pldm_flash_component,
};

static int fbnic_devlink_flash_update(struct devlink *devlink,
				      struct devlink_flash_update_params *params,
				      struct netlink_ext_ack *extack)
{
	struct fbnic_dev *fbd = devlink_priv(devlink);
	struct fbnic_pldm p = {
		.ctx.ops = &fbnic_pldm_ops,
		.ctx.dev = fbd->dev,
		.fbd = fbd,
		.extack = extack,
	};
	int err;

	if (!fbd->fw_irq) {
		NL_SET_ERR_MSG_MOD(extack, "firmware mailbox is not running");
		return -ENODEV;
	}

	err = pldmfw_flash_image(&p.ctx, params->fw);
	if (err && !extack->_msg)
		NL_SET_ERR_MSG_FMT_MOD(extack, "not a usable firmware package: %d",
				       err);
	return err;
}

static const struct devlink_ops fbnic_devlink_ops = {
	.info_get = fbnic_devlink_info_get,
	.flash_update = fbnic_devlink_flash_update,
};

/**
 * fbnic_devlink_alloc() - allocate the devlink instance and driver state
 * @pdev: PCI device
 *
 * Return: the driver state, embedded in the devlink instance, or NULL.
 */
struct fbnic_dev *fbnic_devlink_alloc(struct pci_dev *pdev)
{
	struct fbnic_dev *fbd;
	struct devlink *dl;

	dl = devlink_alloc(&fbnic_devlink_ops, sizeof(*fbd), &pdev->dev);
	if (!dl)
		return NULL;

	fbd = devlink_priv(dl);
	fbd->dev = &pdev->dev;
	fbd->pdev = pdev;
	mutex_init(&fbd->fw_req_lock);
	return fbd;
}

/**
 * fbnic_devlink_free() - free the devlink instance and driver state
 * @fbd: device
 */
void fbnic_devlink_free(struct fbnic_dev *fbd)
{
	mutex_destroy(&fbd->fw_req_lock);
	devlink_free(priv_to_devlink(fbd));
}

/**
 * fbnic_devlink_register() - make the devlink instance visible
 * @fbd: device
 */
void fbnic_devlink_register(struct fbnic_dev *fbd)
{
	devlink_register(priv_to_devlink(fbd));
}

/**
 * fbnic_devlink_unregister() - hide the devlink instance
 * @fbd: device
 */
void fbnic_devlink_unregister(struct fbnic_dev *fbd)
{
	devlink_unregister(priv_to_devlink(fbd));
}
