#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# devlink dev flash: a good PLDM package is written and its version shows
# as the stored one; damaged packages are refused with an error and leave
# the stored version as it was. Builds its images with mkfwimage.py in the
# emulated NIC's component format, so it needs the VM rig's emulator.
source "$(dirname "$0")/fbnic_lib.sh"

MKIMG="$(dirname "$0")/mkfwimage.py"

require_fbnic
require_emu_ctl
[ -r "$MKIMG" ] || skip "mkfwimage.py missing"

fbnic_unload
fbnic_load
mkdir -p /lib/firmware
log_mark

stored() { devlink_info_get ".versions.stored[\"$1\"]"; }

mkimg() {
	python3 "$MKIMG" --out "/lib/firmware/$1" "${@:2}" ||
		fail "mkfwimage.py $* failed"
}

# A good management firmware image
mkimg fbnic-good.bin --section fw --version 0x19070809 --commit f1a5bed
running_before=$(devlink_info_get '.versions.running.fw')
devlink dev flash "$DL" file fbnic-good.bin 2>&1 | tr '\r' '\n' | tail -n 3 |
	sed 's/^/# /'
[ "${PIPESTATUS[0]}" = 0 ] || fail "flashing a good image failed"
expect_eq "stored fw after flash" "$(stored fw)" 25.07.08-009
expect_eq "stored fw.commit after flash" "$(stored fw.commit)" f1a5bed
expect_eq "running fw (no activation)" \
	"$(devlink_info_get '.versions.running.fw')" "$running_before"

# A good UEFI driver image goes to its own section
mkimg fbnic-undi.bin --section uefi --version 0x19000305 --commit 0e1f1
devlink dev flash "$DL" file fbnic-undi.bin >/dev/null 2>&1 ||
	fail "flashing a UEFI image failed"
expect_eq "stored fw.undi after flash" "$(stored fw.undi)" 25.00.03-005
expect_eq "stored fw untouched" "$(stored fw)" 25.07.08-009

# Every damaged package is refused and changes nothing
for damage in crc magic truncate wrong-device bad-pldm; do
	mkimg "fbnic-$damage.bin" --section fw --version 0x19aabbcc \
		--commit bad --corrupt "$damage"
	if out=$(devlink dev flash "$DL" file "fbnic-$damage.bin" 2>&1); then
		fail "image with damage '$damage' was accepted"
	fi
	log "$damage: refused: $(echo "$out" | tr '\r' '\n' | grep -i -m1 -e error -e fail)"
	expect_eq "stored fw after '$damage'" "$(stored fw)" 25.07.08-009
	expect_eq "stored fw.commit after '$damage'" "$(stored fw.commit)" f1a5bed
done

# The firmware crashes halfway through an upgrade: the flash ends with
# an error instead of hanging, the stored version is the one from
# before, and once the firmware is back a flash works again. Its
# replies (the chunk requests among them) are slowed to 300 ms each, so
# that pulling the image's 86 chunks takes about 26 s of the device's
# time, and the crash comes as soon as devlink reports the component
# being flashed: early in the pull whatever the host's speed. The crash
# lasts 2 s.
mkimg fbnic-midcrash.bin --section fw --version 0x19aa0001 --commit midcrash \
	--payload-size 262144
emu_hmp "qom-set nic0 fw-crash-ms 2000" >/dev/null
emu_hmp "qom-set nic0 fw-reply-delay-ms 300" >/dev/null
trap 'emu_hmp "qom-set nic0 fw-reply-delay-ms 0" >/dev/null' EXIT
devlink dev flash "$DL" file fbnic-midcrash.bin >/tmp/flash-midcrash.out 2>&1 &
flash_pid=$!
for _ in $(seq 600); do
	tr '\r' '\n' </tmp/flash-midcrash.out | grep -qx '\[fw\] Flashing' && break
	kill -0 "$flash_pid" 2>/dev/null || break
	sleep 0.1
done
tr '\r' '\n' </tmp/flash-midcrash.out | grep -qx '\[fw\] Flashing' ||
	fail "the upgrade never got under way: $(tr '\r' '\n' </tmp/flash-midcrash.out | tail -n 2)"
emu_hmp "qom-set nic0 fw-crash true" >/dev/null
# The driver gives a firmware 30 s to ask for the next chunk
wait_for "! kill -0 $flash_pid" 90 || fail "the flash hangs after the crash"
if wait "$flash_pid"; then
	fail "the flash the firmware crashed in reported success"
fi
midcrash=$(tr '\r' '\n' </tmp/flash-midcrash.out | grep -v '^$' | tail -n 1)
log "crash mid-flash: $midcrash"
# A crash is not a refusal of the image: the user is told which it was
grep -q "firmware stopped answering" <<<"$midcrash" ||
	fail "the crash mid-flash was reported as: $midcrash"
emu_hmp "qom-set nic0 fw-reply-delay-ms 0" >/dev/null
expect_eq "stored fw after the crash" "$(stored fw)" 25.07.08-009
mkimg fbnic-after.bin --section fw --version 0x19070a0b --commit af7e4
wait_for "devlink dev flash $DL file fbnic-after.bin" 60 ||
	fail "no flash works after the firmware came back"
expect_eq "stored fw after flashing again" "$(stored fw)" 25.07.10-011

# The mailbox still works after the failures
cat /sys/bus/pci/devices/"$BDF"/hwmon/hwmon*/temp1_input >/dev/null ||
	fail "mailbox dead after refused images"
# The crash mid-flash is reported as a firmware restart (and its log
# lines may be rate limited). A heartbeat the driver sent while the
# firmware was down is lost with it: whether one fell into those 2 s
# depends on where the 10 s heartbeat period stood, so its warning may
# come too, and its recovery line with it.
if problems_since_mark | grep -v -e 'firmware failed' -e 'refused' \
	-e 'firmware restarted: uptime went from' -e 'callbacks suppressed' \
	-e 'firmware did not answer its heartbeat' \
	-e 'firmware answers its heartbeat again'; then
	fail "unexpected warnings while flashing"
fi
rm -f /lib/firmware/fbnic-*.bin
fbnic_unload
exit $KSFT_PASS
