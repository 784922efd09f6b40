/*
 * QTest for the Meta fbnic device model: PCI identity, interrupt block,
 * the firmware mailbox handshake as the Linux driver does it, run-time
 * sensor properties, rejection of bad mailbox descriptors, flash update,
 * core dump, QSFP EEPROM reads, the firmware fault switches and the AER
 * capability; the data path's queue engines (Tx offloads, Rx placement,
 * completions, moderation) through a socket backend.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/libqos-pc.h"
#include "libqos/pci.h"
#include "hw/pci/pci_regs.h"
#include "qemu/bswap.h"
#include <sys/socket.h>

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

/* ------------------------------------------------------------------ */
/* Messages with attributes                                            */
/* ------------------------------------------------------------------ */

typedef struct Msg {
    uint8_t b[4096];
    unsigned len;
} Msg;

static void msg_begin(Msg *m, unsigned id)
{
    memset(m, 0, sizeof(*m));
    m->len = 4;
    m->b[0] = id;
    m->b[1] = (id >> 8) | 0x80;
}

static void msg_attr(Msg *m, unsigned id, const void *v, unsigned n)
{
    uint32_t h = id | ((n + 4) << 16);

    memcpy(m->b + m->len, &h, 4);       /* qtest hosts are little endian */
    memcpy(m->b + m->len + 4, v, n);
    m->len += 4 + ((n + 3) & ~3u);
}

static void msg_u64(Msg *m, unsigned id, uint64_t v)
{
    msg_attr(m, id, &v, 8);
}

static uint64_t msg_send(Fbnic *f, Msg *m)
{
    uint16_t words = m->len / 4;

    memcpy(m->b + 2, &words, 2);
    qtest_memwrite(f->qs->qts, f->msg, m->b, m->len);
    return mbx_post(f, f->msg, m->len, true);
}

/* No firmware message waiting in the next host buffer */
static bool mbx_empty(Fbnic *f)
{
    return !(desc_rd(f, MBX_TO_HOST, f->rx_head) & D_FW);
}

/* Receive and check the message type; returns the length */
static unsigned mbx_expect(Fbnic *f, uint8_t *buf, unsigned type)
{
    unsigned len = mbx_recv(f, buf);

    g_assert_cmphex(tlv_word(buf) & 0xfff, ==, type);
    return len;
}

static int64_t attr_int(const uint8_t *buf, unsigned len, unsigned id,
                        int64_t dflt)
{
    unsigned alen;
    const uint8_t *a = tlv_find(buf, len, id, &alen);
    uint8_t tmp[8] = { 0 };
    int64_t v;

    if (!a) {
        return dflt;
    }
    g_assert_cmpuint(alen, <=, 8);
    memcpy(tmp, a, MIN(alen, 8));
    memcpy(&v, tmp, 8);
    if (alen == 4) {
        v = (int32_t)v;
    }
    return v;
}

static void qom_set_int(Fbnic *f, const char *prop, int64_t v)
{
    QDict *rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-set', 'arguments': "
                           "{'path': '/machine/peripheral/nic0', "
                           "'property': %s, 'value': %" PRId64 "}}", prop, v);

    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
}

static void qom_set_bool(Fbnic *f, const char *prop, bool v)
{
    QDict *rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-set', 'arguments': "
                           "{'path': '/machine/peripheral/nic0', "
                           "'property': %s, 'value': %i}}", prop, v);

    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
}

/* A qom-set the device refuses */
static void qom_set_int_fails(Fbnic *f, const char *prop, int64_t v)
{
    QDict *rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-set', 'arguments': "
                           "{'path': '/machine/peripheral/nic0', "
                           "'property': %s, 'value': %" PRId64 "}}", prop, v);

    g_assert(qdict_haskey(rsp, "error"));
    qobject_unref(rsp);
}

static bool qom_get_bool(Fbnic *f, const char *prop)
{
    QDict *rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': '/machine/peripheral/nic0', "
                           "'property': %s}}", prop);
    bool v;

    g_assert(qdict_haskey(rsp, "return"));
    v = qdict_get_bool(rsp, "return");
    qobject_unref(rsp);
    return v;
}

static int64_t qom_get_int(Fbnic *f, const char *prop)
{
    QDict *rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': '/machine/peripheral/nic0', "
                           "'property': %s}}", prop);
    int64_t v;

    g_assert(qdict_haskey(rsp, "return"));
    v = qdict_get_int(rsp, "return");
    qobject_unref(rsp);
    return v;
}

/* ------------------------------------------------------------------ */
/* Flash update                                                        */
/* ------------------------------------------------------------------ */

static uint32_t crc32_ieee(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    int k;

    while (n--) {
        crc ^= *p++;
        for (k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}

/* A component image in the model's format (see README.md) */
static uint8_t *make_image(uint32_t section, uint32_t version,
                           const char *commit, unsigned payload, bool bad_crc,
                           unsigned *len)
{
    uint8_t *img = g_malloc0(64 + payload);
    uint32_t crc;
    uint16_t fmt = 1, hl = 64;
    unsigned i;

    for (i = 0; i < payload; i++) {
        img[64 + i] = i * 13;
    }
    crc = crc32_ieee(img + 64, payload) ^ (bad_crc ? 1 : 0);
    memcpy(img, "FBNICIMG", 8);
    memcpy(img + 8, &fmt, 2);
    memcpy(img + 10, &hl, 2);
    memcpy(img + 12, &section, 4);
    memcpy(img + 16, &version, 4);
    strcpy((char *)img + 20, commit);
    memcpy(img + 40, &payload, 4);
    memcpy(img + 44, &crc, 4);
    *len = 64 + payload;
    return img;
}

/*
 * Flash @img as the driver does: START, then answer each chunk request
 * until the firmware's FINISH; returns the finish error (or the start
 * error when the firmware refused to start).
 */
static int flash(Fbnic *f, uint32_t section, const uint8_t *img, unsigned len)
{
    uint8_t buf[4096];
    unsigned rlen, chunks = 0;
    int64_t err;
    Msg *m = g_new(Msg, 1);

    msg_begin(m, 0x22);
    msg_u64(m, 0x1, section);
    msg_u64(m, 0x2, len);
    g_assert_cmphex(msg_send(f, m) & (D_FW | D_ERR), ==, D_FW);
    rlen = mbx_expect(f, buf, 0x23);
    err = attr_int(buf, rlen, 0x0, 0);
    if (err) {
        g_free(m);
        return err;
    }
    for (;;) {
        uint64_t off, clen;

        rlen = mbx_recv(f, buf);
        if ((tlv_word(buf) & 0xfff) == 0x28) {
            break;
        }
        g_assert_cmphex(tlv_word(buf) & 0xfff, ==, 0x24);
        off = attr_int(buf, rlen, 0x0, -1);
        clen = attr_int(buf, rlen, 0x1, -1);
        g_assert_cmpuint(off + clen, <=, len);
        g_assert_cmpuint(clen, <=, 3584);
        chunks++;
        msg_begin(m, 0x25);
        msg_u64(m, 0x0, off);
        msg_u64(m, 0x1, clen);
        msg_attr(m, 0x2, img + off, clen);
        g_assert_cmphex(msg_send(f, m) & (D_FW | D_ERR), ==, D_FW);
    }
    g_assert_cmpuint(chunks, >=, 1);
    g_free(m);
    return attr_int(buf, rlen, 0x0, 0);
}

static uint32_t caps_stored_fw(Fbnic *f, char *commit)
{
    uint32_t req[1] = { msg_hdr(0x10, 1) };
    const uint8_t *a;
    uint8_t buf[4096];
    unsigned len, alen;

    g_assert_cmphex(mbx_send(f, req, 1) & (D_FW | D_ERR), ==, D_FW);
    len = mbx_expect(f, buf, 0x11);
    a = tlv_find(buf, len, 0xc, &alen);
    g_assert(a);
    strcpy(commit, (const char *)a);
    return attr_int(buf, len, 0x4, 0);
}

static void test_flash(void)
{
    Fbnic *f = fbnic_start("id=nic0,fw-version=0x19010203");
    unsigned len;
    uint8_t *good = make_image(1, 0x1a020304, "newc0de", 4000, false, &len);
    uint8_t *bad = make_image(1, 0x1b000000, "bad", 4000, true, &len);
    char commit[32];

    mbx_bring_up(f);
    /* unknown section and empty image are refused at START */
    g_assert_cmpint(flash(f, 7, good, len), ==, -22);
    /* a bad CRC is refused at FINISH and nothing changes */
    g_assert_cmpint(flash(f, 1, bad, len), ==, -74);
    g_assert_cmphex(caps_stored_fw(f, commit), ==, 0x19010203);
    g_assert_cmpstr(commit, ==, "a1b2c3d4");
    /* an image for another section than START named */
    g_assert_cmpint(flash(f, 0, good, len), ==, -22);
    /* a good one updates the stored version and commit only */
    g_assert_cmpint(flash(f, 1, good, len), ==, 0);
    g_assert_cmphex(caps_stored_fw(f, commit), ==, 0x1a020304);
    g_assert_cmpstr(commit, ==, "newc0de");
    g_assert_cmphex(qom_get_int(f, "stored-fw-version"), ==, 0x1a020304);
    g_assert_cmphex(qom_get_int(f, "fw-version"), ==, 0x19010203);
    g_free(good);
    g_free(bad);
    fbnic_stop(f);
}

/* ------------------------------------------------------------------ */
/* Core dump, QSFP, faults, AER                                        */
/* ------------------------------------------------------------------ */

static int64_t coredump_info(Fbnic *f, bool create, bool *avail)
{
    uint8_t buf[4096];
    unsigned len, alen;
    Msg m;

    msg_begin(&m, 0x18);
    if (create) {
        msg_attr(&m, 0x0, NULL, 0);
    }
    g_assert_cmphex(msg_send(f, &m) & (D_FW | D_ERR), ==, D_FW);
    len = mbx_expect(f, buf, 0x19);
    *avail = tlv_find(buf, len, 0x0, &alen) != NULL;
    return attr_int(buf, len, 0x1, 0);
}

static int coredump_read(Fbnic *f, uint32_t off, uint32_t n, uint8_t *out)
{
    uint8_t buf[4096];
    unsigned len, alen;
    const uint8_t *a;
    int64_t err;
    Msg m;

    msg_begin(&m, 0x20);
    msg_u64(&m, 0x0, off);
    msg_u64(&m, 0x1, n);
    g_assert_cmphex(msg_send(f, &m) & (D_FW | D_ERR), ==, D_FW);
    len = mbx_expect(f, buf, 0x21);
    g_assert_cmpint(attr_int(buf, len, 0x0, -1), ==, off);
    g_assert_cmpint(attr_int(buf, len, 0x1, -1), ==, n);
    err = attr_int(buf, len, 0x3, 0);
    if (!err) {
        a = tlv_find(buf, len, 0x2, &alen);
        g_assert(a && alen == n);
        memcpy(out, a, n);
    }
    return err;
}

static void test_coredump(void)
{
    Fbnic *f = fbnic_start("id=nic0,coredump-size=5000");
    uint8_t data[3584];
    bool avail;
    uint32_t w;

    mbx_bring_up(f);
    g_assert_cmpint(coredump_info(f, false, &avail), ==, 0);
    g_assert(!avail);
    g_assert_cmpint(coredump_info(f, true, &avail), ==, 5000);
    g_assert(avail);
    g_assert_cmpint(coredump_read(f, 0, 3584, data), ==, 0);
    memcpy(&w, data, 4);
    g_assert_cmphex(w, ==, 0x504d4446);             /* "FDMP" */
    memcpy(&w, data + 12, 4);
    g_assert_cmpuint(w, ==, 2);                     /* host request */
    memcpy(&w, data + 64, 4);
    g_assert_cmpuint(w, ==, 64);                    /* the pattern */
    g_assert_cmpint(coredump_read(f, 3584, 5000 - 3584, data), ==, 0);
    memcpy(&w, data, 4);
    g_assert_cmpuint(w, ==, 3584);
    /* past the end */
    g_assert_cmpint(coredump_read(f, 4000, 3584, data), ==, -22);
    fbnic_stop(f);
}

static int qsfp_read(Fbnic *f, unsigned page, unsigned off, unsigned n,
                     uint8_t *out)
{
    uint8_t buf[4096];
    unsigned len, alen;
    const uint8_t *a;
    int64_t err;
    Msg m;

    msg_begin(&m, 0x38);
    msg_u64(&m, 0x0, 0);
    msg_u64(&m, 0x1, page);
    msg_u64(&m, 0x2, off);
    msg_u64(&m, 0x3, n);
    g_assert_cmphex(msg_send(f, &m) & (D_FW | D_ERR), ==, D_FW);
    len = mbx_expect(f, buf, 0x39);
    g_assert_cmpint(attr_int(buf, len, 0x1, -1), ==, page);
    g_assert_cmpint(attr_int(buf, len, 0x2, -1), ==, off);
    g_assert_cmpint(attr_int(buf, len, 0x3, -1), ==, n);
    err = attr_int(buf, len, 0x4, 0);
    if (!err) {
        a = tlv_find(buf, len, 0x5, &alen);
        g_assert(a && alen == n);
        memcpy(out, a, n);
    }
    return err;
}

static void test_qsfp(void)
{
    Fbnic *f = fbnic_start("id=nic0");
    uint8_t e[128];
    uint8_t sum = 0;
    unsigned i;

    mbx_bring_up(f);
    g_assert_cmpint(qsfp_read(f, 0, 0, 128, e), ==, 0);
    g_assert_cmphex(e[0], ==, 0x11);
    g_assert_cmpint(qsfp_read(f, 0, 128, 128, e), ==, 0);
    g_assert_cmphex(e[0], ==, 0x11);
    g_assert(!memcmp(e + 20, "FBNIC EMU       ", 16));
    for (i = 0; i < 63; i++) {
        sum += e[i];
    }
    g_assert_cmphex(sum, ==, e[63]);                /* CC_BASE */
    /* outside the flat memory, then with the module pulled */
    g_assert_cmpint(qsfp_read(f, 3, 128, 128, e), ==, -22);
    qom_set_bool(f, "qsfp-present", false);
    g_assert_cmpint(qsfp_read(f, 0, 0, 128, e), ==, -19);
    fbnic_stop(f);
}

/* A MAC sync request: @n addresses of 6 bytes for attribute @list */
static void msg_mac_list(Msg *m, unsigned list, const uint8_t (*a)[6],
                         unsigned n)
{
    uint8_t nest[512];
    unsigned i, len = 0;

    g_assert_cmpuint(n * 12, <=, sizeof(nest));
    for (i = 0; i < n; i++) {
        uint32_t h = 0x3 | (10 << 16);      /* MAC_ADDR, 6 bytes */

        memcpy(nest + len, &h, 4);
        memcpy(nest + len + 4, a[i], 6);
        memset(nest + len + 10, 0, 2);
        len += 12;
    }
    msg_attr(m, list, nest, len);
}

static char *qom_get_str(Fbnic *f, const char *prop)
{
    QDict *rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-get', 'arguments': "
                           "{'path': '/machine/peripheral/nic0', "
                           "'property': %s}}", prop);
    char *v;

    g_assert(qdict_haskey(rsp, "return"));
    v = g_strdup(qdict_get_str(rsp, "return"));
    qobject_unref(rsp);
    return v;
}

/* The firmware keeps the host's last well-formed MAC sync request */
static void test_mac_sync(void)
{
    static const uint8_t addr[9][6] = {
        { 0x02, 0x1d, 0x9b, 0x00, 0x00, 0x01 },
        { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 },
        { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
        [3 ... 8] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x09 },
    };
    Fbnic *f = fbnic_start("id=nic0,bmc-present=on");
    uint32_t flags = 0x5;                   /* promisc | broadcast */
    char *s;
    Msg m;

    mbx_bring_up(f);
    s = qom_get_str(f, "bmc-mac-sync");
    g_assert_cmpstr(s, ==, "syncs=0 flags=0x0 uc= mc=");
    g_free(s);

    msg_begin(&m, 0x46);
    msg_mac_list(&m, 0x1, addr, 2);
    msg_mac_list(&m, 0x2, addr + 2, 1);
    msg_attr(&m, 0x0, &flags, 4);
    g_assert_cmphex(msg_send(f, &m) & D_ERR, ==, 0);
    s = qom_get_str(f, "bmc-mac-sync");
    g_assert_cmpstr(s, ==, "syncs=1 flags=0x5 uc=02:1d:9b:00:00:01,"
                    "02:00:00:00:00:02 mc=33:33:00:00:00:01");
    g_free(s);

    /* nine unicast addresses is one more than the list holds */
    msg_begin(&m, 0x46);
    msg_mac_list(&m, 0x1, addr, 9);
    g_assert_cmphex(msg_send(f, &m) & D_ERR, ==, D_ERR);
    s = qom_get_str(f, "bmc-mac-sync");
    g_assert_cmpstr(s, ==, "syncs=1 flags=0x5 uc=02:1d:9b:00:00:01,"
                    "02:00:00:00:00:02 mc=33:33:00:00:00:01");
    g_free(s);

    /* bmc-present can change at run time; the next capabilities say so */
    qom_set_bool(f, "bmc-present", false);
    g_assert(!qom_get_int(f, "bmc-rx-frames"));
    fbnic_stop(f);
}

static void qom_set_str(Fbnic *f, const char *prop, const char *v)
{
    QDict *rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-set', 'arguments': "
                           "{'path': '/machine/peripheral/nic0', "
                           "'property': %s, 'value': %s}}", prop, v);

    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
}

