/*
 * Meta fbnic host NIC emulation: PCI device.
 *
 * PCIe endpoint with the NIC's identity, the CSR BAR (0), the firmware
 * BAR (4, which also holds the MSI-X table and PBA), AER (so errors can
 * be injected with the monitor's pcie_aer_inject_error), FLR, a Device
 * Serial Number capability (the driver derives the MAC address from it)
 * and the QEMU properties that configure the firmware model, including
 * its run-time fault switches.  Its network port is a QEMU NIC: frames
 * go to and come from the netdev given with netdev=.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_aer.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "net/net.h"
#include "qom/object.h"
#include "fbnic_core.h"
#include "fbnic_rpc_regs.h"
#include "trace.h"

#define TYPE_FBNIC "fbnic"
OBJECT_DECLARE_SIMPLE_TYPE(FbnicState, FBNIC)

/* Config space layout */
#define FBNIC_CAP_PM            0x40
#define FBNIC_CAP_MSIX          0x50
#define FBNIC_CAP_PCIE          0x70
#define FBNIC_EXTCAP_AER        0x100
#define FBNIC_EXTCAP_DSN        (FBNIC_EXTCAP_AER + PCI_ERR_SIZEOF)

struct FbnicState {
    PCIDevice parent_obj;

    MemoryRegion bar0;
    MemoryRegion bar4;          /* container: registers + MSI-X */
    MemoryRegion bar4_regs;

    NICConf conf;
    FbnicCore core;
};

/* ------------------------------------------------------------------ */
/* BAR accessors                                                       */
/* ------------------------------------------------------------------ */

static uint64_t fbnic_bar0_read(void *opaque, hwaddr addr, unsigned size)
{
    FbnicState *s = opaque;

    return fbnic_core_bar0_read(&s->core, addr, size);
}

static void fbnic_bar0_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    FbnicState *s = opaque;

    fbnic_core_bar0_write(&s->core, addr, val, size);
}

static uint64_t fbnic_bar4_read(void *opaque, hwaddr addr, unsigned size)
{
    FbnicState *s = opaque;

    return fbnic_core_bar4_read(&s->core, addr, size);
}

static void fbnic_bar4_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    FbnicState *s = opaque;

    fbnic_core_bar4_write(&s->core, addr, val, size);
}

/*
 * Every access size reaches the handlers, which take aligned 32/64-bit
 * accesses and log anything else as a guest error.
 */
static const MemoryRegionOps fbnic_bar0_ops = {
    .read = fbnic_bar0_read,
    .write = fbnic_bar0_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

static const MemoryRegionOps fbnic_bar4_ops = {
    .read = fbnic_bar4_read,
    .write = fbnic_bar4_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

/* ------------------------------------------------------------------ */
/* Network port                                                        */
/* ------------------------------------------------------------------ */

static bool fbnic_nc_can_receive(NetClientState *nc)
{
    FbnicState *s = qemu_get_nic_opaque(nc);

    return fbnic_txrx_can_receive(&s->core);
}

static ssize_t fbnic_nc_receive(NetClientState *nc, const uint8_t *buf,
                                size_t size)
{
    FbnicState *s = qemu_get_nic_opaque(nc);

    return fbnic_txrx_receive(&s->core, buf, size);
}

/* set_link on the monitor pulls or plugs the cable */
static void fbnic_nc_link_status_changed(NetClientState *nc)
{
    FbnicState *s = qemu_get_nic_opaque(nc);

    fbnic_core_set_link(&s->core, !nc->link_down);
}

static NetClientInfo fbnic_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = fbnic_nc_can_receive,
    .receive = fbnic_nc_receive,
    .link_status_changed = fbnic_nc_link_status_changed,
};

/*
 * The driver takes its MAC address from the serial number (an EUI-64
 * with ff:fe in the middle).  A mac= property therefore sets the serial
 * number; without one the NIC's address is the one the serial implies.
 */
static void fbnic_sync_mac_and_dsn(FbnicState *s)
{
    uint8_t *a = s->conf.macaddr.a;
    uint64_t dsn = s->core.fw.cfg.dsn;
    static const MACAddr zero;

    if (memcmp(&s->conf.macaddr, &zero, sizeof(zero))) {
        s->core.fw.cfg.dsn = (uint64_t)a[0] << 56 | (uint64_t)a[1] << 48 |
                             (uint64_t)a[2] << 40 | 0xfffeULL << 24 |
                             (uint64_t)a[3] << 16 | (uint64_t)a[4] << 8 |
                             a[5];
        return;
    }
    a[0] = dsn >> 56;
    a[1] = dsn >> 48;
    a[2] = dsn >> 40;
    a[3] = dsn >> 16;
    a[4] = dsn >> 8;
    a[5] = dsn;
}

static void fbnic_net_init(FbnicState *s)
{
    DeviceState *dev = DEVICE(s);

    s->core.nic = qemu_new_nic(&fbnic_net_info, &s->conf,
                               object_get_typename(OBJECT(s)), dev->id,
                               &dev->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->core.nic),
                             s->conf.macaddr.a);
    /* a netdev that starts with its link down starts unplugged */
    fbnic_core_set_link(&s->core, s->core.link_up &&
                        !qemu_get_queue(s->core.nic)->link_down);
}

