// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/debugfs.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <net/netdev_lock.h>
#include <net/netdev_rx_queue.h>

#include "fbnic.h"
#include "fbnic_fault.h"
#include "fbnic_netdev.h"
#include "fbnic_rpc.h"

/*
 * debugfs, for people debugging the driver or the NIC, not an interface
 * for tools: <debugfs>/fbnic/<PCI address>/ holds
 *   fw_log    the latest lines of the firmware's log, oldest first
 *   mac_addr  the MAC DA TCAM as the device holds it, with what the
 *             driver meant to program where the two differ
 *   rx_queue_restart
 *             writing a queue index makes the stack restart that Rx
 *             queue on new rings through the queue API, as binding a
 *             memory provider does (a test hook: the other queues must
 *             not notice)
 * and <debugfs>/fbnic/ the fault points of fbnic_fault.c.
 */

static struct dentry *fbnic_dbg_root;

static int fbnic_dbg_fw_log_show(struct seq_file *s, void *v)
{
	struct fbnic_dev *fbd = s->private;

	fbnic_fw_log_show(&fbd->fw_log, s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fbnic_dbg_fw_log);

/* What the driver keeps in MAC DA TCAM entry @idx */
static const char *fbnic_dbg_macda_role(unsigned int idx)
{
	if (idx <= FBNIC_MACDA_BMC_LAST)
		return "bmc";
	if (idx == FBNIC_MACDA_BROADCAST)
		return "broadcast";
	if (idx <= FBNIC_MACDA_MC_LAST)
		return "multicast";
	if (idx <= FBNIC_MACDA_UC_LAST)
		return "unicast";
	if (idx == FBNIC_MACDA_OWN)
		return "own";
	return "catch-all";
}

static void fbnic_dbg_macda_entry(struct seq_file *s,
				  const struct fbnic_macda_entry *e)
{
	if (e->valid)
		seq_printf(s, "%pM/%pM", e->value, e->mask);
	else
		seq_puts(s, "-");
}

static int fbnic_dbg_mac_addr_show(struct seq_file *s, void *v)
{
	struct fbnic_dev *fbd = s->private;
	struct fbnic_macda_entry hw;
	const struct fbnic_rpc *rpc;
	unsigned int idx;

	/* Filters change under RTNL; the netdev comes and goes under it */
	rtnl_lock();
	if (!fbd->netdev) {
		rtnl_unlock();
		return -ENODEV;
	}
	rpc = &((struct fbnic_net *)netdev_priv(fbd->netdev))->rpc;

	seq_puts(s, "idx role       address/mask (a set mask bit ignores the address bit)\n");
	for (idx = 0; idx < FBNIC_RPC_TCAM_MACDA_ENTRIES; idx++) {
		fbnic_rpc_read_macda(fbd, idx, &hw);
		seq_printf(s, "%3u %-10s ", idx, fbnic_dbg_macda_role(idx));
		fbnic_dbg_macda_entry(s, &hw);
		if (memcmp(&hw, &rpc->macda[idx], sizeof(hw))) {
			seq_puts(s, "  (driver: ");
			fbnic_dbg_macda_entry(s, &rpc->macda[idx]);
			seq_puts(s, ")");
		}
		seq_putc(s, '\n');
	}
	rtnl_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fbnic_dbg_mac_addr);

/* Restart one Rx queue the way the stack does when it binds or unbinds
 * a memory provider: new rings allocated, the queue stopped, started on
 * them, the old ones freed.
 */
static ssize_t fbnic_dbg_rxq_restart_write(struct file *file,
					   const char __user *buf,
					   size_t count, loff_t *ppos)
{
	struct fbnic_dev *fbd = file->private_data;
	struct net_device *netdev;
	unsigned int idx;
	int err;

	err = kstrtouint_from_user(buf, count, 0, &idx);
	if (err)
		return err;

	rtnl_lock();
	netdev = fbd->netdev;
	if (!netdev) {
		err = -ENODEV;
		goto unlock_rtnl;
	}
	netdev_lock(netdev);
	if (!netif_running(netdev))
		err = -ENETDOWN;
	else if (idx >= netdev->real_num_rx_queues)
		err = -ERANGE;
	else
		err = netdev_rx_queue_restart(netdev, idx);
	netdev_unlock(netdev);
unlock_rtnl:
	rtnl_unlock();
	return err ? err : count;
}

static const struct file_operations fbnic_dbg_rxq_restart_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = fbnic_dbg_rxq_restart_write,
	.llseek = noop_llseek,
};

/**
 * fbnic_dbg_init() - create the driver's debugfs directory
 *
 * Called at module load; debugfs failures are not the driver's.
 */
void fbnic_dbg_init(void)
{
	fbnic_dbg_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	fbnic_fault_dbg_init(fbnic_dbg_root);
}

/**
 * fbnic_dbg_exit() - remove the driver's debugfs directory
 */
void fbnic_dbg_exit(void)
{
	debugfs_remove_recursive(fbnic_dbg_root);
	fbnic_dbg_root = NULL;
}

/**
 * fbnic_dbg_fbd_add() - create a device's debugfs files
 * @fbd: device
 */
void fbnic_dbg_fbd_add(struct fbnic_dev *fbd)
{
	fbd->dbg = debugfs_create_dir(pci_name(fbd->pdev), fbnic_dbg_root);
	debugfs_create_file("fw_log", 0400, fbd->dbg, fbd,
			    &fbnic_dbg_fw_log_fops);
	debugfs_create_file("mac_addr", 0400, fbd->dbg, fbd,
			    &fbnic_dbg_mac_addr_fops);
	debugfs_create_file("rx_queue_restart", 0200, fbd->dbg, fbd,
			    &fbnic_dbg_rxq_restart_fops);
}

/**
 * fbnic_dbg_fbd_remove() - remove a device's debugfs files
 * @fbd: device
 *
 * Waits for readers, so must come before what they read is freed.
 */
void fbnic_dbg_fbd_remove(struct fbnic_dev *fbd)
{
	debugfs_remove_recursive(fbd->dbg);
	fbd->dbg = NULL;
}