/* The next message is log line @seq (if >= 0) saying @text; its seq */
static int64_t log_expect(Fbnic *f, const char *text, int64_t seq)
{
    uint8_t buf[4096];
    const uint8_t *line;
    unsigned len, alen;
    int64_t got;

    len = mbx_expect(f, buf, 0x44);
    got = attr_int(buf, len, 0x1, -1);
    if (seq >= 0) {
        g_assert_cmpint(got, ==, seq);
    }
    line = tlv_find(buf, len, 0x2, &alen);
    g_assert(line && alen && !line[alen - 1]);
    if (text) {
        g_assert_cmpstr((const char *)line, ==, text);
    }
    return got;
}

static void log_ctrl(Fbnic *f, bool enable)
{
    uint32_t format = 1;
    Msg m;

    msg_begin(&m, 0x43);
    if (enable) {
        msg_attr(&m, 0x0, &format, 0);
        msg_attr(&m, 0x1, &format, 4);
    }
    g_assert_cmphex(msg_send(f, &m) & D_ERR, ==, 0);
}

/* The log streams only when asked, in sequence; fw-log adds a line */
static void test_fw_log(void)
{
    Fbnic *f = fbnic_start("id=nic0");
    int64_t seq;

    mbx_bring_up(f);
    qom_set_str(f, "fw-log", "not streamed");
    g_assert(mbx_empty(f));

    log_ctrl(f, true);
    seq = log_expect(f, NULL, -1);         /* streaming enabled */
    qom_set_str(f, "fw-log", "line from the test");
    log_expect(f, "line from the test", seq + 1);

    log_ctrl(f, false);
    qom_set_str(f, "fw-log", "not streamed either");
    g_assert(mbx_empty(f));
    fbnic_stop(f);
}

static uint64_t heartbeat(Fbnic *f, bool *answered)
{
    uint32_t req[1] = { msg_hdr(0x14, 1) };
    uint8_t buf[4096];
    unsigned len;

    g_assert_cmphex(mbx_send(f, req, 1) & (D_FW | D_ERR), ==, D_FW);
    *answered = !mbx_empty(f);
    if (!*answered) {
        return 0;
    }
    len = mbx_expect(f, buf, 0x15);
    return attr_int(buf, len, 0x0, -1);
}

static void test_faults(void)
{
    Fbnic *f = fbnic_start("id=nic0,fw-crash-ms=500");
    uint8_t buf[4096];
    uint64_t up;
    bool ok, avail;
    unsigned i;

    mbx_bring_up(f);
    qtest_clock_step(f->qs->qts, 2000 * 1000000ll);
    up = heartbeat(f, &ok);
    g_assert(ok && up >= 2000);

    qom_set_bool(f, "fw-heartbeat-stopped", true);
    heartbeat(f, &ok);
    g_assert(!ok);
    qom_set_bool(f, "fw-heartbeat-stopped", false);

    qom_set_int(f, "fw-drop-replies", 1);
    heartbeat(f, &ok);
    g_assert(!ok);
    g_assert_cmpint(qom_get_int(f, "fw-drop-replies"), ==, 0);
    heartbeat(f, &ok);
    g_assert(ok);

    qom_set_int(f, "fw-reply-delay-ms", 100);
    heartbeat(f, &ok);
    g_assert(!ok);
    qtest_clock_step(f->qs->qts, 100 * 1000000ll);
    g_assert(!mbx_empty(f));
    mbx_expect(f, buf, 0x15);
    qom_set_int(f, "fw-reply-delay-ms", 0);

    /* crash: silence, then a restart with uptime from 0 and a dump */
    qom_set_bool(f, "fw-crash", true);
    heartbeat(f, &ok);
    g_assert(!ok);
    qtest_clock_step(f->qs->qts, 600 * 1000000ll);
    up = heartbeat(f, &ok);
    g_assert(ok && up < 200);
    g_assert_cmpint(coredump_info(f, false, &avail), ==, 20000);
    g_assert(avail);

    /* malformed messages come in a cycle of five kinds */
    qom_set_int(f, "fw-malformed", 5);
    g_assert_cmpint(qom_get_int(f, "fw-malformed"), ==, 0);
    settle(f);
    for (i = 0; i < 5; i++) {
        g_assert(!mbx_empty(f));
        mbx_recv(f, buf);
    }
    g_assert(mbx_empty(f));
    fbnic_stop(f);
}

/*
 * fw-uptime-ms: a test sets the uptime the firmware reports and it
 * counts on from there, so that the restart after a crash shows as the
 * uptime going back however long the firmware had really been up.
 * With fw-crash-ms 0 a crash lasts until fw-crash is cleared.
 */
static void test_fw_uptime(void)
{
    Fbnic *f = fbnic_start("id=nic0,fw-crash-ms=0");
    const uint64_t big = 1000000000ull;     /* 11.6 days */
    uint64_t up, t;
    bool ok;

    mbx_bring_up(f);
    qtest_clock_step(f->qs->qts, 2000 * 1000000ll);
    up = qom_get_int(f, "fw-uptime-ms");
    g_assert_cmpuint(up, >=, 2000);
    g_assert_cmpuint(up, <, 2100);
    /* what the heartbeat reports (at most a settle step later) */
    t = heartbeat(f, &ok);
    g_assert(ok);
    g_assert_cmpuint(t, >=, up);
    g_assert_cmpuint(t, <=, up + 1);

    qom_set_int(f, "fw-uptime-ms", big);
    g_assert_cmpuint(qom_get_int(f, "fw-uptime-ms"), ==, big);
    t = heartbeat(f, &ok);
    g_assert(ok);
    g_assert_cmpuint(t, >=, big);
    g_assert_cmpuint(t, <=, big + 1);
    up = qom_get_int(f, "fw-uptime-ms");
    qtest_clock_step(f->qs->qts, 5000 * 1000000ll);
    g_assert_cmpuint(qom_get_int(f, "fw-uptime-ms"), ==, up + 5000);
    /* back down works too, and an absurd uptime is refused */
    qom_set_int(f, "fw-uptime-ms", 50);
    g_assert_cmpuint(qom_get_int(f, "fw-uptime-ms"), ==, 50);
    qom_set_int_fails(f, "fw-uptime-ms", 1ll << 53);
    g_assert_cmpuint(qom_get_int(f, "fw-uptime-ms"), ==, 50);
    qom_set_int(f, "fw-uptime-ms", big);

    /* crashed: no uptime, none to set, down for as long as it takes */
    qom_set_bool(f, "fw-crash", true);
    g_assert_cmpuint(qom_get_int(f, "fw-uptime-ms"), ==, 0);
    qom_set_int_fails(f, "fw-uptime-ms", big);
    heartbeat(f, &ok);
    g_assert(!ok);
    qtest_clock_step(f->qs->qts, 60000 * 1000000ll);
    g_assert(qom_get_bool(f, "fw-crash"));
    heartbeat(f, &ok);
    g_assert(!ok);

    /* cleared: restarted, its uptime from 0, far below what it was */
    qom_set_bool(f, "fw-crash", false);
    g_assert(!qom_get_bool(f, "fw-crash"));
    g_assert_cmpuint(qom_get_int(f, "fw-uptime-ms"), ==, 0);
    t = heartbeat(f, &ok);
    g_assert(ok);
    g_assert_cmpuint(t, <=, 1);

    /* clearing it with no crash going on changes nothing */
    up = qom_get_int(f, "fw-uptime-ms");
    qom_set_bool(f, "fw-crash", false);
    g_assert(!qom_get_bool(f, "fw-crash"));
    g_assert_cmpuint(qom_get_int(f, "fw-uptime-ms"), ==, up);
    fbnic_stop(f);
}

/* BAR0: the PTP time counter */
#define PTP_CTRL            0x12000
#define PTP_ADJUST          0x12004
#define PTP_INIT_HI         0x12008
#define PTP_INIT_LO         0x1200c
#define PTP_ADDEND_NS       0x12018
#define PTP_ADDEND_SUBNS    0x1201c
#define PTP_TIME_HI         0x12020
#define PTP_TIME_LO         0x12024
#define PTP_ADJUST_INIT     (1u << 0)
#define PTP_ADJUST_ADDEND   (1u << 24)
/* 1e9 / 600e6 ns per tick in Q16.32, as the driver computes it */
#define PTP_ADDEND_NOMINAL  0x1aaaaaaaaull

static void ptp_addend_regs(Fbnic *f, uint64_t addend)
{
    wr0(f, PTP_ADDEND_NS, addend >> 32);
    wr0(f, PTP_ADDEND_SUBNS, (uint32_t)addend);
}

static uint64_t ptp_counter(Fbnic *f)
{
    uint32_t hi = rd0(f, PTP_TIME_HI);

    return (uint64_t)hi << 32 | rd0(f, PTP_TIME_LO);
}

/*
 * ptp-addend, ptp-rate-ppb and ptp-time-ns show what the driver
 * programmed into the time counter: a test can check the rate an
 * adjfine set exactly instead of timing the clock against the host.
 */
static void test_ptp_props(void)
{
    Fbnic *f = fbnic_start("id=nic0");
    /* +100 ppm and -50 %, the way the driver's adjfine scales them */
    const uint64_t fast = PTP_ADDEND_NOMINAL + PTP_ADDEND_NOMINAL / 10000;
    const uint64_t half = PTP_ADDEND_NOMINAL - PTP_ADDEND_NOMINAL / 2;
    const uint64_t start = 5000000000ull;
    uint64_t t;

    /* out of reset: nominal rate, stopped at 0 */
    g_assert_cmphex(qom_get_int(f, "ptp-addend"), ==, PTP_ADDEND_NOMINAL);
    g_assert_cmpint(qom_get_int(f, "ptp-rate-ppb"), ==, 0);
    qtest_clock_step(f->qs->qts, 1000 * 1000000ll);
    g_assert_cmpuint(qom_get_int(f, "ptp-time-ns"), ==, 0);

    /* started at @start as the driver does it */
    wr0(f, PTP_CTRL, 1);
    ptp_addend_regs(f, PTP_ADDEND_NOMINAL);
    wr0(f, PTP_INIT_HI, start >> 32);
    wr0(f, PTP_INIT_LO, (uint32_t)start);
    wr0(f, PTP_ADJUST, PTP_ADJUST_INIT);
    g_assert_cmpuint(qom_get_int(f, "ptp-time-ns"), ==, start);
    qtest_clock_step(f->qs->qts, 1000 * 1000000ll);
    /* the nominal addend is truncated: 0.09 ns short per second */
    t = qom_get_int(f, "ptp-time-ns");
    g_assert_cmpuint(t, ==, start + 1000000000ull - 1);
    g_assert_cmpuint(ptp_counter(f), ==, t);

    /* a new addend only counts once the driver says so */
    ptp_addend_regs(f, fast);
    g_assert_cmphex(qom_get_int(f, "ptp-addend"), ==, PTP_ADDEND_NOMINAL);
    wr0(f, PTP_ADJUST, PTP_ADJUST_ADDEND);
    g_assert_cmphex(qom_get_int(f, "ptp-addend"), ==, fast);
    g_assert_cmpint(qom_get_int(f, "ptp-rate-ppb"), ==, 100000);
    t = qom_get_int(f, "ptp-time-ns");
    qtest_clock_step(f->qs->qts, 1000 * 1000000ll);
    g_assert_cmpuint(qom_get_int(f, "ptp-time-ns") - t, ==,
                     1000000000ull + 100000 - 1);

    ptp_addend_regs(f, half);
    wr0(f, PTP_ADJUST, PTP_ADJUST_ADDEND);
    g_assert_cmpint(qom_get_int(f, "ptp-rate-ppb"), ==, -500000000);
    t = qom_get_int(f, "ptp-time-ns");
    qtest_clock_step(f->qs->qts, 1000 * 1000000ll);
    g_assert_cmpuint(qom_get_int(f, "ptp-time-ns") - t, ==, 500000000ull - 1);

    /* stopped: the time holds, the rate is still what was programmed */
    wr0(f, PTP_CTRL, 0);
    t = qom_get_int(f, "ptp-time-ns");
    qtest_clock_step(f->qs->qts, 1000 * 1000000ll);
    g_assert_cmpuint(qom_get_int(f, "ptp-time-ns"), ==, t);
    g_assert_cmpint(qom_get_int(f, "ptp-rate-ppb"), ==, -500000000);

    /* they are read only */
    qom_set_int_fails(f, "ptp-addend", PTP_ADDEND_NOMINAL);
    qom_set_int_fails(f, "ptp-rate-ppb", 0);
    qom_set_int_fails(f, "ptp-time-ns", 0);
    fbnic_stop(f);
}

static void test_aer(void)
{
    Fbnic *f = fbnic_start("id=nic0");
    uint8_t exp = qpci_find_capability(f->dev, PCI_CAP_ID_EXP, 0);
    char *out;

    g_assert(exp);
    /* function level reset is advertised */
    g_assert(qpci_config_readl(f->dev, exp + PCI_EXP_DEVCAP) &
             PCI_EXP_DEVCAP_FLR);
    /* the monitor finds the AER capability and logs the error */
    out = qtest_hmp(f->qs->qts, "pcie_aer_inject_error nic0 POISON_TLP");
    g_assert(strstr(out, "OK id: nic0"));
    g_free(out);
    g_assert(qpci_config_readw(f->dev, exp + PCI_EXP_DEVSTA) &
             PCI_EXP_DEVSTA_NFED);
    out = qtest_hmp(f->qs->qts, "pcie_aer_inject_error -c nic0 0x1");
    g_assert(strstr(out, "OK id: nic0"));
    g_free(out);
    g_assert(qpci_config_readw(f->dev, exp + PCI_EXP_DEVSTA) &
             PCI_EXP_DEVSTA_CED);
    fbnic_stop(f);
}

/* ------------------------------------------------------------------ */
/* Receive classifier, MAC and statistics counters                     */
/* ------------------------------------------------------------------ */

#define RPC_RMI_CONFIG      0x21000
#define RPC_ACT0_DEFAULT    0x21028
#define RPC_ACT1_DEFAULT    0x2102c
#define RPC_RSS_KEY(n)      (0x21030 + 4 * (n))
#define RPC_CNT_IPV4_FRAG   0x21280
#define RPC_CNT_OUT_OF_HDR  0x21294
#define RPC_CNT_OVR_SIZE    0x21298
#define RPC_ACT0(n)         (0x22000 + 4 * (n))
#define RPC_ACT1(n)         (0x22100 + 4 * (n))
#define RPC_TCAM_ACT(n, w)  (0x22200 + 0x100 * (w) + 4 * (n))
#define RPC_TCAM_MACDA(n, w) (0x22e00 + 0x80 * (w) + 4 * (n))
#define RPC_TCAM_IPDST(n, w) (0x23360 + 0x20 * (w) + 4 * (n))
#define RPC_RSS_TBL(c, n)   (0x23480 + 0x400 * (c) + 4 * (n))
#define RXB_ERR_INTR_STS    0x20140
#define RXB_DROP_FRMS(n)    (0x2015c + 4 * (n))
#define RXB_DST_FRMS(n)     (0x20414 + 4 * (n))
#define RXB_PARSER_ERR(n)   (0x204dc + 4 * (n))
#define MAC_CMD_CONFIG      0x44008
#define MAC_RX_OCTETS       0x46820
#define MAC_RX_OK           0x46848
#define MAC_RX_MCAST        0x46870
#define MAC_RX_BCAST        0x46878
#define MAC_RX_64           0x46898
#define MAC_RX_1024_1518    0x468c0
#define MAC_RX_CONTROL      0x468f0
#define MAC_RX_XOFF         0x46800
#define RPC_RX_8192_9216    0x21594

#define TCAM_VALID          (1u << 31)
#define ACTK1_MACDA_HIT     0x0400u
#define ACTK1_IP_IS_V6      0x0800u
#define ACTK1_IP_VALID      0x1000u
#define ACTK1_L4_IS_UDP     0x4000u
#define ACTK1_L4_VALID      0x8000u
#define ACT0_DROP           (1u << 0)
#define ACT0_DEST_HOST      (1u << 1)
#define ACT0_Q_SEL          (1u << 4)
#define ACT0_HINT_L4        (4u << 16)
#define RSS_L3              0x3u
#define RSS_L4              0xfu
#define RSS_L2_DA           0x10u
#define RSS_FIRST_ENTRY     57      /* 64 - 7 flow types, no BMC */
#define HOST_MACDA          30
#define ALLMULTI_MACDA      31

static const uint8_t host_mac[6] = { 0x02, 0x1d, 0x9b, 0x00, 0x00, 0x01 };
static const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

/* The Microsoft RSS verification key */
static const uint8_t ms_rss_key[40] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
    0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
    0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
    0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

