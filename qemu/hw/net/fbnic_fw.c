/*
 * Meta fbnic host NIC emulation: firmware model.
 *
 * The NIC's management firmware talks to the host over the IPC mailbox
 * in TLV-encoded messages.  This model answers what the Linux driver
 * needs: the capabilities exchange, host ownership, heartbeat, sensor
 * (TSENE) reads, firmware log streaming, MAC list sync, core dump
 * info/read, flash update (fbnic_flash.c) and QSFP module EEPROM reads
 * (fbnic_qsfp.c).  Every reply passes the fault gate (fbnic_faults.c),
 * which can delay or drop it, and nothing is answered while the
 * firmware is "crashed".  Unknown messages are refused.
 *
 * TLV wire format (little endian, 32-bit aligned):
 *   header word: bits 0-11 type, bit 14 "cannot ignore", bit 15 "is a
 *   message", bits 16-31 length.  A message header counts its length in
 *   32-bit words including itself; an attribute header counts bytes,
 *   including its own 4-byte header, and its payload is padded to a
 *   multiple of 4.  Nested attributes carry further attributes.
 *
 * Everything taken from a host message is bounds checked before use.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "fbnic_core.h"
#include "trace.h"

/* ------------------------------------------------------------------ */
/* Message and attribute identifiers                                   */
/* ------------------------------------------------------------------ */

enum {
    FW_MSG_TEST                 = 0x00,
    FW_MSG_CAPS_REQ             = 0x10,
    FW_MSG_CAPS_RESP            = 0x11,
    FW_MSG_OWNER_REQ            = 0x12,
    FW_MSG_OWNER_RESP           = 0x13,
    FW_MSG_HEARTBEAT_REQ        = 0x14,
    FW_MSG_HEARTBEAT_RESP       = 0x15,
    FW_MSG_CORE_INFO_REQ        = 0x18,
    FW_MSG_CORE_INFO_RESP       = 0x19,
    FW_MSG_CORE_READ_REQ        = 0x20,
    FW_MSG_CORE_READ_RESP       = 0x21,
    FW_MSG_UPDATE_START_REQ     = 0x22,
    FW_MSG_UPDATE_START_RESP    = 0x23,
    FW_MSG_WRITE_CHUNK_REQ      = 0x24,     /* firmware -> host */
    FW_MSG_WRITE_CHUNK_RESP     = 0x25,     /* host -> firmware */
    FW_MSG_FINISH_UPGRADE_REQ   = 0x28,     /* firmware -> host */
    FW_MSG_QSFP_READ_REQ        = 0x38,
    FW_MSG_QSFP_READ_RESP       = 0x39,
    FW_MSG_SENSOR_REQ           = 0x3c,
    FW_MSG_SENSOR_RESP          = 0x3d,
    FW_MSG_LOG_CTRL_REQ         = 0x43,
    FW_MSG_LOG_LINE             = 0x44,
    FW_MSG_MAC_SYNC_REQ         = 0x46,
};

/* Capabilities response attributes */
enum {
    CAPS_FW_VER                 = 0x00,
    CAPS_BMC_PRESENT            = 0x01,
    CAPS_BMC_MAC                = 0x02,
    CAPS_BMC_MAC_LIST           = 0x03,
    CAPS_FW_VER_STORED          = 0x04,
    CAPS_FW_SLOT                = 0x05,
    CAPS_FW_COMMIT              = 0x06,
    CAPS_BMC_ALL_MULTI          = 0x08,
    CAPS_LINK_MODE              = 0x0a,
    CAPS_LINK_FEC               = 0x0b,
    CAPS_FW_COMMIT_STORED       = 0x0c,
    CAPS_BL_VER                 = 0x0d,
    CAPS_BL_VER_STORED          = 0x0e,
    CAPS_BL_COMMIT              = 0x0f,
    CAPS_BL_COMMIT_STORED       = 0x10,
    CAPS_UEFI_VER               = 0x11,
    CAPS_UEFI_COMMIT            = 0x12,
    CAPS_ANTI_ROLLBACK          = 0x15,
};

/* Link modes and FEC as the capabilities response encodes them */
#define FW_LINK_MODE_25G_1LANE      1
#define FW_LINK_MODE_50G_1LANE      3
#define FW_LINK_MODE_100G_2LANE     4
#define FW_LINK_FEC_RS              2

