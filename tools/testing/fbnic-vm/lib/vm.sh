# SPDX-License-Identifier: GPL-2.0
# Booting the guest: a payload disk with this run's modules, tests and
# settings, the cached root image in snapshot mode, and the emulated fbnic.

VM_MEM=${FBNIC_VM_MEM:-2G}
VM_SMP=${FBNIC_VM_SMP:-2}
VM_TIMEOUT=${FBNIC_VM_TIMEOUT:-3600}

# QEMU -device properties for the fbnic, from emulator.conf
fbnic_device_props() {
	# shellcheck source=../emulator.conf
	. "$RIG_DIR/emulator.conf"
	printf 'dsn=%s,fw-version=%s,fw-commit=%s,bl-version=%s,bl-commit=%s' \
		"$FBNIC_EMU_DSN" "$FBNIC_EMU_FW_VERSION" "$FBNIC_EMU_FW_COMMIT" \
		"$FBNIC_EMU_BL_VERSION" "$FBNIC_EMU_BL_COMMIT"
	printf ',stored-fw-version=%s,stored-fw-commit=%s' \
		"$FBNIC_EMU_STORED_FW_VERSION" "$FBNIC_EMU_STORED_FW_COMMIT"
	printf ',stored-bl-version=%s,stored-bl-commit=%s' \
		"$FBNIC_EMU_STORED_BL_VERSION" "$FBNIC_EMU_STORED_BL_COMMIT"
	printf ',uefi-version=%s,uefi-commit=%s,link-speed=%s' \
		"$FBNIC_EMU_UEFI_VERSION" "$FBNIC_EMU_UEFI_COMMIT" \
		"$FBNIC_EMU_LINK_SPEED"
	printf ',temp-mdeg=%s,volt-mv=%s' \
		"$FBNIC_EMU_TEMP_MDEG" "$FBNIC_EMU_VOLT_MV"
}

# The fbnic's -device (and device_add) argument
fbnic_device_args() {
	echo "fbnic,id=nic0,bus=rp0,$(fbnic_device_props)"
}

# Selftests from this repo, installed with the kernel's kselftest
# machinery into the payload.
payload_install_selftests() {
	local src=$1 dest=$2

	rsync -rc --delete "$REPO_DIR/tools/testing/selftests/drivers/net/fbnic/" \
		"$src/tools/testing/selftests/drivers/net/fbnic/"
	make -C "$src/tools/testing/selftests" O="$CACHE_DIR/kselftest-build" \
		TARGETS="drivers/net/fbnic" INSTALL_PATH="$dest/kselftest" \
		install >/dev/null
}

# Build the payload directory and its disk image for one boot.
# $1: run directory; $2: mode (test or demo)
payload_build() {
	local run=$1 mode=$2 src out dir rel

	src=$(kernel_src_dir)
	out=$(kernel_build_dir)
	dir=$run/payload
	rm -rf "$dir"
	mkdir -p "$dir/upstream"
	kernel_modules_install "$out" "$dir/modules" >/dev/null
	rel=$(kernel_release)
	cp "$(upstream_fbnic_dir)/fbnic.ko" "$dir/upstream/fbnic.ko"
	payload_install_selftests "$src" "$dir"
	cp -r "$RIG_DIR/guest/." "$dir/"
	cp -r "$RIG_DIR/tests" "$dir/tests"
	chmod 0755 "$dir/init"
	printf '%s\n' "${EXEC_CMDS:-}" >"$dir/exec.sh"
	{
		echo "FBNIC_RIG_MODE=$mode"
		echo "FBNIC_KERNEL_RELEASE=$rel"
		echo "FBNIC_UPSTREAM_KO=/payload/upstream/fbnic.ko"
		grep '^FBNIC_EMU_' "$RIG_DIR/emulator.conf"
		echo "FBNIC_EMU_DEVICE_ARGS='$(fbnic_device_args)'"
		echo "FBNIC_EMU_CTL=/dev/ttyS2"
	} >"$dir/rig.env"
	mke2fs -q -F -t ext4 -L fbnic-payload -d "$dir" "$run/payload.img" 512M
}

# Boot the VM. Kernel messages go to $run/console.log; what the guest's
# tests print arrives on the second serial port, on our stdout.
vm_boot() {
	local run=$1 proxy rc

	# The guest's tests reach the QEMU monitor through a third serial
	# port (ttyS2) served by ctl-proxy.py (see there). A UART rather than
	# virtio-serial: the latter stops working after a suspend/resume
	# cycle in the guest, which the tests do.
	python3 "$RIG_DIR/lib/ctl-proxy.py" "$run/ctl.sock" "$run/qmp.sock" &
	proxy=$!
	timeout --foreground -k 10 "$VM_TIMEOUT" "$(qemu_binary)" \
		-machine q35 -accel tcg -cpu max -smp "$VM_SMP" -m "$VM_MEM" \
		-nodefaults -display none -vga none -no-reboot \
		-L /usr/share/qemu -L /usr/share/seabios \
		-kernel "$(kernel_build_dir)/arch/x86/boot/bzImage" \
		-append "console=ttyS0 root=/dev/vda rw init=/sbin/fbnic-init panic=-1 oops=panic" \
		-drive file="$(rootfs_image)",if=none,id=root,format=raw,snapshot=on \
		-device virtio-blk-pci,drive=root \
		-drive file="$run/payload.img",if=none,id=payload,format=raw,readonly=on \
		-device virtio-blk-pci,drive=payload \
		-device virtio-rng-pci \
		-device pcie-root-port,id=rp0,chassis=1,slot=1 \
		-device "$(fbnic_device_args)" \
		-chardev socket,id=ctl,path="$run/ctl.sock",server=on,wait=off \
		-qmp unix:"$run/qmp.sock",server=on,wait=off \
		-serial file:"$run/console.log" -serial stdio \
		-serial chardev:ctl </dev/null
	rc=$?
	kill "$proxy" 2>/dev/null
	wait "$proxy" 2>/dev/null
	return "$rc"
}
