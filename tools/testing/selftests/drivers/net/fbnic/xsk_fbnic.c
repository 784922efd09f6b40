// SPDX-License-Identifier: GPL-2.0
/*
 * An AF_XDP socket for the fbnic data-path tests (xsk.py): binds to one
 * queue, puts itself in an XSKMAP the test's XDP program redirects to,
 * and receives, echoes or sends the tests' frames (their experimental
 * EtherType). Plain syscalls, no libbpf or libxdp.
 *
 *   xsk_fbnic IFINDEX QUEUE MAP_ID MODE COUNT TIMEOUT_MS [OPTIONS]
 *
 * MODE is rx (count the frames received), echo (send each back out,
 * addresses swapped, from the chunk it arrived in) or tx (send COUNT
 * frames). OPTIONS: copy (copy mode instead of zero-copy), chunk=N (umem
 * chunk size, 4096 by default), len=N (tx frame length), dst=MAC (tx
 * destination), hold (after the work, keep receiving until an empty line
 * on stdin, which can also ask for counts or move the socket to another
 * map: see hold()).
 *
 * Prints "bound" once the socket is in the map (or "bind: ERROR" and
 * exits 2), and at the end one JSON line of what it counted.
 */

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_xdp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define NUM_FRAMES	256
#define RING_SIZE	128
#define TEST_ETHERTYPE	0x88b5

struct ring {
	__u32 *producer;
	__u32 *consumer;
	void *descs;
	__u32 mask;
	__u32 cached;
};

struct xsk {
	int fd;
	unsigned char *umem;
	__u32 chunk;
	struct ring fill, comp, rx, tx;
	__u64 rx_frames, rx_bytes, rx_foreign, tx_queued, tx_done;
};

static int bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void die(const char *what)
{
	printf("%s: %s\n", what, strerror(errno));
	exit(1);
}

static void map_ring(struct xsk *xsk, struct ring *r,
		     const struct xdp_ring_offset *off, __u64 pgoff,
		     size_t desc_size)
{
	size_t len = off->desc + RING_SIZE * desc_size;
	char *base;

	base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		    xsk->fd, pgoff);
	if (base == MAP_FAILED)
		die("mmap ring");
	r->producer = (__u32 *)(base + off->producer);
	r->consumer = (__u32 *)(base + off->consumer);
	r->descs = base + off->desc;
	r->mask = RING_SIZE - 1;
}

