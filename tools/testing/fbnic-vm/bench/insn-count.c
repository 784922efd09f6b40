/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMU TCG plugin for the fbnic benchmark: counts guest instructions,
 * per translation block address, so that the instructions spent in one
 * guest module (a kernel driver's .text) can be read at any time.
 *
 * Every translated block adds its instruction count to a per-vCPU slot
 * keyed by the block's start address each time it runs (inline, no
 * helper call). A control socket answers
 *
 *     count LO HI\n   ->   "<insns in [LO, HI)> <all insns>\n"
 *
 * with LO and HI as hexadecimal guest virtual addresses. Counts only ever
 * grow: a benchmark takes one reading before and one after its traffic.
 *
 *     dump NAME\n   ->   "<blocks written> <path>\n"
 *
 * writes every tracked block as "<vaddr hex> <insns>" lines to
 * insn-NAME.txt beside the socket (NAME: letters, digits, '-', '_'), so
 * that two dumps taken around an operation give its per-function
 * profile once the host maps the addresses to symbols (bench/profile.py).
 *
 * Arguments: sock=PATH (control socket, required), slots=N (distinct
 * block addresses tracked, default 262144; blocks beyond that are
 * counted in the total only, and the reply says so).
 *
 * The counts are deterministic for a given guest execution, unlike wall
 * time on a shared machine.
 */
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* Slot 0 counts every block; slots 1.. belong to one block address each */
#define SLOT_ALL	0

static struct qemu_plugin_scoreboard *counts;
static GHashTable *slot_of_addr;	/* block vaddr -> slot index */
static uint64_t *addr_of_slot;		/* slot index -> block vaddr */
static size_t nr_slots = 1 << 18;
static size_t used_slots = 1;
static uint64_t untracked_blocks;
static GMutex slots_lock;
static char *sock_path;

static qemu_plugin_u64 slot_counter(size_t slot)
{
	qemu_plugin_u64 c = { .score = counts,
			      .offset = slot * sizeof(uint64_t) };

	return c;
}

/* Slot for a block address; 0 (the total only) once the table is full */
static size_t slot_for(uint64_t vaddr)
{
	gpointer found;
	size_t slot;

	g_mutex_lock(&slots_lock);
	found = g_hash_table_lookup(slot_of_addr, (gpointer)(uintptr_t)vaddr);
	if (found) {
		slot = (uintptr_t)found;
	} else if (used_slots < nr_slots) {
		slot = used_slots++;
		addr_of_slot[slot] = vaddr;
		g_hash_table_insert(slot_of_addr, (gpointer)(uintptr_t)vaddr,
				    (gpointer)(uintptr_t)slot);
	} else {
		slot = SLOT_ALL;
		untracked_blocks++;
	}
	g_mutex_unlock(&slots_lock);
	return slot;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t n = qemu_plugin_tb_n_insns(tb);
	size_t slot = slot_for(qemu_plugin_tb_vaddr(tb));

	qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		tb, QEMU_PLUGIN_INLINE_ADD_U64, slot_counter(SLOT_ALL), n);
	if (slot != SLOT_ALL)
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
			tb, QEMU_PLUGIN_INLINE_ADD_U64, slot_counter(slot), n);
}

/* Instructions run by blocks starting in [lo, hi), summed over vCPUs */
static uint64_t count_range(uint64_t lo, uint64_t hi)
{
	uint64_t sum = 0;
	size_t i, n;

	g_mutex_lock(&slots_lock);
	n = used_slots;
	g_mutex_unlock(&slots_lock);
	for (i = 1; i < n; i++) {
		if (addr_of_slot[i] >= lo && addr_of_slot[i] < hi)
			sum += qemu_plugin_u64_sum(slot_counter(i));
	}
	return sum;
}

/* Every tracked block's count to insn-NAME.txt beside the socket */
static int dump_blocks(const char *name, char *path, size_t path_len)
{
	char *dir = g_path_get_dirname(sock_path);
	size_t i, n;
	FILE *f;
	int ret;

	snprintf(path, path_len, "%s/insn-%s.txt", dir, name);
	g_free(dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	g_mutex_lock(&slots_lock);
	n = used_slots;
	g_mutex_unlock(&slots_lock);
	for (i = 1; i < n; i++)
		fprintf(f, "%" PRIx64 " %" PRIu64 "\n", addr_of_slot[i],
			qemu_plugin_u64_sum(slot_counter(i)));
	ret = fclose(f) ? -1 : (int)(n - 1);
	return ret;
}

static bool valid_name(const char *name)
{
	if (!*name || strlen(name) > 40)
		return false;
	for (; *name; name++)
		if (!g_ascii_isalnum(*name) && *name != '-' && *name != '_')
			return false;
	return true;
}

static void answer(int fd)
{
	char req[128], reply[512], name[64], path[400];
	uint64_t lo, hi;
	ssize_t len;
	int n, blocks;

	len = read(fd, req, sizeof(req) - 1);
	if (len <= 0)
		return;
	req[len] = '\0';
	if (sscanf(req, "count %" SCNx64 " %" SCNx64, &lo, &hi) == 2)
		n = snprintf(reply, sizeof(reply), "%" PRIu64 " %" PRIu64
			     " untracked-blocks=%" PRIu64 "\n",
			     count_range(lo, hi),
			     qemu_plugin_u64_sum(slot_counter(SLOT_ALL)),
			     untracked_blocks);
	else if (sscanf(req, "dump %63s", name) == 1 && valid_name(name) &&
		 (blocks = dump_blocks(name, path, sizeof(path))) >= 0)
		n = snprintf(reply, sizeof(reply), "%d %s\n", blocks, path);
	else
		n = snprintf(reply, sizeof(reply),
			     "error: want 'count LO HI' or 'dump NAME'\n");
	if (write(fd, reply, n) != n)
		fprintf(stderr, "insn-count: short reply\n");
}

static void *control_thread(void *arg)
{
	int srv = (int)(intptr_t)arg;

	for (;;) {
		int fd = accept(srv, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		answer(fd);
		close(fd);
	}
}

static int control_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	pthread_t thread;
	int srv;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	unlink(path);
	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	if (srv < 0)
		return -1;
	if (bind(srv, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(srv, 4) < 0 ||
	    pthread_create(&thread, NULL, control_thread,
			   (void *)(intptr_t)srv)) {
		close(srv);
		return -1;
	}
	pthread_detach(thread);
	return 0;
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	if (sock_path)
		unlink(sock_path);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (g_str_has_prefix(argv[i], "sock="))
			sock_path = g_strdup(argv[i] + 5);
		else if (g_str_has_prefix(argv[i], "slots="))
			nr_slots = strtoul(argv[i] + 6, NULL, 0);
		else {
			fprintf(stderr, "insn-count: unknown argument %s\n",
				argv[i]);
			return -1;
		}
	}
	if (!sock_path || nr_slots < 2) {
		fprintf(stderr, "insn-count: needs sock=PATH (and slots >= 2)\n");
		return -1;
	}
	counts = qemu_plugin_scoreboard_new(nr_slots * sizeof(uint64_t));
	addr_of_slot = g_new0(uint64_t, nr_slots);
	slot_of_addr = g_hash_table_new(g_direct_hash, g_direct_equal);
	if (control_listen(sock_path)) {
		fprintf(stderr, "insn-count: cannot listen on %s\n", sock_path);
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
