// SPDX-License-Identifier: GPL-2.0
/* Copyright (c) fbnic project contributors */

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fbnic.h"
#include "fbnic_netdev.h"
#include "fbnic_regs.h"
#include "fbnic_selftest.h"
#include "fbnic_tlv.h"

/*
 * ethtool self test. Online, only the firmware mailbox is exercised.
 * Offline, the netdev is closed for the register and MSI-X tests, which
 * overwrite queue registers and take the queue vectors, and opened again
 * afterwards: opening programs everything they touched from scratch.
 */

static const char fbnic_selftest_names[FBNIC_SELFTEST_COUNT][ETH_GSTRING_LEN] = {
	[FBNIC_SELFTEST_REGS]	= "Register test (offline)",
	[FBNIC_SELFTEST_MSIX]	= "MSI-X interrupt test (offline)",
	[FBNIC_SELFTEST_MBX]	= "FW mailbox test (on/offline)",
};

/* Register test: the per-queue ring registers */

/**
 * struct fbnic_reg_check - how a register answers the test's patterns
 * @name: register name, for the log
 * @reg: offset in a queue's register block
 * @write: bits of the patterns written
 * @read: bits of what was written that must read back; the others read 0
 */
struct fbnic_reg_check {
	const char *name;
	u32 reg;
	u32 write;
	u32 read;
};

/* Ring base addresses are 128-byte aligned: bits 6:0 are not stored */
#define FBNIC_RING_BAL_BITS	GENMASK(31, 7)

#define FBNIC_REG_CHECK(_reg, _write, _read) \
	{ .name = #_reg, .reg = FBNIC_QUEUE_##_reg, \
	  .write = _write, .read = _read }
/* Only the reset bit is written: the test must never enable a ring */
#define FBNIC_REG_CTL(_reg) \
	FBNIC_REG_CHECK(_reg, FBNIC_QUEUE_CTL_RESET, FBNIC_QUEUE_CTL_RESET)
/* Pointers are the device's: writes are ignored, an idle ring reads 0 */
#define FBNIC_REG_PTRS(_reg)	FBNIC_REG_CHECK(_reg, U32_MAX, 0)
#define FBNIC_REG_SIZE(_reg) \
	FBNIC_REG_CHECK(_reg, U32_MAX, FBNIC_QUEUE_SIZE_LOG2)
#define FBNIC_REG_BAL(_reg)	FBNIC_REG_CHECK(_reg, U32_MAX, FBNIC_RING_BAL_BITS)
#define FBNIC_REG_BAH(_reg)	FBNIC_REG_CHECK(_reg, U32_MAX, U32_MAX)

static const struct fbnic_reg_check fbnic_queue_reg_checks[] = {
	FBNIC_REG_CTL(TWQ0_CTL),
	FBNIC_REG_PTRS(TWQ0_PTRS),
	FBNIC_REG_SIZE(TWQ0_SIZE),
	FBNIC_REG_BAL(TWQ0_BAL),
	FBNIC_REG_BAH(TWQ0_BAH),
	FBNIC_REG_CTL(TWQ1_CTL),
	FBNIC_REG_PTRS(TWQ1_PTRS),
	FBNIC_REG_SIZE(TWQ1_SIZE),
	FBNIC_REG_BAL(TWQ1_BAL),
	FBNIC_REG_BAH(TWQ1_BAH),
	FBNIC_REG_CTL(TCQ_CTL),
	FBNIC_REG_PTRS(TCQ_PTRS),
	FBNIC_REG_SIZE(TCQ_SIZE),
	FBNIC_REG_BAL(TCQ_BAL),
	FBNIC_REG_BAH(TCQ_BAH),
	FBNIC_REG_CTL(RCQ_CTL),
	FBNIC_REG_PTRS(RCQ_PTRS),
	FBNIC_REG_SIZE(RCQ_SIZE),
	FBNIC_REG_BAL(RCQ_BAL),
	FBNIC_REG_BAH(RCQ_BAH),
	FBNIC_REG_CTL(BDQ_CTL),
	FBNIC_REG_PTRS(BDQ_HPQ_PTRS),
	FBNIC_REG_SIZE(BDQ_HPQ_SIZE),
	FBNIC_REG_BAL(BDQ_HPQ_BAL),
	FBNIC_REG_BAH(BDQ_HPQ_BAH),
	FBNIC_REG_PTRS(BDQ_PPQ_PTRS),
	FBNIC_REG_SIZE(BDQ_PPQ_SIZE),
	FBNIC_REG_BAL(BDQ_PPQ_BAL),
	FBNIC_REG_BAH(BDQ_PPQ_BAH),
};

