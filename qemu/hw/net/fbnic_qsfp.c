/*
 * Meta fbnic host NIC emulation: QSFP module EEPROM behind the firmware.
 *
 * The firmware reads the cage's module over I2C (address 0x50) for the
 * host.  The model keeps an SFF-8636 (QSFP28) EEPROM image: lower page
 * (bytes 0-127: identifier, status, monitors) and upper page 00h (bytes
 * 128-255: identity, lengths, vendor, part and serial numbers) with
 * valid check codes.  The module reports flat memory, so page 00h of
 * bank 0 is all there is.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "fbnic_core.h"
#include "trace.h"

#define FW_ENODEV       (-19)
#define FW_EINVAL       (-22)

#define SFF8636_ID_QSFP28           0x11
#define SFF8636_REV_2_8             0x08    /* revision compliance byte */
#define SFF8636_STATUS_FLAT_MEM     (1u << 2)

/* Copy @s padded with spaces to @n bytes (SFF ASCII fields) */
static void put_ascii(uint8_t *p, const char *s, size_t n)
{
    size_t l = strlen(s);

    memset(p, ' ', n);
    memcpy(p, s, MIN(l, n));
}

static void qsfp_build(FbnicCore *core, uint8_t e[256])
{
    unsigned i;
    uint8_t sum;

    memset(e, 0, 256);

    /* Lower page */
    e[0] = SFF8636_ID_QSFP28;
    e[1] = SFF8636_REV_2_8;
    e[2] = SFF8636_STATUS_FLAT_MEM;         /* data ready (bit 0 clear) */
    e[22] = 35;                             /* temperature 35.0 C */
    e[23] = 0;
    e[26] = 0x80;                           /* Vcc 3.3 V: 33000 x 100 uV */
    e[27] = 0xe8;

    /* Upper page 00h */
    e[128] = SFF8636_ID_QSFP28;
    e[129] = 0x00;                          /* power class 1 */
    e[130] = 0x23;                          /* no separable connector */
    e[131] = 0x80;                          /* extended compliance */
    e[139] = 0x03;                          /* encoding NRZ */
    e[140] = 0xff;                          /* nominal rate: see byte 222 */
    e[146] = 2;                             /* copper cable, 2 m */
    e[147] = 0xa0;                          /* copper, unequalized */
    put_ascii(e + 148, "FBNIC EMU", 16);
    e[165] = 0x00;                          /* vendor OUI 00-1d-9b */
    e[166] = 0x1d;
    e[167] = 0x9b;
    put_ascii(e + 168, "FBQ28-CR4-2M", 16);
    put_ascii(e + 184, "A0", 2);
    e[190] = 70;                            /* max case temperature */
    for (sum = 0, i = 128; i < 191; i++) {
        sum += e[i];
    }
    e[191] = sum;                           /* CC_BASE */

    e[192] = 0x0b;                          /* 100GBASE-CR4 */
    put_ascii(e + 196, "QEMU0000000001", 16);
    put_ascii(e + 212, "26010100", 8);      /* date code YYMMDD + lot */
    e[222] = 103;                           /* 25.78 Gb/s / 250 Mb/s */
    for (sum = 0, i = 192; i < 223; i++) {
        sum += e[i];
    }
    e[223] = sum;                           /* CC_EXT */
}

int fbnic_qsfp_read(FbnicCore *core, uint32_t bank, uint32_t page,
                    uint32_t off, uint32_t len, uint8_t *out)
{
    uint8_t eeprom[256];

    trace_fbnic_qsfp_read(bank, page, off, len);
    if (!core->fw.cfg.qsfp_present) {
        return FW_ENODEV;
    }
    if (bank != 0 || page != 0 || !len || len > FBNIC_QSFP_READ_MAX ||
        off >= sizeof(eeprom) || len > sizeof(eeprom) - off) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: QSFP read bank %u page %u "
                      "%u+%u is outside the module's flat memory\n",
                      bank, page, off, len);
        return FW_EINVAL;
    }
    qsfp_build(core, eeprom);
    memcpy(out, eeprom + off, len);
    return 0;
}