typedef struct Verdict {
    int drop, csum_ok, perr, ts;
    unsigned queue, hash, l3, l4, l2_csum, hint, hdr_len, act;
} Verdict;

/* Push a frame through the Rx pipeline via the test-only QOM hook */
static Verdict rx_probe(Fbnic *f, const uint8_t *frame, size_t len)
{
    g_autofree char *hex = g_malloc(2 * len + 1);
    const char *s;
    QDict *rsp;
    Verdict v;
    size_t i;

    for (i = 0; i < len; i++) {
        sprintf(hex + 2 * i, "%02x", frame[i]);
    }
    hex[2 * len] = 0;
    rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-set', 'arguments': "
                    "{'path': '/machine/peripheral/nic0', "
                    "'property': 'x-rpc-probe', 'value': %s}}", hex);
    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);

    rsp = qtest_qmp(f->qs->qts, "{'execute': 'qom-get', 'arguments': "
                    "{'path': '/machine/peripheral/nic0', "
                    "'property': 'x-rpc-probe'}}");
    s = qdict_get_str(rsp, "return");
    g_assert_cmpint(sscanf(s, "drop=%d queue=%u hash=0x%x l3=%u l4=%u "
                           "csum_ok=%d l2_csum=0x%x perr=%d hint=%u "
                           "hdr_len=%u ts=%d act=%u",
                           &v.drop, &v.queue, &v.hash, &v.l3, &v.l4,
                           &v.csum_ok, &v.l2_csum, &v.perr, &v.hint,
                           &v.hdr_len, &v.ts, &v.act), ==, 12);
    qobject_unref(rsp);
    return v;
}

static uint64_t rd64(Fbnic *f, uint64_t lo)
{
    uint32_t hi = rd0(f, lo + 4), l = rd0(f, lo);

    g_assert_cmpuint(rd0(f, lo + 4), ==, hi);
    return ((uint64_t)hi << 32) | l;
}

/* 16-bit words: value low, mask (1 = don't care) high */
static uint32_t tcam_word(uint16_t value, uint16_t mask)
{
    return ((uint32_t)mask << 16) | value;
}

/* As the driver writes a MAC address entry: key words, then valid */
static void program_macda(Fbnic *f, unsigned n, const uint8_t *a,
                          const uint8_t *m)
{
    unsigned w;

    for (w = 0; w < 3; w++) {
        unsigned b = 4 - 2 * w;

        wr0(f, RPC_TCAM_MACDA(n, w),
            tcam_word((a[b] << 8) | a[b + 1], (m[b] << 8) | m[b + 1]));
    }
    wr0(f, RPC_TCAM_MACDA(n, 3), TCAM_VALID);
}

/* An action entry keyed on word 1 only, like the driver's RSS rules */
static void program_act(Fbnic *f, unsigned n, uint16_t k1_value,
                        uint16_t k1_mask, uint32_t act0, uint32_t act1)
{
    unsigned w;

    wr0(f, RPC_ACT0(n), act0);
    wr0(f, RPC_ACT1(n), act1);
    for (w = 0; w < 11; w++) {
        wr0(f, RPC_TCAM_ACT(n, w), w == 1 ? tcam_word(k1_value, k1_mask) :
                                            tcam_word(0, 0xffff));
    }
    wr0(f, RPC_TCAM_ACT(n, 11), TCAM_VALID);
}

/* Link up, RSS key and table, host MAC and broadcast, per-flow RSS rules */
static void rpc_program_like_driver(Fbnic *f)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t exact[6];
    static const struct {
        uint16_t flags;
        uint32_t rss;
    } flow[7] = {
        { ACTK1_L4_VALID | ACTK1_L4_IS_UDP | ACTK1_IP_VALID | ACTK1_IP_IS_V6,
          RSS_L3 },
        { ACTK1_L4_VALID | ACTK1_L4_IS_UDP | ACTK1_IP_VALID, RSS_L3 },
        { ACTK1_L4_VALID | ACTK1_IP_VALID | ACTK1_IP_IS_V6, RSS_L4 },
        { ACTK1_L4_VALID | ACTK1_IP_VALID, RSS_L4 },
        { ACTK1_IP_VALID | ACTK1_IP_IS_V6, RSS_L3 },
        { ACTK1_IP_VALID, RSS_L3 },
        { 0, RSS_L2_DA },
    };
    uint8_t key[56] = { 0 };
    unsigned i;

    /* MAC out of reset and enabled, as at link up */
    wr0(f, MAC_CMD_CONFIG, (1u << 11) | (1u << 4) | (1u << 1) | (1u << 0));

    memcpy(key, ms_rss_key, sizeof(ms_rss_key));
    for (i = 0; i < 14; i++) {
        wr0(f, RPC_RSS_KEY(i), ldl_be_p(key + 4 * i));
    }
    for (i = 0; i < 256; i++) {
        wr0(f, RPC_RSS_TBL(0, i), i % 4);
        wr0(f, RPC_RSS_TBL(1, i), 4 + i % 2);
    }
    wr0(f, RPC_ACT0_DEFAULT, ACT0_DROP);
    wr0(f, RPC_ACT1_DEFAULT, 0);
    wr0(f, RPC_RMI_CONFIG, (9742u << 16) | (1u << 12) | 20);

    program_macda(f, HOST_MACDA, host_mac, exact);
    program_macda(f, 4, bcast, exact);
    for (i = 0; i < 7; i++) {
        uint16_t v = ACTK1_MACDA_HIT | flow[i].flags;

        program_act(f, RSS_FIRST_ENTRY + i, v, ~v,
                    ACT0_DEST_HOST | ACT0_HINT_L4, flow[i].rss);
    }
}

/*
 * Ones' complement sum of the bytes after the Ethernet header, taken as
 * little-endian words: what csum_partial() gives on x86
 */
static uint16_t le_csum_after_l2(const uint8_t *b, size_t len)
{
    uint32_t sum = 0;
    size_t i;

    for (i = 14; i < len; i += 2) {
        sum += b[i] | (i + 1 < len ? b[i + 1] << 8 : 0);
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

static uint16_t be_csum(const uint8_t *b, size_t len, uint32_t sum)
{
    size_t i;

    for (i = 0; i < len; i += 2) {
        sum += (b[i] << 8) | (i + 1 < len ? b[i + 1] : 0);
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/*
 * Build Ethernet + IPv4/IPv6 + TCP/UDP with correct checksums.
 * proto 6 = TCP, 17 = UDP.  Returns the frame length.
 */
static size_t build_ip_frame(uint8_t *fr, const uint8_t *da, bool v6,
                             const char *src, const char *dst, uint8_t proto,
                             uint16_t sport, uint16_t dport, size_t payload)
{
    size_t l3 = 14, ihl = v6 ? 40 : 20, l4len = (proto == 6 ? 20 : 8) +
                                                 payload;
    uint8_t *ip = fr + l3, *l4 = ip + ihl, pseudo[40];
    uint32_t sum;
    size_t plen;

    memset(fr, 0, l3 + ihl + l4len);
    memcpy(fr, da, 6);
    memcpy(fr + 6, peer_mac, 6);
    stw_be_p(fr + 12, v6 ? 0x86dd : 0x0800);
    if (v6) {
        ip[0] = 0x60;
        stw_be_p(ip + 4, l4len);
        ip[6] = proto;
        ip[7] = 64;
        g_assert(inet_pton(AF_INET6, src, ip + 8) == 1);
        g_assert(inet_pton(AF_INET6, dst, ip + 24) == 1);
        memcpy(pseudo, ip + 8, 32);
        stl_be_p(pseudo + 32, l4len);
        stl_be_p(pseudo + 36, proto);
        plen = 40;
    } else {
        ip[0] = 0x45;
        stw_be_p(ip + 2, ihl + l4len);
        ip[8] = 64;
        ip[9] = proto;
        g_assert(inet_pton(AF_INET, src, ip + 12) == 1);
        g_assert(inet_pton(AF_INET, dst, ip + 16) == 1);
        stw_be_p(ip + 10, ~be_csum(ip, 20, 0));
        memcpy(pseudo, ip + 12, 8);
        pseudo[8] = 0;
        pseudo[9] = proto;
        stw_be_p(pseudo + 10, l4len);
        plen = 12;
    }
    stw_be_p(l4, sport);
    stw_be_p(l4 + 2, dport);
    if (proto == 6) {
        l4[12] = 5 << 4;
        l4[13] = 0x18;
    } else {
        stw_be_p(l4 + 4, l4len);
    }
    memset(l4 + l4len - payload, 0xa5, payload);
    sum = be_csum(pseudo, plen, 0);
    stw_be_p(l4 + (proto == 6 ? 16 : 6), ~be_csum(l4, l4len, sum));
    return l3 + ihl + l4len;
}

/* RSS: hash and queue for known Toeplitz vectors, metadata, header split */
static void test_rpc_rss(void)
{
    Fbnic *f = fbnic_start("id=nic0");
    uint8_t fr[2048];
    unsigned w;
    size_t len;
    Verdict v;

    rpc_program_like_driver(f);

    /* TCP4: four-tuple hash from the Microsoft verification suite */
    len = build_ip_frame(fr, host_mac, false, "66.9.149.187",
                         "161.142.100.80", 6, 2794, 1766, 10);
    v = rx_probe(f, fr, len);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmphex(v.hash, ==, 0x51ccc178);
    g_assert_cmpuint(v.queue, ==, (0x51ccc178 & 0xff) % 4);
    g_assert_cmpuint(v.act, ==, RSS_FIRST_ENTRY + 3);
    g_assert_cmpuint(v.l3, ==, 1);
    g_assert_cmpuint(v.l4, ==, 1);
    g_assert_cmpint(v.csum_ok, ==, 1);
    g_assert_cmpint(v.perr, ==, 0);
    g_assert_cmpuint(v.hint, ==, 4);
    g_assert_cmpuint(v.hdr_len, ==, 14 + 20 + 20);
    g_assert_cmphex(v.l2_csum, ==, le_csum_after_l2(fr, len));

    /* TCP4 second vector */
    len = build_ip_frame(fr, host_mac, false, "199.92.111.2",
                         "65.69.140.83", 6, 14230, 4739, 0);
    v = rx_probe(f, fr, len);
    g_assert_cmphex(v.hash, ==, 0xc626b0ea);

    /* UDP4 hashes on the addresses only, as the driver sets it up */
    len = build_ip_frame(fr, host_mac, false, "199.92.111.2",
                         "65.69.140.83", 17, 14230, 4739, 20);
    v = rx_probe(f, fr, len);
    g_assert_cmphex(v.hash, ==, 0xd718262a);
    g_assert_cmpuint(v.queue, ==, (0xd718262a & 0xff) % 4);
    g_assert_cmpuint(v.act, ==, RSS_FIRST_ENTRY + 1);
    g_assert_cmpuint(v.l4, ==, 2);
    g_assert_cmpint(v.csum_ok, ==, 1);
    g_assert_cmpuint(v.hdr_len, ==, 14 + 20 + 8);

    /* TCP6 four-tuple */
    len = build_ip_frame(fr, host_mac, true, "3ffe:2501:200:1fff::7",
                         "3ffe:2501:200:3::1", 6, 2794, 1766, 100);
    v = rx_probe(f, fr, len);
    g_assert_cmphex(v.hash, ==, 0x40207d3d);
    g_assert_cmpuint(v.l3, ==, 2);
    g_assert_cmpuint(v.act, ==, RSS_FIRST_ENTRY + 2);
    g_assert_cmpint(v.csum_ok, ==, 1);
    g_assert_cmpuint(v.hdr_len, ==, 14 + 40 + 20);

    /* UDP6 two-tuple */
    len = build_ip_frame(fr, host_mac, true, "3ffe:2501:200:1fff::7",
                         "3ffe:2501:200:3::1", 17, 2794, 1766, 3);
    v = rx_probe(f, fr, len);
    g_assert_cmphex(v.hash, ==, 0x2cc18cd5);
    g_assert_cmpuint(v.act, ==, RSS_FIRST_ENTRY + 0);

    /* A corrupted TCP checksum: not "unnecessary", L2 sum still right */
    len = build_ip_frame(fr, host_mac, false, "66.9.149.187",
                         "161.142.100.80", 6, 2794, 1766, 10);
    fr[len - 1] ^= 0x40;
    v = rx_probe(f, fr, len);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmpint(v.csum_ok, ==, 0);
    g_assert_cmphex(v.l2_csum, ==, le_csum_after_l2(fr, len));

    /* Direct queue and the second RSS context */
    program_act(f, 2, ACTK1_MACDA_HIT | ACTK1_L4_VALID | ACTK1_IP_VALID,
                (uint16_t)~(ACTK1_MACDA_HIT | ACTK1_L4_VALID |
                            ACTK1_IP_VALID | ACTK1_L4_IS_UDP),
                ACT0_DEST_HOST | ACT0_Q_SEL | (7u << 8), RSS_L4);
    len = build_ip_frame(fr, host_mac, false, "66.9.149.187",
                         "161.142.100.80", 6, 2794, 1766, 10);
    v = rx_probe(f, fr, len);
    g_assert_cmpuint(v.act, ==, 2);
    g_assert_cmpuint(v.queue, ==, 7);
    wr0(f, RPC_ACT0(2), ACT0_DEST_HOST | (1u << 30));
    v = rx_probe(f, fr, len);
    g_assert_cmpuint(v.queue, ==, 4 + (0x51ccc178 & 0xff) % 2);
    /*
     * The hash covers the fields the matched entry's own enable mask
     * names, not those of the flow type's RSS entry (still L4 here): a
     * rule steering to a context keeps the fields it was written with
     * until the driver rewrites it.
     */
    wr0(f, RPC_ACT1(2), RSS_L3);
    v = rx_probe(f, fr, len);
    g_assert_cmpuint(v.act, ==, 2);
    g_assert_cmphex(v.hash, ==, 0x323e8fc2);
    g_assert_cmpuint(v.queue, ==, 4 + (0x323e8fc2 & 0xff) % 2);
    wr0(f, RPC_ACT1(2), RSS_L4);

    /* An IP destination rule: 161.142.100.0/24 to a fixed queue */
    wr0(f, RPC_TCAM_IPDST(0, 0), tcam_word(0x6400, 0x00ff));
    wr0(f, RPC_TCAM_IPDST(0, 1), tcam_word(0xa18e, 0));
    for (w = 2; w < 8; w++) {
        wr0(f, RPC_TCAM_IPDST(0, w), tcam_word(0, 0xffff));
    }
    wr0(f, RPC_TCAM_IPDST(0, 8), TCAM_VALID);
    program_act(f, 3, 0, 0xffff, ACT0_DEST_HOST | ACT0_Q_SEL | (9u << 8), 0);
    wr0(f, RPC_TCAM_ACT(3, 0), tcam_word(0x0080, 0xff0f));  /* dst hit 0 */
    wr0(f, RPC_TCAM_ACT(3, 11), TCAM_VALID);
    wr0(f, RPC_TCAM_ACT(2, 11), 0);
    v = rx_probe(f, fr, len);
    g_assert_cmpuint(v.act, ==, 3);
    g_assert_cmpuint(v.queue, ==, 9);
    g_assert_cmphex(v.hash, ==, 0);

    fbnic_stop(f);
}

/* MAC address filtering: unicast, broadcast, multicast, all-multi */
static void test_rpc_filter(void)
{
    static const uint8_t other[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
    static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
    static const uint8_t mc_val[6] = { 0x01, 0, 0, 0, 0, 0 };
    static const uint8_t mc_mask[6] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t zero[6];
    Fbnic *f = fbnic_start("id=nic0");
    uint8_t fr[128] = { 0 };
    uint32_t drops;
    Verdict v;

    rpc_program_like_driver(f);

    /* a unicast frame for someone else: no MAC entry, default = drop */
    drops = rd0(f, RXB_DROP_FRMS(0));
    build_ip_frame(fr, other, false, "10.0.0.1", "10.0.0.2", 17, 1, 2, 18);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 1);
    g_assert_cmpuint(v.act, ==, 64);
    g_assert_cmpuint(rd0(f, RXB_DROP_FRMS(0)), ==, drops + 1);

    /* a multicast group nobody joined: dropped */
    build_ip_frame(fr, mcast, false, "10.0.0.1", "224.0.0.1", 17, 1, 2, 18);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 1);

    /* join it (exact entry, low index): accepted */
    program_macda(f, 23, mcast, zero);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmpuint(v.act, ==, RSS_FIRST_ENTRY + 1);
    wr0(f, RPC_TCAM_MACDA(23, 3), 0);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 1);

    /* all-multi: value 01:00:.., mask fe:ff:..: any group address */
    program_macda(f, ALLMULTI_MACDA, mc_val, mc_mask);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 0);
    build_ip_frame(fr, other, false, "10.0.0.1", "10.0.0.2", 17, 1, 2, 18);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 1);

    /* promiscuous: value 0, mask all ones: everything */
    program_macda(f, ALLMULTI_MACDA, zero, mc_mask);
    wr0(f, RPC_TCAM_MACDA(ALLMULTI_MACDA, 2), tcam_word(0, 0xffff));
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 0);

    /* broadcast ARP: no IP, the Ethernet rule hashes the destination */
    memset(fr, 0, sizeof(fr));
    memset(fr, 0xff, 6);
    memcpy(fr + 6, peer_mac, 6);
    stw_be_p(fr + 12, 0x0806);
    v = rx_probe(f, fr, 42);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmpuint(v.act, ==, RSS_FIRST_ENTRY + 6);
    g_assert_cmpuint(v.l3, ==, 0);
    g_assert_cmpuint(v.hdr_len, ==, 14);
    g_assert_cmphex(v.hash, !=, 0);

    /* classifier off: nothing reaches the host */
    wr0(f, RPC_RMI_CONFIG, 20);
    v = rx_probe(f, fr, 42);
    g_assert_cmpint(v.drop, ==, 1);

    fbnic_stop(f);
}