/* All ones and zeroes, and alternating bits both ways; zero last, so
 * that every register is left cleared
 */
static const u32 fbnic_reg_patterns[] = {
	U32_MAX, 0x5a5a5a5a, 0xa5a5a5a5, 0,
};

static int fbnic_reg_check_one(struct net_device *netdev,
			       const struct fbnic_reg_check *check,
			       unsigned int q)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	u32 reg = FBNIC_QUEUE(q) + check->reg;
	u32 val, want, got;
	int i;

	for (i = 0; i < ARRAY_SIZE(fbnic_reg_patterns); i++) {
		val = fbnic_reg_patterns[i] & check->write;
		want = val & check->read;

		fbnic_wr32(fbn->fbd, reg, val);
		got = fbnic_rd32(fbn->fbd, reg);
		if (!fbnic_present(fbn->fbd))
			return -ENODEV;
		if (got == want)
			continue;

		netdev_err(netdev,
			   "register test: queue %u %s (0x%06x) read 0x%08x after 0x%08x was written, expected 0x%08x\n",
			   q, check->name, reg, got, val, want);
		return -EIO;
	}

	return 0;
}

static int fbnic_selftest_regs(struct net_device *netdev)
{
	const struct fbnic_reg_check *check;
	unsigned int q;
	int err;

	for (check = fbnic_queue_reg_checks;
	     check < fbnic_queue_reg_checks + ARRAY_SIZE(fbnic_queue_reg_checks);
	     check++) {
		for (q = 0; q < FBNIC_MAX_QUEUES; q++) {
			err = fbnic_reg_check_one(netdev, check, q);
			if (err)
				return err;
		}
	}

	return 0;
}

/* MSI-X test: every queue vector, raised through the interrupt block */

/**
 * struct fbnic_msix_test - interrupts seen during the MSI-X test
 * @fired: interrupts taken, per vector
 */
struct fbnic_msix_test {
	atomic_t fired[FBNIC_MAX_MSIX_VECTORS];
};

static irqreturn_t fbnic_selftest_irq(int irq, void *data)
{
	atomic_t *fired = data;

	atomic_inc(fired);
	return IRQ_HANDLED;
}

/*
 * How long an interrupt may take to arrive after the write that raises
 * it: the vector may target a CPU that is busy, or a virtual CPU the
 * host has not scheduled.
 */
#define FBNIC_MSIX_ARRIVE_US	(2 * USEC_PER_SEC)
/* How long to watch for an interrupt that must not come */
#define FBNIC_MSIX_QUIET_US	10000

/* Write an interrupt block register */
static void fbnic_msix_poke(struct fbnic_dev *fbd, u32 reg, u32 bit)
{
	fbnic_wr32(fbd, reg, bit);
	fbnic_wrfl(fbd);
}

/* Whether a vector's interrupt count reaches @want, and no further */
static bool fbnic_msix_arrived(atomic_t *fired, int want)
{
	int seen;

	read_poll_timeout(atomic_read, seen, seen >= want, 1000,
			  FBNIC_MSIX_ARRIVE_US, false, fired);
	return seen == want;
}

/* Whether a vector's interrupt count stays at @want for a while */
static bool fbnic_msix_quiet(atomic_t *fired, int want)
{
	usleep_range(FBNIC_MSIX_QUIET_US, 2 * FBNIC_MSIX_QUIET_US);
	return atomic_read(fired) == want;
}

static void fbnic_msix_quiesce(struct fbnic_dev *fbd, unsigned int v)
{
	fbnic_wr32(fbd, FBNIC_INTR_MASK_SET(v / 32), BIT(v % 32));
	fbnic_wr32(fbd, FBNIC_INTR_CLEAR(v / 32), BIT(v % 32));
	fbnic_wrfl(fbd);
}

/*
 * Walk one vector through mask, unmask and set. The device masks a cause
 * when it delivers it, and a cause set while masked waits for the unmask.
 * Return: NULL, or what went wrong.
 */
