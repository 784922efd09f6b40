#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Sourced by run-tests.sh and fidelity.sh (after net-env.sh and the
# driver's fbnic_lib.sh): the wire the kernel's driver tests need, and a
# run of those tests as kernel-selftests.txt lists them. The functions
# run in a kselftest install directory: the caller's working directory.

# A KTAP document of its own for results the rig reports itself.
# $@: lines "ok|not ok DESCRIPTION"; numbered in order.
ktap_doc() {
	local n=0 line
	echo "TAP version 13"
	echo "1..$#"
	for line in "$@"; do
		n=$((n + 1))
		case $line in
		"not ok "*) echo "not ok $n ${line#not ok }" ;;
		*) echo "ok $n ${line#ok }" ;;
		esac
	done
}

# Load fbnic if a test left it unloaded; prints its netdev once udev has
# named it (fbnic_netdev_wait, from the driver's selftest library)
fbnic_netdev() {
	BDF=$(fbnic_bdf) || return 1
	modprobe fbnic
	fbnic_netdev_wait && echo "$FBNIC_DEV"
}

# The wire the data-path tests need, with fbnic as its local end. The
# rig always builds it: if it cannot be set up, that is a failure of the
# run (reported as $1), not a reason for the tests to skip.
wire_up() {
	local what=$1 dev

	dev=$(fbnic_netdev)
	if [ -z "$dev" ]; then
		ktap_doc "not ok rig: $what: fbnic registered no netdev"
		return 1
	fi
	# Not in $(...): the environment it exports is what the tests read
	net_env_setup "$dev" >/tmp/net-env.log 2>&1
	sed 's/^/# /' /tmp/net-env.log
	# Without NETIF the kernel's tests would quietly test netdevsim
	if [ "${NETIF:-}" != "$dev" ] ||
	   [ "$(basename "$(readlink "/sys/class/net/$dev/device/driver")")" != fbnic ]; then
		ktap_doc "not ok rig: $what: emulated wire set up"
		return 1
	fi
	ktap_doc "ok rig: $what: emulated wire set up"
}

# kernel-selftests.txt's skip-case entries, by test: lines "CASE WHY";
# and its traffic entries: frames a second the generator sends meanwhile
declare -A CASE_SKIPS TRAFFIC

# Replace the kernel's Python test COLLECTION:TEST ($1) by a wrapper
# that runs it as kernel-selftests.txt says:
# - without the cases CASE_SKIPS names for it (the library's -T), after
#   listing each case it leaves out as "rig-skip-case NAME # SKIP WHY";
#   a CASE that matches no case of the test is a stale entry, and the
#   wrapper says so and fails;
# - with TRAFFIC frames a second from the rig's traffic generator (a
#   host on the wire, lib/ctl-proxy.py) to the fbnic netdev meanwhile.
write_wrapper() {
	local test=$1 path c why excl=""

	path=${test%%:*}/${test#*:}
	mv "$path" "$path.full"
	# kselftest's runner starts a test that is not executable (some of
	# the kernel's, xdp_metadata.py in 7.3) through its interpreter; the
	# wrapper execs it, so it must be
	chmod +x "$path.full"
	{
		echo '#!/bin/bash'
		echo '# Written by the fbnic VM rig: see kernel-selftests.txt'
		echo 'full="$0.full"'
		echo 'leave_out() {'
		echo '	local names'
		echo '	names=$("$full" -t "$1" -l 2>&1 | grep -v "^#")'
		echo '	if [ -z "$names" ]; then'
		echo '		echo "rig-skip-case: \"$1\" matches no case of $full"'
		echo '		exit 1'
		echo '	fi'
		echo '	while read -r n; do'
		echo '		printf "rig-skip-case %s # SKIP %s\n" "$n" "$2"'
		echo '	done <<<"$names"'
		echo '}'
		while read -r c why; do
			[ -n "$c" ] || continue
			printf 'leave_out %q %q\n' "$c" "$why"
			excl+=" -T $(printf %q "$c")"
		done <<<"${CASE_SKIPS[$test]:-}"
		if [ -n "${TRAFFIC[$test]:-}" ]; then
			echo 'mac=$(cat /sys/class/net/$NETIF/address)'
			echo "/payload/emu-ctl.sh gen \$mac ${TRAFFIC[$test]} 1200 || exit 1"
			echo 'trap "/payload/emu-ctl.sh gen \$mac 0 0" EXIT'
			echo "\"\$full\"$excl \"\$@\""
		else
			echo "exec \"\$full\"$excl \"\$@\""
		fi
	} >"$path"
	chmod +x "$path"
}

# The kernel's own driver selftests against the loaded fbnic, as
# kernel-selftests.txt lists them. Entries the kernel does not have are
# failures: the runner would otherwise stop at the first one and run
# nothing. With "all-cases" ($1), the cases its skip-case entries leave
# out run too (fidelity.sh: they fail with both drivers, and the point
# there is to see that they fail alike). A file $2 ("collection:test"
# lines) limits the run to the tests it names.
run_kernel_selftests() {
	local mode=${1:-} only=${2:-} line name args=() skips=() bad=() rest c

	while read -r line; do
		case $line in
		''|'#'*) continue ;;
		skip-case\ *)
			rest=${line#skip-case }
			name=${rest%% *}
			rest=${rest#* }
			c=${rest%% *}
			;;
		skip\ *|traffic\ *) name=${line#* }; name=${name%% *} ;;
		*) name=$line ;;
		esac
		if [ -n "$only" ] && ! grep -qxF "$name" "$only"; then
			continue
		fi
		if ! grep -qxF "$name" kselftest-list.txt; then
			bad+=("not ok kernel-selftests.txt: $name is not an installed test")
			continue
		fi
		case $line in
		skip-case\ *)
			[ "$mode" = all-cases ] ||
				CASE_SKIPS[$name]+="$c ${rest#* }"$'\n'
			;;
		skip\ *) skips+=("${line#skip }") ;;
		traffic\ *)
			rest=${line#traffic * }
			TRAFFIC[$name]=${rest%% *}
			args+=(-t "$name")
			;;
		*) args+=(-t "$name") ;;
		esac
	done </payload/kernel-selftests.txt
	[ ${#bad[@]} -eq 0 ] || ktap_doc "${bad[@]}"
	for name in $(printf '%s\n' "${!CASE_SKIPS[@]}" "${!TRAFFIC[@]}" | sort -u); do
		write_wrapper "$name"
	done

	# Without the wire they would test netdevsim instead: not run, they
	# are reported missing
	if wire_up "kernel driver tests"; then
		# As the kernel's tests expect of a slow machine: TCG is one
		KSFT_MACHINE_SLOW=yes ./run_kselftest.sh -o 900 "${args[@]}"
	fi
	rest=()
	for line in "${skips[@]}"; do
		name=${line%% *}
		rest+=("ok selftests: ${name%%:*}: ${name#*:} # SKIP ${line#* }")
	done
	[ ${#rest[@]} -eq 0 ] || ktap_doc "${rest[@]}"
}
