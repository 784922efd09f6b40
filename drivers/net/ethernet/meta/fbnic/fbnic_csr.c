// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/io.h>
#include <linux/pci.h>

#include "fbnic.h"
#include "fbnic_regs.h"

/*
 * Every register access of the driver goes through these helpers. A PCIe
 * read from a device that has gone (surprise removal, link down) returns
 * all ones. When that happens on a register that could legitimately read
 * all ones, a second read of a register that is always zero tells the two
 * cases apart. Once the device is known to be gone, both windows are
 * dropped so that no further access reaches the bus, and every read
 * returns all ones to its caller.
 */

static void fbnic_mark_gone(struct fbnic_dev *fbd, u32 bar, u32 reg)
{
	/* Only the first reader to notice reports it */
	if (test_and_set_bit(FBNIC_STATE_GONE, &fbd->state))
		return;
	WRITE_ONCE(fbd->bar0, NULL);
	WRITE_ONCE(fbd->bar4, NULL);
	dev_err(fbd->dev,
		"BAR%u register 0x%05x read all ones: device lost, register access stopped\n",
		bar, reg);
}

static u32 fbnic_read_checked(struct fbnic_dev *fbd, u32 __iomem *base,
			      u32 bar, u32 reg)
{
	u32 __iomem *bar0;
	u32 val;

	if (!base)
		return ~0U;

	val = readl((u8 __iomem *)base + reg);
	if (val != ~0U)
		return val;

	bar0 = READ_ONCE(fbd->bar0);
	if (bar0 && !readl((u8 __iomem *)bar0 + FBNIC_MASTER_SPARE_0))
		return val;

	fbnic_mark_gone(fbd, bar, reg);
	return ~0U;
}

/**
 * fbnic_csr_init() - start register access through the mapped BARs
 * @fbd: device
 * @bar0: mapping of BAR0
 * @bar4: mapping of BAR4
 */
void fbnic_csr_init(struct fbnic_dev *fbd, void __iomem *bar0,
		    void __iomem *bar4)
{
	fbd->bar0_map = bar0;
	fbd->bar4_map = bar4;
	WRITE_ONCE(fbd->bar0, fbd->bar0_map);
	WRITE_ONCE(fbd->bar4, fbd->bar4_map);
}

/**
 * fbnic_csr_offline() - stop all register access, quietly
 * @fbd: device
 *
 * For a PCI channel error: the device must not be touched until it has
 * been reset, and reads from then on return all ones.
 */
void fbnic_csr_offline(struct fbnic_dev *fbd)
{
	set_bit(FBNIC_STATE_GONE, &fbd->state);
	WRITE_ONCE(fbd->bar0, NULL);
	WRITE_ONCE(fbd->bar4, NULL);
}

/**
 * fbnic_csr_online() - resume register access after a PCI reset
 * @fbd: device
 *
 * Return: 0, or -EIO if the device still does not answer.
 */
int fbnic_csr_online(struct fbnic_dev *fbd)
{
	if (readl((u8 __iomem *)fbd->bar0_map + FBNIC_MASTER_SPARE_0) == ~0U)
		return -EIO;

	WRITE_ONCE(fbd->bar0, fbd->bar0_map);
	WRITE_ONCE(fbd->bar4, fbd->bar4_map);
	clear_bit(FBNIC_STATE_GONE, &fbd->state);
	return 0;
}

/**
 * fbnic_rd32() - read a NIC register (BAR0)
 * @fbd: device
 * @reg: byte offset of the register
 *
 * Return: the register's value, or all ones if the device is gone.
 */
u32 fbnic_rd32(struct fbnic_dev *fbd, u32 reg)
{
	return fbnic_read_checked(fbd, READ_ONCE(fbd->bar0), 0, reg);
}

/**
 * fbnic_wr32() - write a NIC register (BAR0); dropped if the device is gone
 * @fbd: device
 * @reg: byte offset of the register
 * @val: value to write
 */
void fbnic_wr32(struct fbnic_dev *fbd, u32 reg, u32 val)
{
	u32 __iomem *base = READ_ONCE(fbd->bar0);

	if (base)
		writel(val, (u8 __iomem *)base + reg);
}

/**
 * fbnic_rmw32() - read-modify-write a NIC register (BAR0)
 * @fbd: device
 * @reg: byte offset of the register
 * @mask: bits to replace
 * @val: new value of the bits in @mask
 *
 * Callers serialise concurrent updates of the same register themselves.
 */
void fbnic_rmw32(struct fbnic_dev *fbd, u32 reg, u32 mask, u32 val)
{
	u32 old = fbnic_rd32(fbd, reg);

	if (!fbnic_present(fbd))
		return;
	fbnic_wr32(fbd, reg, (old & ~mask) | (val & mask));
}

/**
 * fbnic_wrfl() - make sure earlier posted BAR0 writes reached the device
 * @fbd: device
 */
void fbnic_wrfl(struct fbnic_dev *fbd)
{
	fbnic_rd32(fbd, FBNIC_MASTER_SPARE_0);
}

/**
 * fbnic_fw_rd32() - read a firmware interface register (BAR4)
 * @fbd: device
 * @reg: byte offset of the register
 *
 * Return: the register's value, or all ones if the device is gone.
 */
u32 fbnic_fw_rd32(struct fbnic_dev *fbd, u32 reg)
{
	return fbnic_read_checked(fbd, READ_ONCE(fbd->bar4), 4, reg);
}

/**
 * fbnic_fw_wr32() - write a firmware interface register (BAR4)
 * @fbd: device
 * @reg: byte offset of the register
 * @val: value to write
 */
void fbnic_fw_wr32(struct fbnic_dev *fbd, u32 reg, u32 val)
{
	u32 __iomem *base = READ_ONCE(fbd->bar4);

	if (base)
		writel(val, (u8 __iomem *)base + reg);
}

/**
 * fbnic_fw_wrfl() - make sure earlier posted BAR4 writes reached the device
 * @fbd: device
 *
 * The first mailbox descriptor word is used: reading it has no side effect.
 */
void fbnic_fw_wrfl(struct fbnic_dev *fbd)
{
	fbnic_fw_rd32(fbd, FBNIC_MBX_DESC(FBNIC_MBX_RING_FROM_FW, 0));
}

/**
 * fbnic_present() - is the device still reachable?
 * @fbd: device
 *
 * Return: false once a read has shown that the device is gone.
 */
bool fbnic_present(struct fbnic_dev *fbd)
{
	return !!READ_ONCE(fbd->bar0);
}