/* ------------------------------------------------------------------ */
/* Config space                                                        */
/* ------------------------------------------------------------------ */

static void fbnic_write_config(PCIDevice *pdev, uint32_t addr, uint32_t val,
                               int len)
{
    FbnicState *s = FBNIC(pdev);
    bool msix_was = msix_enabled(pdev);

    pci_default_write_config(pdev, addr, val, len);
    /* A function level reset resets the whole device model */
    pcie_cap_flr_write_config(pdev, addr, val, len);

    /* Causes that arrived while MSI-X was off are sent once it is on */
    if (!msix_was && msix_enabled(pdev)) {
        fbnic_irq_update(&s->core);
    }
    /* Bus mastering may have been turned on with messages waiting */
    if (range_covers_byte(addr, len, PCI_COMMAND)) {
        fbnic_mbx_kick(&s->core);
        fbnic_txrx_kick(&s->core);
    }
}

static void fbnic_realize(PCIDevice *pdev, Error **errp)
{
    FbnicState *s = FBNIC(pdev);
    unsigned i;
    int ret;

    fbnic_sync_mac_and_dsn(s);
    if (!fbnic_fw_validate(&s->core, errp)) {
        return;
    }

    pdev->config_write = fbnic_write_config;
    pdev->config[PCI_INTERRUPT_PIN] = 1;

    memory_region_init_io(&s->bar0, OBJECT(s), &fbnic_bar0_ops, s,
                          "fbnic-csr", FBNIC_BAR0_SIZE);
    pci_register_bar(pdev, FBNIC_BAR_CSR,
                     PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar0);

    memory_region_init(&s->bar4, OBJECT(s), "fbnic-fw", FBNIC_BAR4_SIZE);
    memory_region_init_io(&s->bar4_regs, OBJECT(s), &fbnic_bar4_ops, s,
                          "fbnic-fw-regs", FBNIC_BAR4_SIZE);
    /* below the MSI-X table and PBA, which msix_init() maps on top */
    memory_region_add_subregion_overlap(&s->bar4, 0, &s->bar4_regs, -1);
    pci_register_bar(pdev, FBNIC_BAR_FW,
                     PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar4);

    if (pci_pm_init(pdev, FBNIC_CAP_PM, errp) < 0) {
        return;
    }

    ret = msix_init(pdev, FBNIC_MSIX_VECTORS,
                    &s->bar4, FBNIC_BAR_FW, FBNIC_MSIX_TABLE_OFFSET,
                    &s->bar4, FBNIC_BAR_FW, FBNIC_MSIX_PBA_OFFSET,
                    FBNIC_CAP_MSIX, errp);
    if (ret < 0) {
        return;
    }
    for (i = 0; i < FBNIC_MSIX_VECTORS; i++) {
        msix_vector_use(pdev, i);
    }

    ret = pcie_endpoint_cap_init(pdev, FBNIC_CAP_PCIE);
    if (ret < 0) {
        error_setg(errp, "fbnic: cannot add the PCIe capability");
        goto fail_msix;
    }
    /* error reporting enables in Device Control, which AER needs */
    pcie_cap_deverr_init(pdev);
    pcie_cap_flr_init(pdev);
    if (pcie_aer_init(pdev, PCI_ERR_VER, FBNIC_EXTCAP_AER, PCI_ERR_SIZEOF,
                      errp) < 0) {
        goto fail_pcie;
    }
    pcie_dev_ser_num_init(pdev, FBNIC_EXTCAP_DSN, s->core.fw.cfg.dsn);

    fbnic_core_realize(&s->core, pdev);
    fbnic_net_init(s);
    return;

fail_pcie:
    pcie_cap_exit(pdev);
fail_msix:
    msix_unuse_all_vectors(pdev);
    msix_uninit(pdev, &s->bar4, &s->bar4);
}

