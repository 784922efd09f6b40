# SPDX-License-Identifier: GPL-2.0
# Guest kernel: overlay this repo's drivers/net/ethernet/meta onto Debian's
# linux-source, configure from fragments, build, and build the fbnic
# module out of tree (ours and upstream's) against the result.

# Where upstream's own meta/ directory is kept once ours replaces it.
upstream_meta_dir() { echo "$CACHE_DIR/src/upstream-meta-$KERNEL_SRC_VERSION"; }

kernel_overlay() {
	local src up

	src=$(kernel_src_dir)
	up=$(upstream_meta_dir)
	if [ ! -e "$up/.saved" ]; then
		rm -rf "$up"
		cp -a "$src/drivers/net/ethernet/meta" "$up"
		touch "$up/.saved"
	fi
	# -c: files whose content did not change keep their mtime, so
	# kbuild only rebuilds what the change touched.
	rsync -rc --delete --exclude='*.o' --exclude='.*.cmd' \
		"$REPO_DIR/drivers/net/ethernet/meta/" \
		"$src/drivers/net/ethernet/meta/"
}

# The guest kernel comes in flavours, each with its own build directory:
# "plain" (kernel.config) for demo, shell, bench and fidelity; "debug"
# (kernel.config + kernel-debug.config: KFENCE, UBSAN, DEBUG_NET, DMA-API
# debugging, an IOMMU) for run test and run endurance; "kasan" (debug +
# kernel-kasan.config), too slow under TCG for CI, on demand only. The
# command picks one; FBNIC_FLAVOUR overrides it. run build builds the
# first two.
KERNEL_FLAVOURS="plain debug kasan"
KERNEL_BUILT_FLAVOURS="plain debug"

kernel_fragments() {
	local src
	src=$(kernel_src_dir)
	echo "$src/kernel/configs/kvm_guest.config"
	echo "$src/tools/testing/selftests/drivers/net/config"
	echo "$src/tools/testing/selftests/drivers/net/hw/config"
	echo "$RIG_DIR/kernel.config"
	case $KERNEL_FLAVOUR in
	debug) echo "$RIG_DIR/kernel-debug.config" ;;
	kasan)
		echo "$RIG_DIR/kernel-debug.config"
		echo "$RIG_DIR/kernel-kasan.config"
		;;
	esac
	return 0
}

kernel_build_dir() {
	# Keyed by what decides the whole build: the source and the config.
	# Driver changes are incremental builds in the same directory.
	echo "$CACHE_DIR/kernel/build-$KERNEL_SRC_VERSION-$(inputs_hash \
		"$KERNEL_SRC_VERSION" $(kernel_fragments))"
}

# Symbols a fragment may ask for without getting, with the reason
config_exception() {
	grep -q "^$1 " "$RIG_DIR/kernel-config-exceptions.txt"
}

# Every symbol a fragment asks for must have landed as asked: Kconfig
# drops a symbol whose dependencies are off without a word. A symbol a
# later fragment sets again is judged by that one's value (as merged).
# Prints one line per symbol that did not land and is not a listed
# exception.
kernel_config_check() {
	local config=$1 frags f sym want got bad=0 later

	frags=$(kernel_fragments)
	for f in $frags; do
		later=$(echo "$frags" | sed -n "\\|^$f\$|,\$p" | tail -n +2)
		while IFS='=' read -r sym want; do
			case "$sym" in CONFIG_*) ;; *) continue ;; esac
			if [ -n "$later" ] &&
			   grep -qE "^($sym=|# $sym is not set)" $later; then
				continue
			fi
			got=$(grep -E "^$sym=|^# $sym is not set" "$config" |
				sed -e 's/^# .* is not set/n/' -e 's/^[^=]*=//')
			[ "$want" = "$got" ] && continue
			[ "$want" = n ] && [ -z "$got" ] && continue
			config_exception "$sym" && continue
			echo "config: $f asks for $sym=$want, got '${got:-unset}'"
			bad=1
		done <"$f"
	done
	return "$bad"
}

kernel_configure() {
	local src out

	src=$(kernel_src_dir)
	out=$(kernel_build_dir)
	mkdir -p "$out"
	if [ ! -e "$out/.config.done" ]; then
		make -C "$src" O="$out" tinyconfig
		"$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
			"$out/.config" $(kernel_fragments)
		make -C "$src" O="$out" olddefconfig
		touch "$out/.config.done"
	fi
	# Checked on every build: the exceptions list may change alone
	kernel_config_check "$out/.config"
}

kernel_build() {
	local src out
	src=$(kernel_src_dir)
	out=$(kernel_build_dir)
	make -C "$src" O="$out" -j"$JOBS" bzImage modules
}

# Install modules into a staging directory for the guest.
kernel_modules_install() {
	local out=$1 dest=$2
	rm -rf "$dest"
	make -C "$(kernel_src_dir)" O="$out" INSTALL_MOD_PATH="$dest" \
		INSTALL_MOD_STRIP=1 DEPMOD=/bin/true modules_install
}

kernel_release() { cat "$(kernel_build_dir)/include/config/kernel.release"; }

# Build a module directory out of tree, the way a user on a distro
# kernel would, keeping objects out of the source directory.
kernel_build_external() {
	local srcdir=$1 outdir=$2
	shift 2
	mkdir -p "$outdir"
	make -C "$(kernel_build_dir)" M="$srcdir" MO="$outdir" -j"$JOBS" \
		CONFIG_FBNIC=m "$@" modules
}

# Upstream's fbnic, unmodified, built from the same kernel source: the
# reference the emulator is checked against.
upstream_fbnic_dir() { echo "$(kernel_build_dir)-upstream-fbnic"; }

build_upstream_fbnic() {
	local out
	out=$(upstream_fbnic_dir)
	mkdir -p "$out"
	kernel_build_external "$(upstream_meta_dir)/fbnic" "$out"
}

build_kernel() {
	fetch_kernel_src
	kernel_overlay
	step "kernel-config-$KERNEL_FLAVOUR" kernel_configure
	step "kernel-build-$KERNEL_FLAVOUR" kernel_build
	step "upstream-fbnic-$KERNEL_FLAVOUR" build_upstream_fbnic
}