/* Per-message attributes */
#define OWNER_ATTR_TAKE             0x00
#define OWNER_ATTR_TIME             0x01
#define HEARTBEAT_ATTR_UPTIME       0x00
#define SENSOR_ATTR_TEMP            0x00
#define SENSOR_ATTR_VOLT            0x01
#define CORE_INFO_ATTR_CREATE       0x00    /* request */
#define CORE_INFO_ATTR_AVAILABLE    0x00    /* response */
#define CORE_INFO_ATTR_SIZE         0x01
#define CORE_INFO_ATTR_ERROR        0x02
#define CORE_READ_ATTR_OFFSET       0x00
#define CORE_READ_ATTR_LENGTH       0x01
#define CORE_READ_ATTR_DATA         0x02
#define CORE_READ_ATTR_ERROR        0x03
#define UPDATE_START_ATTR_ERROR     0x00
#define UPDATE_START_ATTR_SECTION   0x01
#define UPDATE_START_ATTR_LENGTH    0x02
#define WRITE_CHUNK_ATTR_OFFSET     0x00
#define WRITE_CHUNK_ATTR_LENGTH     0x01
#define WRITE_CHUNK_ATTR_DATA       0x02
#define WRITE_CHUNK_ATTR_ERROR      0x03
#define FINISH_ATTR_ERROR           0x00
#define QSFP_ATTR_BANK              0x00
#define QSFP_ATTR_PAGE              0x01
#define QSFP_ATTR_OFFSET            0x02
#define QSFP_ATTR_LENGTH            0x03
#define QSFP_ATTR_ERROR             0x04
#define QSFP_ATTR_DATA              0x05
#define LOG_CTRL_ATTR_ENABLE        0x00
#define LOG_CTRL_ATTR_VERSION       0x01
#define LOG_CTRL_ATTR_HISTORY       0x02
#define LOG_ATTR_MSEC               0x00
#define LOG_ATTR_SEQ                0x01
#define LOG_ATTR_TEXT               0x02
#define MAC_SYNC_ATTR_FLAGS         0x00
#define MAC_SYNC_ATTR_UC_LIST       0x01
#define MAC_SYNC_ATTR_MC_LIST       0x02
#define MAC_SYNC_ATTR_ADDR          0x03
#define MAC_SYNC_LIST_MAX           8

/* Linux errno values travel on the wire; do not use the host's */
#define FW_ERR_NOT_SUPPORTED        (-95)
#define FW_ERR_INVAL                (-22)

/* Longest log line the host accepts, including the NUL */
#define FW_LOG_LINE_MAX             256

/* ------------------------------------------------------------------ */
/* TLV encoding                                                        */
/* ------------------------------------------------------------------ */

#define TLV_HDR_SIZE                4
#define TLV_ID_MASK                 0x0fffu
#define TLV_F_CANNOT_IGNORE         (1u << 14)
#define TLV_F_IS_MSG                (1u << 15)
#define TLV_MAX_ATTR_ID             32

static inline uint32_t tlv_hdr(uint16_t id, uint16_t flags, uint16_t len)
{
    return (id & TLV_ID_MASK) | flags | ((uint32_t)len << 16);
}

typedef struct TlvOut {
    uint8_t buf[FBNIC_MBX_MSG_MAX];
    size_t len;
    bool overflow;
} TlvOut;

static void tlv_begin(TlvOut *o, uint16_t msg_id)
{
    memset(o->buf, 0, sizeof(o->buf));
    o->len = TLV_HDR_SIZE;
    o->overflow = false;
    stl_le_p(o->buf, tlv_hdr(msg_id, TLV_F_IS_MSG, 1));
}

/* Reserve space for an attribute header plus @n payload bytes */
static uint8_t *tlv_reserve(TlvOut *o, uint16_t id, size_t n)
{
    size_t need = TLV_HDR_SIZE + ROUND_UP(n, 4);
    uint8_t *p;

    if (o->overflow || o->len + need > sizeof(o->buf)) {
        o->overflow = true;
        return NULL;
    }
    p = o->buf + o->len;
    stl_le_p(p, tlv_hdr(id, 0, TLV_HDR_SIZE + n));
    o->len += need;
    return p + TLV_HDR_SIZE;
}

static void tlv_put_bytes(TlvOut *o, uint16_t id, const void *v, size_t n)
{
    uint8_t *p = tlv_reserve(o, id, n);

    if (p) {
        memcpy(p, v, n);
    }
}

static void tlv_put_flag(TlvOut *o, uint16_t id)
{
    tlv_reserve(o, id, 0);
}

static void tlv_put_u32(TlvOut *o, uint16_t id, uint32_t v)
{
    uint8_t *p = tlv_reserve(o, id, 4);

    if (p) {
        stl_le_p(p, v);
    }
}

static void tlv_put_s32(TlvOut *o, uint16_t id, int32_t v)
{
    tlv_put_u32(o, id, (uint32_t)v);
}

static void tlv_put_u64(TlvOut *o, uint16_t id, uint64_t v)
{
    uint8_t *p = tlv_reserve(o, id, 8);

    if (p) {
        stq_le_p(p, v);
    }
}

