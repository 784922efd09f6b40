#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fbnic binds to the device, sets up MSI-X and its firmware mailbox, and
# registers a devlink instance, without a warning in the kernel log.
source "$(dirname "$0")/fbnic_lib.sh"

require_fbnic
fbnic_unload
log_mark
fbnic_load

# Mailbox vector, link vector, and at least one queue vector
nvec=$(ls "/sys/bus/pci/devices/$BDF/msi_irqs" | wc -l)
[ "$nvec" -ge 3 ] || fail "only $nvec MSI-X vectors allocated"
log "MSI-X vectors: $nvec"

# The mailbox interrupt is requested under the device's name
grep -q -F "$BDF" /proc/interrupts || fail "no interrupt of $BDF in /proc/interrupts"
grep -F "$BDF" /proc/interrupts | sed 's/^/# /'

# The capabilities exchange filled in the running firmware version
ver=$(devlink_info_get '.versions.running.fw')
[ -n "$ver" ] || fail "devlink reports no running firmware version"
log "running firmware $ver"

if problems_since_mark; then
	fail "warnings or errors logged while probing"
fi

fbnic_unload
[ -e "/sys/bus/pci/drivers/fbnic/$BDF" ] && fail "still bound after rmmod"
devlink dev show "$DL" >/dev/null 2>&1 && fail "devlink instance left behind"
exit $KSFT_PASS