static const char *fbnic_msix_check_vector(struct fbnic_dev *fbd,
					   atomic_t *fired, unsigned int v)
{
	unsigned int bank = v / 32;
	u32 bit = BIT(v % 32);

	fbnic_msix_quiesce(fbd, v);
	atomic_set(fired, 0);

	fbnic_msix_poke(fbd, FBNIC_INTR_SET(bank), bit);
	if (!fbnic_msix_quiet(fired, 0))
		return "interrupt while masked";

	fbnic_msix_poke(fbd, FBNIC_INTR_MASK_CLEAR(bank), bit);
	if (!fbnic_msix_arrived(fired, 1))
		return "no interrupt on unmask with the cause pending";

	fbnic_msix_poke(fbd, FBNIC_INTR_MASK_CLEAR(bank), bit);
	if (!fbnic_msix_quiet(fired, 1))
		return "interrupt again on unmask with nothing pending";

	fbnic_msix_poke(fbd, FBNIC_INTR_SET(bank), bit);
	if (!fbnic_msix_arrived(fired, 2))
		return "no interrupt when set unmasked";

	if (fbnic_rd32(fbd, FBNIC_INTR_STATUS(bank)) & bit)
		return "cause still set after delivery";
	if (!(fbnic_rd32(fbd, FBNIC_INTR_MASK(bank)) & bit))
		return "cause not masked after delivery";
	return NULL;
}

static int fbnic_selftest_msix_run(struct net_device *netdev,
				   struct fbnic_msix_test *t)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_dev *fbd = fbn->fbd;
	const char *what = NULL;
	unsigned int v;

	for (v = FBNIC_NON_QUEUE_VECTORS; v < fbd->num_irqs && !what; v++) {
		what = fbnic_msix_check_vector(fbd, &t->fired[v], v);
		fbnic_msix_quiesce(fbd, v);
		if (what)
			netdev_err(netdev, "MSI-X test: vector %u: %s\n", v,
				   what);
	}
	if (what)
		return -EIO;

	/* Nothing may have come after a vector's test was over */
	for (v = FBNIC_NON_QUEUE_VECTORS; v < fbd->num_irqs; v++) {
		if (atomic_read(&t->fired[v]) != 2) {
			netdev_err(netdev, "MSI-X test: vector %u: interrupt after its test\n",
				   v);
			return -EIO;
		}
	}
	return 0;
}

static int fbnic_selftest_msix(struct net_device *netdev)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_dev *fbd = fbn->fbd;
	struct fbnic_msix_test *t;
	unsigned int v;
	int err = 0;

	t = kzalloc_obj(*t);
	if (!t)
		return -ENOMEM;

	/* The queue vectors are free while the netdev is closed */
	for (v = FBNIC_NON_QUEUE_VECTORS; v < fbd->num_irqs; v++) {
		fbnic_msix_quiesce(fbd, v);
		err = request_irq(pci_irq_vector(fbd->pdev, v),
				  fbnic_selftest_irq, 0, netdev->name,
				  &t->fired[v]);
		if (err) {
			netdev_err(netdev, "MSI-X test: cannot request vector %u: %d\n",
				   v, err);
			break;
		}
	}

	if (!err)
		err = fbnic_selftest_msix_run(netdev, t);

	while (v-- > FBNIC_NON_QUEUE_VECTORS)
		free_irq(pci_irq_vector(fbd->pdev, v), &t->fired[v]);
	kfree(t);
	return err;
}

/*
 * Mailbox test: a message carrying one attribute of every kind, and all of
 * them again in a nest, which the firmware echoes back unchanged.
 */

enum {
	FBNIC_ECHO_U64		= 0x0,
	FBNIC_ECHO_S64		= 0x1,
	FBNIC_ECHO_U32		= 0x2,
	FBNIC_ECHO_S32		= 0x3,
	FBNIC_ECHO_U16		= 0x4,	/* carried in 32 bits */
	FBNIC_ECHO_S16		= 0x5,	/* carried in 32 bits */
	FBNIC_ECHO_MAC		= 0x6,
	FBNIC_ECHO_TRUE		= 0x7,	/* flag sent */
	FBNIC_ECHO_FALSE	= 0x8,	/* flag not sent */
	FBNIC_ECHO_STRING	= 0x9,
	FBNIC_ECHO_NESTED	= 0xa,	/* all the others again */
	FBNIC_ECHO_ARRAY	= 0xb,	/* FBNIC_ECHO_MACS MAC attributes */
	FBNIC_ECHO_MAX
};