/* Strings go out NUL terminated; an empty string is left out */
static void tlv_put_str(TlvOut *o, uint16_t id, const char *s)
{
    if (s && *s) {
        tlv_put_bytes(o, id, s, strlen(s) + 1);
    }
}

/* Open a nested attribute; returns its offset for tlv_nest_end() */
static size_t tlv_nest_begin(TlvOut *o, uint16_t id)
{
    size_t at = o->len;

    tlv_reserve(o, id, 0);
    return at;
}

static void tlv_nest_end(TlvOut *o, size_t at)
{
    if (!o->overflow) {
        stl_le_p(o->buf + at, tlv_hdr(ldl_le_p(o->buf + at), 0, o->len - at));
    }
}

/* Close the message; unsolicited ones (log lines) skip the fault gate */
static void tlv_finish_send(FbnicCore *core, TlvOut *o, bool reply)
{
    uint32_t hdr = ldl_le_p(o->buf);

    /* Replies are small and bounded; running out of room is a bug */
    assert(!o->overflow);
    stl_le_p(o->buf, tlv_hdr(hdr & TLV_ID_MASK, TLV_F_IS_MSG, o->len / 4));
    trace_fbnic_fw_msg_out(hdr & TLV_ID_MASK, o->len);
    if (reply) {
        fbnic_faults_reply(core, o->buf, o->len);
    } else if (!core->fw.faults.crashed) {
        fbnic_mbx_post_to_host(core, o->buf, o->len);
    }
}

/* Close a reply (or a request the firmware makes) and send it */
static void tlv_send(FbnicCore *core, TlvOut *o)
{
    tlv_finish_send(core, o, true);
}

/* ------------------------------------------------------------------ */
/* TLV decoding (host data: everything is checked)                     */
/* ------------------------------------------------------------------ */

typedef struct TlvAttr {
    const uint8_t *val;     /* NULL when the attribute is absent */
    uint16_t len;           /* payload bytes */
} TlvAttr;

typedef struct TlvMsg {
    uint16_t id;
    const uint8_t *body;    /* attributes, after the message header */
    size_t body_len;
    TlvAttr attr[TLV_MAX_ATTR_ID];
} TlvMsg;

/*
 * Split @len bytes at @p into attributes.  With @out, top-level
 * attributes are indexed by id; @visit is called for each element
 * instead when walking a nested list.
 */
static bool tlv_walk(const uint8_t *p, size_t len, TlvAttr *out,
                     bool (*visit)(void *, uint16_t, const TlvAttr *),
                     void *opaque, const char **why)
{
    size_t off = 0;

    while (off < len) {
        uint32_t hdr;
        uint16_t id, alen;
        TlvAttr a;

        if (len - off < TLV_HDR_SIZE) {
            *why = "truncated attribute header";
            return false;
        }
        hdr = ldl_le_p(p + off);
        id = hdr & TLV_ID_MASK;
        alen = hdr >> 16;
        if (hdr & TLV_F_IS_MSG) {
            *why = "message header where an attribute was expected";
            return false;
        }
        if (alen < TLV_HDR_SIZE || alen > len - off) {
            *why = "attribute length out of bounds";
            return false;
        }
        a.val = p + off + TLV_HDR_SIZE;
        a.len = alen - TLV_HDR_SIZE;
        off += ROUND_UP(alen, 4);

        if (visit) {
            if (!visit(opaque, id, &a)) {
                *why = "bad list element";
                return false;
            }
            continue;
        }
        if (id >= TLV_MAX_ATTR_ID) {
            if (hdr & TLV_F_CANNOT_IGNORE) {
                *why = "unknown mandatory attribute";
                return false;
            }
            continue;
        }
        if (out[id].val) {
            *why = "duplicate attribute";
            return false;
        }
        out[id] = a;
    }
    if (off != len) {
        *why = "attribute runs past the end of the message";
        return false;
    }
    return true;
}

static bool tlv_parse(const uint8_t *msg, size_t len, TlvMsg *m,
                      const char **why)
{
    uint32_t hdr;
    size_t mlen;

    memset(m, 0, sizeof(*m));
    if (len < TLV_HDR_SIZE) {
        *why = "message shorter than its header";
        return false;
    }
    hdr = ldl_le_p(msg);
    mlen = (size_t)(hdr >> 16) * 4;
    if (!(hdr & TLV_F_IS_MSG)) {
        *why = "header is not a message header";
        return false;
    }
    if (mlen < TLV_HDR_SIZE || mlen > len) {
        *why = "message length does not match the descriptor";
        return false;
    }
    m->id = hdr & TLV_ID_MASK;
    m->body = msg + TLV_HDR_SIZE;
    m->body_len = mlen - TLV_HDR_SIZE;
    return tlv_walk(m->body, m->body_len, m->attr, NULL, NULL, why);
}