static void setup(struct xsk *xsk, int ifindex, int queue, bool copy)
{
	struct xdp_umem_reg reg = {};
	struct xdp_mmap_offsets off;
	struct sockaddr_xdp sxdp = {};
	socklen_t optlen = sizeof(off);
	int size = RING_SIZE;

	xsk->fd = socket(AF_XDP, SOCK_RAW, 0);
	if (xsk->fd < 0)
		die("socket");
	xsk->umem = mmap(NULL, (size_t)NUM_FRAMES * xsk->chunk,
			 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	if (xsk->umem == MAP_FAILED)
		die("mmap umem");
	reg.addr = (__u64)(uintptr_t)xsk->umem;
	reg.len = (__u64)NUM_FRAMES * xsk->chunk;
	reg.chunk_size = xsk->chunk;
	if (setsockopt(xsk->fd, SOL_XDP, XDP_UMEM_REG, &reg, sizeof(reg)) ||
	    setsockopt(xsk->fd, SOL_XDP, XDP_UMEM_FILL_RING, &size, sizeof(size)) ||
	    setsockopt(xsk->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &size,
		       sizeof(size)) ||
	    setsockopt(xsk->fd, SOL_XDP, XDP_RX_RING, &size, sizeof(size)) ||
	    setsockopt(xsk->fd, SOL_XDP, XDP_TX_RING, &size, sizeof(size)))
		die("setsockopt");
	if (getsockopt(xsk->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &optlen))
		die("getsockopt");
	map_ring(xsk, &xsk->fill, &off.fr, XDP_UMEM_PGOFF_FILL_RING,
		 sizeof(__u64));
	map_ring(xsk, &xsk->comp, &off.cr, XDP_UMEM_PGOFF_COMPLETION_RING,
		 sizeof(__u64));
	map_ring(xsk, &xsk->rx, &off.rx, XDP_PGOFF_RX_RING,
		 sizeof(struct xdp_desc));
	map_ring(xsk, &xsk->tx, &off.tx, XDP_PGOFF_TX_RING,
		 sizeof(struct xdp_desc));

	sxdp.sxdp_family = AF_XDP;
	sxdp.sxdp_ifindex = ifindex;
	sxdp.sxdp_queue_id = queue;
	sxdp.sxdp_flags = (copy ? XDP_COPY : XDP_ZEROCOPY) |
			  XDP_USE_NEED_WAKEUP;
	if (bind(xsk->fd, (struct sockaddr *)&sxdp, sizeof(sxdp))) {
		printf("bind: %s\n", strerror(errno));
		exit(2);
	}
}

static void map_insert(struct xsk *xsk, __u32 map_id, __u32 queue)
{
	union bpf_attr attr = {};
	int map_fd;

	attr.map_id = map_id;
	map_fd = bpf(BPF_MAP_GET_FD_BY_ID, &attr);
	if (map_fd < 0)
		die("map fd");
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (__u64)(uintptr_t)&queue;
	attr.value = (__u64)(uintptr_t)&xsk->fd;
	if (bpf(BPF_MAP_UPDATE_ELEM, &attr))
		die("map update");
	close(map_fd);
}

/* The first half of the umem receives, the second half sends */
static void fill(struct xsk *xsk)
{
	__u32 prod = *xsk->fill.producer, i;
	__u64 *descs = xsk->fill.descs;

	for (i = 0; i < NUM_FRAMES / 2 && i < RING_SIZE; i++)
		descs[(prod + i) & xsk->fill.mask] = (__u64)i * xsk->chunk;
	__atomic_store_n(xsk->fill.producer, prod + i, __ATOMIC_RELEASE);
}

static void refill(struct xsk *xsk, __u64 addr)
{
	__u32 prod = *xsk->fill.producer;
	__u64 *descs = xsk->fill.descs;

	/* Chunk-aligned again: the driver places the frame itself */
	descs[prod & xsk->fill.mask] = addr - addr % xsk->chunk;
	__atomic_store_n(xsk->fill.producer, prod + 1, __ATOMIC_RELEASE);
}

static void kick(struct xsk *xsk)
{
	if (sendto(xsk->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
	    errno != EAGAIN && errno != EBUSY && errno != ENOBUFS &&
	    errno != ENETDOWN)
		die("sendto");
}

static bool tx_queue(struct xsk *xsk, __u64 addr, __u32 len)
{
	__u32 prod = *xsk->tx.producer;
	__u32 cons = __atomic_load_n(xsk->tx.consumer, __ATOMIC_ACQUIRE);
	struct xdp_desc *descs = xsk->tx.descs;

	if (prod - cons >= RING_SIZE)
		return false;
	descs[prod & xsk->tx.mask].addr = addr;
	descs[prod & xsk->tx.mask].len = len;
	descs[prod & xsk->tx.mask].options = 0;
	__atomic_store_n(xsk->tx.producer, prod + 1, __ATOMIC_RELEASE);
	xsk->tx_queued++;
	return true;
}

/* Completed sends; in echo mode their chunks go back to the fill ring */
static void reap(struct xsk *xsk, bool echo)
{
	__u32 prod = __atomic_load_n(xsk->comp.producer, __ATOMIC_ACQUIRE);
	__u32 cons = *xsk->comp.consumer;
	__u64 *descs = xsk->comp.descs;

	for (; cons != prod; cons++) {
		if (echo)
			refill(xsk, descs[cons & xsk->comp.mask]);
		xsk->tx_done++;
	}
	__atomic_store_n(xsk->comp.consumer, cons, __ATOMIC_RELEASE);
}

static void swap_macs(unsigned char *frame)
{
	unsigned char tmp[ETH_ALEN];

	memcpy(tmp, frame, ETH_ALEN);
	memcpy(frame, frame + ETH_ALEN, ETH_ALEN);
	memcpy(frame + ETH_ALEN, tmp, ETH_ALEN);
}

static void receive(struct xsk *xsk, bool echo)
{
	__u32 prod = __atomic_load_n(xsk->rx.producer, __ATOMIC_ACQUIRE);
	__u32 cons = *xsk->rx.consumer;
	struct xdp_desc *descs = xsk->rx.descs;

	for (; cons != prod; cons++) {
		struct xdp_desc *d = &descs[cons & xsk->rx.mask];
		unsigned char *frame = xsk->umem + d->addr;
		bool ours = d->len >= ETH_HLEN &&
			    frame[12] == TEST_ETHERTYPE >> 8 &&
			    frame[13] == (TEST_ETHERTYPE & 0xff);

		xsk->rx_frames++;
		xsk->rx_bytes += d->len;
		xsk->rx_foreign += !ours;
		if (echo && ours) {
			swap_macs(frame);
			/* The chunk comes back through the completion ring */
			while (!tx_queue(xsk, d->addr, d->len)) {
				kick(xsk);
				reap(xsk, true);
			}
		} else {
			refill(xsk, d->addr);
		}
	}
	__atomic_store_n(xsk->rx.consumer, cons, __ATOMIC_RELEASE);
	if (echo)
		kick(xsk);
}

static void parse_mac(const char *text, unsigned char *mac)
{
	unsigned int b[ETH_ALEN], i;

	if (sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5]) != ETH_ALEN) {
		printf("bad MAC %s\n", text);
		exit(1);
	}
	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = b[i];
}

