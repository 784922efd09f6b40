/*
 * Meta fbnic host NIC emulation: firmware model behind the IPC mailbox.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_FBNIC_FW_H
#define HW_NET_FBNIC_FW_H

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
} FbnicFwConfig;

/* Longest commit string the host accepts, without the terminating NUL */
#define FBNIC_FW_COMMIT_MAX     18

typedef struct FbnicFw {
    FbnicFwConfig cfg;
    int64_t boot_ms;                /* virtual clock at firmware start */
    bool host_owned;
    bool logs_enabled;
    uint64_t log_seq;
} FbnicFw;

/* Check the configuration; false + errp on an unusable setting */
bool fbnic_fw_validate(FbnicCore *core, Error **errp);
void fbnic_fw_reset(FbnicCore *core);

/*
 * Handle one host -> firmware message.  Returns false if the firmware
 * could not accept it (malformed, unsupported), in which case the
 * mailbox completes the descriptor with an error.
 */
bool fbnic_fw_receive(FbnicCore *core, const uint8_t *msg, size_t len);

#endif /* HW_NET_FBNIC_FW_H */