static bool tlv_present(const TlvMsg *m, unsigned id)
{
    return m->attr[id].val != NULL;
}

/* Unsigned value of 1..@max bytes; false if malformed */
static bool tlv_get_uint(const TlvAttr *a, unsigned max, uint64_t *v)
{
    uint8_t tmp[8] = { 0 };

    if (!a->val || !a->len || a->len > max) {
        return false;
    }
    memcpy(tmp, a->val, a->len);
    *v = ldq_le_p(tmp);
    return true;
}

/* ------------------------------------------------------------------ */
/* Firmware state helpers                                              */
/* ------------------------------------------------------------------ */

uint64_t fbnic_fw_uptime_ms(FbnicCore *core)
{
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL);

    return now > core->fw.boot_ms ? now - core->fw.boot_ms : 0;
}

/* Far beyond any real uptime, and boot_ms stays well inside an int64 */
#define FBNIC_FW_UPTIME_MAX_MS  (1ULL << 52)

bool fbnic_fw_set_uptime_ms(FbnicCore *core, uint64_t ms, Error **errp)
{
    if (core->fw.faults.crashed) {
        error_setg(errp, "fbnic: the firmware is down (fw-crash): it has "
                   "no uptime to set");
        return false;
    }
    if (ms > FBNIC_FW_UPTIME_MAX_MS) {
        error_setg(errp, "fbnic: fw-uptime-ms %" PRIu64 " is larger than "
                   "%" PRIu64, ms, (uint64_t)FBNIC_FW_UPTIME_MAX_MS);
        return false;
    }
    core->fw.boot_ms = qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) - (int64_t)ms;
    trace_fbnic_fw_uptime_set(ms);
    return true;
}

static uint32_t fw_stored_ver(uint32_t stored, uint32_t running)
{
    return stored ? stored : running;
}

static const char *fw_stored_commit(const char *stored, const char *running)
{
    return stored ? stored : running;
}

/* Append a line to the firmware log stream, if the host asked for it */
static void G_GNUC_PRINTF(2, 3) fw_log(FbnicCore *core, const char *fmt, ...)
{
    FbnicFw *fw = &core->fw;
    char line[FW_LOG_LINE_MAX];
    TlvOut *o;
    va_list ap;

    if (!fw->logs_enabled) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);

    o = g_new(TlvOut, 1);
    tlv_begin(o, FW_MSG_LOG_LINE);
    tlv_put_u32(o, LOG_ATTR_MSEC, (uint32_t)fbnic_fw_uptime_ms(core));
    tlv_put_u64(o, LOG_ATTR_SEQ, fw->log_seq++);
    tlv_put_bytes(o, LOG_ATTR_TEXT, line, strlen(line) + 1);
    tlv_finish_send(core, o, false);
    g_free(o);
}

void fbnic_fw_log_text(FbnicCore *core, const char *text)
{
    fw_log(core, "%s", text);
}

/* MAC address the driver derives from the serial number, plus @add */
static void fw_dsn_mac(FbnicCore *core, uint8_t mac[6], unsigned add)
{
    uint64_t dsn = core->fw.cfg.dsn;

    mac[0] = dsn >> 56;
    mac[1] = dsn >> 48;
    mac[2] = dsn >> 40;
    mac[3] = dsn >> 16;
    mac[4] = dsn >> 8;
    mac[5] = (dsn + add);
}

/* ------------------------------------------------------------------ */
/* Message handlers                                                    */
/* ------------------------------------------------------------------ */

