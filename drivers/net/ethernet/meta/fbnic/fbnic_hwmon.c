// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/hwmon.h>
#include <linux/pci.h>

#include "fbnic.h"

/*
 * The NIC's temperature and voltage sensors belong to the firmware: each
 * reading is a mailbox exchange, done when user space reads the attribute.
 */

static umode_t fbnic_hwmon_is_visible(const void *drvdata,
				      enum hwmon_sensor_types type, u32 attr,
				      int channel)
{
	if ((type == hwmon_temp && attr == hwmon_temp_input) ||
	    (type == hwmon_in && attr == hwmon_in_input))
		return 0444;
	return 0;
}

static int fbnic_hwmon_read(struct device *dev, enum hwmon_sensor_types type,
			    u32 attr, int channel, long *val)
{
	struct fbnic_dev *fbd = dev_get_drvdata(dev);
	s32 millidegrees, millivolts;
	int err;

	err = fbnic_fw_read_sensors(fbd, &millidegrees, &millivolts);
	if (err)
		return err;

	switch (type) {
	case hwmon_temp:
		*val = millidegrees;
		return 0;
	case hwmon_in:
		*val = millivolts;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static const struct hwmon_ops fbnic_hwmon_ops = {
	.is_visible = fbnic_hwmon_is_visible,
	.read = fbnic_hwmon_read,
};

static const struct hwmon_channel_info * const fbnic_hwmon_channels[] = {
	HWMON_CHANNEL_INFO(temp, HWMON_T_INPUT),
	HWMON_CHANNEL_INFO(in, HWMON_I_INPUT),
	NULL
};

static const struct hwmon_chip_info fbnic_hwmon_chip = {
	.ops = &fbnic_hwmon_ops,
	.info = fbnic_hwmon_channels,
};

/**
 * fbnic_hwmon_register() - expose the firmware's sensors through hwmon
 * @fbd: device
 *
 * Only when the firmware is usable. Not device-managed: the hwmon device
 * must be gone before the mailbox it reads through is stopped.
 */
void fbnic_hwmon_register(struct fbnic_dev *fbd)
{
	struct device *hwmon;

	if (!fbd->fw.caps_valid)
		return;

	hwmon = hwmon_device_register_with_info(fbd->dev, FBNIC_DRV_NAME, fbd,
						&fbnic_hwmon_chip, NULL);
	if (IS_ERR(hwmon)) {
		dev_warn(fbd->dev, "no hwmon sensors: %pe\n", hwmon);
		return;
	}
	fbd->hwmon = hwmon;
}

/**
 * fbnic_hwmon_unregister() - remove the hwmon device, if there is one
 * @fbd: device
 */
void fbnic_hwmon_unregister(struct fbnic_dev *fbd)
{
	if (!fbd->hwmon)
		return;
	hwmon_device_unregister(fbd->hwmon);
	fbd->hwmon = NULL;
}