static void fbnic_exit(PCIDevice *pdev)
{
    FbnicState *s = FBNIC(pdev);

    qemu_del_nic(s->core.nic);
    s->core.nic = NULL;
    fbnic_core_unrealize(&s->core);
    pcie_aer_exit(pdev);
    pcie_cap_exit(pdev);
    msix_unuse_all_vectors(pdev);
    msix_uninit(pdev, &s->bar4, &s->bar4);
}

static void fbnic_reset_hold(Object *obj, ResetType type)
{
    FbnicState *s = FBNIC(obj);

    pcie_cap_deverr_reset(PCI_DEVICE(obj));
    fbnic_core_reset(&s->core);
}

/* ------------------------------------------------------------------ */
/* Properties                                                          */
/* ------------------------------------------------------------------ */

static const Property fbnic_properties[] = {
    DEFINE_PROP_UINT64("dsn", FbnicState, core.fw.cfg.dsn,
                       0x021d9bfffe000001ULL),
    DEFINE_PROP_UINT32("fw-version", FbnicState, core.fw.cfg.fw_version,
                       0x19010203),
    DEFINE_PROP_STRING("fw-commit", FbnicState, core.fw.cfg.fw_commit),
    DEFINE_PROP_UINT32("bl-version", FbnicState, core.fw.cfg.bl_version,
                       0x19000101),
    DEFINE_PROP_STRING("bl-commit", FbnicState, core.fw.cfg.bl_commit),
    DEFINE_PROP_UINT32("stored-fw-version", FbnicState,
                       core.fw.cfg.stored_fw_version, 0),
    DEFINE_PROP_STRING("stored-fw-commit", FbnicState,
                       core.fw.cfg.stored_fw_commit),
    DEFINE_PROP_UINT32("stored-bl-version", FbnicState,
                       core.fw.cfg.stored_bl_version, 0),
    DEFINE_PROP_STRING("stored-bl-commit", FbnicState,
                       core.fw.cfg.stored_bl_commit),
    DEFINE_PROP_UINT32("uefi-version", FbnicState, core.fw.cfg.uefi_version,
                       0x19000001),
    DEFINE_PROP_STRING("uefi-commit", FbnicState, core.fw.cfg.uefi_commit),
    DEFINE_PROP_UINT32("active-fw-slot", FbnicState, core.fw.cfg.active_slot,
                       0),
    DEFINE_PROP_UINT32("anti-rollback-version", FbnicState,
                       core.fw.cfg.anti_rollback, 0),
    DEFINE_PROP_UINT32("link-speed", FbnicState, core.fw.cfg.link_speed,
                       50000),
    /* Silicon realism (fbnic_realism.c): 0 = off */
    DEFINE_PROP_UINT64("seed", FbnicState, core.realism.seed, 0),
    DEFINE_PROP_UINT32("completion-delay-us", FbnicState,
                       core.realism.completion_delay_us, 0),
    DEFINE_PROP_UINT32("desc-prefetch", FbnicState,
                       core.realism.desc_prefetch, 32),
    /* The port: netdev= backend, mac= (default: derived from the DSN) */
    DEFINE_NIC_PROPERTIES(FbnicState, conf),
};

/* Sensor readings may change while the guest runs (qom-set) */
static void fbnic_get_sensor(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    FbnicState *s = FBNIC(obj);
    int32_t *field = (int32_t *)((char *)s + (uintptr_t)opaque);

    visit_type_int32(v, name, field, errp);
}