#define FBNIC_ECHO_STR_LEN	32	/* NUL included */
#define FBNIC_ECHO_MACS		4

static const char * const fbnic_echo_names[FBNIC_ECHO_MAX] = {
	[FBNIC_ECHO_U64]	= "u64",
	[FBNIC_ECHO_S64]	= "s64",
	[FBNIC_ECHO_U32]	= "u32",
	[FBNIC_ECHO_S32]	= "s32",
	[FBNIC_ECHO_U16]	= "u16",
	[FBNIC_ECHO_S16]	= "s16",
	[FBNIC_ECHO_MAC]	= "MAC address",
	[FBNIC_ECHO_TRUE]	= "true flag",
	[FBNIC_ECHO_FALSE]	= "false flag",
	[FBNIC_ECHO_STRING]	= "string",
	[FBNIC_ECHO_NESTED]	= "nest",
	[FBNIC_ECHO_ARRAY]	= "MAC address array",
};

static const struct fbnic_tlv_policy fbnic_echo_policy[FBNIC_ECHO_MAX] = {
	[FBNIC_ECHO_U64]	= { .kind = FBNIC_TLV_UINT, .max_len = 8 },
	[FBNIC_ECHO_S64]	= { .kind = FBNIC_TLV_SINT, .max_len = 8 },
	[FBNIC_ECHO_U32]	= { .kind = FBNIC_TLV_UINT, .max_len = 4 },
	[FBNIC_ECHO_S32]	= { .kind = FBNIC_TLV_SINT, .max_len = 4 },
	[FBNIC_ECHO_U16]	= { .kind = FBNIC_TLV_UINT, .max_len = 4 },
	[FBNIC_ECHO_S16]	= { .kind = FBNIC_TLV_SINT, .max_len = 4 },
	[FBNIC_ECHO_MAC]	= { .kind = FBNIC_TLV_BINARY,
				    .min_len = ETH_ALEN, .max_len = ETH_ALEN },
	[FBNIC_ECHO_TRUE]	= { .kind = FBNIC_TLV_FLAG },
	[FBNIC_ECHO_FALSE]	= { .kind = FBNIC_TLV_FLAG },
	[FBNIC_ECHO_STRING]	= { .kind = FBNIC_TLV_STRING,
				    .max_len = FBNIC_ECHO_STR_LEN },
	[FBNIC_ECHO_NESTED]	= { .kind = FBNIC_TLV_NESTED },
	[FBNIC_ECHO_ARRAY]	= { .kind = FBNIC_TLV_NESTED },
};

/**
 * struct fbnic_echo - the values sent, and room to build and receive
 * @u64v: value of FBNIC_ECHO_U64
 * @s64v: value of FBNIC_ECHO_S64
 * @u32v: value of FBNIC_ECHO_U32
 * @s32v: value of FBNIC_ECHO_S32
 * @u16v: value of FBNIC_ECHO_U16
 * @s16v: value of FBNIC_ECHO_S16
 * @mac: value of FBNIC_ECHO_MAC
 * @macs: values of FBNIC_ECHO_ARRAY
 * @str: value of FBNIC_ECHO_STRING
 * @nest_buf: scratch message the nest is built in
 * @array_buf: scratch message the array is built in
 * @reply: the echo, FBNIC_MBX_BUF_SIZE bytes
 */
struct fbnic_echo {
	u64 u64v;
	s64 s64v;
	u32 u32v;
	s32 s32v;
	u16 u16v;
	s16 s16v;
	u8 mac[ETH_ALEN];
	u8 macs[FBNIC_ECHO_MACS][ETH_ALEN];
	char str[FBNIC_ECHO_STR_LEN];
	__le32 nest_buf[64];
	__le32 array_buf[4 * FBNIC_ECHO_MACS + 1];
	u8 *reply;
};

/* New random values for every run, so a stale echo cannot pass */
static void fbnic_echo_fill(struct fbnic_echo *e)
{
	int i;

	get_random_bytes(&e->u64v, sizeof(e->u64v));
	get_random_bytes(&e->s64v, sizeof(e->s64v));
	e->u32v = get_random_u32();
	e->s32v = get_random_u32();
	e->u16v = get_random_u16();
	e->s16v = get_random_u16();
	get_random_bytes(e->mac, sizeof(e->mac));
	get_random_bytes(e->macs, sizeof(e->macs));
	for (i = 0; i < FBNIC_ECHO_STR_LEN - 1; i++)
		e->str[i] = 'A' + get_random_u32_below(26);
	e->str[i] = '\0';
}

