#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the driver's selftests with the kernel's kselftest runner, then the
# rig's own checks (upstream fidelity, kernel log). Prints KTAP.
. /payload/rig.env
# Leaks from before the tests (boot) are not ours to report.
echo clear >/sys/kernel/debug/kmemleak 2>/dev/null
cp -a /payload/kselftest /tmp/kselftest
cd /tmp/kselftest || exit 1
. /payload/net-env.sh

# Load fbnic if a test left it unloaded; prints its netdev once there
fbnic_netdev() {
	local dev n

	modprobe fbnic
	udevadm settle --timeout=30
	for n in $(seq 30); do
		dev=$(ls /sys/bus/pci/drivers/fbnic/*/net 2>/dev/null | head -n1)
		[ -n "$dev" ] && break
		sleep 1
	done
	echo "$dev"
}

# Our own selftests. The bring-up ones (shell) reload the driver; the
# data-path ones (Python) need the wire set up as the kernel's driver
# tests take it, so they run after those, with the environment.
run_fbnic_selftests() {
	local dev py=() skip=() t

	while read -r t; do
		py+=(-t "$t")
		skip+=(-S "$t")
	done < <(grep '^drivers/net/fbnic:.*\.py$' kselftest-list.txt)
	./run_kselftest.sh -c drivers/net/fbnic "${skip[@]}"
	[ ${#py[@]} -gt 0 ] || return
	dev=$(fbnic_netdev)
	# Without the environment the tests skip, saying why
	[ -n "$dev" ] && net_env_setup "$dev"
	./run_kselftest.sh "${py[@]}"
}
(run_fbnic_selftests)

# Leave case CASE of the kernel's Python test COLLECTION:TEST out (the
# library's -T), saying why in the test's output: the test is replaced by
# a wrapper that prints the skip and runs the real one without the case.
skip_case() {
	local test=$1 case=$2 why=$3 path

	path=${test%%:*}/${test#*:}
	[ -f "$path" ] || return
	[ -f "$path.full" ] || {
		mv "$path" "$path.full"
		# shellcheck disable=SC2016 # expanded by the wrapper
		printf '#!/bin/bash\nexec "$0.full" "$@"\n' >"$path"
		chmod +x "$path"
	}
	sed -i "2i echo '# SKIP $case: ${why//\'/}'" "$path"
	sed -i "\$s/\"\\\$@\"/-T $case &/" "$path"
}

# The kernel's own driver selftests against our fbnic (kernel-selftests.txt)
run_kernel_selftests() {
	local line name why dev args=() skips=() n rest

	dev=$(fbnic_netdev)
	while read -r line; do
		case $line in
		''|'#'*) ;;
		skip-case\ *)
			rest=${line#skip-case }
			name=${rest%% *}
			rest=${rest#* }
			skip_case "$name" "${rest%% *}" "${rest#* }"
			;;
		skip\ *) skips+=("${line#skip }") ;;
		*) args+=(-t "$line") ;;
		esac
	done </payload/kernel-selftests.txt

	if [ -z "$dev" ]; then
		why="fbnic registered no netdev"
	elif ! net_env_setup "$dev"; then
		why="no peer on the emulated wire"
		skips=()
		for ((n = 1; n < ${#args[@]}; n += 2)); do
			skips+=("${args[n]} $why")
		done
		args=()
	fi
	if [ ${#args[@]} -gt 0 ] && [ -z "$dev" ]; then
		n=0
		for ((i = 1; i < ${#args[@]}; i += 2)); do
			n=$((n + 1))
			echo "not ok $n selftests: ${args[i]} # $why"
		done
	elif [ ${#args[@]} -gt 0 ]; then
		./run_kselftest.sh -o 900 "${args[@]}"
	fi
	n=0
	for line in "${skips[@]}"; do
		n=$((n + 1))
		name=${line%% *}
		echo "ok $n selftests: $name # SKIP ${line#* }"
	done
}
run_kernel_selftests

# Rig checks: exit 0 passes, 4 skips (the kselftest convention).
n=0
for t in /payload/tests/*.sh; do
	n=$((n + 1))
	name=$(basename "$t")
	echo "# rig: $name"
	out=$(timeout 900 "$t" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	case $rc in
	0) echo "ok $n rig: $name" ;;
	4) echo "ok $n rig: $name # SKIP $(echo "$out" | tail -n1)" ;;
	*) echo "not ok $n rig: $name # exit=$rc" ;;
	esac
done
