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

# The mailbox still works after the failures
cat /sys/bus/pci/devices/"$BDF"/hwmon/hwmon*/temp1_input >/dev/null ||
	fail "mailbox dead after refused images"
if problems_since_mark | grep -v -e 'firmware failed' -e 'refused'; then
	fail "unexpected warnings while flashing"
fi
rm -f /lib/firmware/fbnic-*.bin
fbnic_unload
exit $KSFT_PASS
