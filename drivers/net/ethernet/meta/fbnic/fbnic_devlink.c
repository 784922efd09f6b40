// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/pci.h>
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

static const struct devlink_ops fbnic_devlink_ops = {
	.info_get = fbnic_devlink_info_get,
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