/* MAC, RPC and RXB counters; parser events; register behaviour */
static void test_rpc_counters(void)
{
    Fbnic *f = fbnic_start("id=nic0");
    g_autofree uint8_t *big = g_malloc0(9800);
    uint8_t fr[2048];
    uint64_t ok;
    size_t len;
    Verdict v;

    rpc_program_like_driver(f);
    ok = rd64(f, MAC_RX_OK);
    g_assert_cmpuint(ok, ==, 0);

    /* a short frame counts as the padded 64 bytes on the wire */
    build_ip_frame(fr, host_mac, false, "10.0.0.1", "10.0.0.2", 17, 1, 2, 0);
    v = rx_probe(f, fr, 42);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmpuint(rd64(f, MAC_RX_OK), ==, 1);
    g_assert_cmpuint(rd64(f, MAC_RX_OCTETS), ==, 64);
    g_assert_cmpuint(rd64(f, MAC_RX_64), ==, 1);
    g_assert_cmpuint(rd0(f, RXB_DST_FRMS(3)), ==, 1);

    /* 1514-byte frame: 1518 on the wire */
    len = build_ip_frame(fr, host_mac, false, "10.0.0.1", "10.0.0.2", 6,
                         1, 2, 1460);
    g_assert_cmpuint(len, ==, 1514);
    rx_probe(f, fr, len);
    g_assert_cmpuint(rd64(f, MAC_RX_1024_1518), ==, 1);
    g_assert_cmpuint(rd64(f, MAC_RX_OCTETS), ==, 64 + 1518);

    /* jumbo within the RMI MTU: RPC histogram */
    len = build_ip_frame(big, host_mac, false, "10.0.0.1", "10.0.0.2", 17,
                         1, 2, 9000);
    v = rx_probe(f, big, len);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmpuint(rd64(f, RPC_RX_8192_9216), ==, 1);

    /* over the RMI MTU of 9742: counted and dropped by the classifier */
    len = build_ip_frame(big, host_mac, false, "10.0.0.1", "10.0.0.2", 17,
                         1, 2, 9743 - 42);
    g_assert_cmpuint(len, ==, 9743);
    v = rx_probe(f, big, len);
    g_assert_cmpint(v.drop, ==, 1);
    g_assert_cmpuint(rd0(f, RPC_CNT_OVR_SIZE), ==, 1);

    /* broadcast and multicast */
    build_ip_frame(fr, host_mac, false, "10.0.0.1", "10.0.0.2", 17, 1, 2, 18);
    memset(fr, 0xff, 6);
    rx_probe(f, fr, 60);
    g_assert_cmpuint(rd64(f, MAC_RX_BCAST), ==, 1);
    fr[0] = 0x01;
    rx_probe(f, fr, 60);
    g_assert_cmpuint(rd64(f, MAC_RX_MCAST), ==, 1);

    /* a PAUSE frame ends in the MAC */
    memset(fr, 0, 60);
    memcpy(fr, "\x01\x80\xc2\x00\x00\x01", 6);
    stw_be_p(fr + 12, 0x8808);
    stw_be_p(fr + 14, 0x0001);
    stw_be_p(fr + 16, 0xffff);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 1);
    g_assert_cmpuint(rd64(f, MAC_RX_CONTROL), ==, 1);
    g_assert_cmpuint(rd64(f, MAC_RX_XOFF), ==, 1);

    /* an IPv4 fragment: counted, hashed on L3 only */
    len = build_ip_frame(fr, host_mac, false, "66.9.149.187",
                         "161.142.100.80", 6, 2794, 1766, 10);
    fr[14 + 6] = 0x20;      /* more fragments */
    fr[14 + 10] = fr[14 + 11] = 0;
    stw_be_p(fr + 14 + 10, ~be_csum(fr + 14, 20, 0));
    v = rx_probe(f, fr, len);
    g_assert_cmpuint(rd0(f, RPC_CNT_IPV4_FRAG), ==, 1);
    g_assert_cmpuint(v.l4, ==, 0);
    g_assert_cmphex(v.hash, ==, 0x323e8fc2);

    /* headers cut short: parser error, still delivered */
    v = rx_probe(f, fr, 14 + 20 + 10);
    g_assert_cmpint(v.perr, ==, 1);
    g_assert_cmpuint(rd0(f, RPC_CNT_OUT_OF_HDR), ==, 0);
    len = build_ip_frame(fr, host_mac, true, "3ffe::1", "3ffe::2", 6, 1, 2,
                         0);
    v = rx_probe(f, fr, 14 + 40 + 10);
    g_assert_cmpint(v.perr, ==, 1);
    g_assert_cmpuint(rd0(f, RPC_CNT_OUT_OF_HDR), ==, 1);
    g_assert_cmpuint(rd0(f, RXB_PARSER_ERR(0)), ==, 2);

    /* receiver disabled: the MAC sees nothing */
    ok = rd64(f, MAC_RX_OK);
    wr0(f, MAC_CMD_CONFIG, 0);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 1);
    g_assert_cmpuint(rd64(f, MAC_RX_OK), ==, ok);

    /*
     * Counters are read-only; the RXB error status is write-1-to-clear;
     * the last RSS key word keeps only its 9 key bits.
     */
    wr0(f, MAC_RX_OK, 0);
    g_assert_cmpuint(rd64(f, MAC_RX_OK), ==, ok);
    wr0(f, RXB_ERR_INTR_STS, 0xf000);
    g_assert_cmphex(rd0(f, RXB_ERR_INTR_STS), ==, 0);
    wr0(f, RPC_RSS_KEY(13), 0xffffffff);
    g_assert_cmphex(rd0(f, RPC_RSS_KEY(13)), ==, 0xff800000);

    fbnic_stop(f);
}

#define RPC_CNT_TCP_OPT_ERR  0x21278
#define RPC_CNT_UNKN_ETYPE   0x2127c
#define RPC_CNT_IPV6_FRAG    0x21284
#define RPC_CNT_IPV4_ESP     0x21288
#define RPC_CNT_IPV6_ESP     0x2128c
#define RPC_CNT_UNKN_EXT_HDR 0x21290

/* Insert @n bytes at @off of a frame of @len bytes */
static size_t frame_insert(uint8_t *fr, size_t len, size_t off,
                           const void *bytes, size_t n)
{
    memmove(fr + off + n, fr + off, len - off);
    memcpy(fr + off, bytes, n);
    return len + n;
}

/* Parser: VLAN tags, IPv6 extension headers and tunnels, ESP, options */
static void test_rpc_parser(void)
{
    static const uint8_t vlan[4] = { 0x81, 0x00, 0x00, 0x05 };
    static const uint8_t qinq[4] = { 0x88, 0xa8, 0x00, 0x07 };
    Fbnic *f = fbnic_start("id=nic0");
    uint8_t fr[512], ext[8];
    size_t len;
    Verdict v;

    rpc_program_like_driver(f);

    /* VLAN and QinQ tags: same flow, same hash; headers move down */
    len = build_ip_frame(fr, host_mac, false, "66.9.149.187",
                         "161.142.100.80", 6, 2794, 1766, 10);
    len = frame_insert(fr, len, 12, vlan, 4);
    v = rx_probe(f, fr, len);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmphex(v.hash, ==, 0x51ccc178);
    g_assert_cmpint(v.csum_ok, ==, 1);
    g_assert_cmpuint(v.hdr_len, ==, 18 + 20 + 20);
    g_assert_cmphex(v.l2_csum, ==, le_csum_after_l2(fr, len));
    len = frame_insert(fr, len, 12, qinq, 4);
    v = rx_probe(f, fr, len);
    g_assert_cmphex(v.hash, ==, 0x51ccc178);
    g_assert_cmpuint(v.hdr_len, ==, 22 + 20 + 20);

    /* IPv6 hop-by-hop + fragment header: walked, counted, L3 hash only */
    len = build_ip_frame(fr, host_mac, true, "3ffe:2501:200:1fff::7",
                         "3ffe:2501:200:3::1", 6, 2794, 1766, 10);
    memset(ext, 0, sizeof(ext));
    ext[0] = 6;                 /* fragment header -> TCP */
    ext[3] = 1;                 /* more fragments */
    len = frame_insert(fr, len, 14 + 40, ext, 8);
    memset(ext, 0, sizeof(ext));
    ext[0] = 44;                /* hop-by-hop -> fragment */
    ext[2] = 1;                 /* PadN option filling the header */
    ext[3] = 4;
    len = frame_insert(fr, len, 14 + 40, ext, 8);
    fr[14 + 6] = 0;             /* IPv6 -> hop-by-hop */
    stw_be_p(fr + 14 + 4, lduw_be_p(fr + 14 + 4) + 16);
    v = rx_probe(f, fr, len);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmpuint(rd0(f, RPC_CNT_IPV6_FRAG), ==, 1);
    g_assert_cmpuint(v.l3, ==, 2);
    g_assert_cmpuint(v.l4, ==, 0);
    g_assert_cmphex(v.hash, ==, 0x2cc18cd5);
    g_assert_cmpuint(v.hdr_len, ==, 14 + 40 + 16);

    /* IPv6-in-IPv6: type v6v6, inner addresses and ports hashed */
    len = build_ip_frame(fr, host_mac, true, "3ffe:2501:200:1fff::7",
                         "3ffe:2501:200:3::1", 6, 2794, 1766, 10);
    memcpy(fr + 200, fr + 14, len - 14);
    fr[14 + 6] = 41;
    stw_be_p(fr + 14 + 4, len - 14);
    memset(fr + 14 + 8, 0x11, 32);      /* outer addresses */
    memcpy(fr + 14 + 40, fr + 200, len - 14);
    len += 40;
    v = rx_probe(f, fr, len);
    g_assert_cmpuint(v.l3, ==, 3);
    g_assert_cmpuint(v.l4, ==, 1);
    g_assert_cmpint(v.csum_ok, ==, 1);
    g_assert_cmphex(v.hash, ==, 0x40207d3d);
    g_assert_cmpuint(v.hdr_len, ==, 14 + 80 + 20);

    /* ESP over IPv4 and IPv6; an unknown IPv6 extension header */
    len = build_ip_frame(fr, host_mac, false, "10.0.0.1", "10.0.0.2", 17,
                         1, 2, 18);
    fr[14 + 9] = 50;
    fr[14 + 10] = fr[14 + 11] = 0;
    stw_be_p(fr + 14 + 10, ~be_csum(fr + 14, 20, 0));
    v = rx_probe(f, fr, len);
    g_assert_cmpuint(rd0(f, RPC_CNT_IPV4_ESP), ==, 1);
    g_assert_cmpuint(v.l3, ==, 1);
    g_assert_cmpuint(v.l4, ==, 0);
    len = build_ip_frame(fr, host_mac, true, "3ffe::1", "3ffe::2", 17,
                         1, 2, 18);
    fr[14 + 6] = 50;
    rx_probe(f, fr, len);
    g_assert_cmpuint(rd0(f, RPC_CNT_IPV6_ESP), ==, 1);
    fr[14 + 6] = 135;
    rx_probe(f, fr, len);
    g_assert_cmpuint(rd0(f, RPC_CNT_UNKN_EXT_HDR), ==, 1);

    /* TCP options that overrun the header: parser error, counted */
    len = build_ip_frame(fr, host_mac, false, "10.0.0.1", "10.0.0.2", 6,
                         1, 2, 0);
    fr[14 + 20 + 12] = 6 << 4;          /* 24-byte header */
    fr[14 + 40] = 2;                    /* MSS option, length 8 > 4 */
    fr[14 + 41] = 8;
    len += 4;
    v = rx_probe(f, fr, len);
    g_assert_cmpint(v.perr, ==, 1);
    g_assert_cmpuint(rd0(f, RPC_CNT_TCP_OPT_ERR), ==, 1);

    /* an EtherType the parser does not know */
    memset(fr, 0, 60);
    memcpy(fr, host_mac, 6);
    stw_be_p(fr + 12, 0x88b5);
    v = rx_probe(f, fr, 60);
    g_assert_cmpuint(rd0(f, RPC_CNT_UNKN_ETYPE), ==, 1);
    g_assert_cmpuint(v.l3, ==, 0);
    g_assert_cmpint(v.drop, ==, 0);

    fbnic_stop(f);
}

/* ------------------------------------------------------------------ */
/* Data path: queue engines                                            */
/* ------------------------------------------------------------------ */

#define QP(q, off)          (0x100000 + (q) * 0x1000 + (off))
#define Q_TWQ0_CTL          0x000
#define Q_TWQ1_CTL          0x004
#define Q_TWQ0_TAIL         0x008
#define Q_TWQ1_TAIL         0x00c
#define Q_TWQ0_PTRS         0x010
#define Q_TWQ1_PTRS         0x014
#define Q_TWQ0_SIZE         0x028
#define Q_TWQ1_SIZE         0x02c
#define Q_TWQ0_BAL          0x080
#define Q_TWQ1_BAL          0x088
#define Q_TWQ0_PKT_CNT      0x188
#define Q_TWQ0_ERR_CNT      0x18c
#define Q_TWQ1_PKT_CNT      0x1c8
#define Q_TCQ_CTL           0x200
#define Q_TCQ_HEAD          0x204
#define Q_TCQ_PTRS          0x208
#define Q_TCQ_SIZE          0x210
#define Q_TCQ_BAL           0x280
#define Q_TIM_CTL           0x300
#define Q_TIM_THRESHOLD     0x304
#define Q_TIM_MASK          0x310
#define Q_RCQ_CTL           0x800
#define Q_RCQ_HEAD          0x804
#define Q_RCQ_PTRS          0x808
#define Q_RCQ_SIZE          0x810
#define Q_RCQ_BAL           0x880
#define Q_BDQ_CTL           0x900
#define Q_HPQ_TAIL          0x904
#define Q_PPQ_TAIL          0x908
#define Q_HPQ_PTRS          0x90c
#define Q_HPQ_SIZE          0x91c
#define Q_PPQ_SIZE          0x920
#define Q_HPQ_BAL           0x980
#define Q_PPQ_BAL           0x988
#define Q_RDE_CTL0          0xa80
#define Q_RDE_CTL1          0xa84
#define Q_RDE_PKT_CNT       0xa88
#define Q_RDE_BDQ_DROP      0xa94
#define Q_RIM_CTL           0xb00
#define Q_RIM_THRESHOLD     0xb04
#define Q_RIM_MASK          0xb10
#define CTL_RESET           1u
#define CTL_ENABLE          2u
#define BDQ_PPQ_ENABLE      (1u << 30)

#define CQ_REARM(v)         (0x1000 + (v) * 16)
#define QM_DEFAULT_META_L   0x2060
#define QM_DEFAULT_META_H   0x2064
#define QM_TQS_MTU_CTL0     0x2074
#define QM_TCQ_CTL0         0x20b4
#define QM_TWQ_IDLE         0x2000
#define TCE_LSO_CTRL        0x10000
#define MAC_CMD_CFG         0x44008

/* Tx work and completion descriptors */
#define TWD_META            (0ull << 46)
#define TWD_AL              (2ull << 46)
#define TWD_LAST_AL         (3ull << 46)
#define TWD_L2_HLEN(n)      ((uint64_t)(n) / 2)
#define TWD_L3_IPV4         (1ull << 6)
#define TWD_L3_IHLEN(n)     ((uint64_t)(n) / 2 << 16)
#define TWD_CSUM_OFF(n)     ((uint64_t)(n) / 2 << 24)
#define TWD_L4_HLEN(n)      ((uint64_t)(n) / 4 << 28)
#define TWD_L4_TCP          (1ull << 32)
#define TWD_REQ_LSO         (1ull << 35)
#define TWD_REQ_CSO         (1ull << 36)
#define TWD_REQ_COMPL       (1ull << 37)
#define TWD_DEST_MAC        (1ull << 43)
#define TWD_MSS(n)          ((uint64_t)(n) << 48)
#define TWD_BUF(a, l)       ((a) | (uint64_t)(l) << 48)
#define TCD_DONE            (1ull << 63)
#define TCD_TWQ1            (1ull << 60)

/* Rx completion descriptors */
#define RCD_DONE            (1ull << 63)
#define RCD_TYPE(d)         ((unsigned)((d) >> 61) & 3)
#define RCD_HDR_AL          0
#define RCD_PAY_AL          1
#define RCD_META            3
#define RCD_ID(d)           ((unsigned)((d) & 0xffff))
#define RCD_LEN(d)          ((unsigned)((d) >> 16) & 0x1fff)
#define RCD_OFF(d)          ((unsigned)((d) >> 32) & 0xfff)
#define RCD_FIN             (1ull << 60)