static int fbnic_echo_put_array(struct fbnic_tlv_msg *msg,
				struct fbnic_echo *e)
{
	struct fbnic_tlv_msg array;
	int err, i;

	err = fbnic_tlv_msg_init(&array, e->array_buf, sizeof(e->array_buf),
				 FBNIC_FW_MSG_TEST);
	for (i = 0; i < FBNIC_ECHO_MACS && !err; i++)
		err = fbnic_tlv_put_bytes(&array, FBNIC_ECHO_MAC, e->macs[i],
					  ETH_ALEN);
	return err ?: fbnic_tlv_put_nested(msg, FBNIC_ECHO_ARRAY, &array);
}

/* Signed values go out sign-extended to the width they are carried in */
static int fbnic_echo_put_attrs(struct fbnic_tlv_msg *msg,
				struct fbnic_echo *e)
{
	return fbnic_tlv_put_u64(msg, FBNIC_ECHO_U64, e->u64v) ?:
	       fbnic_tlv_put_u64(msg, FBNIC_ECHO_S64, e->s64v) ?:
	       fbnic_tlv_put_u32(msg, FBNIC_ECHO_U32, e->u32v) ?:
	       fbnic_tlv_put_u32(msg, FBNIC_ECHO_S32, e->s32v) ?:
	       fbnic_tlv_put_u32(msg, FBNIC_ECHO_U16, e->u16v) ?:
	       fbnic_tlv_put_u32(msg, FBNIC_ECHO_S16, (s32)e->s16v) ?:
	       fbnic_tlv_put_bytes(msg, FBNIC_ECHO_MAC, e->mac, ETH_ALEN) ?:
	       fbnic_echo_put_array(msg, e) ?:
	       fbnic_tlv_put_flag(msg, FBNIC_ECHO_TRUE) ?:
	       fbnic_tlv_put_string(msg, FBNIC_ECHO_STRING, e->str);
}

static int fbnic_echo_build(struct fbnic_tlv_msg *msg, struct fbnic_echo *e)
{
	struct fbnic_tlv_msg nest;

	return fbnic_echo_put_attrs(msg, e) ?:
	       fbnic_tlv_msg_init(&nest, e->nest_buf, sizeof(e->nest_buf),
				  FBNIC_FW_MSG_TEST) ?:
	       fbnic_echo_put_attrs(&nest, e) ?:
	       fbnic_tlv_put_nested(msg, FBNIC_ECHO_NESTED, &nest);
}

/* Is a mandatory attribute there? Logs it if not. */
static bool fbnic_echo_has(struct net_device *netdev, const char *where,
			   const struct fbnic_tlv_attr *tb, int id)
{
	if (fbnic_tlv_present(&tb[id]))
		return true;
	netdev_err(netdev, "mailbox test: %s%s missing from the echo\n", where,
		   fbnic_echo_names[id]);
	return false;
}

static bool fbnic_echo_int_ok(struct net_device *netdev, const char *where,
			      const struct fbnic_tlv_attr *tb, int id,
			      u64 sent)
{
	u64 got;

	if (!fbnic_echo_has(netdev, where, tb, id))
		return false;
	if (fbnic_echo_policy[id].kind == FBNIC_TLV_SINT)
		got = fbnic_tlv_get_sint(&tb[id], 0);
	else
		got = fbnic_tlv_get_uint(&tb[id], 0);
	if (got == sent)
		return true;
	netdev_err(netdev, "mailbox test: %s%s sent as 0x%llx, echoed as 0x%llx\n",
		   where, fbnic_echo_names[id], sent, got);
	return false;
}

static bool fbnic_echo_mac_ok(struct net_device *netdev, const char *where,
			      const char *what, const struct fbnic_tlv_attr *attr,
			      const u8 *sent)
{
	/* The policy held the length to ETH_ALEN */
	if (ether_addr_equal_unaligned(attr->value, sent))
		return true;
	netdev_err(netdev, "mailbox test: %s%s sent as %pM, echoed as %pM\n",
		   where, what, sent, attr->value);
	return false;
}