static void fbnic_set_sensor(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    FbnicState *s = FBNIC(obj);
    int32_t *field = (int32_t *)((char *)s + (uintptr_t)opaque);
    int32_t val;

    if (visit_type_int32(v, name, &val, errp)) {
        *field = val;
    }
}

static bool fbnic_get_link(Object *obj, Error **errp)
{
    return FBNIC(obj)->core.link_up;
}

static void fbnic_set_link(Object *obj, bool up, Error **errp)
{
    fbnic_core_set_link(&FBNIC(obj)->core, up);
}

/*
 * Firmware fault switches and other uint32 knobs that may change while
 * the guest runs; @opaque is the field's offset in FbnicState.
 */
static void fbnic_get_u32(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    uint32_t *field = (uint32_t *)((char *)FBNIC(obj) + (uintptr_t)opaque);

    visit_type_uint32(v, name, field, errp);
}

static void fbnic_set_u32(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    uint32_t *field = (uint32_t *)((char *)FBNIC(obj) + (uintptr_t)opaque);
    uint32_t val;

    if (visit_type_uint32(v, name, &val, errp)) {
        *field = val;
    }
}

static bool fbnic_get_hb_stopped(Object *obj, Error **errp)
{
    return FBNIC(obj)->core.fw.faults.heartbeat_stopped;
}

static void fbnic_set_hb_stopped(Object *obj, bool val, Error **errp)
{
    FBNIC(obj)->core.fw.faults.heartbeat_stopped = val;
}

static bool fbnic_get_bmc_present(Object *obj, Error **errp)
{
    return FBNIC(obj)->core.fw.cfg.bmc_present;
}

/* Reported from the next capabilities request on, as after a BMC boots */
static void fbnic_set_bmc_present(Object *obj, bool val, Error **errp)
{
    FBNIC(obj)->core.fw.cfg.bmc_present = val;
}

static char *fbnic_get_bmc_mac_sync(Object *obj, Error **errp)
{
    return fbnic_fw_mac_sync_str(&FBNIC(obj)->core);
}

/* A line for the firmware's log, streamed if the host asked for it */
static void fbnic_set_fw_log(Object *obj, const char *text, Error **errp)
{
    fbnic_fw_log_text(&FBNIC(obj)->core, text);
}

/* Frames the receive buffer handed to the BMC interface */
static void fbnic_get_bmc_rx_frames(Object *obj, Visitor *v, const char *name,
                                    void *opaque, Error **errp)
{
    FbnicState *s = FBNIC(obj);
    uint32_t frames = 0;

    if (s->core.csr) {
        frames = s->core.csr[A_RXB_DST_FRMS(FBNIC_RXB_DST_BMC) >> 2];
    }

    visit_type_uint32(v, name, &frames, errp);
}

static bool fbnic_get_crash(Object *obj, Error **errp)
{
    return FBNIC(obj)->core.fw.faults.crashed;
}

static void fbnic_set_crash(Object *obj, bool val, Error **errp)
{
    FbnicState *s = FBNIC(obj);

    if (!val) {
        /* restart now (a crash with fw-crash-ms 0 only ends this way) */
        fbnic_faults_restart_now(&s->core);
        return;
    }
    if (!DEVICE(obj)->realized) {
        error_setg(errp, "fbnic: fw-crash can only be set on a running device");
        return;
    }
    fbnic_faults_crash(&s->core);
}

/* The firmware's uptime as it would report it now; 0 while crashed */
static void fbnic_get_fw_uptime(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    FbnicState *s = FBNIC(obj);
    uint64_t ms = 0;

    if (!s->core.fw.faults.crashed) {
        ms = fbnic_fw_uptime_ms(&s->core);
    }
    visit_type_uint64(v, name, &ms, errp);
}

/* Test control: as if the firmware had booted @ms ago */
static void fbnic_set_fw_uptime(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    FbnicState *s = FBNIC(obj);
    uint64_t ms;

    if (!visit_type_uint64(v, name, &ms, errp)) {
        return;
    }
    if (!DEVICE(obj)->realized) {
        error_setg(errp, "fbnic: fw-uptime-ms can only be set on a running "
                   "device");
        return;
    }
    fbnic_fw_set_uptime_ms(&s->core, ms, errp);
}

