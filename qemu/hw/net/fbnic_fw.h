/*
 * Meta fbnic host NIC emulation: firmware model behind the IPC mailbox.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_FW_H
#define HW_NET_FBNIC_FW_H

#include "qemu/queue.h"
#include "qemu/timer.h"

typedef struct FbnicCore FbnicCore;

/* User-visible firmware configuration (QEMU properties) */
typedef struct FbnicFwConfig {
    uint64_t dsn;
    uint32_t fw_version;
    char *fw_commit;
    uint32_t bl_version;
    char *bl_commit;
    uint32_t stored_fw_version;     /* 0: same as running */
    char *stored_fw_commit;         /* NULL: same as running */
    uint32_t stored_bl_version;
    char *stored_bl_commit;
    uint32_t uefi_version;
    char *uefi_commit;
    uint32_t active_slot;
    uint32_t anti_rollback;
    uint32_t link_speed;            /* Mb/s */
    int32_t temp_mdeg;
    int32_t volt_mv;
    bool bmc_present;
    bool qsfp_present;              /* a module sits in the cage */
    uint32_t coredump_size;         /* bytes in a firmware core dump */
    uint32_t otp_status;            /* security core's OTP verdict, 0 = ok */
    uint32_t otp_write_status;      /* data (31:16) and ECC (15:0) status */
} FbnicFwConfig;

/* Longest commit string the host accepts, without the terminating NUL */
#define FBNIC_FW_COMMIT_MAX     18

/* A firmware -> host message held back by fw-reply-delay-ms */
typedef struct FbnicFwDelayed {
    QSIMPLEQ_ENTRY(FbnicFwDelayed) next;
    int64_t due_ms;
    uint16_t len;
    uint8_t data[];
} FbnicFwDelayed;

/* Cap on delayed replies; more are dropped (and logged) */
#define FBNIC_FW_DELAYED_MAX    64

/* Fault switches (QOM properties, settable at run time); fbnic_faults.c */
typedef struct FbnicFwFaults {
    bool heartbeat_stopped;         /* fw-heartbeat-stopped */
    uint32_t crash_ms;              /* fw-crash-ms, 0: until released */
    uint32_t reply_delay_ms;        /* fw-reply-delay-ms */
    uint32_t drop_replies;          /* fw-drop-replies, counts down */
    unsigned malformed_seq;         /* next kind of fw-malformed message */
    uint32_t garbage_seed;

    bool crashed;                   /* fw-crash reads back this */
    QEMUTimer *restart_timer;
    QEMUTimer *delay_timer;
    QSIMPLEQ_HEAD(, FbnicFwDelayed) delayed;
    unsigned delayed_count;
} FbnicFwFaults;

/* Why a core dump was taken (recorded in its header) */
enum {
    FBNIC_DUMP_REASON_CRASH     = 1,    /* fw-crash */
    FBNIC_DUMP_REASON_HOST      = 2,    /* host asked with "create" */
};

/* Flash store: upgrade session and the saved core dump; fbnic_flash.c */
typedef struct FbnicFlash {
    bool active;                    /* an upgrade is in progress */
    uint32_t section;               /* QSPI section being written */
    uint32_t len;                   /* component length announced */
    uint32_t offset;                /* outstanding chunk request */
    uint32_t chunk;
    uint8_t *img;                   /* staging buffer, @len bytes */

    bool dump_valid;
    uint32_t dump_reason;
    uint32_t dump_fw_version;
    uint64_t dump_uptime_ms;
    uint32_t dump_size;             /* coredump-size when it was taken */
} FbnicFlash;

/* Largest component image the flash takes */
#define FBNIC_FLASH_IMAGE_MAX   (4 * 1024 * 1024)
/* Chunk the firmware asks the host for (fits a 4 KiB mailbox buffer) */
#define FBNIC_FLASH_CHUNK       3072
/* Largest core dump piece per read (what the host reads per request) */
#define FBNIC_DUMP_READ_MAX     3584

/* Flash sections as the host names them */
#define FBNIC_SECTION_CMRT      0
#define FBNIC_SECTION_CONTROL   1
#define FBNIC_SECTION_OPTROM    3

