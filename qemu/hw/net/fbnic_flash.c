/*
 * Meta fbnic host NIC emulation: flash store (component upgrade) and
 * firmware core dump.
 *
 * Upgrade.  The host announces a section and a length; the firmware
 * then pulls the component from the host chunk by chunk into a staging
 * buffer and, once the last byte is in, validates it.  Only a valid
 * image changes the stored version and commit of its section (what the
 * next capabilities response reports).  Running versions never change
 * here: activation is not modelled.
 *
 * Component image format (this model's own, documented in README.md):
 *
 *   off len
 *     0   8  magic "FBNICIMG"
 *     8   2  format version (1), little endian
 *    10   2  header length (64)
 *    12   4  section (0 CMRT/bootloader, 1 control firmware, 3 option ROM)
 *    16   4  firmware version, major<<24 | minor<<16 | patch<<8 | build
 *    20  20  commit, NUL terminated and padded (at most 18 characters)
 *    40   4  payload length
 *    44   4  CRC-32 (IEEE 802.3, as zlib) of the payload
 *    48  16  reserved, zero
 *    64      payload
 *
 * Core dump.  Taken when the firmware crashes (or when the host asks
 * for one and none exists); kept until the next one replaces it, also
 * across device resets.  Content is deterministic: a header (magic,
 * firmware version, uptime at the crash, reason) and a byte pattern,
 * coredump-size bytes in all.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "fbnic_core.h"
#include "trace.h"

/* Linux errno values as they travel on the wire */
#define FW_EBUSY        (-16)
#define FW_EINVAL       (-22)
#define FW_EFBIG        (-27)
#define FW_ENOEXEC      (-8)
#define FW_EBADMSG      (-74)
#define FW_EMSGSIZE     (-90)
#define FW_ENODATA      (-61)

#define IMG_MAGIC       "FBNICIMG"
#define IMG_FORMAT      1
#define IMG_HDR_LEN     64
#define IMG_COMMIT_LEN  20

/* CRC-32, IEEE 802.3 polynomial, reflected (same value as zlib's) */
static uint32_t img_crc32(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    unsigned k;

    while (n--) {
        crc ^= *p++;
        for (k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}

/* ------------------------------------------------------------------ */
/* Upgrade                                                             */
/* ------------------------------------------------------------------ */

static const char *section_name(uint32_t section)
{
    switch (section) {
    case FBNIC_SECTION_CMRT:
        return "bootloader";
    case FBNIC_SECTION_CONTROL:
        return "control firmware";
    case FBNIC_SECTION_OPTROM:
        return "option rom";
    default:
        return "unknown";
    }
}

static void flash_end(FbnicFlash *fl)
{
    g_free(fl->img);
    fl->img = NULL;
    fl->active = false;
    fl->len = fl->offset = fl->chunk = 0;
}

int fbnic_flash_start(FbnicCore *core, uint32_t section, uint32_t len)
{
    FbnicFlash *fl = &core->fw.flash;

    if (fl->active) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: flash update started while "
                      "one is in progress\n");
        return FW_EBUSY;
    }
    if (section != FBNIC_SECTION_CMRT && section != FBNIC_SECTION_CONTROL &&
        section != FBNIC_SECTION_OPTROM) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: flash update of unknown "
                      "section %u\n", section);
        return FW_EINVAL;
    }
    if (len < IMG_HDR_LEN || len > FBNIC_FLASH_IMAGE_MAX) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: flash update of %u bytes "
                      "(image must be %u..%u)\n", len, IMG_HDR_LEN,
                      FBNIC_FLASH_IMAGE_MAX);
        return len < IMG_HDR_LEN ? FW_EINVAL : FW_EFBIG;
    }
    fl->active = true;
    fl->section = section;
    fl->len = len;
    fl->offset = 0;
    fl->chunk = 0;
    fl->img = g_malloc0(len);
    trace_fbnic_flash_start(section, len);
    return 0;
}

bool fbnic_flash_next_chunk(FbnicCore *core, uint32_t *off, uint32_t *len)
{
    FbnicFlash *fl = &core->fw.flash;
    uint32_t next = fl->offset + fl->chunk;

    if (!fl->active || next >= fl->len) {
        return false;
    }
    fl->offset = next;
    fl->chunk = MIN(FBNIC_FLASH_CHUNK, fl->len - next);
    *off = fl->offset;
    *len = fl->chunk;
    return true;
}

/* Header checks that can be made as soon as the header has arrived */
static int flash_check_header(FbnicFlash *fl)
{
    const uint8_t *h = fl->img;

    if (memcmp(h, IMG_MAGIC, 8)) {
        return FW_ENOEXEC;
    }
    if (lduw_le_p(h + 8) != IMG_FORMAT || lduw_le_p(h + 10) != IMG_HDR_LEN) {
        return FW_ENOEXEC;
    }
    if (ldl_le_p(h + 12) != fl->section) {
        return FW_EINVAL;
    }
    if (!memchr(h + 20, 0, FBNIC_FW_COMMIT_MAX + 1)) {
        return FW_EINVAL;
    }
    return 0;
}

