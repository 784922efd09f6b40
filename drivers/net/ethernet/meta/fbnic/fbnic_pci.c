// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "fbnic.h"
#include "fbnic_mac.h"
#include "fbnic_netdev.h"
#include "fbnic_regs.h"

static const struct pci_device_id fbnic_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_META_PLATFORMS, PCI_DEVICE_ID_FBNIC_ASIC) },
	{ }
};
MODULE_DEVICE_TABLE(pci, fbnic_pci_ids);

static int fbnic_map_bars(struct fbnic_dev *fbd)
{
	void __iomem *bar0, *bar4;

	bar0 = pcim_iomap_region(fbd->pdev, 0, FBNIC_DRV_NAME);
	if (IS_ERR(bar0))
		return PTR_ERR(bar0);
	bar4 = pcim_iomap_region(fbd->pdev, 4, FBNIC_DRV_NAME);
	if (IS_ERR(bar4))
		return PTR_ERR(bar4);

	fbnic_csr_init(fbd, bar0, bar4);
	return 0;
}

static int fbnic_pci_setup(struct pci_dev *pdev)
{
	int err;

	err = pcim_enable_device(pdev);
	if (err) {
		dev_err(&pdev->dev, "cannot enable PCI device: %d\n", err);
		return err;
	}

	/* Descriptors carry 46-bit addresses */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(FBNIC_DMA_BITS));
	if (err)
		err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (err) {
		dev_err(&pdev->dev, "no usable DMA mask: %d\n", err);
		return err;
	}
	/* Descriptors name buffers, not mapping segments: a dma-buf bound
	 * for devmem TCP may be mapped in segments of any size
	 */
	dma_set_max_seg_size(&pdev->dev, UINT_MAX);
	return 0;
}

/* Start the firmware mailbox and take control of the NIC. Firmware
 * trouble is reported but does not fail the probe: the devlink instance
 * must come up so that a working firmware can be flashed.
 */
static void fbnic_fw_bringup(struct fbnic_dev *fbd)
{
	int err;

	err = fbnic_fw_start(fbd);
	if (err || !fbd->fw.caps_valid) {
		dev_warn(fbd->dev, "firmware not usable, only devlink is available\n");
		return;
	}

	err = fbnic_fw_set_ownership(fbd, true);
	if (err)
		dev_warn(fbd->dev, "firmware did not hand over the NIC: %d\n",
			 err);
}

static int fbnic_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct fbnic_dev *fbd;
	int err;

	err = fbnic_pci_setup(pdev);
	if (err)
		return err;

	fbd = fbnic_devlink_alloc(pdev);
	if (!fbd)
		return -ENOMEM;
	pci_set_drvdata(pdev, fbd);

	err = fbnic_map_bars(fbd);
	if (err) {
		dev_err(&pdev->dev, "cannot map BARs: %d\n", err);
		goto free_devlink;
	}

	pci_set_master(pdev);
	pci_save_state(pdev);
	fbd->dsn = pci_get_dsn(pdev);
	if (!fbd->dsn)
		dev_warn(&pdev->dev, "no Device Serial Number: no serial, no MAC address\n");

	err = fbnic_devlink_health_create(fbd);
	if (err)
		goto free_devlink;

	err = fbnic_irqs_alloc(fbd);
	if (err)
		goto destroy_health;

	/* Before the firmware starts streaming its log into the ring */
	if (fbnic_fw_log_init(&fbd->fw_log))
		dev_warn(&pdev->dev, "no memory for the firmware log ring\n");
	fbnic_dbg_fbd_add(fbd);

	fbnic_mac_init_hw(fbd);
	fbnic_hw_stats_init(fbd);
	fbnic_fw_bringup(fbd);
	/* The clock runs from probe on, for the netdev's timestamps */
	fbnic_time_probe(fbd);
	fbnic_hwmon_register(fbd);
	fbnic_devlink_register(fbd);
	/* After registration, so that the report reaches devlink monitors */
	fbnic_devlink_otp_check(fbd, "found at probe");
	fbnic_hw_stats_start(fbd);

	/* Without a netdev the device is still managed through devlink;
	 * its open fails cleanly while the firmware is not usable.
	 */
	if (fbnic_netdev_create(fbd))
		dev_warn(&pdev->dev, "no network interface\n");
	return 0;

destroy_health:
	fbnic_devlink_health_destroy(fbd);
free_devlink:
	fbnic_devlink_free(fbd);
	return err;
}

static void fbnic_teardown(struct fbnic_dev *fbd)
{
	fbnic_hwmon_unregister(fbd);
	fbnic_fw_stop(fbd);
	fbnic_irqs_free(fbd);
}

static void fbnic_remove(struct pci_dev *pdev)
{
	struct fbnic_dev *fbd = pci_get_drvdata(pdev);

	/* Readers of the files are gone once this returns */
	fbnic_dbg_fbd_remove(fbd);
	fbnic_netdev_destroy(fbd);
	fbnic_time_remove(fbd);
	fbnic_hw_stats_stop(fbd);
	fbnic_devlink_unregister(fbd);
	fbnic_teardown(fbd);
	fbnic_fw_log_free(&fbd->fw_log);
	fbnic_devlink_health_destroy(fbd);
	fbnic_devlink_free(fbd);
}

