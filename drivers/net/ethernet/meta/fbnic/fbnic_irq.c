// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/interrupt.h>
#include <linux/pci.h>

#include "fbnic.h"
#include "fbnic_regs.h"

/* Queue vectors are added to the non-queue ones, one per CPU at most */
#define FBNIC_MAX_QUEUE_VECTORS		128

/**
 * fbnic_irqs_alloc() - allocate MSI-X vectors
 * @fbd: device
 *
 * Vector 0 serves the firmware mailbox and vector 1 link events; queue
 * vectors follow, one per online CPU. Fewer queue vectors are accepted,
 * as long as there is at least one.
 *
 * Return: 0 or a negative errno.
 */
int fbnic_irqs_alloc(struct fbnic_dev *fbd)
{
	unsigned int want = FBNIC_NON_QUEUE_VECTORS +
			    min_t(unsigned int, num_online_cpus(),
				  FBNIC_MAX_QUEUE_VECTORS);
	int n;

	n = pci_alloc_irq_vectors(fbd->pdev, FBNIC_NON_QUEUE_VECTORS + 1,
				  want, PCI_IRQ_MSIX);
	if (n < 0) {
		dev_err(fbd->dev, "cannot allocate %u MSI-X vectors: %d\n",
			FBNIC_NON_QUEUE_VECTORS + 1, n);
		return n;
	}
	if (n < want)
		dev_info(fbd->dev, "using %d of %u MSI-X vectors\n", n, want);

	fbd->num_irqs = n;
	return 0;
}

/**
 * fbnic_irqs_free() - release the MSI-X vectors
 * @fbd: device
 */
void fbnic_irqs_free(struct fbnic_dev *fbd)
{
	pci_free_irq_vectors(fbd->pdev);
	fbd->num_irqs = 0;
}

/**
 * fbnic_fw_irq_unmask() - let the mailbox cause raise its vector again
 * @fbd: device
 *
 * The device masks a cause when it fires its vector; a cause that was
 * set meanwhile fires again as soon as it is unmasked.
 */
void fbnic_fw_irq_unmask(struct fbnic_dev *fbd)
{
	fbnic_wr32(fbd, FBNIC_INTR_MASK_CLEAR(0), BIT(FBNIC_FW_VECTOR));
}

static irqreturn_t fbnic_fw_irq_thread(int irq, void *data)
{
	struct fbnic_dev *fbd = data;

	fbnic_mbx_poll(fbd);
	fbnic_fw_irq_unmask(fbd);
	return IRQ_HANDLED;
}

/**
 * fbnic_fw_irq_request() - install the mailbox interrupt handler, disabled
 * @fbd: device
 *
 * The handler runs as a thread: a burst of messages takes many slow
 * register reads to process. It stays disabled until the caller has
 * started the mailbox and calls enable_irq().
 *
 * Return: 0 or a negative errno.
 */
int fbnic_fw_irq_request(struct fbnic_dev *fbd)
{
	int irq = pci_irq_vector(fbd->pdev, FBNIC_FW_VECTOR);
	int err;

	if (irq < 0)
		return irq;
	err = request_threaded_irq(irq, NULL, fbnic_fw_irq_thread,
				   IRQF_ONESHOT | IRQF_NO_AUTOEN,
				   dev_name(fbd->dev), fbd);
	if (err) {
		dev_err(fbd->dev, "cannot request mailbox IRQ %d: %d\n", irq,
			err);
		return err;
	}
	fbd->fw_irq = irq;
	return 0;
}

/**
 * fbnic_fw_irq_free() - remove the mailbox interrupt handler
 * @fbd: device
 */
void fbnic_fw_irq_free(struct fbnic_dev *fbd)
{
	if (!fbd->fw_irq)
		return;
	free_irq(fbd->fw_irq, fbd);
	fbd->fw_irq = 0;
}