static bool fbnic_echo_array_ok(struct net_device *netdev, const char *where,
				const struct fbnic_tlv_attr *tb,
				const struct fbnic_echo *e)
{
	struct fbnic_tlv_attr items[FBNIC_ECHO_MACS];
	bool ok = true;
	int n, i;

	if (!fbnic_echo_has(netdev, where, tb, FBNIC_ECHO_ARRAY))
		return false;
	n = fbnic_tlv_parse_array(&tb[FBNIC_ECHO_ARRAY], FBNIC_ECHO_MAC,
				  &fbnic_echo_policy[FBNIC_ECHO_MAC], items,
				  ARRAY_SIZE(items));
	if (n != FBNIC_ECHO_MACS) {
		netdev_err(netdev, "mailbox test: %s%s echoed with %d entries, %d sent\n",
			   where, fbnic_echo_names[FBNIC_ECHO_ARRAY], n,
			   FBNIC_ECHO_MACS);
		return false;
	}
	for (i = 0; i < n; i++)
		ok &= fbnic_echo_mac_ok(netdev, where, "MAC address array entry",
					&items[i], e->macs[i]);
	return ok;
}

static bool fbnic_echo_string_ok(struct net_device *netdev,
				 const char *where,
				 const struct fbnic_tlv_attr *tb,
				 const struct fbnic_echo *e)
{
	char got[FBNIC_ECHO_STR_LEN];

	if (!fbnic_echo_has(netdev, where, tb, FBNIC_ECHO_STRING))
		return false;
	if (fbnic_tlv_get_string(&tb[FBNIC_ECHO_STRING], got,
				 sizeof(got)) >= 0 && !strcmp(got, e->str))
		return true;
	netdev_err(netdev, "mailbox test: %sstring sent as \"%s\", echoed as \"%s\"\n",
		   where, e->str, got);
	return false;
}

static bool fbnic_echo_flags_ok(struct net_device *netdev, const char *where,
				const struct fbnic_tlv_attr *tb)
{
	if (!fbnic_echo_has(netdev, where, tb, FBNIC_ECHO_TRUE))
		return false;
	if (!fbnic_tlv_present(&tb[FBNIC_ECHO_FALSE]))
		return true;
	netdev_err(netdev, "mailbox test: %sfalse flag echoed though not sent\n",
		   where);
	return false;
}

/* Check every attribute of one level; all mismatches are logged */
static bool fbnic_echo_attrs_ok(struct net_device *netdev, const char *where,
				const struct fbnic_tlv_attr *tb,
				const struct fbnic_echo *e)
{
	bool ok;

	ok = fbnic_echo_int_ok(netdev, where, tb, FBNIC_ECHO_U64, e->u64v);
	ok &= fbnic_echo_int_ok(netdev, where, tb, FBNIC_ECHO_S64, e->s64v);
	ok &= fbnic_echo_int_ok(netdev, where, tb, FBNIC_ECHO_U32, e->u32v);
	ok &= fbnic_echo_int_ok(netdev, where, tb, FBNIC_ECHO_S32, e->s32v);
	ok &= fbnic_echo_int_ok(netdev, where, tb, FBNIC_ECHO_U16, e->u16v);
	ok &= fbnic_echo_int_ok(netdev, where, tb, FBNIC_ECHO_S16, e->s16v);
	if (fbnic_echo_has(netdev, where, tb, FBNIC_ECHO_MAC))
		ok &= fbnic_echo_mac_ok(netdev, where,
					fbnic_echo_names[FBNIC_ECHO_MAC],
					&tb[FBNIC_ECHO_MAC], e->mac);
	else
		ok = false;
	ok &= fbnic_echo_array_ok(netdev, where, tb, e);
	ok &= fbnic_echo_flags_ok(netdev, where, tb);
	ok &= fbnic_echo_string_ok(netdev, where, tb, e);
	return ok;
}

static int fbnic_echo_verify(struct net_device *netdev, struct fbnic_echo *e,
			     int len)
{
	struct fbnic_tlv_attr inner[FBNIC_ECHO_MAX];
	struct fbnic_tlv_attr tb[FBNIC_ECHO_MAX];
	bool ok;
	int err;

	err = fbnic_tlv_msg_parse(e->reply, len, fbnic_echo_policy,
				  FBNIC_ECHO_MAX, tb);
	if (err) {
		netdev_err(netdev, "mailbox test: malformed echo: %d\n", err);
		return -EBADMSG;
	}
	ok = fbnic_echo_attrs_ok(netdev, "", tb, e);

	if (!fbnic_echo_has(netdev, "", tb, FBNIC_ECHO_NESTED))
		return -EIO;
	err = fbnic_tlv_parse_nested(&tb[FBNIC_ECHO_NESTED], fbnic_echo_policy,
				     FBNIC_ECHO_MAX, inner);
	if (err) {
		netdev_err(netdev, "mailbox test: malformed nest in the echo: %d\n",
			   err);
		return -EBADMSG;
	}
	ok &= fbnic_echo_attrs_ok(netdev, "nested ", inner, e);

	return ok ? 0 : -EIO;
}

