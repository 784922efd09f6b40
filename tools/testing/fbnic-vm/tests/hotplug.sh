#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unplugging the emulated NIC (QEMU device_del) while fbnic is bound
# detaches the driver cleanly; plugging it back in probes it again.
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh

require_fbnic
require_emu_ctl
[ -n "${FBNIC_EMU_DEVICE_ARGS:-}" ] || skip "device_add arguments unknown"
fbnic_unload
fbnic_load
log_mark

emu_hmp "device_del nic0" || fail "device_del refused"
wait_for "[ ! -e /sys/bus/pci/devices/$BDF ]" 60 ||
	fail "$BDF still present 60 s after device_del"
log "device removed"
devlink dev show "$DL" >/dev/null 2>&1 && fail "devlink instance left behind"

# QEMU drops the device once the guest has powered the slot off
wait_for "! emu_hmp 'info pci' | grep -q 1d9b" 30 ||
	fail "QEMU still has the device"
emu_hmp "device_add $FBNIC_EMU_DEVICE_ARGS" || fail "device_add refused"
wait_for "[ -e /sys/bus/pci/drivers/fbnic/$BDF ]" 60 ||
	fail "driver did not bind to the re-added device"
wait_for "devlink dev show $DL" || fail "no devlink instance after re-add"
expect_eq "running fw after re-add" \
	"$(devlink_info_get '.versions.running.fw')" \
	"$(fw_ver_str "$FBNIC_EMU_FW_VERSION")"
if problems_since_mark | grep -v -e 'pcieport' -e 'Slot(' -e 'pciehp'; then
	fail "warnings or errors logged across unplug and replug"
fi
fbnic_unload
