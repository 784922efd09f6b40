# SPDX-License-Identifier: GPL-2.0
# Guest root file system: a debootstrap'd Debian tree, cached, and a disk
# image made from it that the VM boots in snapshot mode, so that every run
# starts from the same state.

rootfs_tree() {
	echo "$CACHE_DIR/rootfs/$ROOTFS_SUITE-$(inputs_hash "$ROOTFS_SUITE" \
		"$ROOTFS_PKGS")"
}

rootfs_image() {
	echo "$(rootfs_tree)-$(inputs_hash "$RIG_DIR/lib/rootfs.sh" \
		"$RIG_DIR/guest/init-stub").img"
}

rootfs_debootstrap() {
	local dir=$1

	rm -rf "$dir.tmp"
	debootstrap --variant=minbase \
		--include="$(echo $ROOTFS_PKGS | tr ' ' ,)" \
		"$ROOTFS_SUITE" "$dir.tmp" "$MIRROR"
	rm -rf "$dir.tmp"/var/cache/apt/archives/*.deb \
		"$dir.tmp"/var/lib/apt/lists/*
	mv "$dir.tmp" "$dir"
}

rootfs_mkimage() {
	local dir=$1 img=$2

	echo fbnic-vm >"$dir/etc/hostname"
	# The payload disk (modules, tests) is mounted here by the init stub.
	mkdir -p "$dir/payload"
	install -m 0755 "$RIG_DIR/guest/init-stub" "$dir/sbin/fbnic-init"
	mke2fs -q -F -t ext4 -L fbnic-root -d "$dir" "$img.tmp" 2G
	mv "$img.tmp" "$img"
}

build_rootfs() {
	local dir img
	dir=$(rootfs_tree)
	img=$(rootfs_image)
	mkdir -p "$(dirname "$dir")"
	[ -d "$dir" ] || step rootfs-debootstrap rootfs_debootstrap "$dir"
	[ -e "$img" ] || step rootfs-image rootfs_mkimage "$dir" "$img"
}
