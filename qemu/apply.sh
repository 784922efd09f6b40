#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Drop the fbnic device model into a QEMU source tree.
#
#   qemu/apply.sh /path/to/qemu-src
#
# Idempotent: model files are copied only when their content differs
# (so an unchanged file keeps its mtime and ninja does not rebuild it),
# and the Kconfig/meson/trace-events snippets are appended once, between
# marker comments. A changed snippet replaces the old marked block.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tree=${1:?usage: $0 QEMU_SOURCE_TREE}
[ -f "$tree/hw/net/meson.build" ] || {
	echo "$0: $tree does not look like a QEMU source tree" >&2
	exit 1
}

# Copy one file unless the destination already has the same bytes.
install_file() {
	src=$1 dst=$2
	if [ -f "$dst" ] && cmp -s "$src" "$dst"; then
		return 0
	fi
	mkdir -p "$(dirname "$dst")"
	cp "$src" "$dst.fbnic-tmp"
	mv "$dst.fbnic-tmp" "$dst"
	echo "apply.sh: updated ${dst#"$tree"/}"
}

# Every model source file; meson.build.fbnic says which ones are compiled
for src in "$here"/hw/net/fbnic*.c "$here"/hw/net/fbnic*.h; do
	f=$(basename "$src")
	install_file "$src" "$tree/hw/net/$f"
done

# Put SNIPPET into TARGET between marker lines (comment leader LEAD).
# The result is written through install_file so an unchanged target is
# left untouched.
splice_snippet() {
	snippet=$1 target=$2 lead=$3
	begin="$lead fbnic-model begin (qemu/apply.sh)"
	end="$lead fbnic-model end"
	tmp=$(mktemp)
	awk -v b="$begin" -v e="$end" '
		$0 == b { skip = 1; next }
		$0 == e { skip = 0; next }
		!skip { print }
	' "$target" >"$tmp"
	{
		printf '\n%s\n' "$begin"
		cat "$snippet"
		printf '%s\n' "$end"
	} >>"$tmp"
	# Collapse the blank line we add if the block was already there.
	awk 'BEGIN{blank=0} /^$/{blank++; if (blank>1) next; print; next} {blank=0; print}' \
		"$tmp" >"$tmp.2"
	install_file "$tmp.2" "$target"
	rm -f "$tmp" "$tmp.2"
}

# Like splice_snippet, but place the block right after the line ANCHOR
# (which must exist) instead of at the end of TARGET.
splice_after() {
	snippet=$1 target=$2 anchor=$3
	begin="# fbnic-model begin (qemu/apply.sh)"
	end="# fbnic-model end"
	if ! grep -qxF "$anchor" "$target"; then
		echo "apply.sh: '$anchor' not found in $target, skipping" >&2
		return 0
	fi
	tmp=$(mktemp)
	awk -v b="$begin" -v e="$end" -v a="$anchor" -v f="$snippet" '
		$0 == b { skip = 1; next }
		$0 == e { skip = 0; next }
		skip { next }
		{ print }
		$0 == a {
			print b
			while ((getline line < f) > 0) print line
			print e
		}
	' "$target" >"$tmp"
	install_file "$tmp" "$target"
	rm -f "$tmp"
}

install_file "$here/tests/qtest/fbnic-test.c" "$tree/tests/qtest/fbnic-test.c"

splice_snippet "$here/hw/net/Kconfig.fbnic" "$tree/hw/net/Kconfig" "#"
splice_snippet "$here/hw/net/meson.build.fbnic" "$tree/hw/net/meson.build" "#"
splice_snippet "$here/hw/net/trace-events" "$tree/hw/net/trace-events" "#"
splice_after "$here/tests/qtest/meson.build.fbnic" \
	"$tree/tests/qtest/meson.build" "qtests_x86_64 = qtests_i386"