static bool fw_caps(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    const FbnicFwConfig *c = &core->fw.cfg;
    uint32_t mode;

    switch (c->link_speed) {
    case 25000:
        mode = FW_LINK_MODE_25G_1LANE;
        break;
    case 100000:
        mode = FW_LINK_MODE_100G_2LANE;
        break;
    default:
        mode = FW_LINK_MODE_50G_1LANE;
        break;
    }

    tlv_begin(o, FW_MSG_CAPS_RESP);
    tlv_put_u32(o, CAPS_FW_VER, c->fw_version);
    tlv_put_str(o, CAPS_FW_COMMIT, c->fw_commit);
    tlv_put_u32(o, CAPS_FW_VER_STORED,
                fw_stored_ver(c->stored_fw_version, c->fw_version));
    tlv_put_str(o, CAPS_FW_COMMIT_STORED,
                fw_stored_commit(c->stored_fw_commit, c->fw_commit));
    tlv_put_u32(o, CAPS_BL_VER, c->bl_version);
    tlv_put_str(o, CAPS_BL_COMMIT, c->bl_commit);
    tlv_put_u32(o, CAPS_BL_VER_STORED,
                fw_stored_ver(c->stored_bl_version, c->bl_version));
    tlv_put_str(o, CAPS_BL_COMMIT_STORED,
                fw_stored_commit(c->stored_bl_commit, c->bl_commit));
    tlv_put_u32(o, CAPS_UEFI_VER, c->uefi_version);
    tlv_put_str(o, CAPS_UEFI_COMMIT, c->uefi_commit);
    tlv_put_u32(o, CAPS_FW_SLOT, c->active_slot);
    tlv_put_u32(o, CAPS_LINK_MODE, mode);
    tlv_put_u32(o, CAPS_LINK_FEC, FW_LINK_FEC_RS);
    tlv_put_u32(o, CAPS_ANTI_ROLLBACK, c->anti_rollback);

    if (c->bmc_present) {
        uint8_t mac[6];
        size_t list;

        tlv_put_flag(o, CAPS_BMC_PRESENT);
        list = tlv_nest_begin(o, CAPS_BMC_MAC_LIST);
        fw_dsn_mac(core, mac, 1);
        tlv_put_bytes(o, CAPS_BMC_MAC, mac, sizeof(mac));
        tlv_nest_end(o, list);
        tlv_put_u32(o, CAPS_BMC_ALL_MULTI, 0);
    }
    tlv_send(core, o);
    return true;
}

static bool fw_ownership(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    bool take = tlv_present(m, OWNER_ATTR_TAKE);

    if (take && m->attr[OWNER_ATTR_TAKE].len) {
        return false;       /* a flag has no payload */
    }
    trace_fbnic_fw_ownership(take);
    if (take != core->fw.host_owned) {
        core->fw.host_owned = take;
        fw_log(core, "host %s NIC ownership", take ? "took" : "released");
    }
    tlv_begin(o, FW_MSG_OWNER_RESP);
    tlv_put_u64(o, OWNER_ATTR_TIME, fbnic_fw_uptime_ms(core));
    tlv_send(core, o);
    return true;
}

static bool fw_heartbeat(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    if (core->fw.faults.heartbeat_stopped) {
        trace_fbnic_fault_reply("heartbeat not answered", 0);
        return true;
    }
    tlv_begin(o, FW_MSG_HEARTBEAT_RESP);
    tlv_put_u64(o, HEARTBEAT_ATTR_UPTIME, fbnic_fw_uptime_ms(core));
    tlv_send(core, o);
    return true;
}

static bool fw_sensors(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    tlv_begin(o, FW_MSG_SENSOR_RESP);
    tlv_put_s32(o, SENSOR_ATTR_TEMP, core->fw.cfg.temp_mdeg);
    tlv_put_s32(o, SENSOR_ATTR_VOLT, core->fw.cfg.volt_mv);
    tlv_send(core, o);
    return true;
}

static bool fw_log_ctrl(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    FbnicFw *fw = &core->fw;
    bool enable = tlv_present(m, LOG_CTRL_ATTR_ENABLE);
    bool history = tlv_present(m, LOG_CTRL_ATTR_HISTORY);
    uint64_t version = 1;

    if (tlv_present(m, LOG_CTRL_ATTR_VERSION) &&
        !tlv_get_uint(&m->attr[LOG_CTRL_ATTR_VERSION], 4, &version)) {
        return false;
    }
    trace_fbnic_fw_logs(enable, history, version);
    if (enable && version != 1) {
        qemu_log_mask(LOG_UNIMP, "fbnic: firmware log format %" PRIu64
                      " requested, only format 1 is modelled\n", version);
        return false;
    }
    if (enable && !fw->logs_enabled) {
        fw->logs_enabled = true;
        fw_log(core, "QEMU fbnic firmware model %02u.%02u.%02u-%03u: "
               "log streaming to host enabled%s",
               fw->cfg.fw_version >> 24, (fw->cfg.fw_version >> 16) & 0xff,
               (fw->cfg.fw_version >> 8) & 0xff, fw->cfg.fw_version & 0xff,
               history ? " (no older entries kept)" : "");
    } else if (!enable) {
        fw->logs_enabled = false;
    }
    return true;
}

typedef struct MacList {
    unsigned count;
    uint8_t (*addr)[6];
    bool ok;
} MacList;

static bool fw_mac_list_entry(void *opaque, uint16_t id, const TlvAttr *a)
{
    MacList *l = opaque;

    if (id != MAC_SYNC_ATTR_ADDR || a->len != 6 ||
        l->count >= MAC_SYNC_LIST_MAX) {
        l->ok = false;
        return false;
    }
    memcpy(l->addr[l->count++], a->val, 6);
    return true;
}

