#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Surprise removal under traffic: while frames flow both ways, the NIC
# drops off the bus (the emulator's surprise-removed: every read returns
# all ones, writes and DMA stop, no interrupts). The driver notices, its
# data path stops without a splat or a stuck task, and the hot-unplug
# that follows (QEMU device_del) detaches it cleanly; a new NIC plugged
# in then probes and passes traffic. Our driver only: with upstream's
# the outcome is a finding, tried by hand (see the notes).
source /tmp/kselftest/drivers/net/fbnic/fbnic_lib.sh
source /payload/net-env.sh

require_fbnic
require_emu_ctl
[ -n "${FBNIC_EMU_DEVICE_ARGS:-}" ] || skip "device_add arguments unknown"
emu_hmp "qom-get nic0 surprise-removed" >/dev/null ||
	fail "the device model has no surprise-removed control"

fbnic_unload
fbnic_load
fbnic_netdev_wait || fail "no netdev"
net_env_setup "$FBNIC_DEV" >/dev/null || fail "wire not set up"
mac=$(cat "/sys/class/net/$FBNIC_DEV/address")
ping_all 3 -W 10 "$REMOTE_V4" >/dev/null || fail "no traffic before the removal"
log_mark

# Frames to the NIC from a host on the wire, and from the NIC to the peer
/payload/emu-ctl.sh gen "$mac" 500 1000 || fail "traffic generator refused"
trap '/payload/emu-ctl.sh gen "$mac" 0 0 >/dev/null' EXIT
ping -q -i 0.01 -w 30 "$REMOTE_V4" >/dev/null 2>&1 &
pinger=$!
wait_for "[ \"\$(cat /sys/class/net/$FBNIC_DEV/statistics/rx_packets)\" -gt 200 ]" 60 ||
	fail "traffic did not get going"

emu_hmp "qom-set nic0 surprise-removed true" || fail "surprise removal refused"
wait_for "log_since_mark | grep -q 'device lost'" 60 ||
	fail "the driver did not notice the device was gone"
log "driver noticed: $(log_since_mark | grep -m1 'device lost')"
# A few seconds of the stack pushing frames at a dead device
sleep 5
emu_hmp "device_del nic0" || fail "device_del refused"
wait_for "[ ! -e /sys/bus/pci/devices/$BDF ]" 90 ||
	fail "$BDF still present 90 s after device_del: the driver's remove hangs"
kill "$pinger" 2>/dev/null
wait "$pinger" 2>/dev/null
/payload/emu-ctl.sh gen "$mac" 0 0 >/dev/null
devlink dev show "$DL" >/dev/null 2>&1 && fail "devlink instance left behind"
wait_for "! emu_hmp 'info pci' | grep -q 1d9b" 30 ||
	fail "QEMU still has the device"

emu_hmp "device_add $FBNIC_EMU_DEVICE_ARGS" || fail "device_add refused"
wait_for "[ -e /sys/bus/pci/drivers/fbnic/$BDF ]" 60 ||
	fail "driver did not bind to the new device"
fbnic_netdev_wait || fail "no netdev on the new device"
net_env_setup "$FBNIC_DEV" >/dev/null || fail "wire not set up again"
ping_all 3 -W 10 "$REMOTE_V4" >/dev/null || fail "no traffic on the new device"

# Expected: the driver's own report of the loss, the hotplug port's
# lines, frames the stack could not send. Not expected: a splat, a
# stuck task or queue, a leak report
if log_since_mark | grep -E -f <(grep -v -e '^#' -e '^$' /payload/console-problems.txt); then
	fail "splat, stall or stuck queue across the surprise removal"
fi
log "removed under traffic, detached cleanly, new device passes traffic"
fbnic_unload
