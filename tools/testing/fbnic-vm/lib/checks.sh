# SPDX-License-Identifier: GPL-2.0
# Static checks over the driver, as the netdev CI runs them. Each check
# prints one KTAP result line; details of a failure go to the log as
# KTAP diagnostics ("# ...").

DRIVER_REL=drivers/net/ethernet/meta/fbnic

KTAP_N=0
ktap_result() {
	local ok=$1 name=$2 log=$3
	KTAP_N=$((KTAP_N + 1))
	if [ "$ok" = 0 ]; then
		echo "ok $KTAP_N $name"
	else
		[ -s "$log" ] && sed 's/^/# /' "$log" | head -n 60
		echo "not ok $KTAP_N $name"
	fi
}

driver_sources() {
	(cd "$REPO_DIR" && ls $DRIVER_REL/*.[ch])
}

# checkpatch validates SPDX tags with scripts/spdxcheck.py, which reads
# the license list from a git checkout of the kernel, and it learns which
# CamelCase names are the kernel's own (e.g. the ethtool statistics
# fields) from the headers git tracks under include/. Debian's source
# tree is not a git checkout, and making it one would change the kernel
# release string. So checkpatch runs from a tree of links to the source
# with a git repository of its own that tracks LICENSES and include/.
checkpatch_root() {
	local src root e
	src=$(kernel_src_dir)
	root="$CACHE_DIR/checkpatch-root-$KERNEL_SRC_VERSION"
	if [ ! -e "$root/.git/fbnic-rig-v2" ]; then
		rm -rf "$root"
		mkdir -p "$root"
		for e in "$src"/*; do
			[ "$(basename "$e")" = LICENSES ] && continue
			ln -s "$e" "$root/$(basename "$e")"
		done
		cp -a "$src/LICENSES" "$root/LICENSES"
		git -C "$root" init -q
		git -C "$root" add LICENSES
		git -C "$root" --work-tree="$src" add -f include
		git -C "$root" -c user.name=rig -c user.email=rig@localhost \
			commit -q -m "kernel license list and headers"
		touch "$root/.git/fbnic-rig-v2"
	fi
	echo "$root"
}

# Run from the checkpatch root (see above) on absolute paths; report
# paths relative to the repository.
check_checkpatch() {
	local root log rc=0 f
	root=$(checkpatch_root)
	log=$(mktemp)
	for f in $(driver_sources) drivers/net/ethernet/meta/Kconfig \
		 drivers/net/ethernet/meta/Makefile $DRIVER_REL/Makefile; do
		(cd "$root" && PATH=/usr/bin:$PATH \
			./scripts/checkpatch.pl --strict \
			--no-signoff --terse --show-types -f "$REPO_DIR/$f") \
			>>"$log" 2>&1 || rc=1
	done
	sed -i "s|$REPO_DIR/||" "$log"
	grep -v -E 'total: 0 errors, 0 warnings, 0 checks|^$' "$log" >"$log.f" || true
	ktap_result "$rc" "static: checkpatch --strict" "$log.f"
	rm -f "$log" "$log.f"
}

check_kernel_doc() {
	local src log
	src=$(kernel_src_dir)
	log=$(mktemp)
	(cd "$REPO_DIR" && "$src/scripts/kernel-doc" -none -Wall \
		$(driver_sources)) >"$log" 2>&1
	[ ! -s "$log" ]
	ktap_result $? "static: kernel-doc -Wall" "$log"
	rm -f "$log"
}

# Out-of-tree build of our driver against the guest kernel's tree, the
# way a distro user builds it, with W=1 warnings turned into errors.
check_w1_build() {
	local log copy
	log=$(mktemp)
	copy="$CACHE_DIR/oot/fbnic-src"
	mkdir -p "$copy"
	rsync -rc --delete "$REPO_DIR/$DRIVER_REL/" "$copy/"
	rm -rf "$CACHE_DIR/oot/w1"
	kernel_build_external "$copy" "$CACHE_DIR/oot/w1" W=1 \
		KCFLAGS=-Werror >"$log" 2>&1
	ktap_result $? "static: out-of-tree build, W=1 -Werror" "$log"
	rm -f "$log"
}

# Debian's sparse (0.6.4) predates __typeof_unqual__, which kernel 7.3's
# headers use: kbuild would then drop C=2 with a mere warning. Spelling
# it as __typeof__ for sparse lets it run; the qualifiers it keeps cost
# nothing in a driver. What that old sparse still gets wrong are the
# modinfo macros ("bad constant expression" on MODULE_* lines), which
# are filtered out; anything else fails the check.
SPARSE_CHECK="sparse -D__typeof_unqual__=__typeof__"

# Drop sparse's reports on MODULE_*() lines (see above)
sparse_filter() {
	local line file num
	while IFS= read -r line; do
		file=${line%%:*}
		num=${line#*:}
		num=${num%%:*}
		if [ -f "$file" ] && [ "$num" -gt 0 ] 2>/dev/null &&
		   sed -n "${num}p" "$file" | grep -q '^MODULE_' &&
		   [[ $line == *"bad constant expression"* ]]; then
			continue
		fi
		echo "$line"
	done
}

check_sparse() {
	local log rc copy checked
	log=$(mktemp)
	copy="$CACHE_DIR/oot/fbnic-src"
	rm -rf "$CACHE_DIR/oot/sparse"
	kernel_build_external "$copy" "$CACHE_DIR/oot/sparse" C=2 \
		CHECK="$SPARSE_CHECK" >"$log" 2>&1
	rc=$?
	checked=$(grep -c '^ *CHECK ' "$log")
	if grep -q 'is not available or not up to date' "$log" ||
	   [ "$checked" = 0 ]; then
		echo "# sparse did not run:" >"$log.w"
		grep -E 'CHECK|sparse' "$log" >>"$log.w"
		rc=1
	elif grep -E 'warning:|error:' "$log" | sparse_filter >"$log.w" &&
	     [ -s "$log.w" ]; then
		rc=1
	fi
	[ "$rc" = 0 ] || cat "$log.w" >>"$log"
	ktap_result "$rc" "static: sparse C=2 ($checked files checked)" "$log.w"
	rm -f "$log" "$log.w"
}

run_static_checks() {
	command -v sparse >/dev/null || die "sparse is not installed"
	KTAP_N=0
	echo "TAP version 13"
	echo "1..4"
	echo "# static checks of $DRIVER_REL"
	check_checkpatch
	check_kernel_doc
	check_w1_build
	check_sparse
}
