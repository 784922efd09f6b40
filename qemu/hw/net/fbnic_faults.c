/*
 * Meta fbnic host NIC emulation: firmware fault injection.
 *
 * Switches (QOM properties, see fbnic.c) that make the firmware model
 * misbehave the way a real one might, so the host driver's recovery
 * paths can be exercised:
 *
 *  - replies held back by fw-reply-delay-ms or dropped (fw-drop-replies);
 *  - a crash (fw-crash): for fw-crash-ms (0: until fw-crash is written
 *    false) every host message and every reply is lost, then the
 *    firmware restarts with its uptime at 0, no host ownership, and a
 *    core dump saved;
 *  - malformed unsolicited messages pushed into the to-host ring
 *    (fw-malformed), to check the host's parser.
 *
 * The heartbeat switch (fw-heartbeat-stopped) is checked by the
 * heartbeat handler in fbnic_fw.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "qemu/timer.h"
#include "fbnic_core.h"
#include "trace.h"

#define TLV_F_IS_MSG            (1u << 15)

static void faults_drop_delayed(FbnicFwFaults *f)
{
    FbnicFwDelayed *d;

    while ((d = QSIMPLEQ_FIRST(&f->delayed)) != NULL) {
        QSIMPLEQ_REMOVE_HEAD(&f->delayed, next);
        g_free(d);
    }
    f->delayed_count = 0;
    if (f->delay_timer) {
        timer_del(f->delay_timer);
    }
}

/* Send every delayed reply that is due, re-arm for the next one */
static void faults_delay_expired(void *opaque)
{
    FbnicCore *core = opaque;
    FbnicFwFaults *f = &core->fw.faults;
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL);
    FbnicFwDelayed *d;

    while ((d = QSIMPLEQ_FIRST(&f->delayed)) != NULL && d->due_ms <= now) {
        QSIMPLEQ_REMOVE_HEAD(&f->delayed, next);
        f->delayed_count--;
        trace_fbnic_fault_reply("delayed reply sent", d->len);
        fbnic_mbx_post_to_host(core, d->data, d->len);
        g_free(d);
    }
    if (d) {
        timer_mod(f->delay_timer, d->due_ms);
    }
}

void fbnic_faults_reply(FbnicCore *core, const void *msg, size_t len)
{
    FbnicFwFaults *f = &core->fw.faults;
    FbnicFwDelayed *d, *last;
    int64_t due;

    if (f->crashed) {
        trace_fbnic_fault_reply("crashed: reply lost", len);
        return;
    }
    if (f->drop_replies) {
        f->drop_replies--;
        trace_fbnic_fault_reply("reply dropped", len);
        return;
    }
    if (!f->reply_delay_ms && QSIMPLEQ_EMPTY(&f->delayed)) {
        fbnic_mbx_post_to_host(core, msg, len);
        return;
    }
    if (f->delayed_count >= FBNIC_FW_DELAYED_MAX) {
        qemu_log_mask(LOG_GUEST_ERROR, "fbnic: %u firmware replies already "
                      "delayed, dropping one\n", f->delayed_count);
        trace_fbnic_fault_reply("delay queue full: reply lost", len);
        return;
    }
    /* Keep replies in order even if the delay was shortened meanwhile */
    due = qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) + f->reply_delay_ms;
    last = QSIMPLEQ_LAST(&f->delayed, FbnicFwDelayed, next);
    if (last && last->due_ms > due) {
        due = last->due_ms;
    }
    d = g_malloc(sizeof(*d) + len);
    d->due_ms = due;
    d->len = len;
    memcpy(d->data, msg, len);
    QSIMPLEQ_INSERT_TAIL(&f->delayed, d, next);
    f->delayed_count++;
    trace_fbnic_fault_reply("reply delayed", len);
    if (!timer_pending(f->delay_timer)) {
        timer_mod(f->delay_timer, QSIMPLEQ_FIRST(&f->delayed)->due_ms);
    }
}

/* The crash is over: the firmware boots again */
static void faults_restart(void *opaque)
{
    FbnicCore *core = opaque;
    FbnicFw *fw = &core->fw;

    fw->faults.crashed = false;
    fw->boot_ms = qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL);
    fw->host_owned = false;
    fw->logs_enabled = false;
    fw->log_seq = 0;
    trace_fbnic_fault_crash(0, fw->faults.crash_ms);
    /* host messages may have piled up while nobody answered */
    fbnic_mbx_kick(core);
}

void fbnic_faults_crash(FbnicCore *core)
{
    FbnicFwFaults *f = &core->fw.faults;

    if (f->crashed) {
        return;     /* already down; the restart time stays */
    }
    /* The dump records the state at the moment of the crash */
    fbnic_coredump_take(core, FBNIC_DUMP_REASON_CRASH);
    f->crashed = true;
    trace_fbnic_fault_crash(1, f->crash_ms);
    faults_drop_delayed(f);
    fbnic_mbx_flush_to_host(core);
    fbnic_flash_abort(core, "firmware crashed");
    if (f->crash_ms) {
        timer_mod(f->restart_timer,
                  qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) + f->crash_ms);
    }
}

