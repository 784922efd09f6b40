/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_H_
#define _FBNIC_H_

#include <linux/mutex.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/seqlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "fbnic_fw.h"
#include "fbnic_fw_log.h"
#include "fbnic_hw_stats.h"
#include "fbnic_mbx.h"

#define FBNIC_DRV_NAME		"fbnic"

/* Bits of fbnic_dev::state */
enum {
	FBNIC_STATE_GONE,	/* register reads showed the device is gone */
};

struct devlink;
struct net_device;
struct pci_dev;

/**
 * struct fbnic_time - the NIC's time counter, offered as a PTP clock
 * @info: the clock's operations, for the PTP core
 * @clock: the registered clock, or NULL if there is none
 * @lock: serialises the writers of @offset and @base; its sequence count
 *	gives readers (the data path among them) a consistent pair
 * @offset: ns added to the free-running counter to give the clock's time
 * @base: a counter value somewhat in the past, kept current by periodic
 *	work: descriptors carry only the low 40 bits of the counter, which
 *	are widened to the first counter value at or after @base with them
 * @refreshed: jiffies when @base was last refreshed
 * @addend: ns the counter advances per tick (Q16.32), the rate adjfine set
 * @resume_at: counter value when it was stopped for a suspend or reset
 * @stopped_at: CLOCK_BOOTTIME ns then, to restart it as far ahead as the
 *	system's time went meanwhile
 * @running: the counter runs and @base is kept current
 */
struct fbnic_time {
	struct ptp_clock_info info;
	struct ptp_clock *clock;
	seqlock_t lock;
	s64 offset;
	u64 base;
	unsigned long refreshed;
	u64 addend;
	u64 resume_at;
	u64 stopped_at;
	bool running;
};

/**
 * struct fbnic_dev - state of one fbnic PCI function
 * @dev: the PCI device's struct device, for logging and DMA
 * @pdev: the PCI device
 * @bar0: NIC register window; NULL while the device is unreachable
 * @bar4: firmware register window; NULL while the device is unreachable
 * @bar0_map: the BAR0 mapping, kept to restore @bar0 after a PCI reset
 * @bar4_map: the BAR4 mapping, kept to restore @bar4 after a PCI reset
 * @state: FBNIC_STATE_* bits
 * @dsn: PCIe Device Serial Number, 0 if the device has none
 * @num_irqs: MSI-X vectors allocated
 * @fw_irq: Linux IRQ number of the firmware mailbox vector, 0 if none
 * @mbx: firmware mailbox rings
 * @fw: what the firmware reported about itself
 * @fw_req_lock: serialises request/response exchanges with the firmware
 * @fw_pending: the request waiting for a response, under @mbx.lock
 * @flash: firmware flash session, under @fw_req_lock and @mbx.lock
 * @heartbeat_work: periodic firmware liveness check
 * @hwmon: hwmon device of the firmware's sensors, or NULL
 * @fw_reporter: devlink health reporter of firmware failures
 * @otp_reporter: devlink health reporter of OTP fuse errors
 * @hw_stats: the NIC's counters, accumulated
 * @time: the time counter and its PTP clock
 * @fw_log: the latest lines of the firmware's log
 * @dbg: the device's debugfs directory
 * @netdev: the network interface, NULL if the device has none
 */
struct fbnic_dev {
	struct device *dev;
	struct pci_dev *pdev;
	u32 __iomem *bar0;
	u32 __iomem *bar4;
	u32 __iomem *bar0_map;
	u32 __iomem *bar4_map;
	unsigned long state;
	u64 dsn;

	unsigned int num_irqs;
	int fw_irq;

	struct fbnic_mbx mbx;
	struct fbnic_fw_info fw;
	struct mutex fw_req_lock;	/* one firmware exchange at a time */
	struct fbnic_fw_req *fw_pending;
	struct fbnic_fw_flash flash;
	struct delayed_work heartbeat_work;
	struct device *hwmon;
	struct devlink_health_reporter *fw_reporter;
	struct devlink_health_reporter *otp_reporter;
	struct fbnic_hw_stats hw_stats;
	struct fbnic_time time;
	struct fbnic_fw_log fw_log;
	struct dentry *dbg;
	struct net_device *netdev;
};

/* fbnic_csr.c: the one register access path for every layer */
void fbnic_csr_init(struct fbnic_dev *fbd, void __iomem *bar0,
		    void __iomem *bar4);
void fbnic_csr_offline(struct fbnic_dev *fbd);
int fbnic_csr_online(struct fbnic_dev *fbd);
u32 fbnic_rd32(struct fbnic_dev *fbd, u32 reg);
void fbnic_wr32(struct fbnic_dev *fbd, u32 reg, u32 val);
void fbnic_rmw32(struct fbnic_dev *fbd, u32 reg, u32 mask, u32 val);
void fbnic_wrfl(struct fbnic_dev *fbd);
u32 fbnic_fw_rd32(struct fbnic_dev *fbd, u32 reg);
void fbnic_fw_wr32(struct fbnic_dev *fbd, u32 reg, u32 val);
void fbnic_fw_wrfl(struct fbnic_dev *fbd);
bool fbnic_present(struct fbnic_dev *fbd);

/* fbnic_irq.c */
int fbnic_irqs_alloc(struct fbnic_dev *fbd);
void fbnic_irqs_free(struct fbnic_dev *fbd);
int fbnic_fw_irq_request(struct fbnic_dev *fbd);
void fbnic_fw_irq_free(struct fbnic_dev *fbd);
void fbnic_fw_irq_unmask(struct fbnic_dev *fbd);

/* fbnic_debugfs.c */
void fbnic_dbg_init(void);
void fbnic_dbg_exit(void);
void fbnic_dbg_fbd_add(struct fbnic_dev *fbd);
void fbnic_dbg_fbd_remove(struct fbnic_dev *fbd);

/* fbnic_time.c */
void fbnic_time_probe(struct fbnic_dev *fbd);
void fbnic_time_remove(struct fbnic_dev *fbd);
void fbnic_time_suspend(struct fbnic_dev *fbd);
void fbnic_time_resume(struct fbnic_dev *fbd);
int fbnic_time_phc_index(struct fbnic_dev *fbd);
u64 fbnic_time_stamp_to_ns(struct fbnic_dev *fbd, u64 stamp);

/* fbnic_ethtool.c */
void fbnic_set_ethtool_ops(struct net_device *dev);

/* fbnic_hwmon.c */
void fbnic_hwmon_register(struct fbnic_dev *fbd);
void fbnic_hwmon_unregister(struct fbnic_dev *fbd);

/* fbnic_devlink.c */
struct fbnic_dev *fbnic_devlink_alloc(struct pci_dev *pdev);
void fbnic_devlink_free(struct fbnic_dev *fbd);
void fbnic_devlink_register(struct fbnic_dev *fbd);
void fbnic_devlink_unregister(struct fbnic_dev *fbd);
int fbnic_devlink_health_create(struct fbnic_dev *fbd);
void fbnic_devlink_health_destroy(struct fbnic_dev *fbd);
void fbnic_devlink_fw_report(struct fbnic_dev *fbd, const char *what);
void fbnic_devlink_otp_check(struct fbnic_dev *fbd, const char *when);

#endif /* _FBNIC_H_ */