#define DP_RING             64          /* entries of TWQ, TCQ, RCQ */
#define DP_BUFS             8           /* header and payload pages */
#define DP_HROOM            192
#define DP_TROOM            320

typedef struct DataPath {
    Fbnic *f;
    int sock;               /* the other end of the NIC's backend */
    uint64_t twq[2], tcq, hpq, ppq, rcq;
    uint64_t hdr_pg[DP_BUFS], pay_pg[DP_BUFS];
    uint64_t buf;           /* Tx frame data */
    unsigned twq_tail[2], tcq_head, rcq_head;
} DataPath;

static const uint8_t dp_nic_mac[6] = { 0x02, 0x1d, 0x9b, 0x00, 0x00, 0x01 };
static const uint8_t dp_peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

static void wrq(DataPath *d, unsigned q, unsigned off, uint32_t v)
{
    wr0(d->f, QP(q, off), v);
}

static uint32_t rdq(DataPath *d, unsigned q, unsigned off)
{
    return rd0(d->f, QP(q, off));
}

static uint64_t dp_rd64(DataPath *d, uint64_t addr)
{
    return qtest_readq(d->f->qs->qts, addr);
}

static void dp_wr64(DataPath *d, uint64_t addr, uint64_t v)
{
    qtest_writeq(d->f->qs->qts, addr, v);
}

/* Bring up the device as the driver does before traffic flows */
static DataPath *dp_start(const char *extra)
{
    DataPath *d = g_new0(DataPath, 1);
    struct timeval tv = { .tv_sec = 5 };
    uint64_t size;
    int sv[2], i;

    g_assert_cmpint(socketpair(PF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    d->sock = sv[0];
    setsockopt(d->sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    d->f = g_new0(Fbnic, 1);
    d->f->qs = qtest_pc_boot("-machine q35 -netdev socket,fd=%d,id=hs0 "
                             "-device fbnic,addr=04.0,netdev=hs0,id=nic0%s",
                             sv[1], extra ? extra : "");
    close(sv[1]);
    d->f->dev = qpci_device_find(d->f->qs->pcibus, FBNIC_DEVFN);
    g_assert(d->f->dev);
    qpci_device_enable(d->f->dev);
    d->f->bar0 = qpci_iomap(d->f->dev, 0, &size);
    d->f->bar4 = qpci_iomap(d->f->dev, 4, &size);

    wr0(d->f, DMA_WR_CFG, DMA_BME);
    wr0(d->f, DMA_RD_CFG, DMA_BME);
    /* MAC: Tx, Rx, promiscuous; classifier: everything to queue 0 */
    wr0(d->f, MAC_CMD_CFG, 1u << 0 | 1u << 1 | 1u << 4 | 1u << 11);
    wr0(d->f, RPC_RMI_CONFIG, 9742u << 16 | 1u << 12);
    wr0(d->f, RPC_ACT0_DEFAULT, 1u << 1 | 1u << 4);
    /* LSO flag clearing, IP id increment and MTU as the driver sets them */
    wr0(d->f, TCE_LSO_CTRL, 1u << 27 | (0x80u << 18) |
                            ((0x08u | 0x80u | 0x01u) << 9) | (0x08u | 0x01u));
    wr0(d->f, QM_TQS_MTU_CTL0, 9743);
    wr0(d->f, QM_DEFAULT_META_L, 14 / 2);
    wr0(d->f, QM_DEFAULT_META_H, TWD_REQ_COMPL >> 32);
    wr0(d->f, QM_TCQ_CTL0, 600u << 16);

    for (i = 0; i < 2; i++) {
        d->twq[i] = qmalloc(d->f->qs, DP_RING * 8);
    }
    d->tcq = qmalloc(d->f->qs, DP_RING * 8);
    d->rcq = qmalloc(d->f->qs, DP_RING * 8);
    d->hpq = qmalloc(d->f->qs, DP_BUFS * 8);
    d->ppq = qmalloc(d->f->qs, DP_BUFS * 8);
    d->buf = qmalloc(d->f->qs, 65536);
    for (i = 0; i < DP_BUFS; i++) {
        d->hdr_pg[i] = qmalloc(d->f->qs, 4096);
        d->pay_pg[i] = qmalloc(d->f->qs, 4096);
    }
    return d;
}

static void dp_stop(DataPath *d)
{
    close(d->sock);
    fbnic_stop(d->f);
    g_free(d);
}

/* TWQ0, TWQ1 and the TCQ of queue 0, completions on vector 1 */
static void dp_tx_rings(DataPath *d, unsigned thresh)
{
    unsigned w;

    for (w = 0; w < 2; w++) {
        unsigned ctl = w ? Q_TWQ1_CTL : Q_TWQ0_CTL;

        wrq(d, 0, ctl, CTL_RESET);
        wrq(d, 0, (w ? Q_TWQ1_BAL : Q_TWQ0_BAL), (uint32_t)d->twq[w]);
        wrq(d, 0, (w ? Q_TWQ1_BAL : Q_TWQ0_BAL) + 4, d->twq[w] >> 32);
        wrq(d, 0, w ? Q_TWQ1_SIZE : Q_TWQ0_SIZE, 6);
        wrq(d, 0, ctl, CTL_ENABLE);
        d->twq_tail[w] = 0;
    }
    qtest_memset(d->f->qs->qts, d->tcq, 0, DP_RING * 8);
    wrq(d, 0, Q_TCQ_CTL, CTL_RESET);
    wrq(d, 0, Q_TCQ_BAL, (uint32_t)d->tcq);
    wrq(d, 0, Q_TCQ_BAL + 4, d->tcq >> 32);
    wrq(d, 0, Q_TCQ_SIZE, 6);
    wrq(d, 0, Q_TIM_CTL, 1);
    wrq(d, 0, Q_TIM_THRESHOLD, thresh);
    wrq(d, 0, Q_TIM_MASK, 0);
    wrq(d, 0, Q_TCQ_CTL, CTL_ENABLE);
    d->tcq_head = 0;
}

/* Queue descriptors on TWQ @w and ring its doorbell */
static void dp_tx_post(DataPath *d, unsigned w, const uint64_t *twd,
                       unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        dp_wr64(d, d->twq[w] + 8 * d->twq_tail[w], twd[i]);
        d->twq_tail[w] = (d->twq_tail[w] + 1) % DP_RING;
    }
    wrq(d, 0, w ? Q_TWQ1_TAIL : Q_TWQ0_TAIL, d->twq_tail[w]);
    qtest_clock_step(d->f->qs->qts, 1);
}

/*
 * Next Tx completion; the device writes DONE=1 on the first lap.  The
 * clock moves in small steps so moderation timers keep their meaning.
 */
static uint64_t dp_tcd_next(DataPath *d)
{
    int64_t end = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;
    uint64_t tcd;

    for (;;) {
        tcd = dp_rd64(d, d->tcq + 8 * d->tcq_head);
        if ((tcd & TCD_DONE) || g_get_monotonic_time() > end) {
            break;
        }
        qtest_clock_step(d->f->qs->qts, 100);
    }
    g_assert(tcd & TCD_DONE);
    d->tcq_head++;
    wrq(d, 0, Q_TCQ_HEAD, d->tcq_head);
    return tcd;
}

static bool dp_tcq_empty(DataPath *d)
{
    return !(dp_rd64(d, d->tcq + 8 * d->tcq_head) & TCD_DONE);
}

/* A frame the NIC put on the wire */
static size_t dp_wire_recv(DataPath *d, uint8_t *buf, size_t max)
{
    uint32_t len;

    g_assert_cmpint(recv(d->sock, &len, 4, MSG_WAITALL), ==, 4);
    len = ntohl(len);
    g_assert_cmpuint(len, <=, max);
    g_assert_cmpint(recv(d->sock, buf, len, MSG_WAITALL), ==, len);
    return len;
}

static void dp_wire_send(DataPath *d, const uint8_t *buf, size_t len)
{
    uint32_t be = htonl(len);

    g_assert_cmpint(send(d->sock, &be, 4, 0), ==, 4);
    g_assert_cmpint(send(d->sock, buf, len, 0), ==, len);
}

static uint32_t dp_sum(const uint8_t *p, size_t len, uint32_t sum)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        sum += p[i] << 8 | p[i + 1];
    }
    if (len & 1) {
        sum += p[len - 1] << 8;
    }
    return sum;
}

static uint16_t dp_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/* Sum of the IPv4 pseudo header, @l4_len included or not */
static uint32_t dp_pseudo(const uint8_t *ip, uint8_t proto, size_t l4_len)
{
    return dp_sum(ip + 12, 8, 0) + proto + l4_len;
}

/*
 * Ethernet + IPv4 + UDP or TCP frame of @payload bytes with the
 * checksum field prepared the way the stack hands it to the NIC.
 */
static size_t dp_build_frame(uint8_t *f, bool tcp, size_t payload,
                             bool with_len)
{
    size_t l4h = tcp ? 20 : 8, len = 14 + 20 + l4h + payload, i;
    uint8_t *ip = f + 14, *l4 = ip + 20;

    memset(f, 0, len);
    memcpy(f, dp_peer_mac, 6);
    memcpy(f + 6, dp_nic_mac, 6);
    f[12] = 0x08;
    ip[0] = 0x45;
    stw_be_p(ip + 2, len - 14);
    stw_be_p(ip + 4, 0x1234);
    ip[8] = 64;
    ip[9] = tcp ? 6 : 17;
    memcpy(ip + 12, (uint8_t[]){ 192, 0, 2, 1, 192, 0, 2, 2 }, 8);
    stw_be_p(ip + 10, ~dp_fold(dp_sum(ip, 20, 0)));
    stw_be_p(l4, 40000);
    stw_be_p(l4 + 2, 5201);
    for (i = 0; i < payload; i++) {
        l4[l4h + i] = i * 7 + 3;
    }
    if (tcp) {
        stl_be_p(l4 + 4, 0x10000000);
        l4[12] = 5 << 4;
        l4[13] = 0x18;      /* ACK | PSH */
        stw_be_p(l4 + 16,
                 dp_fold(dp_pseudo(ip, 6, with_len ? l4h + payload : 0)));
    } else {
        stw_be_p(l4 + 4, l4h + payload);
        stw_be_p(l4 + 6, dp_fold(dp_pseudo(ip, 17, l4h + payload)));
    }
    return len;
}

static bool dp_l4_csum_ok(const uint8_t *f, size_t len)
{
    const uint8_t *ip = f + 14;

    return dp_fold(dp_pseudo(ip, ip[9], len - 34) +
                   dp_sum(ip + 20, len - 34, 0)) == 0xffff;
}

static void test_tx_basic(void)
{
    DataPath *d = dp_start(NULL);
    uint8_t frame[128], out[2048];
    uint64_t twd[2], tcd;
    size_t len;

    dp_tx_rings(d, 0);
    len = dp_build_frame(frame, false, 40, true);
    stw_be_p(frame + 14 + 20 + 6, 0);   /* plain frame, no offload */
    qtest_memwrite(d->f->qs->qts, d->buf, frame, len);

    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, len);
    dp_tx_post(d, 0, twd, 2);

    /* head completion after both descriptors, on vector 1 */
    tcd = dp_tcd_next(d);
    g_assert_cmphex(tcd & ~TCD_DONE, ==, 2);
    g_assert(dp_tcq_empty(d));
    g_assert_cmphex(rdq(d, 0, Q_TWQ0_PTRS), ==, 2 << 16 | 2);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ0_PKT_CNT), ==, 1);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 2);
    g_assert_cmphex(rd0(d->f, QM_TWQ_IDLE) & 1, ==, 1);

    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, len);
    g_assert(!memcmp(out, frame, len));

    /* TWQ1 frames carry no metadata: the default one asks completion */
    twd[0] = TWD_LAST_AL | TWD_BUF(d->buf, len);
    dp_tx_post(d, 1, twd, 1);
    tcd = dp_tcd_next(d);
    g_assert_cmphex(tcd & ~TCD_DONE, ==, TCD_TWQ1 | 1 << 16);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, len);

    /* a short frame is padded on the wire */
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, 20);
    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, 60);

    /* with the link pulled frames are dropped, but still completed */
    g_free(qtest_hmp(d->f->qs->qts, "set_link hs0 off"));
    dp_tx_post(d, 0, twd, 2);
    g_assert_cmphex(dp_tcd_next(d) & ~TCD_DONE, ==, 6);
    g_free(qtest_hmp(d->f->qs->qts, "set_link hs0 on"));
    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, 60);
    dp_stop(d);
}

static void test_tx_csum(void)
{
    DataPath *d = dp_start(NULL);
    uint8_t frame[256], out[2048];
    uint64_t twd[3];
    size_t len;

    dp_tx_rings(d, 0);
    len = dp_build_frame(frame, false, 101, true);
    g_assert(!dp_l4_csum_ok(frame, len));
    /* headers and payload in two buffers */
    qtest_memwrite(d->f->qs->qts, d->buf, frame, 42);
    qtest_memwrite(d->f->qs->qts, d->buf + 4096, frame + 42, len - 42);
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL | TWD_REQ_CSO |
             TWD_L2_HLEN(14) | TWD_L3_IHLEN(20) | TWD_CSUM_OFF(6);
    twd[1] = TWD_AL | TWD_BUF(d->buf, 42);
    twd[2] = TWD_LAST_AL | TWD_BUF(d->buf + 4096, len - 42);
    dp_tx_post(d, 0, twd, 3);
    dp_tcd_next(d);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, len);
    g_assert(dp_l4_csum_ok(out, len));
    g_assert(!memcmp(out + 42, frame + 42, len - 42));
    dp_stop(d);
}

static void test_tx_tso(void)
{
    DataPath *d = dp_start(NULL);
    const unsigned mss = 1000, payload = 2500;
    uint8_t frame[4096], out[2048];
    uint64_t twd[2];
    size_t len;
    unsigned i;

    dp_tx_rings(d, 0);
    /* the driver leaves the length out of the pseudo header sum */
    len = dp_build_frame(frame, true, payload, false);
    qtest_memwrite(d->f->qs->qts, d->buf, frame, len);
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL | TWD_REQ_LSO |
             TWD_L2_HLEN(14) | TWD_L3_IPV4 | TWD_L3_IHLEN(20) |
             TWD_L4_TCP | TWD_L4_HLEN(20) | TWD_CSUM_OFF(16) | TWD_MSS(mss);
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, len);
    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);

    for (i = 0; i < 3; i++) {
        unsigned seg = MIN(mss, payload - i * mss);
        size_t n = dp_wire_recv(d, out, sizeof(out));
        uint8_t *ip = out + 14, *tcp = ip + 20;

        g_assert_cmpuint(n, ==, 54 + seg);
        g_assert_cmpuint(lduw_be_p(ip + 2), ==, 40 + seg);
        g_assert_cmpuint(lduw_be_p(ip + 4), ==, 0x1234 + i);
        g_assert_cmphex(dp_fold(dp_sum(ip, 20, 0)), ==, 0xffff);
        g_assert_cmphex(ldl_be_p(tcp + 4), ==, 0x10000000 + i * mss);
        /* PSH only on the last segment */
        g_assert_cmphex(tcp[13], ==, i == 2 ? 0x18 : 0x10);
        g_assert(dp_l4_csum_ok(out, n));
        g_assert(!memcmp(tcp + 20, frame + 54 + i * mss, seg));
    }
    dp_stop(d);
}

/*
 * Segmentation with L3 type "other", as drivers use it for GSO partial
 * (here IPv4 in IPv6, which the V6V6 type cannot describe): the stack
 * has already written every header as each segment needs it, so the
 * device repeats all of them unchanged, network headers included (no
 * length, IPv4 ID or header checksum update), and fixes only the TCP
 * sequence number, flags and checksum.
 */