static bool fw_mac_list(const TlvMsg *m, unsigned id, uint8_t (*addr)[6],
                        unsigned *count)
{
    MacList l = { .count = 0, .addr = addr, .ok = true };
    const char *why = NULL;

    if (tlv_present(m, id) &&
        !tlv_walk(m->attr[id].val, m->attr[id].len, NULL,
                  fw_mac_list_entry, &l, &why)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: malformed MAC list in sync request: %s\n",
                      why ? why : "bad address entry or too many");
        return false;
    }
    *count = l.count;
    return true;
}

/*
 * The host reports its unicast and multicast filters so that the
 * firmware can steer the BMC's share of them. A malformed request
 * changes nothing.
 */
static bool fw_mac_sync(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    FbnicMacSync *cur = &core->fw.mac_sync;
    FbnicMacSync next = { .count = cur->count + 1 };
    uint64_t flags = 0;

    if (tlv_present(m, MAC_SYNC_ATTR_FLAGS) &&
        !tlv_get_uint(&m->attr[MAC_SYNC_ATTR_FLAGS], 4, &flags)) {
        return false;
    }
    if (!fw_mac_list(m, MAC_SYNC_ATTR_UC_LIST, next.uc, &next.uc_count) ||
        !fw_mac_list(m, MAC_SYNC_ATTR_MC_LIST, next.mc, &next.mc_count)) {
        return false;
    }
    next.flags = flags;
    *cur = next;
    trace_fbnic_fw_mac_sync(next.uc_count, next.mc_count, flags);
    return true;
}

static void fw_mac_list_str(GString *out, const char *name,
                            uint8_t (*addr)[6], unsigned count)
{
    unsigned i;

    g_string_append_printf(out, " %s=", name);
    for (i = 0; i < count; i++) {
        g_string_append_printf(out, "%s%02x:%02x:%02x:%02x:%02x:%02x",
                               i ? "," : "", addr[i][0], addr[i][1],
                               addr[i][2], addr[i][3], addr[i][4],
                               addr[i][5]);
    }
}

char *fbnic_fw_mac_sync_str(FbnicCore *core)
{
    FbnicMacSync *ms = &core->fw.mac_sync;
    GString *out = g_string_new(NULL);

    g_string_append_printf(out, "syncs=%u flags=0x%x", ms->count, ms->flags);
    fw_mac_list_str(out, "uc", ms->uc, ms->uc_count);
    fw_mac_list_str(out, "mc", ms->mc, ms->mc_count);
    return g_string_free(out, false);
}

/* The self-test message is checked by the host against what it sent */
static bool fw_test_echo(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    tlv_begin(o, FW_MSG_TEST);
    if (m->body_len > sizeof(o->buf) - TLV_HDR_SIZE) {
        return false;
    }
    memcpy(o->buf + TLV_HDR_SIZE, m->body, m->body_len);
    o->len = TLV_HDR_SIZE + m->body_len;
    tlv_send(core, o);
    return true;
}

/* Optional unsigned attribute of up to 8 bytes; absent gives @dflt */
static bool fw_opt_uint(const TlvMsg *m, unsigned id, uint64_t dflt,
                        uint64_t *v)
{
    if (!tlv_present(m, id)) {
        *v = dflt;
        return true;
    }
    return tlv_get_uint(&m->attr[id], 8, v);
}

static bool fw_coredump_info(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    bool create = tlv_present(m, CORE_INFO_ATTR_CREATE);
    uint32_t size;

    if (create && m->attr[CORE_INFO_ATTR_CREATE].len) {
        return false;       /* a flag has no payload */
    }
    if (create && !fbnic_coredump_size(core)) {
        fbnic_coredump_take(core, FBNIC_DUMP_REASON_HOST);
    }
    size = fbnic_coredump_size(core);
    tlv_begin(o, FW_MSG_CORE_INFO_RESP);
    if (size) {
        tlv_put_flag(o, CORE_INFO_ATTR_AVAILABLE);
        tlv_put_u32(o, CORE_INFO_ATTR_SIZE, size);
    }
    tlv_send(core, o);
    return true;
}

static bool fw_coredump_read(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    uint64_t off, len;
    uint8_t *data;
    int err;

    if (!fw_opt_uint(m, CORE_READ_ATTR_OFFSET, 0, &off) ||
        !fw_opt_uint(m, CORE_READ_ATTR_LENGTH, 0, &len)) {
        return false;
    }
    tlv_begin(o, FW_MSG_CORE_READ_RESP);
    tlv_put_u32(o, CORE_READ_ATTR_OFFSET, off);
    tlv_put_u32(o, CORE_READ_ATTR_LENGTH, len);
    if (off > UINT32_MAX || len > FBNIC_DUMP_READ_MAX) {
        err = FW_ERR_INVAL;
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: core dump read %" PRIu64
                      "+%" PRIu64 " out of range\n", off, len);
    } else {
        size_t mark = o->len;

        data = tlv_reserve(o, CORE_READ_ATTR_DATA, len);
        err = data ? fbnic_coredump_read(core, off, len, data) : FW_ERR_INVAL;
        if (err) {
            /* take the data attribute back out */
            o->len = mark;
            o->overflow = false;
        }
    }
    if (err) {
        tlv_put_s32(o, CORE_READ_ATTR_ERROR, err);
    }
    tlv_send(core, o);
    return true;
}

