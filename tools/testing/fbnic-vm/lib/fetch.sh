# SPDX-License-Identifier: GPL-2.0
# Fetching the pinned kernel and QEMU sources from Debian's archive.

# Unpacked upstream kernel source, read-only: every build works on a copy.
kernel_src_dir() { echo "$CACHE_DIR/src/linux-$KERNEL_SRC_VERSION"; }

fetch_kernel_src() {
	local dir tmp deb

	dir=$(kernel_src_dir)
	[ -e "$dir/.unpacked" ] && return 0
	tmp=$(mktemp -d "$CACHE_DIR/tmp.XXXXXX")
	log "downloading $KERNEL_SRC_PKG=$KERNEL_SRC_VERSION"
	local t0=$SECONDS
	if ! (cd "$tmp" && apt-get download \
		"$KERNEL_SRC_PKG=$KERNEL_SRC_VERSION" >"$tmp/dl.log" 2>&1); then
		cat "$tmp/dl.log" >&2
		log "available linux-source-7.* packages:"
		apt-cache policy 'linux-source-7.*' 2>/dev/null |
			grep -E '^linux-source|Candidate' >&2 || true
		rm -rf "$tmp"
		die "$KERNEL_SRC_PKG $KERNEL_SRC_VERSION is not served; update versions"
	fi
	deb=$(ls "$tmp"/*.deb)
	dpkg -x "$deb" "$tmp/x"
	rm -rf "$dir"
	mkdir -p "$dir"
	log "unpacking kernel source"
	tar -xf "$tmp"/x/usr/src/"$KERNEL_SRC_PKG".tar.* -C "$dir" --strip-components=1
	rm -rf "$tmp"
	touch "$dir/.unpacked"
	TIMINGS+=("kernel-source $((SECONDS - t0))")
}

qemu_src_dir() { echo "$CACHE_DIR/src/qemu-${QEMU_SRC_VERSION#*:}"; }

fetch_qemu_src() {
	local dir tmp

	dir=$(qemu_src_dir)
	[ -e "$dir/.unpacked" ] && return 0
	tmp=$(mktemp -d "$CACHE_DIR/tmp.XXXXXX")
	log "downloading qemu source $QEMU_SRC_VERSION"
	local t0=$SECONDS
	if ! (cd "$tmp" && apt-get source --download-only \
		"qemu=$QEMU_SRC_VERSION" >"$tmp/dl.log" 2>&1); then
		cat "$tmp/dl.log" >&2
		rm -rf "$tmp"
		die "qemu $QEMU_SRC_VERSION source is not served; update versions"
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	log "unpacking qemu source"
	tar -xf "$tmp"/qemu_*.orig.tar.* -C "$dir" --strip-components=1
	rm -rf "$tmp"
	touch "$dir/.unpacked"
	TIMINGS+=("qemu-source $((SECONDS - t0))")
}

liburing_src_dir() { echo "$CACHE_DIR/src/liburing-$LIBURING_SRC_VERSION"; }

# liburing's upstream tarball from the pool of the archive (sid's
# version: the machine's apt sources carry no sid, and the tarball is
# all that is needed), checked against the pinned SHA-256
fetch_liburing_src() {
	local dir tmp up url

	dir=$(liburing_src_dir)
	[ -e "$dir/.unpacked" ] && return 0
	up=${LIBURING_SRC_VERSION%-*}
	url="$MIRROR/pool/main/libu/liburing/liburing_$up.orig.tar.gz"
	tmp=$(mktemp -d "$CACHE_DIR/tmp.XXXXXX")
	log "downloading liburing source $LIBURING_SRC_VERSION"
	if ! curl -sSfL -o "$tmp/src.tar.gz" "$url"; then
		rm -rf "$tmp"
		die "liburing $LIBURING_SRC_VERSION is not served at $url; update versions"
	fi
	if ! echo "$LIBURING_SRC_SHA256  $tmp/src.tar.gz" | sha256sum -c --quiet; then
		rm -rf "$tmp"
		die "liburing tarball from $url does not match LIBURING_SRC_SHA256"
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xzf "$tmp/src.tar.gz" -C "$dir" --strip-components=1
	rm -rf "$tmp"
	touch "$dir/.unpacked"
}