int fbnic_flash_chunk(FbnicCore *core, uint32_t off, uint32_t len,
                      const uint8_t *data, size_t data_len)
{
    FbnicFlash *fl = &core->fw.flash;
    int err;

    if (!fl->active) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: flash chunk with no update "
                      "in progress\n");
        return FW_EINVAL;
    }
    if (off != fl->offset || len != fl->chunk || data_len < len) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: flash chunk %u+%u (%zu data "
                      "bytes) does not match the request %u+%u\n",
                      off, len, data_len, fl->offset, fl->chunk);
        return FW_EINVAL;
    }
    /* off + len <= fl->len: the request was made that way */
    memcpy(fl->img + off, data, len);
    trace_fbnic_flash_chunk(off, len, fl->len);

    if (off < IMG_HDR_LEN && off + len >= IMG_HDR_LEN) {
        err = flash_check_header(fl);
        if (err) {
            return err;
        }
    }
    return 0;
}

int fbnic_flash_finish(FbnicCore *core)
{
    FbnicFlash *fl = &core->fw.flash;
    FbnicFwConfig *c = &core->fw.cfg;
    const uint8_t *h = fl->img;
    uint32_t payload, crc, version;
    const char *commit;
    int err;

    if (!fl->active) {
        return FW_EINVAL;
    }
    err = flash_check_header(fl);
    if (err) {
        goto out;
    }
    payload = ldl_le_p(h + 40);
    if (payload != fl->len - IMG_HDR_LEN) {
        err = FW_EMSGSIZE;
        goto out;
    }
    crc = img_crc32(h + IMG_HDR_LEN, payload);
    if (crc != ldl_le_p(h + 44)) {
        err = FW_EBADMSG;
        goto out;
    }

    version = ldl_le_p(h + 16);
    commit = (const char *)h + 20;      /* NUL checked in the header */
    switch (fl->section) {
    case FBNIC_SECTION_CONTROL:
        c->stored_fw_version = version;
        g_free(c->stored_fw_commit);
        c->stored_fw_commit = g_strdup(commit);
        break;
    case FBNIC_SECTION_CMRT:
        c->stored_bl_version = version;
        g_free(c->stored_bl_commit);
        c->stored_bl_commit = g_strdup(commit);
        break;
    case FBNIC_SECTION_OPTROM:
        c->uefi_version = version;
        g_free(c->uefi_commit);
        c->uefi_commit = g_strdup(commit);
        break;
    }
out:
    trace_fbnic_flash_finish(fl->section, err);
    if (err) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: %s image rejected (%d)\n",
                      section_name(fl->section), err);
    }
    flash_end(fl);
    return err;
}

void fbnic_flash_abort(FbnicCore *core, const char *why)
{
    FbnicFlash *fl = &core->fw.flash;

    if (fl->active) {
        trace_fbnic_flash_abort(why);
        flash_end(fl);
    }
}

void fbnic_flash_reset(FbnicCore *core)
{
    fbnic_flash_abort(core, "device reset");
}

void fbnic_flash_cleanup(FbnicCore *core)
{
    flash_end(&core->fw.flash);
}

/* ------------------------------------------------------------------ */
/* Core dump                                                           */
/* ------------------------------------------------------------------ */

#define DUMP_MAGIC      0x504d4446u    /* "FDMP" little endian */
#define DUMP_HDR_LEN    32

void fbnic_coredump_take(FbnicCore *core, uint32_t reason)
{
    FbnicFlash *fl = &core->fw.flash;

    fl->dump_valid = true;
    fl->dump_reason = reason;
    fl->dump_fw_version = core->fw.cfg.fw_version;
    fl->dump_uptime_ms = fbnic_fw_uptime_ms(core);
    fl->dump_size = MAX(core->fw.cfg.coredump_size, DUMP_HDR_LEN);
    trace_fbnic_coredump_take(reason, fl->dump_size);
}

uint32_t fbnic_coredump_size(FbnicCore *core)
{
    return core->fw.flash.dump_valid ? core->fw.flash.dump_size : 0;
}

/* Byte @i of the dump */
static uint8_t dump_byte(const FbnicFlash *fl, const uint8_t *hdr, uint32_t i)
{
    if (i < DUMP_HDR_LEN) {
        return hdr[i];
    }
    /* a pattern that shows its own offset: 32-bit words hold it */
    return (uint8_t)((i & ~3u) >> (8 * (i & 3)));
}

int fbnic_coredump_read(FbnicCore *core, uint32_t off, uint32_t len,
                        uint8_t *out)
{
    const FbnicFlash *fl = &core->fw.flash;
    uint8_t hdr[DUMP_HDR_LEN] = { 0 };
    uint32_t i;

    if (!fl->dump_valid) {
        return FW_ENODATA;
    }
    if (!len || len > FBNIC_DUMP_READ_MAX || off > fl->dump_size ||
        len > fl->dump_size - off) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: core dump read %u+%u out of "
                      "range (size %u)\n", off, len, fl->dump_size);
        return FW_EINVAL;
    }
    stl_le_p(hdr, DUMP_MAGIC);
    stl_le_p(hdr + 4, fl->dump_size);
    stl_le_p(hdr + 8, fl->dump_fw_version);
    stl_le_p(hdr + 12, fl->dump_reason);
    stq_le_p(hdr + 16, fl->dump_uptime_ms);
    for (i = 0; i < len; i++) {
        out[i] = dump_byte(fl, hdr, off + i);
    }
    trace_fbnic_coredump_read(off, len);
    return 0;
}