/* What the driver programmed into the PTP time counter (read only) */
static void fbnic_get_ptp_addend(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    uint64_t addend = FBNIC(obj)->core.time.addend;

    visit_type_uint64(v, name, &addend, errp);
}

static void fbnic_get_ptp_rate(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    int64_t ppb = fbnic_core_time_rate_ppb(&FBNIC(obj)->core);

    visit_type_int64(v, name, &ppb, errp);
}

static void fbnic_get_ptp_time(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    uint64_t ns = fbnic_core_time_ns(&FBNIC(obj)->core);

    visit_type_uint64(v, name, &ns, errp);
}

static void fbnic_get_malformed(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    uint32_t zero = 0;      /* they are sent as soon as they are asked for */

    visit_type_uint32(v, name, &zero, errp);
}

static void fbnic_set_malformed(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    FbnicState *s = FBNIC(obj);
    uint32_t n;

    if (!visit_type_uint32(v, name, &n, errp)) {
        return;
    }
    if (!DEVICE(obj)->realized) {
        error_setg(errp, "fbnic: fw-malformed can only be set on a running "
                   "device");
        return;
    }
    fbnic_faults_send_malformed(&s->core, n);
}

static bool fbnic_get_qsfp(Object *obj, Error **errp)
{
    return FBNIC(obj)->core.fw.cfg.qsfp_present;
}

static void fbnic_set_qsfp(Object *obj, bool val, Error **errp)
{
    FBNIC(obj)->core.fw.cfg.qsfp_present = val;
}

/* Data path test controls: see fbnic_txrx_set_tx_hold() and friends */
static bool fbnic_get_tx_hold(Object *obj, Error **errp)
{
    return FBNIC(obj)->core.txrx.tx_hold;
}

static void fbnic_set_tx_hold(Object *obj, bool val, Error **errp)
{
    fbnic_txrx_set_tx_hold(&FBNIC(obj)->core, val);
}

static bool fbnic_get_queue_irq_hold(Object *obj, Error **errp)
{
    return FBNIC(obj)->core.queue_irq_hold;
}

static void fbnic_set_queue_irq_hold(Object *obj, bool val, Error **errp)
{
    fbnic_irq_set_queue_hold(&FBNIC(obj)->core, val);
}

static bool fbnic_get_removed(Object *obj, Error **errp)
{
    return FBNIC(obj)->core.realism.surprise_removed;
}

static void fbnic_set_removed(Object *obj, bool val, Error **errp)
{
    fbnic_realism_set_removed(&FBNIC(obj)->core, val);
}

static char *fbnic_get_rx_error(Object *obj, Error **errp)
{
    return fbnic_realism_get_rx_error(&FBNIC(obj)->core);
}

static void fbnic_set_rx_error(Object *obj, const char *val, Error **errp)
{
    fbnic_realism_set_rx_error(&FBNIC(obj)->core, val, errp);
}

static void fbnic_instance_init(Object *obj)
{
    FbnicState *s = FBNIC(obj);
    FbnicFwConfig *c = &s->core.fw.cfg;

    c->fw_commit = g_strdup("a1b2c3d4");
    c->bl_commit = g_strdup("b00710ad");
    c->uefi_commit = g_strdup("e1f1aa00");
    s->core.link_up = true;
    c->temp_mdeg = 45000;
    c->volt_mv = 850;
    c->qsfp_present = true;
    c->coredump_size = 20000;
    s->core.fw.faults.crash_ms = 1000;
}

static const VMStateDescription fbnic_vmstate = {
    .name = "fbnic",
    .unmigratable = 1,
};

