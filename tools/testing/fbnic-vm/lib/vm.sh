# SPDX-License-Identifier: GPL-2.0
# Booting the guest: a payload disk with this run's modules, tests and
# settings, the cached root image in snapshot mode, and the emulated fbnic.

VM_MEM=${FBNIC_VM_MEM:-2G}
VM_SMP=${FBNIC_VM_SMP:-2}
VM_TIMEOUT=${FBNIC_VM_TIMEOUT:-4800}

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
	printf ',seed=%s,completion-delay-us=%s,desc-prefetch=%s' \
		"$FBNIC_SEED" "$FBNIC_EMU_COMPLETION_DELAY_US" \
		"$FBNIC_EMU_DESC_PREFETCH"
}

# The fbnic's root port. Its link is declared 2.5 GT/s (x-speed): faster
# ports advertise Data Link Layer Link Active reporting, but with q35's
# ACPI hotplug QEMU never sets Link Active (only its native PCIe hotplug
# does), so after the secondary bus reset of AER recovery Linux waits for
# a link that never comes up and gives the device up. At 2.5 GT/s Linux
# polls the device itself instead. The link the NIC trains is x1
# 2.5 GT/s anyway.
ROOT_PORT_ARGS="pcie-root-port,id=rp0,chassis=1,slot=1,x-speed=2_5"

# The emulated wire: a QEMU hub joining the fbnic's port with a virtio-net
# NIC, the "remote" end of the kernel's driver selftests. The peer's MAC
# is fixed so the guest can find it.
FBNIC_PEER_MAC=52:54:00:fb:0e:02

# The fbnic's -device (and device_add) argument
fbnic_device_args() {
	echo "fbnic,id=nic0,bus=rp0,netdev=wire0,$(fbnic_device_props)"
}

# QEMU arguments of the wire and its peer NIC. The control proxy plugs
# its traffic generator into the same hub while it runs (see
# lib/ctl-proxy.py).
wire_args() {
	echo "-netdev hubport,id=wire0,hubid=0"
	echo "-netdev hubport,id=wire1,hubid=0"
	echo "-device virtio-net-pci,netdev=wire1,mac=$FBNIC_PEER_MAC,romfile="
}

# The kernel's UAPI headers, for the selftests' C helpers; once per source.
kselftest_headers() {
	local hdr="$CACHE_DIR/kselftest-headers-$KERNEL_SRC_VERSION"
	if [ ! -e "$hdr/.done" ]; then
		rm -rf "$hdr"
		make -s -C "$(kernel_src_dir)" O="$hdr/build" ARCH=x86 \
			INSTALL_HDR_PATH="$hdr" headers_install >/dev/null ||
			return 1
		touch "$hdr/.done"
	fi
	echo "$hdr/include"
}

# liburing for the selftests' iou-zcrx helper, static only (so the
# helper carries it and the guest needs no liburing of its own), in a
# prefix of its own; once per version. Prints the prefix.
kselftest_liburing() {
	local src pfx="$CACHE_DIR/liburing-$LIBURING_SRC_VERSION"

	if [ ! -e "$pfx/.done" ]; then
		src=$(liburing_src_dir)
		rm -rf "$pfx"
		# configure also probes clang for BPF, which bookworm's
		# clang 14 fails ("unknown target CPU 'v4'"): not needed
		(cd "$src" && ./configure --prefix="$pfx" &&
			make -C src -j2 ENABLE_SHARED=0 &&
			make -C src install ENABLE_SHARED=0 prefix="$pfx" \
				includedir="$pfx/include" libdir="$pfx/lib" \
				libdevdir="$pfx/lib") >"$CACHE_DIR/logs/liburing.log" 2>&1 ||
			return 1
		touch "$pfx/.done"
	fi
	echo "$pfx"
}