/* Ask the host for the next chunk, or close the upgrade when complete */
static void fw_flash_pull(FbnicCore *core, TlvOut *o, int err)
{
    uint32_t off, len;

    if (!err && fbnic_flash_next_chunk(core, &off, &len)) {
        tlv_begin(o, FW_MSG_WRITE_CHUNK_REQ);
        tlv_put_u32(o, WRITE_CHUNK_ATTR_OFFSET, off);
        tlv_put_u32(o, WRITE_CHUNK_ATTR_LENGTH, len);
        tlv_send(core, o);
        return;
    }
    if (err) {
        fbnic_flash_abort(core, "bad chunk");
    } else {
        err = fbnic_flash_finish(core);
    }
    fw_log(core, "flash update %s (%d)", err ? "failed" : "done", err);
    tlv_begin(o, FW_MSG_FINISH_UPGRADE_REQ);
    tlv_put_s32(o, FINISH_ATTR_ERROR, err);
    tlv_send(core, o);
}

static bool fw_flash_start(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    uint64_t section, len;
    int err;

    if (!fw_opt_uint(m, UPDATE_START_ATTR_SECTION, UINT64_MAX, &section) ||
        !fw_opt_uint(m, UPDATE_START_ATTR_LENGTH, 0, &len)) {
        return false;
    }
    err = fbnic_flash_start(core, MIN(section, UINT32_MAX),
                            MIN(len, UINT32_MAX));
    tlv_begin(o, FW_MSG_UPDATE_START_RESP);
    if (err) {
        tlv_put_s32(o, UPDATE_START_ATTR_ERROR, err);
    }
    tlv_send(core, o);
    if (!err) {
        fw_log(core, "flash update: %" PRIu64 " bytes for section %" PRIu64,
               len, section);
        fw_flash_pull(core, o, 0);
    }
    return true;
}

/* The host's answer to a chunk request: the data, or an error to cancel */
static bool fw_flash_chunk(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    const TlvAttr *data = &m->attr[WRITE_CHUNK_ATTR_DATA];
    uint64_t off, len, cancel;
    int err;

    if (!fw_opt_uint(m, WRITE_CHUNK_ATTR_ERROR, 0, &cancel)) {
        return false;
    }
    if (cancel) {
        /* the host gave up: the session ends, nothing is written */
        fbnic_flash_abort(core, "cancelled by host");
        return true;
    }
    if (!core->fw.flash.active) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: flash chunk with no update in progress\n");
        return true;    /* nothing to answer */
    }
    if (!fw_opt_uint(m, WRITE_CHUNK_ATTR_OFFSET, 0, &off) ||
        !fw_opt_uint(m, WRITE_CHUNK_ATTR_LENGTH, 0, &len) || !data->val ||
        off > UINT32_MAX || len > UINT32_MAX) {
        err = FW_ERR_INVAL;
    } else {
        err = fbnic_flash_chunk(core, off, len, data->val, data->len);
    }
    fw_flash_pull(core, o, err);
    return true;
}

static bool fw_qsfp_read(FbnicCore *core, const TlvMsg *m, TlvOut *o)
{
    uint64_t bank, page, off, len;
    uint8_t *data;
    int err;

    if (!fw_opt_uint(m, QSFP_ATTR_BANK, 0, &bank) ||
        !fw_opt_uint(m, QSFP_ATTR_PAGE, 0, &page) ||
        !fw_opt_uint(m, QSFP_ATTR_OFFSET, 0, &off) ||
        !fw_opt_uint(m, QSFP_ATTR_LENGTH, 0, &len)) {
        return false;
    }
    /* the host matches the response to its request by these */
    tlv_begin(o, FW_MSG_QSFP_READ_RESP);
    tlv_put_u32(o, QSFP_ATTR_BANK, bank);
    tlv_put_u32(o, QSFP_ATTR_PAGE, page);
    tlv_put_u32(o, QSFP_ATTR_OFFSET, off);
    tlv_put_u32(o, QSFP_ATTR_LENGTH, len);
    if (bank > UINT32_MAX || page > UINT32_MAX || off > UINT32_MAX ||
        len > FBNIC_QSFP_READ_MAX) {
        err = FW_ERR_INVAL;
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: QSFP read of %" PRIu64
                      " bytes refused\n", len);
    } else {
        size_t mark = o->len;

        data = tlv_reserve(o, QSFP_ATTR_DATA, len);
        err = data ? fbnic_qsfp_read(core, bank, page, off, len, data)
                   : FW_ERR_INVAL;
        if (err) {
            o->len = mark;
            o->overflow = false;
        }
    }
    if (err) {
        tlv_put_s32(o, QSFP_ATTR_ERROR, err);
    }
    tlv_send(core, o);
    return true;
}