/* COUNT frames from the second half of the umem, each its own chunk */
static void send_frames(struct xsk *xsk, __u64 count, __u32 len,
			const unsigned char *dst, long deadline)
{
	__u64 sent = 0;

	while ((sent < count || xsk->tx_done < count) && now_ms() < deadline) {
		while (sent < count && sent - xsk->tx_done < NUM_FRAMES / 2) {
			__u64 slot = NUM_FRAMES / 2 + sent % (NUM_FRAMES / 2);
			unsigned char *frame = xsk->umem + slot * xsk->chunk;

			memcpy(frame, dst, ETH_ALEN);
			memset(frame + ETH_ALEN, 0x02, ETH_ALEN);
			frame[12] = TEST_ETHERTYPE >> 8;
			frame[13] = TEST_ETHERTYPE & 0xff;
			memcpy(frame + 14, &sent, sizeof(sent));
			if (!tx_queue(xsk, slot * xsk->chunk, len))
				break;
			sent++;
		}
		kick(xsk);
		reap(xsk, false);
		usleep(1000);
	}
}

static void wait_rx(struct xsk *xsk, __u64 count, bool echo, long deadline)
{
	struct pollfd pfd = { .fd = xsk->fd, .events = POLLIN };

	while ((xsk->rx_frames < count || (echo && xsk->tx_done < count)) &&
	       now_ms() < deadline) {
		/* poll() wakes the driver's Rx when the socket asks for it */
		poll(&pfd, 1, 10);
		receive(xsk, echo);
		if (echo)
			reap(xsk, true);
	}
}

/* Until the test says so (an empty line on stdin), receive whatever
 * comes. On stdin, "map ID" puts the socket in another map (a new
 * program's), answered by "inserted"; "count" asks for "rx N", the
 * frames received so far.
 */
static void hold(struct xsk *xsk, __u32 queue, bool echo)
{
	struct pollfd pfd[2] = {
		{ .fd = xsk->fd, .events = POLLIN },
		{ .fd = 0, .events = POLLIN },
	};
	char line[64];

	for (;;) {
		poll(pfd, 2, 10);
		if (pfd[1].revents) {
			if (!fgets(line, sizeof(line), stdin))
				return;
			if (!strncmp(line, "map ", 4)) {
				map_insert(xsk, atoi(line + 4), queue);
				printf("inserted\n");
			} else if (!strncmp(line, "count", 5)) {
				printf("rx %llu\n",
				       (unsigned long long)xsk->rx_frames);
			} else {
				return;
			}
			fflush(stdout);
		}
		receive(xsk, echo);
		if (echo)
			reap(xsk, true);
	}
}

int main(int argc, char **argv)
{
	unsigned char dst[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	bool copy = false, keep = false, echo;
	struct xsk xsk = { .chunk = 4096 };
	__u32 len = 60;
	long deadline;
	__u64 count;
	int i;

	if (argc < 7) {
		fprintf(stderr, "usage: %s IFINDEX QUEUE MAP_ID rx|echo|tx ",
			argv[0]);
		fprintf(stderr, "COUNT TIMEOUT_MS [copy] [chunk=N] [len=N] ");
		fprintf(stderr, "[dst=MAC] [hold]\n");
		return 1;
	}
	for (i = 7; i < argc; i++) {
		if (!strcmp(argv[i], "copy"))
			copy = true;
		else if (!strcmp(argv[i], "hold"))
			keep = true;
		else if (!strncmp(argv[i], "chunk=", 6))
			xsk.chunk = atoi(argv[i] + 6);
		else if (!strncmp(argv[i], "len=", 4))
			len = atoi(argv[i] + 4);
		else if (!strncmp(argv[i], "dst=", 4))
			parse_mac(argv[i] + 4, dst);
	}
	echo = !strcmp(argv[4], "echo");
	count = strtoull(argv[5], NULL, 0);

	setup(&xsk, atoi(argv[1]), atoi(argv[2]), copy);
	fill(&xsk);
	map_insert(&xsk, atoi(argv[3]), atoi(argv[2]));
	printf("bound\n");
	fflush(stdout);

	deadline = now_ms() + atol(argv[6]);
	if (!strcmp(argv[4], "tx"))
		send_frames(&xsk, count, len, dst, deadline);
	else
		wait_rx(&xsk, count, echo, deadline);
	if (keep) {
		printf("done\n");
		fflush(stdout);
		hold(&xsk, atoi(argv[2]), echo);
	}

	printf("{\"rx\": %llu, \"rx_bytes\": %llu, \"rx_foreign\": %llu, ",
	       (unsigned long long)xsk.rx_frames,
	       (unsigned long long)xsk.rx_bytes,
	       (unsigned long long)xsk.rx_foreign);
	printf("\"tx\": %llu, \"tx_done\": %llu}\n",
	       (unsigned long long)xsk.tx_queued,
	       (unsigned long long)xsk.tx_done);
	return 0;
}