/* Most addresses of each kind a MAC sync request carries */
#define FBNIC_MAC_SYNC_MAX      8

/*
 * The host's last report of its receive filters (MAC sync request),
 * which the firmware keeps for the BMC's pass-through.
 */
typedef struct FbnicMacSync {
    uint32_t count;                 /* requests accepted so far */
    uint32_t flags;                 /* promisc 1, allmulti 2, broadcast 4 */
    unsigned uc_count;
    unsigned mc_count;
    uint8_t uc[FBNIC_MAC_SYNC_MAX][6];
    uint8_t mc[FBNIC_MAC_SYNC_MAX][6];
} FbnicMacSync;

typedef struct FbnicFw {
    FbnicFwConfig cfg;
    FbnicFwFaults faults;
    FbnicFlash flash;
    int64_t boot_ms;                /* virtual clock at firmware start */
    bool host_owned;
    bool logs_enabled;
    uint64_t log_seq;
    FbnicMacSync mac_sync;
} FbnicFw;

void fbnic_fw_init(FbnicCore *core);
void fbnic_fw_cleanup(FbnicCore *core);

/* Check the configuration; false + errp on an unusable setting */
bool fbnic_fw_validate(FbnicCore *core, Error **errp);
void fbnic_fw_reset(FbnicCore *core);

/*
 * Handle one host -> firmware message.  Returns false if the firmware
 * could not accept it (malformed, unsupported), in which case the
 * mailbox completes the descriptor with an error.
 */
bool fbnic_fw_receive(FbnicCore *core, const uint8_t *msg, size_t len);

/* The host's last MAC sync as text, for the bmc-mac-sync property */
char *fbnic_fw_mac_sync_str(FbnicCore *core);

/* Have the firmware log @text, as it logs its own events (fw-log) */
void fbnic_fw_log_text(FbnicCore *core, const char *text);

/* Firmware uptime in ms (restarts at 0 on a reset or after a crash) */
uint64_t fbnic_fw_uptime_ms(FbnicCore *core);
/*
 * Move the boot time so that the uptime is @ms now and counts on from
 * there (fw-uptime-ms).  False + errp while crashed or if too large.
 */
bool fbnic_fw_set_uptime_ms(FbnicCore *core, uint64_t ms, Error **errp);

/* fbnic_faults.c */
void fbnic_faults_init(FbnicCore *core);
void fbnic_faults_cleanup(FbnicCore *core);
void fbnic_faults_reset(FbnicCore *core);
/* Reply gate: applies drop/delay, or swallows the reply while crashed */
void fbnic_faults_reply(FbnicCore *core, const void *msg, size_t len);
void fbnic_faults_crash(FbnicCore *core);
/* End a crash in progress now (fw-crash written false) */
void fbnic_faults_restart_now(FbnicCore *core);
void fbnic_faults_send_malformed(FbnicCore *core, uint32_t count);

/* fbnic_flash.c: return 0 or a negative Linux errno for the wire */
int fbnic_flash_start(FbnicCore *core, uint32_t section, uint32_t len);
/* Next chunk to ask for; false when every byte has arrived */
bool fbnic_flash_next_chunk(FbnicCore *core, uint32_t *off, uint32_t *len);
int fbnic_flash_chunk(FbnicCore *core, uint32_t off, uint32_t len,
                      const uint8_t *data, size_t data_len);
/* Validate and commit the staged image; ends the session */
int fbnic_flash_finish(FbnicCore *core);
void fbnic_flash_abort(FbnicCore *core, const char *why);
void fbnic_flash_reset(FbnicCore *core);
void fbnic_flash_cleanup(FbnicCore *core);
void fbnic_coredump_take(FbnicCore *core, uint32_t reason);
uint32_t fbnic_coredump_size(FbnicCore *core);  /* 0: none */
int fbnic_coredump_read(FbnicCore *core, uint32_t off, uint32_t len,
                        uint8_t *out);

/* fbnic_qsfp.c */
#define FBNIC_QSFP_READ_MAX     256
int fbnic_qsfp_read(FbnicCore *core, uint32_t bank, uint32_t page,
                    uint32_t off, uint32_t len, uint8_t *out);

#endif /* HW_NET_FBNIC_FW_H */