static int fbnic_selftest_mbx(struct net_device *netdev)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	struct fbnic_tlv_msg msg;
	struct fbnic_echo *e;
	int len, err;

	e = kzalloc_obj(*e);
	if (!e)
		return -ENOMEM;
	e->reply = kmalloc(FBNIC_MBX_BUF_SIZE, GFP_KERNEL);
	if (!e->reply) {
		err = -ENOMEM;
		goto out;
	}
	fbnic_echo_fill(e);

	err = fbnic_fw_msg_new(&msg, FBNIC_FW_MSG_TEST);
	if (err)
		goto out;
	err = fbnic_echo_build(&msg, e);
	if (err) {
		netdev_err(netdev, "mailbox test: cannot build the message: %d\n",
			   err);
		fbnic_fw_msg_free(&msg);
		goto out;
	}

	len = fbnic_fw_echo(fbn->fbd, &msg, e->reply, FBNIC_MBX_BUF_SIZE);
	if (len < 0) {
		netdev_err(netdev, "mailbox test: no echo from the firmware: %d\n",
			   len);
		err = len;
		goto out;
	}
	err = fbnic_echo_verify(netdev, e, len);
out:
	kfree(e->reply);
	kfree(e);
	return err;
}

/* Store a test's result: 0 or a positive errno */
static void fbnic_selftest_record(struct ethtool_test *test, u64 *data,
				  enum fbnic_selftest_id id, int err)
{
	data[id] = err < 0 ? -err : err;
	if (err)
		test->flags |= ETH_TEST_FL_FAILED;
}

static void fbnic_selftest_offline(struct net_device *netdev,
				   struct ethtool_test *test, u64 *data)
{
	bool was_running = netif_running(netdev);
	int err;

	if (was_running)
		netif_close(netdev);

	fbnic_selftest_record(test, data, FBNIC_SELFTEST_REGS,
			      fbnic_selftest_regs(netdev));
	fbnic_selftest_record(test, data, FBNIC_SELFTEST_MSIX,
			      fbnic_selftest_msix(netdev));

	if (!was_running)
		return;
	err = netif_open(netdev, NULL);
	if (err) {
		netdev_err(netdev, "cannot reopen after the self test: %d\n",
			   err);
		test->flags |= ETH_TEST_FL_FAILED;
	}
}

/**
 * fbnic_selftest_strings() - names of the self tests, for ethtool
 * @data: where the ETH_GSTRING_LEN names go; advanced past them
 */
void fbnic_selftest_strings(u8 **data)
{
	int i;

	for (i = 0; i < FBNIC_SELFTEST_COUNT; i++)
		ethtool_puts(data, fbnic_selftest_names[i]);
}

/**
 * fbnic_self_test() - ethtool self test
 * @netdev: the fbnic netdev
 * @test: the request; ETH_TEST_FL_FAILED is set on any failure
 * @data: FBNIC_SELFTEST_COUNT results, see enum fbnic_selftest_id
 *
 * The mailbox test runs in either mode; the register and MSI-X tests only
 * offline, with the netdev closed while they run. Called under RTNL and
 * the instance lock.
 */
void fbnic_self_test(struct net_device *netdev, struct ethtool_test *test,
		     u64 *data)
{
	struct fbnic_net *fbn = netdev_priv(netdev);
	int i;

	memset(data, 0, FBNIC_SELFTEST_COUNT * sizeof(*data));
	if (!fbnic_present(fbn->fbd)) {
		for (i = 0; i < FBNIC_SELFTEST_COUNT; i++)
			fbnic_selftest_record(test, data, i, -ENODEV);
		return;
	}

	fbnic_selftest_record(test, data, FBNIC_SELFTEST_MBX,
			      fbnic_selftest_mbx(netdev));

	if (test->flags & ETH_TEST_FL_OFFLINE)
		fbnic_selftest_offline(netdev, test, data);
}
