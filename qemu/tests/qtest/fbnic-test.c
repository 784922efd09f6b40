/*
 * QTest for the Meta fbnic device model: PCI identity, interrupt block,
 * the firmware mailbox handshake as the Linux driver does it, run-time
 * sensor properties and rejection of bad mailbox descriptors.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/libqos-pc.h"
#include "libqos/pci.h"
#include "hw/pci/pci_regs.h"

#define FBNIC_DEVFN         QPCI_DEVFN(4, 0)
#define FW_VERSION          0x19112233u

/* BAR0 */
#define IRQ_STATUS          0x0000
#define IRQ_MASK            0x0020
#define IRQ_SET             0x0040
#define IRQ_CLEAR           0x0060
#define IRQ_MASK_SET        0x00c0
#define IRQ_MASK_CLEAR      0x00e0
#define DMA_WR_CFG          0xc40f4
#define DMA_RD_CFG          0xc40f8
#define DMA_BME             (1u << 18)

/* BAR4 mailbox */
#define MBX_BASE            0x18000
#define MBX_TO_HOST         0
#define MBX_TO_FW           1
#define D_HOST              (1ull << 0)
#define D_FW                (1ull << 1)
#define D_ERR               (1ull << 2)
#define D_EOM               (1ull << 46)
#define D_LEN(d)            ((unsigned)((d) >> 48))

typedef struct Fbnic {
    QOSState *qs;
    QPCIDevice *dev;
    QPCIBar bar0, bar4;
    uint64_t msg;           /* host -> firmware message buffer */
    uint64_t rx[15];        /* firmware -> host buffers */
    unsigned tx_tail;
    unsigned rx_head;
} Fbnic;

static uint32_t rd0(Fbnic *f, uint64_t off)
{
    return qpci_io_readl(f->dev, f->bar0, off);
}

static void wr0(Fbnic *f, uint64_t off, uint32_t v)
{
    qpci_io_writel(f->dev, f->bar0, off, v);
}

static uint64_t desc_rd(Fbnic *f, int ring, int idx)
{
    uint64_t off = MBX_BASE + ring * 0x80 + idx * 8;

    return qpci_io_readl(f->dev, f->bar4, off) |
           ((uint64_t)qpci_io_readl(f->dev, f->bar4, off + 4) << 32);
}

/* Upper word first, then the lower one, which hands the entry over */
static void desc_wr(Fbnic *f, int ring, int idx, uint64_t d)
{
    uint64_t off = MBX_BASE + ring * 0x80 + idx * 8;

    qpci_io_writel(f->dev, f->bar4, off + 4, d >> 32);
    qpci_io_writel(f->dev, f->bar4, off, (uint32_t)d);
}

/* Let the device's bottom halves run */
static void settle(Fbnic *f)
{
    qtest_clock_step(f->qs->qts, 1000000);
}

static void ring_reset(Fbnic *f, int ring)
{
    int i;

    qpci_io_writel(f->dev, f->bar4, MBX_BASE + ring * 0x80, 0);
    qpci_io_writel(f->dev, f->bar4, MBX_BASE + ring * 0x80 + 4, 0);
    for (i = 15; i > 0; i--) {
        desc_wr(f, ring, i, D_FW | D_HOST);
    }
}

static Fbnic *fbnic_start(const char *props)
{
    Fbnic *f = g_new0(Fbnic, 1);
    uint64_t size;
    int i;

    f->qs = qtest_pc_boot("-machine q35 -device fbnic,addr=04.0%s%s",
                          props ? "," : "", props ? props : "");
    f->dev = qpci_device_find(f->qs->pcibus, FBNIC_DEVFN);
    g_assert(f->dev);
    qpci_device_enable(f->dev);
    f->bar0 = qpci_iomap(f->dev, 0, &size);
    g_assert_cmpuint(size, ==, 4 * 1024 * 1024);
    f->bar4 = qpci_iomap(f->dev, 4, &size);
    g_assert_cmpuint(size, ==, 1024 * 1024);

    f->msg = qmalloc(f->qs, 4096);
    for (i = 0; i < 15; i++) {
        f->rx[i] = qmalloc(f->qs, 4096);
    }
    return f;
}

static void fbnic_stop(Fbnic *f)
{
    g_free(f->dev);
    qtest_shutdown(f->qs);
    g_free(f);
}

/* What the driver does at probe: reset, wait for the doorbell, go */
static void mbx_bring_up(Fbnic *f)
{
    int i;

    wr0(f, IRQ_CLEAR, 1);
    ring_reset(f, MBX_TO_HOST);
    ring_reset(f, MBX_TO_FW);
    settle(f);
    g_assert_cmphex(rd0(f, IRQ_STATUS) & 1, ==, 1);
    wr0(f, IRQ_CLEAR, 1);

    wr0(f, DMA_WR_CFG, DMA_BME);
    wr0(f, DMA_RD_CFG, DMA_BME);
    for (i = 0; i < 15; i++) {
        qpci_io_writel(f->dev, f->bar4, MBX_BASE + (i + 1) * 8, 0);
        desc_wr(f, MBX_TO_HOST, i, (4096ull << 48) | f->rx[i] | D_HOST);
    }
    f->tx_tail = 0;
    f->rx_head = 0;
}

