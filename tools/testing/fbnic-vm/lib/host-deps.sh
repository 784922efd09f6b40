# SPDX-License-Identifier: GPL-2.0
# Host packages and apt sources for the fbnic VM rig.

# trixie and trixie-backports are added as source lists with a low pin,
# so that nothing on the machine upgrades by itself; only the packages
# named explicitly below are taken from them.
setup_apt_sources() {
	local list=/etc/apt/sources.list.d/fbnic-vm-trixie.sources
	local pref=/etc/apt/preferences.d/fbnic-vm-trixie

	if [ ! -e "$list" ]; then
		log "adding trixie apt sources (pinned to 100)"
		cat >"$list" <<EOS
Types: deb deb-src
URIs: $MIRROR
Suites: trixie trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
		cat >"$pref" <<EOS
Package: *
Pin: release n=trixie
Pin-Priority: 100

Package: *
Pin: release n=trixie-backports
Pin-Priority: 100
EOS
		rm -f "$CACHE_DIR/.apt-updated"
	fi
	mkdir -p "$CACHE_DIR"
	if [ ! -e "$CACHE_DIR/.apt-updated" ] ||
	   [ -n "$(find "$CACHE_DIR/.apt-updated" -mmin +1440)" ]; then
		step apt-update apt-get update
		touch "$CACHE_DIR/.apt-updated"
	fi
}

HOST_PKGS="build-essential bc bison flex libelf-dev libssl-dev dwarves cpio
	rsync kmod xz-utils zstd curl sparse python3 perl ninja-build pkg-config
	libglib2.0-dev libpixman-1-dev libslirp-dev python3-venv
	debootstrap e2fsprogs seabios qemu-system-data dpkg-dev
	python3-yaml python3-ply python3-git clang llvm
	libclang-rt-14-dev"
HOST_TRIXIE_PKGS="meson python3-pycotap"

install_host_deps() {
	local missing="" p

	setup_apt_sources
	for p in $HOST_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		step apt-install env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y --no-install-recommends $missing
	fi
	# meson >= 1.5 is needed by QEMU 10; bookworm has 1.0.
	if ! dpkg --compare-versions "$(dpkg-query -W -f='${Version}' meson 2>/dev/null || echo 0)" ge 1.5; then
		step apt-install-trixie env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y --no-install-recommends -t trixie $HOST_TRIXIE_PKGS
	fi
}