# Selftests installed with the kernel's kselftest machinery into the
# payload: this repo's (drivers/net/fbnic) and the kernel's own driver
# tests (drivers/net, drivers/net/hw) that netdev CI runs on real NICs.
payload_install_selftests() {
	local src=$1 dest=$2 hdr uring

	# Runs share the source tree and the build directory
	exec 9>"$CACHE_DIR/.kselftest.lock"
	flock 9 || return 1
	hdr=$(kselftest_headers) || return 1
	uring=$(kselftest_liburing) || {
		tail -n 20 "$CACHE_DIR/logs/liburing.log" >&2
		flock -u 9
		return 1
	}
	# -p: a test made executable after a run copied it must become so
	rsync -rcp --delete "$REPO_DIR/tools/testing/selftests/drivers/net/fbnic/" \
		"$src/tools/testing/selftests/drivers/net/fbnic/"
	# drivers/net/hw builds iou-zcrx only if its probe links a program
	# that uses io_uring_register_ifq, but the probe names -luring
	# before the program: a static liburing never satisfies it, nor
	# does a shared one with bookworm's gcc, which links --as-needed.
	# HAS_IOURING_ZCRX=y stands for the probe; CPATH and LIBRARY_PATH
	# find the static liburing built above (iou-zcrx's own link names
	# -luring after its objects).
	if ! CPATH="$uring/include" LIBRARY_PATH="$uring/lib" \
		make -C "$src/tools/testing/selftests" O="$CACHE_DIR/kselftest-build" \
		TARGETS="drivers/net/fbnic drivers/net drivers/net/hw" \
		KHDR_INCLUDES="-isystem $hdr" INSTALL_PATH="$dest/kselftest" \
		HAS_IOURING_ZCRX=y -j2 install >"$dest/../kselftest-install.log" 2>&1; then
		tail -n 20 "$dest/../kselftest-install.log" >&2
		flock -u 9
		return 1
	fi
	flock -u 9
	cp "$RIG_DIR/kernel-selftests.txt" "$dest/kernel-selftests.txt"
}

# Build the payload directory and its disk image for one boot.
# $1: run directory; $2: mode (test or demo); $3: for a test run split
# over two guests, which part this one runs (fbnic or kernel)
payload_build() {
	local run=$1 mode=$2 part=${3:-all} src out dir rel

	src=$(kernel_src_dir)
	out=$(kernel_build_dir)
	dir=$run/payload
	rm -rf "$dir"
	mkdir -p "$dir/upstream"
	kernel_modules_install "$out" "$dir/modules" >/dev/null
	rel=$(kernel_release)
	cp "$(upstream_fbnic_dir)/fbnic.ko" "$dir/upstream/fbnic.ko"
	payload_install_selftests "$src" "$dir" || return 1
	cp -r "$RIG_DIR/guest/." "$dir/"
	cp -r "$RIG_DIR/tests" "$dir/tests"
	cp "$RIG_DIR/console-problems.txt" "$RIG_DIR/kmemleak-known.txt" "$dir/"
	chmod 0755 "$dir/init"
	printf '%s\n' "${EXEC_CMDS:-}" >"$dir/exec.sh"
	printf '%s' "${FIDELITY_TESTS:-}" >"$dir/fidelity-tests.txt"
	{
		echo "FBNIC_RIG_MODE=$mode"
		echo "FBNIC_RUN_PART=$part"
		echo "FBNIC_KERNEL_RELEASE=$rel"
		echo "FBNIC_KERNEL_FLAVOUR=$KERNEL_FLAVOUR"
		echo "FBNIC_SEED=$FBNIC_SEED"
		[ -z "${FBNIC_ENDURANCE_CYCLES:-}" ] ||
			echo "FBNIC_ENDURANCE_CYCLES=$FBNIC_ENDURANCE_CYCLES"
		echo "FBNIC_UPSTREAM_KO=/payload/upstream/fbnic.ko"
		grep '^FBNIC_EMU_' "$RIG_DIR/emulator.conf"
		echo "FBNIC_EMU_DEVICE_ARGS='$(fbnic_device_args)'"
		echo "FBNIC_EMU_CTL=/dev/ttyS2"
		echo "FBNIC_PEER_MAC=$FBNIC_PEER_MAC"
	} >"$dir/rig.env"
	mke2fs -q -F -t ext4 -L fbnic-payload -d "$dir" "$run/payload.img" 512M
}