static void fbnic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = fbnic_realize;
    k->exit = fbnic_exit;
    k->vendor_id = FBNIC_PCI_VENDOR_META;
    k->device_id = FBNIC_PCI_DEVICE_ASIC;
    k->revision = FBNIC_PCI_REVISION;
    k->subsystem_vendor_id = FBNIC_PCI_VENDOR_META;
    k->subsystem_id = FBNIC_PCI_DEVICE_ASIC;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;

    rc->phases.hold = fbnic_reset_hold;

    dc->desc = "Meta fbnic host NIC";
    dc->vmsd = &fbnic_vmstate;
    device_class_set_props(dc, fbnic_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);

    object_class_property_add(klass, "temp-mdeg", "int32",
                              fbnic_get_sensor, fbnic_set_sensor, NULL,
                              (void *)offsetof(FbnicState,
                                               core.fw.cfg.temp_mdeg));
    object_class_property_set_description(klass, "temp-mdeg",
        "Die temperature the firmware reports, millidegrees Celsius");
    object_class_property_add(klass, "volt-mv", "int32",
                              fbnic_get_sensor, fbnic_set_sensor, NULL,
                              (void *)offsetof(FbnicState,
                                               core.fw.cfg.volt_mv));
    object_class_property_set_description(klass, "volt-mv",
        "Supply voltage the firmware reports, millivolts");
    object_class_property_add_bool(klass, "link-up", fbnic_get_link,
                                   fbnic_set_link);
    object_class_property_set_description(klass, "link-up",
        "Whether the port has link (a change raises the PCS interrupt)");

    object_class_property_add_bool(klass, "qsfp-present", fbnic_get_qsfp,
                                   fbnic_set_qsfp);
    object_class_property_set_description(klass, "qsfp-present",
        "Whether a module sits in the QSFP cage (EEPROM readable)");
    object_class_property_add(klass, "coredump-size", "uint32",
                              fbnic_get_u32, fbnic_set_u32, NULL,
                              (void *)offsetof(FbnicState,
                                               core.fw.cfg.coredump_size));
    object_class_property_set_description(klass, "coredump-size",
        "Size in bytes of the next firmware core dump taken");
    object_class_property_add(klass, "otp-status", "uint32",
                              fbnic_get_u32, fbnic_set_u32, NULL,
                              (void *)offsetof(FbnicState,
                                               core.fw.cfg.otp_status));
    object_class_property_set_description(klass, "otp-status",
        "OTP fuse status the security core latched at boot (0: healthy)");
    object_class_property_add(klass, "otp-write-status", "uint32",
                              fbnic_get_u32, fbnic_set_u32, NULL,
                              (void *)offsetof(FbnicState,
                                               core.fw.cfg.otp_write_status));
    object_class_property_set_description(klass, "otp-write-status",
        "OTP write status: data errors in bits 31:16, ECC errors in 15:0");

    /* A BMC sharing the port, and what the host tells the firmware of it */
    object_class_property_add_bool(klass, "bmc-present", fbnic_get_bmc_present,
                                   fbnic_set_bmc_present);
    object_class_property_set_description(klass, "bmc-present",
        "A BMC shares the port (reported in the capabilities)");
    object_class_property_add_str(klass, "bmc-mac-sync",
                                  fbnic_get_bmc_mac_sync, NULL);
    object_class_property_set_description(klass, "bmc-mac-sync",
        "The host's last MAC sync request: count, flags, unicast and "
        "multicast lists");
    object_class_property_add(klass, "bmc-rx-frames", "uint32",
                              fbnic_get_bmc_rx_frames, NULL, NULL, NULL);
    object_class_property_set_description(klass, "bmc-rx-frames",
        "Frames the receive buffer delivered to the BMC");

    object_class_property_add_str(klass, "fw-log", NULL, fbnic_set_fw_log);
    object_class_property_set_description(klass, "fw-log",
        "Set to have the firmware log the text (streamed to the host like "
        "its own lines, if the host asked for its log)");

    /* Data path test controls: make host-speed races deterministic */
    object_class_property_add_bool(klass, "tx-hold", fbnic_get_tx_hold,
                                   fbnic_set_tx_hold);
    object_class_property_set_description(klass, "tx-hold",
        "Test control: Tx work queues fetch nothing (doorbells are kept); "
        "clearing it resumes them");
    object_class_property_add_bool(klass, "queue-irq-hold",
                                   fbnic_get_queue_irq_hold,
                                   fbnic_set_queue_irq_hold);
    object_class_property_set_description(klass, "queue-irq-hold",
        "Test control: TCQ/RCQ interrupts stay pending, unsent; clearing "
        "it sends them");

    /* Silicon realism: the device falls off the bus */
    object_class_property_add_bool(klass, "surprise-removed",
                                   fbnic_get_removed, fbnic_set_removed);
    object_class_property_set_description(klass, "surprise-removed",
        "While true the device is gone: MMIO reads return all-ones, writes "
        "are dropped, no DMA and no MSI-X");
    object_class_property_add_str(klass, "rx-error-inject",
                                  fbnic_get_rx_error, fbnic_set_rx_error);
    object_class_property_set_description(klass, "rx-error-inject",
        "KIND:COUNT: the next COUNT received frames complete with hardware "
        "error KIND (mac, truncated, hdr-overflow, l4-csum, parser)");

    /* The PTP time counter as the driver programmed it */
    object_class_property_add(klass, "ptp-addend", "uint64",
                              fbnic_get_ptp_addend, NULL, NULL, NULL);
    object_class_property_set_description(klass, "ptp-addend",
        "Time counter increment per 600 MHz tick, ns in Q16.32 fixed point "
        "(read only)");
    object_class_property_add(klass, "ptp-rate-ppb", "int64",
                              fbnic_get_ptp_rate, NULL, NULL, NULL);
    object_class_property_set_description(klass, "ptp-rate-ppb",
        "How much faster than QEMU's virtual clock the time counter runs "
        "at that increment, parts per billion (read only)");
    object_class_property_add(klass, "ptp-time-ns", "uint64",
                              fbnic_get_ptp_time, NULL, NULL, NULL);
    object_class_property_set_description(klass, "ptp-time-ns",
        "Time counter value now, ns (read only)");

    /* Firmware fault switches (see fbnic_faults.c) */
    object_class_property_add_bool(klass, "fw-heartbeat-stopped",
                                   fbnic_get_hb_stopped, fbnic_set_hb_stopped);
    object_class_property_set_description(klass, "fw-heartbeat-stopped",
        "Firmware leaves heartbeat requests unanswered");
    object_class_property_add_bool(klass, "fw-crash", fbnic_get_crash,
                                   fbnic_set_crash);
    object_class_property_set_description(klass, "fw-crash",
        "Set to crash the firmware now; reads true until it has restarted; "
        "clear to restart it now");
    object_class_property_add(klass, "fw-crash-ms", "uint32",
                              fbnic_get_u32, fbnic_set_u32, NULL,
                              (void *)offsetof(FbnicState,
                                               core.fw.faults.crash_ms));
    object_class_property_set_description(klass, "fw-crash-ms",
        "How long a crashed firmware stays down (virtual clock ms; 0: until "
        "fw-crash is cleared)");
    object_class_property_add(klass, "fw-uptime-ms", "uint64",
                              fbnic_get_fw_uptime, fbnic_set_fw_uptime,
                              NULL, NULL);
    object_class_property_set_description(klass, "fw-uptime-ms",
        "Firmware uptime (0 while crashed); set to have it report that "
        "much now and count on from there");
    object_class_property_add(klass, "fw-reply-delay-ms", "uint32",
                              fbnic_get_u32, fbnic_set_u32, NULL,
                              (void *)offsetof(FbnicState,
                                               core.fw.faults.reply_delay_ms));
    object_class_property_set_description(klass, "fw-reply-delay-ms",
        "Every firmware reply is sent this much later");
    object_class_property_add(klass, "fw-drop-replies", "uint32",
                              fbnic_get_u32, fbnic_set_u32, NULL,
                              (void *)offsetof(FbnicState,
                                               core.fw.faults.drop_replies));
    object_class_property_set_description(klass, "fw-drop-replies",
        "Drop the next N firmware replies (reads back what is left)");
    object_class_property_add(klass, "fw-malformed", "uint32",
                              fbnic_get_malformed, fbnic_set_malformed, NULL,
                              NULL);
    object_class_property_set_description(klass, "fw-malformed",
        "Send N malformed unsolicited messages to the host now");
}

static const TypeInfo fbnic_info = {
    .name = TYPE_FBNIC,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(FbnicState),
    .instance_init = fbnic_instance_init,
    .class_init = fbnic_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void fbnic_register_types(void)
{
    type_register_static(&fbnic_info);
}

type_init(fbnic_register_types)