static void test_tx_tso_partial(void)
{
    DataPath *d = dp_start(NULL);
    const unsigned mss = 1000, payload = 3000, hdr = 14 + 40 + 20 + 20;
    uint8_t frame[4096], out[2048];
    uint8_t *ip6 = frame + 14, *ip4 = ip6 + 40, *tcp = ip4 + 20;
    uint64_t twd[2];
    size_t len = hdr + payload, i;

    memset(frame, 0, len);
    memcpy(frame, dp_peer_mac, 6);
    memcpy(frame + 6, dp_nic_mac, 6);
    stw_be_p(frame + 12, 0x86dd);
    ip6[0] = 0x60;
    stw_be_p(ip6 + 4, 20 + 20 + mss);       /* as for one segment */
    ip6[6] = 4;                             /* IPv4 inside */
    ip6[7] = 64;
    ip6[8] = 0x20;
    ip6[23] = 1;
    ip6[24] = 0x20;
    ip6[39] = 2;
    ip4[0] = 0x45;
    stw_be_p(ip4 + 2, 20 + 20 + mss);
    stw_be_p(ip4 + 4, 0x4321);
    ip4[6] = 0x40;                          /* DF: the same ID is fine */
    ip4[8] = 64;
    ip4[9] = 6;
    memcpy(ip4 + 12, (uint8_t[]){ 192, 0, 2, 1, 192, 0, 2, 2 }, 8);
    stw_be_p(ip4 + 10, ~dp_fold(dp_sum(ip4, 20, 0)));
    stw_be_p(tcp, 40000);
    stw_be_p(tcp + 2, 5201);
    stl_be_p(tcp + 4, 0x20000000);
    tcp[12] = 5 << 4;
    tcp[13] = 0x19;                         /* ACK | PSH | FIN */
    stw_be_p(tcp + 16, dp_fold(dp_pseudo(ip4, 6, 0)));
    for (i = 0; i < payload; i++) {
        frame[hdr + i] = i * 5 + 1;
    }

    dp_tx_rings(d, 0);
    qtest_memwrite(d->f->qs->qts, d->buf, frame, len);
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL | TWD_REQ_LSO |
             TWD_L2_HLEN(14) | TWD_L3_IHLEN(40 + 20) | TWD_L4_TCP |
             TWD_L4_HLEN(20) | TWD_CSUM_OFF(16) | TWD_MSS(mss);
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, len);
    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);

    for (i = 0; i < 3; i++) {
        size_t n = dp_wire_recv(d, out, sizeof(out));
        uint8_t *otcp = out + 14 + 40 + 20;

        g_assert_cmpuint(n, ==, hdr + mss);
        /* Ethernet, IPv6 and IPv4 headers exactly as the stack wrote them */
        g_assert(!memcmp(out, frame, 14 + 40 + 20));
        g_assert_cmphex(ldl_be_p(otcp + 4), ==, 0x20000000 + i * mss);
        /* FIN and PSH only on the last segment */
        g_assert_cmphex(otcp[13], ==, i == 2 ? 0x19 : 0x10);
        g_assert_cmphex(dp_fold(dp_pseudo(ip4, 6, 20 + mss) +
                                dp_sum(otcp, 20 + mss, 0)), ==, 0xffff);
        g_assert(!memcmp(otcp + 20, frame + hdr + i * mss, mss));
    }
    dp_stop(d);
}

static void test_tx_bad(void)
{
    DataPath *d = dp_start(NULL);
    uint64_t twd[4];

    dp_tx_rings(d, 0);
    /* a tail outside the ring is ignored */
    wrq(d, 0, Q_TWQ0_TAIL, DP_RING);
    qtest_clock_step(d->f->qs->qts, 1000);
    g_assert_cmphex(rdq(d, 0, Q_TWQ0_PTRS), ==, 0);

    /* a frame cut short by the next frame's metadata is dropped */
    twd[0] = TWD_META | TWD_DEST_MAC;
    twd[1] = TWD_AL | TWD_BUF(d->buf, 64);
    twd[2] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[3] = TWD_LAST_AL | TWD_BUF(d->buf, 64);
    dp_tx_post(d, 0, twd, 4);
    g_assert_cmphex(dp_tcd_next(d) & ~TCD_DONE, ==, 4);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ0_ERR_CNT), ==, 1);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ0_PKT_CNT), ==, 1);

    /* bad offload offsets and LSO without a transport header */
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL | TWD_REQ_CSO |
             TWD_L2_HLEN(14) | TWD_L3_IHLEN(500) | TWD_CSUM_OFF(6);
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, 64);
    twd[2] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL | TWD_REQ_LSO |
             TWD_MSS(100);
    twd[3] = TWD_LAST_AL | TWD_BUF(d->buf, 600);
    dp_tx_post(d, 0, twd, 4);
    dp_tcd_next(d);
    dp_tcd_next(d);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ0_ERR_CNT), ==, 3);

    /* a buffer outside guest memory */
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(0x3ffffffff000ull, 4096);
    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ0_ERR_CNT), ==, 4);
    dp_stop(d);
}

/* Interrupt moderation: count threshold, timer, re-arm */
static void test_tx_moderation(void)
{
    DataPath *d = dp_start(NULL);
    uint8_t out[2048];
    uint64_t twd[2];

    dp_tx_rings(d, 3);
    /* 50 us TCQ timeout on vector 1 */
    wr0(d->f, CQ_REARM(1), 50u << 15 | 1u << 29);
    g_assert_cmphex(rd0(d->f, CQ_REARM(1) + 8), ==, 50);
    wr0(d->f, IRQ_CLEAR, 2);
    qtest_memset(d->f->qs->qts, d->buf, 0, 64);
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, 64);

    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);
    dp_wire_recv(d, out, sizeof(out));
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 0);
    qtest_clock_step(d->f->qs->qts, 60000);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 2);

    /* the third completion reaches the threshold at once */
    wr0(d->f, IRQ_CLEAR, 2);
    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);
    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 0);
    dp_tx_post(d, 0, twd, 2);
    dp_tcd_next(d);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 2);

    /* re-arm unmasks the vector */
    g_assert_cmphex(rd0(d->f, IRQ_MASK) & 2, ==, 2);
    wr0(d->f, CQ_REARM(1), 1u << 31);
    g_assert_cmphex(rd0(d->f, IRQ_MASK) & 2, ==, 0);
    dp_stop(d);
}

/* Nothing (more) on the wire: the socket has no data waiting */
static bool dp_wire_quiet(DataPath *d)
{
    uint8_t byte;

    return recv(d->sock, &byte, 1, MSG_DONTWAIT | MSG_PEEK) < 0 &&
           (errno == EAGAIN || errno == EWOULDBLOCK);
}

/*
 * tx-hold: held work queues fetch nothing, whatever the doorbells say,
 * and report busy; on release every frame goes out and is completed.
 */
static void test_tx_hold(void)
{
    DataPath *d = dp_start(NULL);
    uint8_t out[2048];
    uint64_t twd[2], tcd;
    unsigned i;

    dp_tx_rings(d, 0);
    qtest_memset(d->f->qs->qts, d->buf, 0, 64);
    memcpy(out, dp_peer_mac, 6);
    qtest_memwrite(d->f->qs->qts, d->buf, out, 6);
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, 64);

    g_assert(!qom_get_bool(d->f, "tx-hold"));
    qom_set_bool(d->f, "tx-hold", true);
    g_assert(qom_get_bool(d->f, "tx-hold"));
    for (i = 0; i < 4; i++) {
        dp_tx_post(d, 0, twd, 2);
    }
    /* TWQ1 too (default metadata asks for a completion) */
    dp_tx_post(d, 1, &twd[1], 1);
    qtest_clock_step(d->f->qs->qts, 10 * 1000 * 1000);

    /* the tails moved, the heads did not; nothing sent or completed */
    g_assert_cmphex(rdq(d, 0, Q_TWQ0_PTRS), ==, 8);
    g_assert_cmphex(rdq(d, 0, Q_TWQ1_PTRS), ==, 1);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ0_PKT_CNT), ==, 0);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ1_PKT_CNT), ==, 0);
    g_assert(dp_tcq_empty(d));
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 0);
    g_assert(dp_wire_quiet(d));
    /* queue 0 is busy in the Tx idle words, the others idle */
    g_assert_cmphex(rd0(d->f, QM_TWQ_IDLE), ==, 0xfffffffe);

    /* release: TWQ0's four frames, then TWQ1's, all completed */
    qom_set_bool(d->f, "tx-hold", false);
    for (i = 0; i < 4; i++) {
        tcd = dp_tcd_next(d);
        g_assert_cmphex(tcd & ~TCD_DONE, ==, 2 * (i + 1));
        g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, 64);
        g_assert(!memcmp(out, dp_peer_mac, 6));
    }
    tcd = dp_tcd_next(d);
    g_assert_cmphex(tcd & ~TCD_DONE, ==, TCD_TWQ1 | 1 << 16);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, 64);
    g_assert(dp_tcq_empty(d));
    g_assert_cmphex(rdq(d, 0, Q_TWQ0_PTRS), ==, 8 << 16 | 8);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ0_PKT_CNT), ==, 4);
    g_assert_cmpuint(rdq(d, 0, Q_TWQ1_PKT_CNT), ==, 1);
    g_assert_cmphex(rd0(d->f, QM_TWQ_IDLE), ==, 0xffffffff);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 2);

    /* not held any more: a doorbell is served at once */
    dp_tx_post(d, 0, twd, 2);
    g_assert_cmphex(dp_tcd_next(d) & ~TCD_DONE, ==, 10);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, 64);
    dp_stop(d);
}

/* HPQ/PPQ with DP_BUFS pages each and the RCQ of queue 0, vector 2 */
static void dp_rx_rings(DataPath *d, unsigned drop_mode, bool post)
{
    unsigned i;

    qtest_memset(d->f->qs->qts, d->rcq, 0, DP_RING * 8);
    wrq(d, 0, Q_BDQ_CTL, CTL_RESET);
    wrq(d, 0, Q_HPQ_BAL, (uint32_t)d->hpq);
    wrq(d, 0, Q_HPQ_BAL + 4, d->hpq >> 32);
    wrq(d, 0, Q_HPQ_SIZE, 3);
    wrq(d, 0, Q_PPQ_BAL, (uint32_t)d->ppq);
    wrq(d, 0, Q_PPQ_BAL + 4, d->ppq >> 32);
    wrq(d, 0, Q_PPQ_SIZE, 3);
    wrq(d, 0, Q_BDQ_CTL, CTL_ENABLE | BDQ_PPQ_ENABLE);
    wrq(d, 0, Q_RDE_CTL0, drop_mode << 29 | DP_HROOM << 20 |
                          DP_TROOM << 11);
    wrq(d, 0, Q_RDE_CTL1, 1536u << 12);
    wrq(d, 0, Q_RCQ_CTL, CTL_RESET);
    wrq(d, 0, Q_RCQ_BAL, (uint32_t)d->rcq);
    wrq(d, 0, Q_RCQ_BAL + 4, d->rcq >> 32);
    wrq(d, 0, Q_RCQ_SIZE, 6);
    wrq(d, 0, Q_RIM_CTL, 2);
    wrq(d, 0, Q_RIM_THRESHOLD, 0);
    wrq(d, 0, Q_RIM_MASK, 0);
    wrq(d, 0, Q_RCQ_CTL, CTL_ENABLE);
    d->rcq_head = 0;

    /* buffer ids are ring slots, as the driver uses them */
    for (i = 0; i < DP_BUFS; i++) {
        dp_wr64(d, d->hpq + 8 * i, d->hdr_pg[i] | (uint64_t)i << 48);
        dp_wr64(d, d->ppq + 8 * i, d->pay_pg[i] | (uint64_t)i << 48);
    }
    if (post) {
        wrq(d, 0, Q_HPQ_TAIL, DP_BUFS - 1);
        wrq(d, 0, Q_PPQ_TAIL, DP_BUFS - 1);
    }
}

/* Wait for the next Rx completion */
static uint64_t dp_rcd_next(DataPath *d)
{
    int64_t end = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;
    uint64_t rcd;

    do {
        qtest_clock_step(d->f->qs->qts, 1000);
        rcd = dp_rd64(d, d->rcq + 8 * d->rcq_head);
    } while (!(rcd & RCD_DONE) && g_get_monotonic_time() < end);
    g_assert(rcd & RCD_DONE);
    d->rcq_head++;
    wrq(d, 0, Q_RCQ_HEAD, d->rcq_head);
    return rcd;
}

static bool dp_rcq_empty(DataPath *d)
{
    int i;

    for (i = 0; i < 20; i++) {
        qtest_clock_step(d->f->qs->qts, 1000);
    }
    return !(dp_rd64(d, d->rcq + 8 * d->rcq_head) & RCD_DONE);
}

/* Receive a frame and check it is in the buffers the RCDs name */
static void dp_rx_check(DataPath *d, const uint8_t *frame, size_t len,
                        unsigned *hdr_off)
{
    uint8_t *got = g_malloc0(len);
    uint64_t rcd = dp_rcd_next(d);
    size_t have;

    g_assert_cmpuint(RCD_TYPE(rcd), ==, RCD_HDR_AL);
    have = RCD_LEN(rcd);
    g_assert_cmpuint(have, <=, len);
    if (hdr_off) {
        *hdr_off = RCD_OFF(rcd);
    }
    qtest_memread(d->f->qs->qts, d->hdr_pg[RCD_ID(rcd)] + RCD_OFF(rcd),
                  got, have);
    for (;;) {
        rcd = dp_rcd_next(d);
        if (RCD_TYPE(rcd) != RCD_PAY_AL) {
            break;
        }
        g_assert_cmpuint(have + RCD_LEN(rcd), <=, len);
        qtest_memread(d->f->qs->qts, d->pay_pg[RCD_ID(rcd)] + RCD_OFF(rcd),
                      got + have, RCD_LEN(rcd));
        have += RCD_LEN(rcd);
    }
    g_assert_cmpuint(RCD_TYPE(rcd), ==, RCD_META);
    g_assert_cmpuint(have, ==, len);
    g_assert(!memcmp(got, frame, len));
    g_free(got);
}

static void test_rx_basic(void)
{
    DataPath *d = dp_start(NULL);
    uint8_t frame[4096];
    unsigned off;
    size_t len;

    dp_rx_rings(d, 2, true);
    len = dp_build_frame(frame, false, 58, true);
    memcpy(frame, dp_nic_mac, 6);
    memcpy(frame + 6, dp_peer_mac, 6);
    dp_wire_send(d, frame, len);
    dp_rx_check(d, frame, len, &off);
    /* the first header of a page starts at the aligned headroom */
    g_assert_cmpuint(off, ==, 256);
    g_assert_cmpuint(rdq(d, 0, Q_RDE_PKT_CNT), ==, 1);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 4, ==, 4);
    g_assert_cmphex(rdq(d, 0, Q_HPQ_PTRS), ==, 1 << 16 | (DP_BUFS - 1));

    /* the next header shares the page, past head- and tailroom */
    dp_wire_send(d, frame, len);
    dp_rx_check(d, frame, len, &off);
    g_assert_cmpuint(off, ==, 896);

    /* a frame longer than the header limit spills into payload pages */
    len = dp_build_frame(frame, false, 3000, true);
    memcpy(frame, dp_nic_mac, 6);
    dp_wire_send(d, frame, len);
    dp_rx_check(d, frame, len, NULL);
    g_assert_cmpuint(rdq(d, 0, Q_RDE_PKT_CNT), ==, 3);
    dp_stop(d);
}

static void test_rx_no_buffers(void)
{
    DataPath *d = dp_start(NULL);
    uint8_t frame[256];
    size_t len;

    len = dp_build_frame(frame, false, 58, true);
    memcpy(frame, dp_nic_mac, 6);

    /* drop immediately: counted against the buffer queue */
    dp_rx_rings(d, 0, false);
    dp_wire_send(d, frame, len);
    g_assert(dp_rcq_empty(d));
    g_assert_cmpuint(rdq(d, 0, Q_RDE_BDQ_DROP), ==, 1);

    /* never drop: the frame waits until buffers are posted */
    dp_rx_rings(d, 2, false);
    dp_wire_send(d, frame, len);
    g_assert(dp_rcq_empty(d));
    g_assert_cmpuint(rdq(d, 0, Q_RDE_BDQ_DROP), ==, 1);
    wrq(d, 0, Q_HPQ_TAIL, 1);
    dp_rx_check(d, frame, len, NULL);

    /* with the link down nothing is delivered */
    g_free(qtest_hmp(d->f->qs->qts, "set_link hs0 off"));
    dp_wire_send(d, frame, len);
    g_assert(dp_rcq_empty(d));
    dp_stop(d);
}

/*
 * queue-irq-hold: completions are written, the RCQ's cause is pending in
 * the interrupt block, but its vector is not sent until the release;
 * vectors without a queue cause are not held.
 */
static void test_rx_irq_hold(void)
{
    DataPath *d = dp_start(NULL);
    QPCIDevice *dev = d->f->dev;
    uint8_t frame[256];
    size_t len;

    len = dp_build_frame(frame, false, 58, true);
    memcpy(frame, dp_nic_mac, 6);
    memcpy(frame + 6, dp_peer_mac, 6);
    dp_rx_rings(d, 0, true);
    /*
     * Vectors are only sent with MSI-X on; its table masks them all, so
     * a sent vector shows as pending in the PBA
     */
    qpci_msix_enable(dev);
    wr0(d->f, IRQ_MASK_CLEAR, 4 | 8);

    qom_set_bool(d->f, "queue-irq-hold", true);
    g_assert(qom_get_bool(d->f, "queue-irq-hold"));
    dp_wire_send(d, frame, len);
    dp_rx_check(d, frame, len, NULL);
    dp_wire_send(d, frame, len);
    dp_rx_check(d, frame, len, NULL);
    g_assert_cmpuint(rdq(d, 0, Q_RDE_PKT_CNT), ==, 2);
    qtest_clock_step(d->f->qs->qts, 10 * 1000 * 1000);
    /* the cause waits in the status word; the vector is not sent */
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 4, ==, 4);
    g_assert_cmphex(rd0(d->f, IRQ_MASK) & 4, ==, 0);
    g_assert(!qpci_msix_pending(dev, 2));

    /* a software cause on another vector still goes out */
    wr0(d->f, IRQ_SET, 8);
    g_assert(qpci_msix_pending(dev, 3));
    g_assert_cmphex(rd0(d->f, IRQ_MASK) & 8, ==, 8);

    /* release: sent once, masked and (auto-clear) no longer pending */
    qom_set_bool(d->f, "queue-irq-hold", false);
    g_assert(qpci_msix_pending(dev, 2));
    g_assert_cmphex(rd0(d->f, IRQ_MASK) & 4, ==, 4);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 4, ==, 0);

    /* held again while masked: the cause waits for the unmask as usual */
    qom_set_bool(d->f, "queue-irq-hold", true);
    dp_wire_send(d, frame, len);
    dp_rx_check(d, frame, len, NULL);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 4, ==, 4);
    qom_set_bool(d->f, "queue-irq-hold", false);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 4, ==, 4);
    wr0(d->f, CQ_REARM(2), 1u << 31);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 4, ==, 0);
    g_assert_cmphex(rd0(d->f, IRQ_MASK) & 4, ==, 4);
    dp_stop(d);
}

