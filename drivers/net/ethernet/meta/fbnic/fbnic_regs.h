/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_REGS_H_
#define _FBNIC_REGS_H_

#include <linux/bits.h>

/*
 * Register map of the fbnic NIC, as byte offsets into the BAR that holds
 * the register. BAR0 carries the NIC's own blocks, BAR4 the firmware
 * interface (mailbox, OTP status). All registers are 32 bits wide.
 */

#define PCI_VENDOR_ID_META_PLATFORMS	0x1d9b
#define PCI_DEVICE_ID_FBNIC_ASIC	0x0013

/* BAR0: interrupt block. Each bank covers 32 interrupt causes; cause N
 * is bit N % 32 of bank N / 32, and fires MSI-X vector N unless it is
 * one of the "other" causes routed through FBNIC_INTR_MSIX_CTRL.
 */
#define FBNIC_INTR_BANKS		8
#define FBNIC_INTR_STATUS(bank)		(0x0000 + 4 * (bank))
#define FBNIC_INTR_MASK(bank)		(0x0020 + 4 * (bank))
#define FBNIC_INTR_SET(bank)		(0x0040 + 4 * (bank))
#define FBNIC_INTR_CLEAR(bank)		(0x0060 + 4 * (bank))
#define FBNIC_INTR_SW_STATUS(bank)	(0x0080 + 4 * (bank))
#define FBNIC_INTR_SW_AC_MODE(bank)	(0x00a0 + 4 * (bank))
#define FBNIC_INTR_MASK_SET(bank)	(0x00c0 + 4 * (bank))
#define FBNIC_INTR_MASK_CLEAR(bank)	(0x00e0 + 4 * (bank))
#define FBNIC_INTR_MSIX_CTRL(cause)	(0x0100 + 4 * (cause))
#define   FBNIC_INTR_MSIX_CTRL_VECTOR	GENMASK(7, 0)
#define   FBNIC_INTR_MSIX_CTRL_ENABLE	BIT(31)

/* Interrupt causes (and MSI-X vectors) that are not queue vectors */
#define FBNIC_FW_VECTOR			0	/* firmware mailbox */
#define FBNIC_PCS_VECTOR		1	/* link (PCS) events */
#define FBNIC_NON_QUEUE_VECTORS		2
#define FBNIC_MAX_MSIX_VECTORS		256

/* "Other" causes that are routed to a vector through MSIX_CTRL */
#define FBNIC_INTR_CAUSE_RXB		7
#define FBNIC_INTR_CAUSE_PCS		34

/* BAR0: a register that always reads as zero while the device is there */
#define FBNIC_MASTER_SPARE_0		0x3106c

/* BAR0: PCIe outbound (device-initiated) traffic control. The mailbox
 * DMA is only allowed while bus mastering is enabled here; FLUSH drops
 * what is queued, FLUSH_MODE lets writes drain without reaching memory.
 */
#define FBNIC_PUL_OB_WR_CFG		0xc40f4
#define   FBNIC_PUL_OB_WR_FLUSH_MODE	BIT(20)
#define   FBNIC_PUL_OB_WR_FLUSH		BIT(19)
#define   FBNIC_PUL_OB_WR_BME		BIT(18)
#define   FBNIC_PUL_OB_WR_RDE_ATTR	GENMASK(17, 15)
#define   FBNIC_PUL_OB_WR_RQM_ATTR	GENMASK(14, 12)
#define   FBNIC_PUL_OB_WR_TQM_ATTR	GENMASK(11, 9)
#define FBNIC_PUL_OB_RD_CFG		0xc40f8
#define   FBNIC_PUL_OB_RD_FLUSH		BIT(19)
#define   FBNIC_PUL_OB_RD_BME		BIT(18)
#define   FBNIC_PUL_OB_RD_TDE_ATTR	GENMASK(17, 15)
#define   FBNIC_PUL_OB_RD_RQM_ATTR	GENMASK(14, 12)
#define   FBNIC_PUL_OB_RD_TQM_ATTR	GENMASK(11, 9)

/* BAR4: firmware mailbox. Two rings of 16 descriptors, 8 bytes each:
 * ring 0 carries firmware-to-host messages, ring 1 host-to-firmware.
 */
#define FBNIC_MBX_RING_FROM_FW		0
#define FBNIC_MBX_RING_TO_FW		1
#define FBNIC_MBX_RINGS			2
#define FBNIC_MBX_RING_SIZE		16
#define FBNIC_MBX_DESC(ring, idx) \
	(0x18000 + 8 * ((ring) * FBNIC_MBX_RING_SIZE + (idx)))
#define   FBNIC_MBX_DESC_LEN		GENMASK_ULL(63, 48)
#define   FBNIC_MBX_DESC_EOM		BIT_ULL(46)
#define   FBNIC_MBX_DESC_ADDR		GENMASK_ULL(45, 3)
#define   FBNIC_MBX_DESC_FW_ERR		BIT_ULL(2)
#define   FBNIC_MBX_DESC_FW_DONE	BIT_ULL(1)
#define   FBNIC_MBX_DESC_HOST_OWNED	BIT_ULL(0)

/* BAR4: OTP state reported by the security controller at boot */
#define FBNIC_OTP_STATUS		0x0874
#define FBNIC_OTP_WRITE_STATUS		0x0878
#define FBNIC_OTP_WRITE_DATA_STATUS	GENMASK(31, 16)
#define FBNIC_OTP_WRITE_ECC_STATUS	GENMASK(15, 0)

/* DMA addressing width of the device's descriptors */
#define FBNIC_DMA_BITS			46

#endif /* _FBNIC_REGS_H_ */
