# SPDX-License-Identifier: GPL-2.0
# QEMU with the fbnic device model: Debian's QEMU source, this repo's
# qemu/ overlay applied to a working copy, x86_64-softmmu only.

QEMU_CONFIGURE_FLAGS="--target-list=x86_64-softmmu --without-default-features
	--without-default-devices --with-devices-x86_64=fbnic-rig
	--disable-docs --disable-werror --enable-slirp --disable-fdt --enable-tcg
	--enable-plugins --disable-install-blobs --enable-trace-backends=log
	--python=/usr/bin/python3"

qemu_work_dir() { echo "$CACHE_DIR/qemu/src-${QEMU_SRC_VERSION#*:}"; }

qemu_build_dir() {
	echo "$CACHE_DIR/qemu/build-$(inputs_hash "$QEMU_SRC_VERSION" \
		"$QEMU_CONFIGURE_FLAGS" "$RIG_DIR/qemu-devices.mak")"
}

qemu_prepare_tree() {
	local src work
	src=$(qemu_src_dir)
	work=$(qemu_work_dir)
	if [ ! -e "$work/.copied" ]; then
		rm -rf "$work"
		mkdir -p "$work"
		cp -a "$src/." "$work/"
		# Debian's +ds tarball has no EDK2 blobs; with bzip2 present
		# the build would still try to unpack them and fail. The
		# rig runs with SeaBIOS from the host, so never unpack them.
		sed -i 's/^\(\s*unpack_edk2_blobs = \)bzip2.found()/\1false/' \
			"$work/meson.build"
		touch "$work/.copied"
	fi
	# Copy only on change: a new timestamp makes meson reconfigure
	cmp -s "$RIG_DIR/qemu-devices.mak" \
		"$work/configs/devices/x86_64-softmmu/fbnic-rig.mak" ||
		cp "$RIG_DIR/qemu-devices.mak" \
			"$work/configs/devices/x86_64-softmmu/fbnic-rig.mak"
	"$REPO_DIR/qemu/apply.sh" "$work"
}

qemu_configure() {
	local work out
	work=$(qemu_work_dir)
	out=$(qemu_build_dir)
	[ -e "$out/build.ninja" ] && return 0
	mkdir -p "$out"
	(cd "$out" && "$work/configure" $QEMU_CONFIGURE_FLAGS)
}

qemu_compile() {
	ninja -C "$(qemu_build_dir)" qemu-system-x86_64 tests/qtest/fbnic-test
}

# The device model's qtest (no guest needed). Debian's QEMU source ships
# no BIOS, so QEMU is started through a wrapper that adds the packaged
# ones. Prints the qtest's TAP as KTAP diagnostics and one result line.
run_qtest() {
	local out wrap log rc
	out=$(qemu_build_dir)
	wrap="$out/rig-wrapper/qemu-system-x86_64"
	mkdir -p "$(dirname "$wrap")"
	printf '#!/bin/sh\nexec %s -L /usr/share/seabios -L /usr/share/qemu "$@"\n' \
		"$out/qemu-system-x86_64" >"$wrap"
	chmod +x "$wrap"
	log=$(mktemp)
	QTEST_QEMU_BINARY=$wrap timeout 600 "$out/tests/qtest/fbnic-test" \
		>"$log" 2>&1
	rc=$?
	KTAP_N=0
	echo "TAP version 13"
	echo "1..1"
	sed 's/^/# /' "$log"
	grep -q '^not ok' "$log" && rc=1
	grep -q '^ok' "$log" || rc=1
	ktap_result "$rc" "qemu: fbnic device model qtest" /dev/null
	rm -f "$log"
}

qemu_binary() { echo "$(qemu_build_dir)/qemu-system-x86_64"; }

build_qemu() {
	fetch_qemu_src
	qemu_prepare_tree
	step qemu-configure qemu_configure
	step qemu-build qemu_compile
}
