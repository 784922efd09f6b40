// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the firmware mailbox and message handlers, through
 * the driver's real receive path.
 *
 * fbnic_csr.c, fbnic_mbx.c, fbnic_fw.c, fbnic_fw_log.c and fbnic_tlv.c
 * are linked unmodified. The BARs are memory; this file plays the
 * firmware on the other side of the mailbox rings, doing what the fuzz
 * input says: writing messages into the pages the driver posted and
 * completing their descriptors (with honest or lying lengths), writing
 * raw descriptor words, taking the driver's messages off the to-firmware
 * ring. The driver's own entry points (capabilities, ownership, core
 * dump, sensors, QSFP, flash, echo, MAC sync, heartbeat, stop/start,
 * version strings, log dump) are called as its users would call them;
 * when one waits for the firmware, the wait runs the next firmware
 * actions of the input (shim_wait_hook()), as the mailbox interrupt
 * thread would run while the caller sleeps.
 *
 * Input: a sequence of operations, each an opcode byte and arguments
 * (see the OP_* cases below); the input ends where its bytes do.
 * Anything the driver reads beyond what the firmware wrote, a buffer it
 * overruns, a leaked page, a lock misused, a WARN, or UB is a crash.
 */
#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "fbnic.h"
#include "fbnic_regs.h"
#include "fbnic_tlv.h"
#include "shim.h"
#include "fuzz_input.h"

/* Register windows: up to the last register the mailbox code touches */
#define BAR0_SIZE	(FBNIC_PUL_OB_RD_CFG + 4)
#define BAR4_SIZE	FBNIC_MBX_DESC(FBNIC_MBX_RINGS, 0)

/* Opcodes; the byte is taken modulo OP_COUNT */
enum {
	OP_DELIVER,	/* u8 flags, u16 len, [u16 reported len], len bytes */
	OP_RAW_DESC,	/* u8 ring/index, u64 descriptor */
	OP_CONSUME,	/* u8 flags: take the next host message */
	OP_TICK,	/* u16 milliseconds */
	OP_HEARTBEAT,	/* run the heartbeat work if it is scheduled */
	OP_FAIL_ALLOC,	/* u8 n: fail the nth allocation from now */
	/* Below: calls into the driver, not allowed while it waits */
	OP_CAPS,
	OP_OWNERSHIP,	/* u8 take */
	OP_COREDUMP,
	OP_SENSORS,
	OP_QSFP,	/* u8 bank, u8 page, u16 offset, u16 len */
	OP_FLASH,	/* u8 section, u16 size */
	OP_ECHO,	/* u8 words to send, u16 reply size */
	OP_MAC_SYNC,	/* u8 counts, u32 flags */
	OP_RESTART,	/* u8 firmware answers the ring reset */
	OP_LOG_SHOW,
	OP_VERSIONS,	/* u8 size of the version string buffer */
	OP_COUNT
};

#define OP_FIRST_CALL	OP_CAPS

/* OP_DELIVER flags */
#define DELIVER_FW_ERR		BIT(0)	/* complete with FW_ERR */
#define DELIVER_LIE_LEN		BIT(1)	/* report another length */
#define DELIVER_NO_IRQ		BIT(2)	/* do not run the poll yet */

struct fw_fuzz {
	struct fbnic_dev *fbd;
	u8 *bar0;
	u8 *bar4;
	unsigned int dev_pos[FBNIC_MBX_RINGS];	/* firmware's ring positions */
	bool raw_used;				/* OP_RAW_DESC ran */
};

static struct fw_fuzz fz;
static struct device fake_dev;

/* Stubs for what the mailbox code calls outside these files */
int fbnic_fw_irq_request(struct fbnic_dev *fbd)
{
	fbd->fw_irq = pci_irq_vector(fbd->pdev, FBNIC_FW_VECTOR);
	return 0;
}

void fbnic_fw_irq_free(struct fbnic_dev *fbd)
{
	fbd->fw_irq = 0;
}

void fbnic_fw_irq_unmask(struct fbnic_dev *fbd)
{
	(void)fbd;
}

void fbnic_devlink_fw_report(struct fbnic_dev *fbd, const char *what)
{
	(void)fbd;
	shim_printk("devlink health report: %s\n", what);
}

/* The firmware's side of the rings */