static void fbnic_shutdown(struct pci_dev *pdev)
{
	struct fbnic_dev *fbd = pci_get_drvdata(pdev);

	/* Hand the NIC back to the firmware and stop all DMA */
	fbnic_netdev_detach(fbd);
	fbnic_time_suspend(fbd);
	fbnic_hw_stats_stop(fbd);
	fbnic_hwmon_unregister(fbd);
	fbnic_fw_stop(fbd);
	pci_clear_master(pdev);
}

static int fbnic_suspend(struct device *dev)
{
	struct fbnic_dev *fbd = dev_get_drvdata(dev);

	/* Stop the data path, then hand the NIC back to the firmware for
	 * the sleep; the PCI core saves and restores config space.
	 */
	fbnic_netdev_detach(fbd);
	fbnic_time_suspend(fbd);
	fbnic_hw_stats_stop(fbd);
	fbnic_fw_stop(fbd);
	return 0;
}

static int fbnic_resume(struct device *dev)
{
	struct fbnic_dev *fbd = dev_get_drvdata(dev);

	/* The NIC may have lost its setup (and counters) while asleep */
	fbnic_mac_init_hw(fbd);
	fbnic_hw_stats_resync(fbd);
	fbnic_fw_bringup(fbd);
	fbnic_devlink_otp_check(fbd, "found after resume");
	fbnic_time_resume(fbd);
	fbnic_hw_stats_start(fbd);
	fbnic_netdev_attach(fbd);
	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(fbnic_pm_ops, fbnic_suspend, fbnic_resume);

/* Stop everything that uses the device before it is reset. Each step may
 * run twice: a recovery that fails reports the error once more, as a
 * permanent failure.
 */
static void fbnic_pci_quiesce(struct fbnic_dev *fbd, pci_channel_state_t state)
{
	/* A frozen link must not see another request until the reset. On a
	 * working one the firmware is told the host lets go of the NIC, as
	 * on any unload.
	 */
	if (state != pci_channel_io_normal)
		fbnic_csr_offline(fbd);
	fbnic_netdev_detach(fbd);
	fbnic_time_suspend(fbd);
	fbnic_hw_stats_stop(fbd);
	fbnic_fw_stop(fbd);
}

static pci_ers_result_t fbnic_pci_error_detected(struct pci_dev *pdev,
						 pci_channel_state_t state)
{
	struct fbnic_dev *fbd = pci_get_drvdata(pdev);

	if (state == pci_channel_io_perm_failure) {
		dev_err(&pdev->dev,
			"PCI channel lost for good, device stopped\n");
		fbnic_pci_quiesce(fbd, state);
		return PCI_ERS_RESULT_DISCONNECT;
	}

	/* Even a non-fatal error lost a transaction, so the rings and the
	 * mailbox cannot be trusted any more: every error ends in a reset.
	 */
	dev_warn(&pdev->dev, "%s PCI channel error, resetting the device\n",
		 state == pci_channel_io_normal ? "non-fatal" : "fatal");
	fbnic_pci_quiesce(fbd, state);
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t fbnic_pci_slot_reset(struct pci_dev *pdev)
{
	struct fbnic_dev *fbd = pci_get_drvdata(pdev);

	/* The reset cleared config space. What probe set up (BARs, memory
	 * decoding, bus mastering, MSI-X) comes back from the saved copy;
	 * the device stayed enabled throughout, so that its enable count
	 * still matches a later remove whether recovery works or not.
	 */
	pci_restore_state(pdev);
	pci_save_state(pdev);

	if (fbnic_csr_online(fbd)) {
		dev_err(&pdev->dev, "device does not answer after reset\n");
		return PCI_ERS_RESULT_DISCONNECT;
	}
	fbnic_mac_init_hw(fbd);
	return PCI_ERS_RESULT_RECOVERED;
}

static void fbnic_pci_error_resume(struct pci_dev *pdev)
{
	struct fbnic_dev *fbd = pci_get_drvdata(pdev);

	fbnic_fw_bringup(fbd);
	fbnic_devlink_otp_check(fbd, "found after PCI error recovery");
	fbnic_hw_stats_resync(fbd);
	fbnic_time_resume(fbd);
	fbnic_hw_stats_start(fbd);
	fbnic_netdev_attach(fbd);
	dev_info(&pdev->dev, "recovered from PCI channel error\n");
}

static const struct pci_error_handlers fbnic_err_handlers = {
	.error_detected	= fbnic_pci_error_detected,
	.slot_reset	= fbnic_pci_slot_reset,
	.resume		= fbnic_pci_error_resume,
};

static struct pci_driver fbnic_driver = {
	.name		= FBNIC_DRV_NAME,
	.id_table	= fbnic_pci_ids,
	.probe		= fbnic_probe,
	.remove		= fbnic_remove,
	.shutdown	= fbnic_shutdown,
	.err_handler	= &fbnic_err_handlers,
	.driver.pm	= pm_sleep_ptr(&fbnic_pm_ops),
};

static int __init fbnic_init_module(void)
{
	int err;

	fbnic_dbg_init();
	err = pci_register_driver(&fbnic_driver);
	if (err)
		fbnic_dbg_exit();
	return err;
}
module_init(fbnic_init_module);

static void __exit fbnic_exit_module(void)
{
	pci_unregister_driver(&fbnic_driver);
	fbnic_dbg_exit();
}
module_exit(fbnic_exit_module);

MODULE_DESCRIPTION("Meta Platforms Host Network Interface driver");
MODULE_LICENSE("GPL");
/* netdev_rx_queue_restart(), for the debugfs queue restart hook */
MODULE_IMPORT_NS("NETDEV_INTERNAL");