# The debug (and kasan) flavour's guest runs behind an emulated Intel IOMMU (VT-d):
# the NIC's DMA is translated, so an access to a buffer the driver has
# unmapped faults (DMAR fault on the console) instead of landing. The
# IOMMU must come before the devices it translates for. Interrupt
# remapping stays off: it would add the IR tables to every MSI-X write
# and tests nothing of the driver's.
vm_iommu_args() {
	[ "$KERNEL_FLAVOUR" != plain ] || return 0
	echo "-device intel-iommu,intremap=off"
}

# DMA-API debugging reports fbnic's mappings only (ours or upstream's):
# udmabuf, which devmem TCP's tests allocate from, maps its own misc
# device with segments over that device's 64 KiB limit in 7.3 (a WARN
# that is the kernel's, not the NIC driver's).
vm_iommu_cmdline() {
	[ "$KERNEL_FLAVOUR" != plain ] || return 0
	echo " intel_iommu=on iommu.strict=1 dma_debug_driver=fbnic"
}

# The guest kernel's command line; FBNIC_KERNEL_APPEND adds to it (e.g.
# to try a debug option off: "kasan=off dma_debug=off")
vm_cmdline() {
	echo "console=ttyS0 root=/dev/vda rw init=/sbin/fbnic-init panic=-1" \
		"oops=panic$(vm_iommu_cmdline) ${FBNIC_KERNEL_APPEND:-}"
}

# Boot the VM. Kernel messages go to $run/console.log; what the guest's
# tests print arrives on the second serial port, on our stdout.
vm_boot() {
	local run=$1 proxy rc

	# The guest's tests reach the QEMU monitor through a third serial
	# port (ttyS2) served by ctl-proxy.py (see there). A UART rather than
	# virtio-serial: the latter stops working after a suspend/resume
	# cycle in the guest, which the tests do.
	local plugin=() insn=() term=(-serial stdio) stdin=/dev/null
	# An interactive run (run shell) keeps the terminal; Ctrl-C goes
	# to the guest rather than ending QEMU
	if [ -n "${VM_INTERACTIVE:-}" ]; then
		term=(-chardev stdio,id=term,signal=off -serial chardev:term)
		stdin=/dev/stdin
	fi
	if [ -n "${VM_INSN_PLUGIN:-}" ]; then
		plugin=(-plugin "$VM_INSN_PLUGIN,sock=$run/insn.sock${VM_INSN_SLOTS:+,slots=$VM_INSN_SLOTS}")
		insn=("$run/insn.sock")
	fi
	python3 "$RIG_DIR/lib/ctl-proxy.py" "$run/ctl.sock" \
		"$run/qmp.sock" "$run/gen.sock" "${insn[@]}" &
	proxy=$!
	timeout --foreground -k 10 "$VM_TIMEOUT" "$(qemu_binary)" \
		-machine q35 -accel tcg -cpu max -smp "$VM_SMP" -m "$VM_MEM" \
		-nodefaults -display none -vga none -no-reboot \
		-L /usr/share/qemu -L /usr/share/seabios \
		-kernel "$(kernel_build_dir)/arch/x86/boot/bzImage" \
		$(vm_iommu_args) \
		-append "$(vm_cmdline)" \
		-drive file="$(rootfs_image)",if=none,id=root,format=raw,snapshot=on \
		-device virtio-blk-pci,drive=root \
		-drive file="$run/payload.img",if=none,id=payload,format=raw,readonly=on \
		-device virtio-blk-pci,drive=payload \
		-device virtio-rng-pci \
		-device "$ROOT_PORT_ARGS" \
		-device "$(fbnic_device_args)" \
		$(wire_args) \
		-chardev socket,id=ctl,path="$run/ctl.sock",server=on,wait=off \
		-qmp unix:"$run/qmp.sock",server=on,wait=off \
		-serial file:"$run/console.log" "${term[@]}" \
		-serial chardev:ctl "${plugin[@]}" \
		-d unimp,guest_errors -D "$run/qemu.log" <"$stdin"
	rc=$?
	kill "$proxy" 2>/dev/null
	wait "$proxy" 2>/dev/null
	return "$rc"
}