static void test_rx_bad_setup(void)
{
    DataPath *d = dp_start(NULL);
    uint8_t frame[256];
    size_t len;

    len = dp_build_frame(frame, false, 58, true);
    memcpy(frame, dp_nic_mac, 6);
    dp_rx_rings(d, 0, true);
    /* buffer tail and completion head outside their rings are ignored */
    wrq(d, 0, Q_HPQ_TAIL, 100);
    wrq(d, 0, Q_RCQ_HEAD, 100);
    g_assert_cmphex(rdq(d, 0, Q_HPQ_PTRS), ==, DP_BUFS - 1);
    g_assert_cmphex(rdq(d, 0, Q_RCQ_PTRS), ==, 0);
    /* headroom and tailroom that leave no room for a header */
    wrq(d, 0, Q_RDE_CTL0, 511u << 20 | 511u << 11);
    wrq(d, 0, Q_RDE_CTL1, 4000u << 12);
    wrq(d, 0, Q_RDE_CTL0, 0);
    wrq(d, 0, Q_RDE_CTL1, 0);
    dp_wire_send(d, frame, len);
    g_assert(dp_rcq_empty(d));
    /* a buffer descriptor pointing outside memory does not hurt */
    wrq(d, 0, Q_RDE_CTL1, 1536u << 12);
    dp_wr64(d, d->hpq, 0x3ffffffff000ull);
    dp_wire_send(d, frame, len);
    dp_rcd_next(d);
    dp_rcd_next(d);
    dp_stop(d);
}

/* With a BMC: its address and rule 0 as fbnic_bmc_rpc_init sets them up */
static void test_rpc_bmc(void)
{
    static const uint8_t bmc_mac[6] = { 0x02, 0x1d, 0x9b, 0x00, 0x00, 0x02 };
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t exact[6];
    Fbnic *f = fbnic_start("id=nic0,bmc-present=on");
    uint8_t fr[128];
    unsigned i;
    Verdict v;

    rpc_program_like_driver(f);
    /* BMC address in MAC entry 0; rule 0: MAC entries 0-3 -> BMC only */
    program_macda(f, 0, bmc_mac, exact);
    program_act(f, 0, ACTK1_MACDA_HIT,
                0xffff & ~(0x1c << 5) & ~ACTK1_MACDA_HIT, 2u << 1, 0);
    /*
     * Unicast rules for entries 24-31 (host); broadcast/multicast rules
     * go to both host and BMC.
     */
    for (i = 0; i < 7; i++) {
        uint32_t k = rd0(f, RPC_TCAM_ACT(RSS_FIRST_ENTRY + i, 1));
        uint16_t val = (k & 0xffff) | (24 << 5);

        program_act(f, 50 + i, val, ~val, ACT0_DEST_HOST | ACT0_HINT_L4,
                    rd0(f, RPC_ACT1(RSS_FIRST_ENTRY + i)));
        wr0(f, RPC_ACT0(RSS_FIRST_ENTRY + i),
            ACT0_DEST_HOST | (2u << 1) | ACT0_HINT_L4);
    }
    program_macda(f, 4, bcast, exact);

    /* the BMC's own traffic does not reach the host */
    build_ip_frame(fr, bmc_mac, false, "10.0.0.1", "10.0.0.3", 17, 1, 2, 18);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 1);
    g_assert_cmpuint(v.act, ==, 0);
    g_assert_cmpuint(rd0(f, RXB_DST_FRMS(2)), ==, 1);
    g_assert_cmpuint(rd0(f, RXB_DST_FRMS(3)), ==, 0);

    /* the host's unicast: the unicast rules, host only */
    build_ip_frame(fr, host_mac, false, "10.0.0.1", "10.0.0.2", 17, 1, 2, 18);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmpuint(v.act, ==, 50 + 1);
    g_assert_cmpuint(rd0(f, RXB_DST_FRMS(2)), ==, 1);
    g_assert_cmpuint(rd0(f, RXB_DST_FRMS(3)), ==, 1);

    /* broadcast: both */
    memcpy(fr, bcast, 6);
    v = rx_probe(f, fr, 60);
    g_assert_cmpint(v.drop, ==, 0);
    g_assert_cmpuint(v.act, ==, RSS_FIRST_ENTRY + 1);
    g_assert_cmpuint(rd0(f, RXB_DST_FRMS(2)), ==, 2);
    g_assert_cmpuint(rd0(f, RXB_DST_FRMS(3)), ==, 2);

    fbnic_stop(f);
}

/* ------------------------------------------------------------------ */
/* Silicon realism: seed, unimplemented registers, surprise removal,   */
/* Rx error completions                                                */
/* ------------------------------------------------------------------ */

#define MAC_TX_OCTETS_L     0x468f8
#define MAC_TX_OK_L         0x46908
#define RSFEC_CCW_LO(n)     (0x42008 + 32 * (n))
#define RSFEC_NCCW_LO(n)    (0x42010 + 32 * (n))
#define PCS_SYMBLERR_LO(n)  (0x42200 + 8 * (n))
#define TWD_REQ_TS          (1ull << 34)
#define TCD_TYPE(d)         ((unsigned)((d) >> 61) & 3)
#define RCD_HDR_OVERFLOW    (1ull << 53)
#define RCD_META_CSUM_OK    (1ull << 52)
#define RCD_META_MAC_EOP    (1ull << 53)
#define RCD_META_TRUNC      (1ull << 54)
#define RCD_META_PARSER     (1ull << 55)

/* A seeded counter starts a few thousand events short of its wrap */
static void assert_near_wrap(uint32_t v)
{
    g_assert_cmpuint(v, >=, 0xffffffffu - 4096 + 1);
    g_assert_cmpuint(v, <=, 0xffffffffu - 256 + 1);
}

/* Send @n minimum frames on TWQ0 without completions; wait until fetched */
static void realism_tx_burst(DataPath *d, unsigned n)
{
    uint64_t twd[62];
    uint8_t out[128];
    int64_t end = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;
    unsigned i;

    g_assert_cmpuint(n, <=, 31);
    for (i = 0; i < n; i++) {
        twd[2 * i] = TWD_META | TWD_DEST_MAC;
        twd[2 * i + 1] = TWD_LAST_AL | TWD_BUF(d->buf, 60);
    }
    dp_tx_post(d, 0, twd, 2 * n);
    while ((rdq(d, 0, Q_TWQ0_PTRS) >> 16) != d->twq_tail[0] &&
           g_get_monotonic_time() < end) {
        qtest_clock_step(d->f->qs->qts, 100);
    }
    g_assert_cmpuint(rdq(d, 0, Q_TWQ0_PTRS) >> 16, ==, d->twq_tail[0]);
    for (i = 0; i < n; i++) {
        g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, 60);
    }
}

/*
 * seed: counters start near their wrap (32-bit) or carry (64-bit), the
 * same for the same seed; the drivers' differences stay exact across the
 * wrap and the carry.  Without a seed they start at 0.
 */
static void test_realism_counters(void)
{
    DataPath *d;
    Fbnic *f;
    uint32_t c0, c, cor[12], other;
    uint64_t m0, m, o0, o;
    unsigned sent = 0, i;
    uint8_t frame[60];

    f = fbnic_start(NULL);
    g_assert_cmphex(rd0(f, QP(0, Q_TWQ0_PKT_CNT)), ==, 0);
    g_assert_cmphex(rd64(f, MAC_TX_OK_L), ==, 0);
    g_assert_cmphex(rd0(f, RSFEC_CCW_LO(0)), ==, 0);
    fbnic_stop(f);

    f = fbnic_start("seed=4242");
    other = rd0(f, QP(5, Q_TWQ0_PKT_CNT));
    fbnic_stop(f);
    f = fbnic_start("seed=4243");
    g_assert_cmphex(rd0(f, QP(5, Q_TWQ0_PKT_CNT)), !=, other);
    fbnic_stop(f);

    d = dp_start(",seed=4242");
    g_assert_cmphex(rd0(d->f, QP(5, Q_TWQ0_PKT_CNT)), ==, other);
    /* RS-FEC and PCS error counters: 16-bit halves that clear on read */
    for (i = 0; i < 4; i++) {
        cor[3 * i] = rd0(d->f, RSFEC_CCW_LO(i)) |
                     rd0(d->f, RSFEC_CCW_LO(i) + 4) << 16;
        cor[3 * i + 1] = rd0(d->f, RSFEC_NCCW_LO(i)) |
                         rd0(d->f, RSFEC_NCCW_LO(i) + 4) << 16;
        cor[3 * i + 2] = rd0(d->f, PCS_SYMBLERR_LO(i)) |
                         rd0(d->f, PCS_SYMBLERR_LO(i) + 4) << 16;
    }
    other = 0;
    for (i = 0; i < 12; i++) {
        other |= cor[i];
    }
    g_assert_cmphex(other, !=, 0);
    for (i = 0; i < 4; i++) {
        g_assert_cmphex(rd0(d->f, RSFEC_CCW_LO(i)), ==, 0);
        g_assert_cmphex(rd0(d->f, RSFEC_NCCW_LO(i) + 4), ==, 0);
        g_assert_cmphex(rd0(d->f, PCS_SYMBLERR_LO(i)), ==, 0);
    }

    dp_tx_rings(d, 0);
    dp_build_frame(frame, false, 18, true);
    qtest_memwrite(d->f->qs->qts, d->buf, frame, sizeof(frame));
    c0 = rdq(d, 0, Q_TWQ0_PKT_CNT);
    m0 = rd64(d->f, MAC_TX_OK_L);
    o0 = rd64(d->f, MAC_TX_OCTETS_L);
    assert_near_wrap(c0);
    assert_near_wrap((uint32_t)m0);
    g_assert_cmphex(m0 >> 32, !=, 0);
    g_assert_cmphex(o0 >> 32, !=, 0);

    /* until the 32-bit counter wrapped and the 64-bit one carried */
    do {
        realism_tx_burst(d, 31);
        sent += 31;
        c = rdq(d, 0, Q_TWQ0_PKT_CNT);
        m = rd64(d->f, MAC_TX_OK_L);
        g_assert_cmpuint(sent, <=, 4096 + 31);
    } while (c >= c0 || (m >> 32) == (m0 >> 32));
    g_test_message("wrap and carry after %u frames", sent);
    g_assert_cmpuint((uint32_t)(c - c0), ==, sent);
    g_assert_cmpuint(m >> 32, ==, (m0 >> 32) + 1);
    g_assert_cmpuint(m - m0, ==, sent);
    o = rd64(d->f, MAC_TX_OCTETS_L);
    g_assert_cmpuint(o - o0, ==, sent * 64ull);
    dp_stop(d);
}

/* The order of the timestamp and head completions of each frame */
static uint32_t realism_ts_orders(const char *extra, unsigned frames)
{
    DataPath *d = dp_start(extra);
    uint8_t frame[60], out[128];
    uint64_t twd[2], a, b;
    uint32_t head_first = 0;
    unsigned i;

    g_assert_cmpuint(frames, <=, 31);
    dp_tx_rings(d, 0);
    wr0(d->f, PTP_CTRL, 1);
    dp_build_frame(frame, false, 18, true);
    qtest_memwrite(d->f->qs->qts, d->buf, frame, sizeof(frame));
    for (i = 0; i < frames; i++) {
        twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL | TWD_REQ_TS;
        twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, sizeof(frame));
        dp_tx_post(d, 0, twd, 2);
        a = dp_tcd_next(d);
        b = dp_tcd_next(d);
        g_assert_cmpuint(TCD_TYPE(a) + TCD_TYPE(b), ==, 1);
        /* the head completion names the descriptor after the frame */
        if (TCD_TYPE(a) == 0) {
            g_assert_cmphex(a & 0xffff, ==, 2 * (i + 1));
            head_first |= 1u << i;
        } else {
            g_assert_cmphex(b & 0xffff, ==, 2 * (i + 1));
        }
        g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, 60);
    }
    dp_stop(d);
    return head_first;
}

/* seed: per frame either completion comes first, reproducibly */
static void test_realism_ts_order(void)
{
    uint32_t m;

    g_assert_cmphex(realism_ts_orders(NULL, 20), ==, 0);
    m = realism_ts_orders(",seed=99", 20);
    g_assert_cmphex(m, !=, 0);
    g_assert_cmphex(m, !=, (1u << 20) - 1);
    g_assert_cmphex(realism_ts_orders(",seed=99", 20), ==, m);
}

/* Count the lines of @path that contain @needle */
static unsigned log_count(const char *path, const char *needle)
{
    g_autofree char *text = NULL;
    unsigned n = 0;
    const char *p;

    g_assert(g_file_get_contents(path, &text, NULL, NULL));
    for (p = text; (p = strstr(p, needle)); p += strlen(needle)) {
        n++;
    }
    return n;
}

/*
 * Offsets no block implements are logged under -d unimp, once each; the
 * registers a driver bring-up touches are not.  The seed is logged.
 */
static void test_realism_unimp(void)
{
    g_autofree char *path = NULL;
    g_autofree char *props = NULL;
    uint8_t buf[4096];
    Fbnic *f;
    int fd;

    fd = g_file_open_tmp("fbnic-unimp-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    props = g_strdup_printf("seed=77 -d unimp -D %s", path);
    f = fbnic_start(props);
    g_assert_cmpuint(log_count(path, "realism seed 77"), ==, 1);

    /* a mailbox bring-up and capabilities exchange, as at probe */
    mbx_bring_up(f);
    mbx_send(f, (uint32_t[]){ msg_hdr(0x10, 1) }, 1);
    mbx_recv(f, buf);
    rd0(f, 0x3106c);
    rd0(f, 0x12020);
    rd0(f, MAC_TX_OK_L);
    rd0(f, RSFEC_CCW_LO(0));
    rd0(f, 0xc41b8);
    qpci_io_readl(f->dev, f->bar4, 0x874);
    g_assert_cmpuint(log_count(path, "no register is implemented"), ==, 0);

    /* holes between blocks, past the last queue page, in BAR4 */
    rd0(f, 0x5000);
    rd0(f, 0x5000);
    wr0(f, 0x5000, 1);
    g_assert_cmphex(rd0(f, 0x5000), ==, 1);     /* still storage */
    rd0(f, 0x200000);
    wr0(f, 0x200000, 1);
    g_assert_cmphex(rd0(f, 0x200000), ==, 0);
    qpci_io_readl(f->dev, f->bar4, 0x30000);
    qpci_io_readl(f->dev, f->bar4, 0x30000);
    g_assert_cmpuint(log_count(path, "0x5000:"), ==, 1);
    g_assert_cmpuint(log_count(path, "0x200000:"), ==, 1);
    g_assert_cmpuint(log_count(path, "BAR4 read at 0x30000:"), ==, 1);
    g_assert_cmpuint(log_count(path, "no register is implemented"), ==, 3);
    fbnic_stop(f);
    unlink(path);
}

/*
 * surprise-removed: reads all-ones (registers, mailbox, MSI-X table),
 * writes lost, queues and mailbox frozen mid-flight; back on the bus
 * what waited goes on.
 */
static void test_realism_surprise(void)
{
    DataPath *d = dp_start(NULL);
    uint8_t frame[128], out[128];
    uint64_t twd[2];
    size_t len;
    Fbnic *f;

    dp_tx_rings(d, 0);
    dp_rx_rings(d, 2, true);
    len = dp_build_frame(frame, false, 18, true);
    qtest_memwrite(d->f->qs->qts, d->buf, frame, len);

    /* a frame waiting in TWQ0 when the device goes */
    qom_set_bool(d->f, "tx-hold", true);
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, len);
    dp_tx_post(d, 0, twd, 2);
    qom_set_bool(d->f, "surprise-removed", true);
    g_assert(qom_get_bool(d->f, "surprise-removed"));
    qom_set_bool(d->f, "tx-hold", false);

    g_assert_cmphex(rd0(d->f, QP(0, Q_TWQ0_PTRS)), ==, 0xffffffff);
    g_assert_cmphex(rd0(d->f, QM_DEFAULT_META_L), ==, 0xffffffff);
    g_assert_cmphex(rd0(d->f, 0x3106c), ==, 0xffffffff);
    g_assert_cmphex(qpci_io_readl(d->f->dev, d->f->bar4, MBX_BASE), ==,
                    0xffffffff);
    g_assert_cmphex(qpci_io_readl(d->f->dev, d->f->bar4, 0x40000), ==,
                    0xffffffff);
    g_assert_cmphex(qpci_io_readl(d->f->dev, d->f->bar4, 0x48000), ==,
                    0xffffffff);
    g_assert_cmphex(qpci_io_readw(d->f->dev, d->f->bar0, 0x2060), ==,
                    0xffff);
    wr0(d->f, QM_DEFAULT_META_L, 0x1234);

    /* nothing moves: no frame, no completion, no Rx delivery */
    dp_wire_send(d, frame, len);
    g_assert(dp_rcq_empty(d));
    g_assert(dp_wire_quiet(d));
    g_assert(dp_tcq_empty(d));

    qom_set_bool(d->f, "surprise-removed", false);
    g_assert_cmphex(rd0(d->f, QM_DEFAULT_META_L), ==, 14 / 2);
    g_assert_cmphex(dp_tcd_next(d) & ~TCD_DONE, ==, 2);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, len);
    /* the frame that arrived meanwhile was lost */
    g_assert(dp_rcq_empty(d));
    g_assert_cmphex(qpci_io_readl(d->f->dev, d->f->bar4, 0x40000), !=,
                    0xffffffff);
    dp_stop(d);

    /* the firmware mailbox stops, and resumes */
    f = fbnic_start("id=nic0");
    mbx_bring_up(f);
    qtest_memset(f->qs->qts, f->rx[0], 0, 64);
    qom_set_bool(f, "surprise-removed", true);
    qom_set_int(f, "fw-malformed", 1);
    settle(f);
    settle(f);
    /* the message waits in the firmware: nothing written to the host */
    g_assert_cmphex(qtest_readq(f->qs->qts, f->rx[0]), ==, 0);
    qom_set_bool(f, "surprise-removed", false);
    settle(f);
    g_assert(desc_rd(f, MBX_TO_HOST, 0) & D_FW);
    g_assert_cmphex(qtest_readq(f->qs->qts, f->rx[0]), !=, 0);
    fbnic_stop(f);
}