static u64 dev_desc_read(int ring, unsigned int idx)
{
	u8 *p = fz.bar4 + FBNIC_MBX_DESC(ring, idx);
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void dev_desc_write(int ring, unsigned int idx, u64 v)
{
	memcpy(fz.bar4 + FBNIC_MBX_DESC(ring, idx), &v, sizeof(v));
}

/* Raise the mailbox cause and run the interrupt thread's poll */
static void dev_irq(void)
{
	u32 *status = (u32 *)(fz.bar0 + FBNIC_INTR_STATUS(0));

	*status |= BIT(FBNIC_FW_VECTOR);
	if (fz.fbd->fw_irq)
		fbnic_mbx_poll(fz.fbd);
}

/* The next descriptor the firmware may fill or read, skipping skip
 * markers; -1 if the host has posted none there
 */
static int dev_next(int ring)
{
	unsigned int n;

	for (n = 0; n < FBNIC_MBX_RING_SIZE; n++) {
		unsigned int idx = fz.dev_pos[ring];
		u64 desc = dev_desc_read(ring, idx);

		if (!(desc & FBNIC_MBX_DESC_HOST_OWNED))
			return -1;
		if (!(desc & FBNIC_MBX_DESC_FW_DONE))
			return idx;
		fz.dev_pos[ring] = (idx + 1) % FBNIC_MBX_RING_SIZE;
	}
	return -1;
}

static void op_deliver(void)
{
	u8 flags = in_u8();
	u16 len = in_u16();
	u16 reported = flags & DELIVER_LIE_LEN ? in_u16() : len;
	u8 msg[FBNIC_MBX_BUF_SIZE];
	size_t room, n;
	void *buf;
	u64 desc;
	int idx;

	/* The message: the rest of the input if it is shorter */
	n = in_bytes(msg, min_t(size_t, len, sizeof(msg)));

	idx = dev_next(FBNIC_MBX_RING_FROM_FW);
	if (idx < 0)
		return;
	desc = dev_desc_read(FBNIC_MBX_RING_FROM_FW, idx);
	room = FIELD_GET(FBNIC_MBX_DESC_LEN, desc);
	/* The device writes only into the buffer the host posted */
	n = min(n, room);
	buf = shim_dma_to_cpu(desc & FBNIC_MBX_DESC_ADDR, n);
	if (!buf) {
		/* Only a descriptor the input wrote can point nowhere */
		if (!fz.raw_used)
			FUZZ_BUG();
		return;
	}
	memcpy(buf, msg, n);
	desc &= FBNIC_MBX_DESC_ADDR;
	desc |= FIELD_PREP(FBNIC_MBX_DESC_LEN, reported) |
		FBNIC_MBX_DESC_EOM | FBNIC_MBX_DESC_FW_DONE |
		FBNIC_MBX_DESC_HOST_OWNED;
	if (flags & DELIVER_FW_ERR)
		desc |= FBNIC_MBX_DESC_FW_ERR;
	dev_desc_write(FBNIC_MBX_RING_FROM_FW, idx, desc);
	fz.dev_pos[FBNIC_MBX_RING_FROM_FW] = (idx + 1) % FBNIC_MBX_RING_SIZE;
	if (!(flags & DELIVER_NO_IRQ))
		dev_irq();
}

/* Any descriptor word at all: firmware gone wrong */
static void op_raw_desc(void)
{
	u8 where = in_u8();
	u64 v = in_u64();

	fz.raw_used = true;
	dev_desc_write((where >> 4) % FBNIC_MBX_RINGS,
		       where % FBNIC_MBX_RING_SIZE, v);
	dev_irq();
}

/* Take the next message the host posted: it must be a whole, well-formed
 * message inside a buffer the host owns (ASan checks the buffer).
 */
static bool op_consume(void)
{
	u8 flags = in_u8();
	int msg_len;
	u16 msg_id;
	size_t len;
	void *msg;
	u64 desc;
	int idx;

	idx = dev_next(FBNIC_MBX_RING_TO_FW);
	if (idx < 0)
		return false;
	desc = dev_desc_read(FBNIC_MBX_RING_TO_FW, idx);
	len = FIELD_GET(FBNIC_MBX_DESC_LEN, desc);
	msg = shim_dma_to_cpu(desc & FBNIC_MBX_DESC_ADDR, len);
	/* What the host posted must be a whole message in its mapping */
	if (!fz.raw_used) {
		if (!msg || !(desc & FBNIC_MBX_DESC_EOM) ||
		    len > FBNIC_MBX_BUF_SIZE)
			fuzz_fail("host posted a bad message descriptor %016llx",
				  desc);
		msg_len = fbnic_tlv_msg_header(msg, len, &msg_id);
		if (msg_len != (int)len)
			fuzz_fail("host sent a malformed message (%d of %zu bytes)",
				  msg_len, len);
	}
	if (msg)	/* the device reads it all */
		shim_print_hex("to firmware: ", msg, len);
	desc |= FBNIC_MBX_DESC_FW_DONE;
	if (flags & 1)
		desc |= FBNIC_MBX_DESC_FW_ERR;
	dev_desc_write(FBNIC_MBX_RING_TO_FW, idx, desc);
	fz.dev_pos[FBNIC_MBX_RING_TO_FW] = (idx + 1) % FBNIC_MBX_RING_SIZE;
	dev_irq();
	return true;
}

static void run_heartbeat(void)
{
	struct delayed_work *dw = &fz.fbd->heartbeat_work;

	if (!dw->work.pending || !dw->work.func)
		return;
	jiffies += dw->delay;
	dw->work.pending = false;
	dw->work.func(&dw->work);
}

/* One firmware-side operation; false if the next one is a driver call */
static bool run_device_op(void)
{
	u8 op = in_peek() % OP_COUNT;

	if (op >= OP_FIRST_CALL)
		return false;
	in_u8();
	switch (op) {
	case OP_DELIVER:
		op_deliver();
		break;
	case OP_RAW_DESC:
		op_raw_desc();
		break;
	case OP_CONSUME:
		op_consume();
		break;
	case OP_TICK:
		jiffies += in_u16();
		break;
	case OP_HEARTBEAT:
		run_heartbeat();
		break;
	case OP_FAIL_ALLOC:
		shim_alloc_fail_at = shim_alloc_count + 1 + in_u8();
		break;
	}
	return true;
}

/* The driver sleeps on @c: the firmware acts meanwhile. Once the input
 * is used up, the firmware still reads what the host sends (without
 * answering), as a live one would: the driver's teardown then does not
 * wait out its 10 s for messages nobody reads.
 */
void shim_wait_hook(struct completion *c)
{
	int n = 0;

	while (!c->done && !in_empty() && run_device_op())
		;
	while (in_empty() && n++ < FBNIC_MBX_RING_SIZE && op_consume())
		;
}

static void call_coredump(void)
{
	u32 size;
	u8 *dump;

	if (!fbnic_fw_read_coredump(fz.fbd, &dump, &size)) {
		/* The caller reads all of it */
		shim_print_hex("coredump: ", dump, size);
		kvfree(dump);
	}
}

static void call_qsfp(void)
{
	u8 bank = in_u8(), page = in_u8();
	u32 offset = in_u16();
	u32 len = in_u16() % 512;	/* some over the limit */
	u8 *buf = malloc(len ? len : 1);

	/* The caller's buffer holds exactly @len bytes */
	if (!fbnic_fw_read_qsfp(fz.fbd, bank, page, offset, len, buf))
		shim_print_hex("qsfp: ", buf, len);
	free(buf);
}

static void flash_progress(void *priv, u32 done, u32 total)
{
	(void)priv;
	if (done > total)
		FUZZ_BUG();
}

static void call_flash(void)
{
	u8 section = in_u8();
	u32 size = in_u16();
	u8 *image = malloc(size ? size : 1);
	u32 i;

	for (i = 0; i < size; i++)
		image[i] = i;
	fbnic_fw_flash(fz.fbd, section, image, size, flash_progress, NULL);
	free(image);
}

static void call_echo(void)
{
	u8 words = in_u8();
	size_t size = in_u16() % 4200;
	struct fbnic_tlv_msg msg;
	u8 *reply;
	int ret;
	u8 i;

	if (fbnic_fw_msg_new(&msg, FBNIC_FW_MSG_TEST))
		return;
	for (i = 0; i < words; i++)
		if (fbnic_tlv_put_u32(&msg, i % 8, i))
			break;
	reply = malloc(size ? size : 1);
	ret = fbnic_fw_echo(fz.fbd, &msg, reply, size);
	if (ret > (int)size)
		FUZZ_BUG();
	if (ret > 0)
		shim_print_hex("echo: ", reply, ret);
	free(reply);
}

static void call_mac_sync(void)
{
	struct fbnic_fw_mac_sync sync = {};
	u8 counts = in_u8();

	sync.flags = in_u32();
	sync.n_uc = (counts & 0xf) % (FBNIC_FW_SYNC_MACS + 1);
	sync.n_mc = (counts >> 4) % (FBNIC_FW_SYNC_MACS + 1);
	memset(sync.uc, 0x02, sizeof(sync.uc));
	memset(sync.mc, 0x01, sizeof(sync.mc));
	fbnic_fw_send_mac_sync(fz.fbd, &sync);
}

/* What ethtool and devlink show of the versions the firmware reported:
 * into a buffer of exactly the size the input gives
 */
static void call_versions(void)
{
	const struct fbnic_fw_ver *vers[] = {
		&fz.fbd->fw.running_mgmt, &fz.fbd->fw.running_boot,
		&fz.fbd->fw.stored_mgmt, &fz.fbd->fw.stored_boot,
		&fz.fbd->fw.stored_undi,
	};
	size_t size = in_u8() % 64 + 1;
	char *buf = malloc(size);
	unsigned int i;

	fbnic_fw_get_ver_commit_str(fz.fbd, buf, size);
	if (strnlen(buf, size) == size)
		FUZZ_BUG();
	for (i = 0; i < ARRAY_SIZE(vers); i++) {
		fbnic_fw_ver_str(vers[i]->version, buf, size);
		shim_printk("version %s commit %.*s\n", buf,
			    (int)sizeof(vers[i]->commit), vers[i]->commit);
		if (strnlen(vers[i]->commit, sizeof(vers[i]->commit)) ==
		    sizeof(vers[i]->commit))
			FUZZ_BUG();	/* not terminated */
	}
	free(buf);
}

static void fw_start(bool answer)
{
	u32 *status = (u32 *)(fz.bar0 + FBNIC_INTR_STATUS(0));

	/* The firmware restarts its ring positions on a ring reset */
	fz.dev_pos[0] = 0;
	fz.dev_pos[1] = 0;
	if (answer)
		*status |= BIT(FBNIC_FW_VECTOR);
	fbnic_fw_start(fz.fbd);
}

static void run_call(u8 op)
{
	s32 mdeg, mv;

	switch (op) {
	case OP_CAPS:
		fbnic_fw_request_caps(fz.fbd);
		break;
	case OP_OWNERSHIP:
		fbnic_fw_set_ownership(fz.fbd, in_u8() & 1);
		break;
	case OP_COREDUMP:
		call_coredump();
		break;
	case OP_SENSORS:
		fbnic_fw_read_sensors(fz.fbd, &mdeg, &mv);
		break;
	case OP_QSFP:
		call_qsfp();
		break;
	case OP_FLASH:
		call_flash();
		break;
	case OP_ECHO:
		call_echo();
		break;
	case OP_MAC_SYNC:
		call_mac_sync();
		break;
	case OP_RESTART:
		fbnic_fw_stop(fz.fbd);
		fw_start(in_u8() & 1);
		break;
	case OP_VERSIONS:
		call_versions();
		break;
	case OP_LOG_SHOW: {
		struct seq_file s = {};

		fbnic_fw_log_show(&fz.fbd->fw_log, &s);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fbnic_dev *fbd;

	if (!fz.bar0) {
		fz.bar0 = calloc(1, BAR0_SIZE);
		fz.bar4 = calloc(1, BAR4_SIZE);
	}
	/* A fresh device: every register reads 0 (so none reads all ones).
	 * Of BAR0 the mailbox code reads only the interrupt block and the
	 * spare register; clearing all of it would cost more than a run.
	 */
	memset(fz.bar0, 0, FBNIC_INTR_MSIX_CTRL(0));
	memset(fz.bar0 + FBNIC_MASTER_SPARE_0, 0, 4);
	memset(fz.bar4, 0, BAR4_SIZE);
	shim_reset();
	in_start(data, size);
	fz.raw_used = false;

	fbd = calloc(1, sizeof(*fbd));
	fbd->dev = &fake_dev;
	mutex_init(&fbd->fw_req_lock);
	fbnic_csr_init(fbd, fz.bar0, fz.bar4);
	fz.fbd = fbd;
	if (fbnic_fw_log_init(&fbd->fw_log))
		FUZZ_BUG();

	/* Probe: the first operations answer the capabilities request */
	fw_start(true);

	while (!in_empty()) {
		u8 op = in_peek() % OP_COUNT;

		if (op < OP_FIRST_CALL) {
			run_device_op();
			continue;
		}
		in_u8();
		run_call(op);
	}

	/* Remove: gives ownership back, frees every mailbox page. The
	 * firmware reads what is left for it, as in shim_wait_hook().
	 */
	shim_alloc_fail_at = 0;
	while (op_consume())
		;
	fbnic_fw_stop(fbd);
	fbnic_fw_log_free(&fbd->fw_log);
	free(fbd);
	if (shim_dma_mappings())
		fuzz_fail("%u DMA mappings left after remove",
			  shim_dma_mappings());
	return 0;
}