/* Post @len bytes at @addr on the next to-firmware descriptor */
static uint64_t mbx_post(Fbnic *f, uint64_t addr, unsigned len, bool eom)
{
    unsigned idx = f->tx_tail;

    f->tx_tail = (idx + 1) % 16;
    qpci_io_writel(f->dev, f->bar4, MBX_BASE + 0x80 + f->tx_tail * 8, 0);
    desc_wr(f, MBX_TO_FW, idx,
            ((uint64_t)len << 48) | addr | (eom ? D_EOM : 0) | D_HOST);
    settle(f);
    return desc_rd(f, MBX_TO_FW, idx);
}

static uint64_t mbx_send(Fbnic *f, const uint32_t *words, unsigned n)
{
    qtest_memwrite(f->qs->qts, f->msg, words, n * 4);
    return mbx_post(f, f->msg, n * 4, true);
}

/* Next firmware message; returns its length, data in @buf */
static unsigned mbx_recv(Fbnic *f, uint8_t *buf)
{
    uint64_t d = desc_rd(f, MBX_TO_HOST, f->rx_head);
    unsigned len;

    g_assert(d & D_FW);
    g_assert(!(d & D_ERR));
    len = D_LEN(d);
    g_assert_cmpuint(len, >=, 4);
    g_assert_cmpuint(len, <=, 4096);
    qtest_memread(f->qs->qts, f->rx[f->rx_head], buf, len);
    f->rx_head++;
    return len;
}

static uint32_t tlv_word(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Find top-level attribute @id of the message in @buf */
static const uint8_t *tlv_find(const uint8_t *buf, unsigned len, unsigned id,
                               unsigned *alen)
{
    unsigned end = (tlv_word(buf) >> 16) * 4, off = 4;

    g_assert_cmpuint(end, <=, len);
    while (off + 4 <= end) {
        uint32_t h = tlv_word(buf + off);
        unsigned l = h >> 16;

        g_assert_cmpuint(l, >=, 4);
        if ((h & 0xfff) == id) {
            *alen = l - 4;
            return buf + off + 4;
        }
        off += (l + 3) & ~3u;
    }
    return NULL;
}

static uint32_t msg_hdr(unsigned id, unsigned words)
{
    return id | 0x8000 | (words << 16);
}

static void test_identity(void)
{
    Fbnic *f = fbnic_start(NULL);

    g_assert_cmphex(qpci_config_readw(f->dev, PCI_VENDOR_ID), ==, 0x1d9b);
    g_assert_cmphex(qpci_config_readw(f->dev, PCI_DEVICE_ID), ==, 0x0013);
    g_assert_cmphex(qpci_config_readw(f->dev, PCI_CLASS_DEVICE), ==, 0x0200);
    g_assert(qpci_find_capability(f->dev, PCI_CAP_ID_MSIX, 0));
    g_assert(qpci_find_capability(f->dev, PCI_CAP_ID_EXP, 0));
    qpci_msix_enable(f->dev);
    g_assert_cmpuint(qpci_msix_table_size(f->dev), ==, 256);
    fbnic_stop(f);
}

static void test_irq_block(void)
{
    Fbnic *f = fbnic_start(NULL);

    /* out of reset every vector is masked, nothing pending */
    g_assert_cmphex(rd0(f, IRQ_MASK), ==, 0xffffffff);
    g_assert_cmphex(rd0(f, IRQ_STATUS), ==, 0);
    wr0(f, IRQ_SET, 0x30);
    g_assert_cmphex(rd0(f, IRQ_STATUS), ==, 0x30);
    wr0(f, IRQ_CLEAR, 0x10);
    g_assert_cmphex(rd0(f, IRQ_STATUS), ==, 0x20);
    wr0(f, IRQ_MASK_CLEAR, 0x3);
    g_assert_cmphex(rd0(f, IRQ_MASK), ==, 0xfffffffc);
    wr0(f, IRQ_MASK_SET, 0x1);
    g_assert_cmphex(rd0(f, IRQ_MASK), ==, 0xfffffffd);
    /* status is read-only */
    wr0(f, IRQ_STATUS, 0xffffffff);
    g_assert_cmphex(rd0(f, IRQ_STATUS), ==, 0x20);
    /* a byte access is refused and reads 0 */
    g_assert_cmphex(qpci_io_readb(f->dev, f->bar0, IRQ_STATUS), ==, 0);
    fbnic_stop(f);
}

static void test_handshake(void)
{
    Fbnic *f = fbnic_start("fw-version=0x19112233,fw-commit=cafe,"
                           "link-speed=25000");
    uint32_t req[1] = { msg_hdr(0x10, 1) };
    const uint8_t *a;
    uint8_t buf[4096];
    unsigned len, alen;
    uint64_t d;

    mbx_bring_up(f);
    d = mbx_send(f, req, 1);
    g_assert_cmphex(d & (D_FW | D_ERR), ==, D_FW);
    g_assert_cmphex(rd0(f, IRQ_STATUS) & 1, ==, 1);

    len = mbx_recv(f, buf);
    g_assert_cmphex(tlv_word(buf) & 0x8fff, ==, 0x8011);
    a = tlv_find(buf, len, 0x0, &alen);
    g_assert(a && alen == 4);
    g_assert_cmphex(tlv_word(a), ==, FW_VERSION);
    a = tlv_find(buf, len, 0x6, &alen);
    g_assert(a && alen == 5);
    g_assert_cmpstr((const char *)a, ==, "cafe");
    a = tlv_find(buf, len, 0xa, &alen);
    g_assert(a && tlv_word(a) == 1);        /* 25G, one lane */
    /* stored version defaults to the running one */
    a = tlv_find(buf, len, 0x4, &alen);
    g_assert(a && tlv_word(a) == FW_VERSION);
    g_assert(!tlv_find(buf, len, 0x1, &alen));     /* no BMC */
    fbnic_stop(f);
}

static int32_t sensor_read(Fbnic *f, unsigned attr)
{
    uint32_t req[1] = { msg_hdr(0x3c, 1) };
    const uint8_t *a;
    uint8_t buf[4096];
    unsigned len, alen;

    g_assert_cmphex(mbx_send(f, req, 1) & (D_FW | D_ERR), ==, D_FW);
    len = mbx_recv(f, buf);
    g_assert_cmphex(tlv_word(buf) & 0xfff, ==, 0x3d);
    a = tlv_find(buf, len, attr, &alen);
    g_assert(a && alen == 4);
    return (int32_t)tlv_word(a);
}

static void test_sensors(void)
{
    Fbnic *f = fbnic_start("id=nic0");
    QDict *rsp;

    mbx_bring_up(f);
    g_assert_cmpint(sensor_read(f, 0), ==, 45000);
    g_assert_cmpint(sensor_read(f, 1), ==, 850);
    rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-set', 'arguments': "
                    "{'path': '/machine/peripheral/nic0', "
                    "'property': 'temp-mdeg', 'value': -5000}}");
    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
    g_assert_cmpint(sensor_read(f, 0), ==, -5000);
    fbnic_stop(f);
}