void fbnic_faults_restart_now(FbnicCore *core)
{
    FbnicFwFaults *f = &core->fw.faults;

    if (!f->crashed) {
        return;
    }
    timer_del(f->restart_timer);
    faults_restart(core);
}

/*
 * Malformed unsolicited messages, in a fixed cycle.  Each is built
 * raw (the TLV encoder in fbnic_fw.c only makes well-formed ones) and
 * put straight into the to-host ring: no reply gate, no delay.
 */
static const char *const malformed_kind[] = {
    "message length larger than the descriptor",
    "attribute runs past the end of the message",
    "attribute shorter than its header",
    "unknown message id",
    "garbage with the message bit set",
};

static uint32_t faults_prng(FbnicFwFaults *f)
{
    /* xorshift32: deterministic garbage */
    uint32_t x = f->garbage_seed ? f->garbage_seed : 0x1d9b0013;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    f->garbage_seed = x;
    return x;
}

static void faults_send_one_malformed(FbnicCore *core, unsigned kind)
{
    FbnicFwFaults *f = &core->fw.faults;
    uint8_t buf[64] = { 0 };
    size_t len;
    unsigned i;

    switch (kind) {
    case 0:
        /* heartbeat reply claiming 16 words, descriptor carries 3 */
        stl_le_p(buf, 0x15 | TLV_F_IS_MSG | (16u << 16));
        stl_le_p(buf + 4, 0x00 | (12u << 16));      /* u64 uptime attr */
        stq_le_p(buf + 8, 1);
        len = 12;
        break;
    case 1:
        /* 3-word message, its attribute claims 32 bytes */
        stl_le_p(buf, 0x15 | TLV_F_IS_MSG | (3u << 16));
        stl_le_p(buf + 4, 0x00 | (32u << 16));
        stl_le_p(buf + 8, 0xdeadbeef);
        len = 12;
        break;
    case 2:
        /* attribute length 2: less than its own 4-byte header */
        stl_le_p(buf, 0x15 | TLV_F_IS_MSG | (3u << 16));
        stl_le_p(buf + 4, 0x00 | (2u << 16));
        stl_le_p(buf + 8, 0);
        len = 12;
        break;
    case 3:
        /* well formed, but a message id nobody defined */
        stl_le_p(buf, 0x7fe | TLV_F_IS_MSG | (3u << 16));
        stl_le_p(buf + 4, 0x00 | (8u << 16));
        stl_le_p(buf + 8, 0x12345678);
        len = 12;
        break;
    default:
        for (i = 0; i < sizeof(buf); i += 4) {
            stl_le_p(buf + i, faults_prng(f));
        }
        stl_le_p(buf, ldl_le_p(buf) | TLV_F_IS_MSG);
        len = sizeof(buf);
        break;
    }
    trace_fbnic_fault_malformed(malformed_kind[kind], len);
    fbnic_mbx_post_to_host(core, buf, len);
}

void fbnic_faults_send_malformed(FbnicCore *core, uint32_t count)
{
    FbnicFwFaults *f = &core->fw.faults;
    uint32_t i;

    /* The to-host queue is bounded; more than that would only be lost */
    count = MIN(count, FBNIC_MBX_PENDING_MAX);
    for (i = 0; i < count; i++) {
        faults_send_one_malformed(core, f->malformed_seq);
        f->malformed_seq = (f->malformed_seq + 1) % ARRAY_SIZE(malformed_kind);
    }
}

void fbnic_faults_init(FbnicCore *core)
{
    FbnicFwFaults *f = &core->fw.faults;

    QSIMPLEQ_INIT(&f->delayed);
    f->delayed_count = 0;
    f->restart_timer = timer_new_ms(QEMU_CLOCK_VIRTUAL, faults_restart, core);
    f->delay_timer = timer_new_ms(QEMU_CLOCK_VIRTUAL, faults_delay_expired,
                                  core);
}

void fbnic_faults_cleanup(FbnicCore *core)
{
    FbnicFwFaults *f = &core->fw.faults;

    faults_drop_delayed(f);
    if (f->restart_timer) {
        timer_free(f->restart_timer);
        f->restart_timer = NULL;
    }
    if (f->delay_timer) {
        timer_free(f->delay_timer);
        f->delay_timer = NULL;
    }
}

/*
 * A device reset restarts the firmware: a crash in progress ends, held
 * back replies are lost.  The switches themselves stay as set.
 */
void fbnic_faults_reset(FbnicCore *core)
{
    FbnicFwFaults *f = &core->fw.faults;

    faults_drop_delayed(f);
    if (f->restart_timer) {
        timer_del(f->restart_timer);
    }
    f->crashed = false;
}