/* A UDP frame with a correct checksum, so the device reports it good */
static size_t realism_rx_frame(uint8_t *frame)
{
    size_t len = dp_build_frame(frame, false, 58, true);
    uint8_t *ip = frame + 14, *l4 = ip + 20;
    uint16_t c;

    memcpy(frame, dp_nic_mac, 6);
    memcpy(frame + 6, dp_peer_mac, 6);
    stw_be_p(l4 + 6, 0);
    c = ~dp_fold(dp_sum(l4, len - 34, dp_pseudo(ip, 17, len - 34)));
    stw_be_p(l4 + 6, c ? c : 0xffff);
    g_assert(dp_l4_csum_ok(frame, len));
    return len;
}

/* Receive one small frame: its HDR_AL and META completions */
static void realism_rx_one(DataPath *d, const uint8_t *frame, size_t len,
                           uint64_t *hdr, uint64_t *meta)
{
    dp_wire_send(d, frame, len);
    *hdr = dp_rcd_next(d);
    g_assert_cmpuint(RCD_TYPE(*hdr), ==, RCD_HDR_AL);
    *meta = dp_rcd_next(d);
    g_assert_cmpuint(RCD_TYPE(*meta), ==, RCD_META);
}

/* rx-error-inject: each kind's completion bits, COUNT frames long */
static void test_realism_rx_errors(void)
{
    static const struct {
        const char *kind;
        bool in_hdr;
        uint64_t set, clear;
    } kinds[] = {
        { "mac", false, RCD_META_MAC_EOP, 0 },
        { "truncated", false, RCD_META_TRUNC, 0 },
        { "hdr-overflow", true, RCD_HDR_OVERFLOW, 0 },
        { "l4-csum", false, 0, RCD_META_CSUM_OK },
        { "parser", false, RCD_META_PARSER, 0 },
    };
    DataPath *d = dp_start(NULL);
    const uint64_t errs = RCD_META_MAC_EOP | RCD_META_TRUNC |
                          RCD_META_PARSER;
    uint64_t hdr, meta, hdr0, meta0;
    uint8_t frame[256];
    g_autofree char *left = NULL;
    QDict *rsp;
    size_t len;
    unsigned i;

    dp_rx_rings(d, 2, true);
    len = realism_rx_frame(frame);
    realism_rx_one(d, frame, len, &hdr0, &meta0);
    g_assert(meta0 & RCD_META_CSUM_OK);
    g_assert(!(meta0 & errs));
    g_assert(!(hdr0 & RCD_HDR_OVERFLOW));

    for (i = 0; i < ARRAY_SIZE(kinds); i++) {
        g_autofree char *spec = g_strdup_printf("%s:2", kinds[i].kind);
        g_autofree char *one = g_strdup_printf("%s:1", kinds[i].kind);
        g_autofree char *now = NULL;
        unsigned n;

        qom_set_str(d->f, "rx-error-inject", spec);
        for (n = 0; n < 3; n++) {
            bool err = n < 2;

            realism_rx_one(d, frame, len, &hdr, &meta);
            if (kinds[i].in_hdr) {
                g_assert_cmphex(hdr & kinds[i].set, ==,
                                err ? kinds[i].set : 0);
                g_assert_cmphex(meta & ~RCD_DONE, ==, meta0 & ~RCD_DONE);
            } else {
                g_assert_cmphex(meta & kinds[i].set, ==,
                                err ? kinds[i].set : 0);
                g_assert_cmphex(meta & kinds[i].clear, ==,
                                err ? 0 : kinds[i].clear);
                g_assert(!(hdr & RCD_HDR_OVERFLOW));
            }
            if (n == 0) {
                now = qom_get_str(d->f, "rx-error-inject");
                g_assert_cmpstr(now, ==, one);
            }
        }
    }
    left = qom_get_str(d->f, "rx-error-inject");
    g_assert_cmpstr(left, ==, "");

    /* bad specifications are refused; "none" cancels */
    rsp = qtest_qmp(d->f->qs->qts, "{'execute': 'qom-set', 'arguments': "
                    "{'path': '/machine/peripheral/nic0', 'property': "
                    "'rx-error-inject', 'value': 'fcs-ish:1'}}");
    g_assert(qdict_haskey(rsp, "error"));
    qobject_unref(rsp);
    rsp = qtest_qmp(d->f->qs->qts, "{'execute': 'qom-set', 'arguments': "
                    "{'path': '/machine/peripheral/nic0', 'property': "
                    "'rx-error-inject', 'value': 'mac'}}");
    g_assert(qdict_haskey(rsp, "error"));
    qobject_unref(rsp);
    qom_set_str(d->f, "rx-error-inject", "parser:5");
    qom_set_str(d->f, "rx-error-inject", "none");
    realism_rx_one(d, frame, len, &hdr, &meta);
    g_assert(!(meta & errs));
    dp_stop(d);
}

#define QM_TCQ_IDLE         0x2084
#define QM_RCQ_IDLE         0x3000

/*
 * completion-delay-us: Tx and Rx completions are written late, in order
 * within the queue, with their interrupt; the completion queue's idle
 * bit reads busy until they are.  Without a seed it does nothing.
 */
static void test_realism_completion_delay(void)
{
    DataPath *d = dp_start(",seed=5,completion-delay-us=500");
    uint8_t frame[128], out[128];
    uint64_t twd[40], tcd, rcd;
    unsigned i, n = 16;
    uint32_t pkts;
    size_t len;
    bool seen_busy = false;

    dp_tx_rings(d, 0);
    dp_rx_rings(d, 2, true);
    len = dp_build_frame(frame, false, 18, true);
    qtest_memwrite(d->f->qs->qts, d->buf, frame, len);
    g_assert_cmphex(rd0(d->f, QM_TCQ_IDLE), ==, 0xffffffff);

    /* one frame: fetched and sent at once, its completion held */
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, len);
    dp_tx_post(d, 0, twd, 2);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, len);
    g_assert_cmphex(rdq(d, 0, Q_TWQ0_PTRS), ==, 2 << 16 | 2);
    g_assert(dp_tcq_empty(d));
    g_assert_cmphex(rd0(d->f, QM_TCQ_IDLE) & 1, ==, 0);
    g_assert_cmphex(rd0(d->f, QM_TWQ_IDLE) & 1, ==, 1);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 0);
    qtest_clock_step(d->f->qs->qts, 500 * 1000 + 1);
    g_assert_cmphex(rd0(d->f, QM_TCQ_IDLE) & 1, ==, 1);
    g_assert_cmphex(rd0(d->f, IRQ_STATUS) & 2, ==, 2);
    g_assert_cmphex(dp_tcd_next(d) & ~TCD_DONE, ==, 2);

    /* many frames: their completions come in order */
    for (i = 0; i < n; i++) {
        twd[2 * i] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
        twd[2 * i + 1] = TWD_LAST_AL | TWD_BUF(d->buf, len);
    }
    dp_tx_post(d, 0, twd, 2 * n);
    for (i = 0; i < n; i++) {
        g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, len);
    }
    for (i = 0; i < n; i++) {
        seen_busy |= !(rd0(d->f, QM_TCQ_IDLE) & 1);
        tcd = dp_tcd_next(d);
        g_assert_cmphex(tcd & ~TCD_DONE, ==, 2 + 2 * (i + 1));
    }
    g_assert(seen_busy);
    qtest_clock_step(d->f->qs->qts, 500 * 1000 + 1);
    g_assert_cmphex(rd0(d->f, QM_TCQ_IDLE), ==, 0xffffffff);

    /* Rx: the frame is in the buffer, its completions come later */
    len = realism_rx_frame(frame);
    pkts = rdq(d, 0, Q_RDE_PKT_CNT);
    dp_wire_send(d, frame, len);
    qtest_clock_step(d->f->qs->qts, 1);
    g_assert_cmpuint(rdq(d, 0, Q_RDE_PKT_CNT), ==, pkts + 1);
    g_assert_cmphex(rd0(d->f, QM_RCQ_IDLE) & 1, ==, 0);
    g_assert(!(dp_rd64(d, d->rcq) & RCD_DONE));
    rcd = dp_rcd_next(d);
    g_assert_cmpuint(RCD_TYPE(rcd), ==, RCD_HDR_AL);
    rcd = dp_rcd_next(d);
    g_assert_cmpuint(RCD_TYPE(rcd), ==, RCD_META);
    qtest_clock_step(d->f->qs->qts, 500 * 1000 + 1);
    g_assert_cmphex(rd0(d->f, QM_RCQ_IDLE), ==, 0xffffffff);
    dp_stop(d);

    /* without a seed completions are written at once */
    d = dp_start(",completion-delay-us=500");
    dp_tx_rings(d, 0);
    len = dp_build_frame(frame, false, 18, true);
    qtest_memwrite(d->f->qs->qts, d->buf, frame, len);
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, len);
    dp_tx_post(d, 0, twd, 2);
    g_assert_cmpuint(dp_wire_recv(d, out, sizeof(out)), ==, len);
    g_assert(!dp_tcq_empty(d));
    dp_stop(d);
}

/*
 * desc-prefetch: with a seed the Tx work queues and the Rx buffer queues
 * read the descriptors a doorbell announces right then, so a driver that
 * rewrites one after ringing the doorbell gets the old one used, as on
 * silicon.  Returns whether the old ones were used: for a Tx frame whose
 * length changed after the doorbell (the work queue held meanwhile), and
 * for a header buffer moved to another page after the tail write.
 */
static bool realism_prefetch_used_old(const char *extra)
{
    DataPath *d = dp_start(extra);
    uint64_t twd[2], alt, rcd;
    uint8_t frame[128], out[2048], got[128];
    bool tx_old, rx_old;
    size_t len, sent;

    dp_tx_rings(d, 0);
    qtest_memset(d->f->qs->qts, d->buf, 0, 128);
    qtest_memwrite(d->f->qs->qts, d->buf, dp_peer_mac, 6);
    twd[0] = TWD_META | TWD_DEST_MAC | TWD_REQ_COMPL;
    twd[1] = TWD_LAST_AL | TWD_BUF(d->buf, 64);
    qom_set_bool(d->f, "tx-hold", true);
    dp_tx_post(d, 0, twd, 2);
    dp_wr64(d, d->twq[0] + 8, TWD_LAST_AL | TWD_BUF(d->buf, 100));
    qom_set_bool(d->f, "tx-hold", false);
    dp_tcd_next(d);
    sent = dp_wire_recv(d, out, sizeof(out));
    g_assert(sent == 64 || sent == 100);
    tx_old = sent == 64;

    /* header buffer 0 moves to another page after the tail write */
    alt = qmalloc(d->f->qs, 4096);
    qtest_memset(d->f->qs->qts, alt, 0, 4096);
    dp_rx_rings(d, 2, true);
    dp_wr64(d, d->hpq, alt);
    len = realism_rx_frame(frame);
    dp_wire_send(d, frame, len);
    rcd = dp_rcd_next(d);
    g_assert_cmpuint(RCD_TYPE(rcd), ==, RCD_HDR_AL);
    g_assert_cmpuint(RCD_ID(rcd), ==, 0);
    g_assert_cmpuint(RCD_LEN(rcd), ==, len);
    qtest_memread(d->f->qs->qts, d->hdr_pg[0] + RCD_OFF(rcd), got, len);
    rx_old = !memcmp(got, frame, len);
    qtest_memread(d->f->qs->qts, alt + RCD_OFF(rcd), got, len);
    g_assert(rx_old != !memcmp(got, frame, len));
    dp_stop(d);

    /* both engines behave alike */
    g_assert(tx_old == rx_old);
    return tx_old;
}

static void test_realism_prefetch(void)
{
    g_assert(realism_prefetch_used_old(",seed=7"));
    g_assert(realism_prefetch_used_old(",seed=7,desc-prefetch=2"));
    g_assert(!realism_prefetch_used_old(",seed=7,desc-prefetch=0"));
    g_assert(!realism_prefetch_used_old(NULL));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/fbnic/identity", test_identity);
    qtest_add_func("/fbnic/irq-block", test_irq_block);
    qtest_add_func("/fbnic/mailbox/handshake", test_handshake);
    qtest_add_func("/fbnic/mailbox/sensors", test_sensors);
    qtest_add_func("/fbnic/mailbox/bad-descriptors", test_bad_descriptors);
    qtest_add_func("/fbnic/fw/flash", test_flash);
    qtest_add_func("/fbnic/fw/coredump", test_coredump);
    qtest_add_func("/fbnic/fw/qsfp", test_qsfp);
    qtest_add_func("/fbnic/fw/mac-sync", test_mac_sync);
    qtest_add_func("/fbnic/fw/log", test_fw_log);
    qtest_add_func("/fbnic/fw/faults", test_faults);
    qtest_add_func("/fbnic/fw/uptime", test_fw_uptime);
    qtest_add_func("/fbnic/ptp/props", test_ptp_props);
    qtest_add_func("/fbnic/pci/aer", test_aer);
    qtest_add_func("/fbnic/rpc/rss", test_rpc_rss);
    qtest_add_func("/fbnic/rpc/filter", test_rpc_filter);
    qtest_add_func("/fbnic/rpc/counters", test_rpc_counters);
    qtest_add_func("/fbnic/rpc/parser", test_rpc_parser);
    qtest_add_func("/fbnic/rpc/bmc", test_rpc_bmc);

    qtest_add_func("/fbnic/datapath/tx-basic", test_tx_basic);
    qtest_add_func("/fbnic/datapath/tx-csum", test_tx_csum);
    qtest_add_func("/fbnic/datapath/tx-tso", test_tx_tso);
    qtest_add_func("/fbnic/datapath/tx-tso-partial", test_tx_tso_partial);
    qtest_add_func("/fbnic/datapath/tx-bad", test_tx_bad);
    qtest_add_func("/fbnic/datapath/tx-moderation", test_tx_moderation);
    qtest_add_func("/fbnic/datapath/tx-hold", test_tx_hold);
    qtest_add_func("/fbnic/datapath/rx-basic", test_rx_basic);
    qtest_add_func("/fbnic/datapath/rx-no-buffers", test_rx_no_buffers);
    qtest_add_func("/fbnic/datapath/rx-bad-setup", test_rx_bad_setup);
    qtest_add_func("/fbnic/datapath/rx-irq-hold", test_rx_irq_hold);

    qtest_add_func("/fbnic/realism/counters", test_realism_counters);
    qtest_add_func("/fbnic/realism/unimp", test_realism_unimp);
    qtest_add_func("/fbnic/realism/ts-order", test_realism_ts_order);
    qtest_add_func("/fbnic/realism/surprise-removed", test_realism_surprise);
    qtest_add_func("/fbnic/realism/rx-errors", test_realism_rx_errors);
    qtest_add_func("/fbnic/realism/prefetch", test_realism_prefetch);
    qtest_add_func("/fbnic/realism/completion-delay",
                   test_realism_completion_delay);

    return g_test_run();
}