static void test_bad_descriptors(void)
{
    Fbnic *f = fbnic_start(NULL);
    uint32_t bad_attr[3] = { msg_hdr(0x14, 3), 0x00400001, 0 };
    uint32_t unknown[1] = { msg_hdr(0x7f, 1) };
    uint32_t too_long[1] = { msg_hdr(0x10, 9) };
    uint32_t heartbeat[1] = { msg_hdr(0x14, 1) };

    mbx_bring_up(f);
    /* DMA from an address with nothing behind it */
    g_assert_cmphex(mbx_post(f, 0x3ffffffff000ull, 8, true) & (D_FW | D_ERR),
                    ==, D_FW | D_ERR);
    /* no end-of-message, zero length */
    g_assert_cmphex(mbx_post(f, f->msg, 4, false) & D_ERR, ==, D_ERR);
    g_assert_cmphex(mbx_post(f, f->msg, 0, true) & D_ERR, ==, D_ERR);
    /* malformed and unknown messages */
    g_assert_cmphex(mbx_send(f, bad_attr, 3) & D_ERR, ==, D_ERR);
    g_assert_cmphex(mbx_send(f, unknown, 1) & D_ERR, ==, D_ERR);
    g_assert_cmphex(mbx_send(f, too_long, 1) & D_ERR, ==, D_ERR);
    /* the mailbox still works afterwards */
    g_assert_cmphex(mbx_send(f, heartbeat, 1) & (D_FW | D_ERR), ==, D_FW);
    /* with device DMA reads off, messages are refused */
    wr0(f, DMA_RD_CFG, 0);
    g_assert_cmphex(mbx_send(f, heartbeat, 1) & D_ERR, ==, D_ERR);
    fbnic_stop(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/fbnic/identity", test_identity);
    qtest_add_func("/fbnic/irq-block", test_irq_block);
    qtest_add_func("/fbnic/mailbox/handshake", test_handshake);
    qtest_add_func("/fbnic/mailbox/sensors", test_sensors);
    qtest_add_func("/fbnic/mailbox/bad-descriptors", test_bad_descriptors);

    return g_test_run();
}
