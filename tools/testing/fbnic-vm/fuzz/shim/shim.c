// SPDX-License-Identifier: GPL-2.0
/*
 * fbnic fuzz shim: run-time support behind the shim headers.
 *
 * Messages are formatted for real (so that an argument the format reads
 * out of bounds is caught) and shown only with FBNIC_FUZZ_VERBOSE set.
 * Warnings and calls into kernel code the harnesses do not model abort,
 * which libFuzzer reports as a crash with its input.
 */
#include <linux/dma-mapping.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "shim.h"

unsigned long jiffies = 1000000;	/* each input starts at this time */
unsigned long shim_alloc_fail_at;	/* 0: never; n: the nth allocation */
unsigned long shim_alloc_count;

/* Work is queued nowhere: the harnesses run the work they model */
struct workqueue_struct *system_wq;
struct workqueue_struct *system_dfl_wq;

static int shim_verbose = -1;

static bool shim_is_verbose(void)
{
	if (shim_verbose < 0)
		shim_verbose = !!getenv("FBNIC_FUZZ_VERBOSE");
	return shim_verbose;
}

void shim_printk(const char *fmt, ...)
{
	static char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (shim_is_verbose())
		fprintf(stderr, "printk: %s%s", buf,
			buf[0] && buf[strlen(buf) - 1] == '\n' ? "" : "\n");
}

void shim_print_hex(const char *prefix, const void *buf, size_t len)
{
	const volatile u8 *p = buf;
	unsigned int sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum += p[i];
	if (shim_is_verbose())
		fprintf(stderr, "printk: %s%zu bytes (sum %u)\n", prefix, len,
			sum);
}

void shim_warn(const char *file, int line, const char *cond)
{
	fprintf(stderr, "SHIM: WARNING at %s:%d: %s\n", file, line, cond);
	abort();
}

void shim_unreachable_call(const char *func)
{
	fprintf(stderr, "SHIM: %s() is not modelled for fuzzing\n", func);
	abort();
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("FUZZ: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

bool shim_alloc_should_fail(void)
{
	return ++shim_alloc_count == shim_alloc_fail_at;
}

/*
 * The IOMMU: mapping i owns bus addresses [(i + 1) << 24, (i + 2) << 24),
 * with the CPU address's offset in a page kept, so that page-aligned
 * buffers get page-aligned bus addresses. Bus addresses stay below 2^46,
 * what the device's descriptors can hold.
 */
#define SHIM_DMA_SHIFT	24
#define SHIM_DMA_MAX	4096

static struct {
	u8 *cpu;
	size_t size;
} shim_dma[SHIM_DMA_MAX];
static unsigned int shim_dma_live;

dma_addr_t shim_dma_map(void *cpu, size_t size)
{
	unsigned int i;

	if (shim_alloc_should_fail())
		return DMA_MAPPING_ERROR;
	if (size > (1UL << SHIM_DMA_SHIFT) - PAGE_SIZE)
		shim_warn(__FILE__, __LINE__, "DMA mapping too large for the shim");
	for (i = 0; i < SHIM_DMA_MAX; i++) {
		if (shim_dma[i].cpu)
			continue;
		shim_dma[i].cpu = cpu;
		shim_dma[i].size = size;
		shim_dma_live++;
		return ((dma_addr_t)(i + 1) << SHIM_DMA_SHIFT) +
		       ((uintptr_t)cpu & (PAGE_SIZE - 1));
	}
	shim_warn(__FILE__, __LINE__, "out of DMA mappings");
}

static int shim_dma_index(dma_addr_t addr)
{
	u64 i = (addr >> SHIM_DMA_SHIFT) - 1;

	if (addr < (1ULL << SHIM_DMA_SHIFT) || i >= SHIM_DMA_MAX ||
	    !shim_dma[i].cpu)
		return -1;
	return i;
}

void shim_dma_unmap(dma_addr_t addr, size_t size)
{
	int i = shim_dma_index(addr);

	if (i < 0 || addr != ((dma_addr_t)(i + 1) << SHIM_DMA_SHIFT) +
		     ((uintptr_t)shim_dma[i].cpu & (PAGE_SIZE - 1)) ||
	    size != shim_dma[i].size) {
		fprintf(stderr, "SHIM: unmap of %#llx+%zu, not a live mapping\n",
			addr, size);
		abort();
	}
	shim_dma[i].cpu = NULL;
	shim_dma_live--;
}

void *shim_dma_to_cpu(dma_addr_t addr, size_t len)
{
	int i = shim_dma_index(addr);
	u64 off;

	if (i < 0)
		return NULL;
	off = (addr & ((1ULL << SHIM_DMA_SHIFT) - 1)) -
	      ((uintptr_t)shim_dma[i].cpu & (PAGE_SIZE - 1));
	if (off > shim_dma[i].size || len > shim_dma[i].size - off)
		return NULL;
	return shim_dma[i].cpu + off;
}

unsigned int shim_dma_mappings(void)
{
	return shim_dma_live;
}

void shim_reset(void)
{
	jiffies = 1000000;
	shim_alloc_fail_at = 0;
	shim_alloc_count = 0;
}
