/* SPDX-License-Identifier: GPL-2.0 */
/* fbnic fuzz shim: a PCI function is only a struct device here */
#ifndef _SHIM_LINUX_PCI_H
#define _SHIM_LINUX_PCI_H

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>

struct pci_dev {
	struct device dev;
};

/* MSI-X vector n is Linux IRQ 1000 + n */
static inline int pci_irq_vector(struct pci_dev *pdev, unsigned int nr)
{
	(void)pdev;
	return 1000 + nr;
}

#endif