typedef bool (*FwHandler)(FbnicCore *core, const TlvMsg *m, TlvOut *o);

static FwHandler fw_handler_for(uint16_t id)
{
    switch (id) {
    case FW_MSG_TEST:
        return fw_test_echo;
    case FW_MSG_CAPS_REQ:
        return fw_caps;
    case FW_MSG_OWNER_REQ:
        return fw_ownership;
    case FW_MSG_HEARTBEAT_REQ:
        return fw_heartbeat;
    case FW_MSG_SENSOR_REQ:
        return fw_sensors;
    case FW_MSG_LOG_CTRL_REQ:
        return fw_log_ctrl;
    case FW_MSG_MAC_SYNC_REQ:
        return fw_mac_sync;
    case FW_MSG_CORE_INFO_REQ:
        return fw_coredump_info;
    case FW_MSG_CORE_READ_REQ:
        return fw_coredump_read;
    case FW_MSG_UPDATE_START_REQ:
        return fw_flash_start;
    case FW_MSG_WRITE_CHUNK_RESP:
        return fw_flash_chunk;
    case FW_MSG_QSFP_READ_REQ:
        return fw_qsfp_read;
    default:
        return NULL;
    }
}

bool fbnic_fw_receive(FbnicCore *core, const uint8_t *msg, size_t len)
{
    g_autofree TlvMsg *m = g_new(TlvMsg, 1);
    g_autofree TlvOut *o = g_new(TlvOut, 1);
    const char *why = NULL;
    FwHandler fn;

    if (core->fw.faults.crashed) {
        /* nobody home: the message is taken off the ring and lost */
        trace_fbnic_fault_reply("crashed: request lost", len);
        return true;
    }
    if (!tlv_parse(msg, len, m, &why)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: malformed mailbox message: %s\n", why);
        trace_fbnic_fw_bad_msg(why);
        return false;
    }
    trace_fbnic_fw_msg_in(m->id, m->body_len + TLV_HDR_SIZE);

    fn = fw_handler_for(m->id);
    if (!fn) {
        qemu_log_mask(LOG_UNIMP,
                      "fbnic: firmware message 0x%x is not modelled\n", m->id);
        trace_fbnic_fw_unsupported(m->id);
        return false;
    }
    if (!fn(core, m, o)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fbnic: firmware rejected message 0x%x\n", m->id);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static bool fw_commit_ok(const char *name, const char *s, Error **errp)
{
    if (s && strlen(s) > FBNIC_FW_COMMIT_MAX) {
        error_setg(errp, "fbnic: %s '%s' is longer than %d characters",
                   name, s, FBNIC_FW_COMMIT_MAX);
        return false;
    }
    return true;
}

bool fbnic_fw_validate(FbnicCore *core, Error **errp)
{
    const FbnicFwConfig *c = &core->fw.cfg;

    if (c->link_speed != 25000 && c->link_speed != 50000 &&
        c->link_speed != 100000) {
        error_setg(errp, "fbnic: link-speed must be 25000, 50000 or 100000 "
                   "(got %u)", c->link_speed);
        return false;
    }
    return fw_commit_ok("fw-commit", c->fw_commit, errp) &&
           fw_commit_ok("bl-commit", c->bl_commit, errp) &&
           fw_commit_ok("stored-fw-commit", c->stored_fw_commit, errp) &&
           fw_commit_ok("stored-bl-commit", c->stored_bl_commit, errp) &&
           fw_commit_ok("uefi-commit", c->uefi_commit, errp);
}

void fbnic_fw_init(FbnicCore *core)
{
    fbnic_faults_init(core);
}

void fbnic_fw_cleanup(FbnicCore *core)
{
    fbnic_faults_cleanup(core);
    fbnic_flash_cleanup(core);
}

void fbnic_fw_reset(FbnicCore *core)
{
    FbnicFw *fw = &core->fw;

    fbnic_faults_reset(core);
    fbnic_flash_reset(core);

    fw->boot_ms = qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL);
    fw->host_owned = false;
    fw->logs_enabled = false;
    fw->log_seq = 0;
    /* A restarted firmware knows nothing of the host's filters */
    memset(&fw->mac_sync, 0, sizeof(fw->mac_sync));
}
