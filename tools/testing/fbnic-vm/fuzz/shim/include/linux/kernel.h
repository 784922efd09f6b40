/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: the core of the kernel API as a userspace header.
 * Everything the driver takes for granted from <linux/kernel.h> and the
 * small headers around it (compiler, minmax, math, bug, printk, err) is
 * here; the other shim headers include this one.
 *
 * Semantics follow the kernel where a bug could hide: WARN_ON() and BUG()
 * abort (a warning the device can trigger is a finding), messages are
 * really formatted (a bad %s argument is read), integer helpers keep the
 * kernel's types.
 */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/byteorder.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>

/* Compiler */
#define READ_ONCE(x) (*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile typeof(x) *)&(x) = (val))
#define barrier() __asm__ __volatile__("" ::: "memory")
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() smp_mb()
#define smp_wmb() smp_mb()
#define dma_rmb() smp_mb()
#define dma_wmb() smp_mb()
#define smp_store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_processor_id() 0
#define unreachable() __builtin_unreachable()
#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define sizeof_field(t, m) sizeof(((t *)0)->m)

/* minmax: like the kernel's, each argument evaluated once */
#define min(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a > _b ? _a : _b; })
#define min_t(t, a, b) ({ t _a = (a); t _b = (b); _a < _b ? _a : _b; })
#define max_t(t, a, b) ({ t _a = (a); t _b = (b); _a > _b ? _a : _b; })
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define clamp_t(t, v, lo, hi) min_t(t, max_t(t, v, lo), hi)
#define swap(a, b) do { typeof(a) _t = (a); (a) = (b); (b) = _t; } while (0)

/* math */
#define ALIGN(x, a) (((x) + ((typeof(x))(a) - 1)) & ~((typeof(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((typeof(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((typeof(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define round_up(x, y) ALIGN(x, y)
#define upper_32_bits(n) ((u32)(((u64)(n)) >> 32))
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define ilog2(n) ((int)(63 - __builtin_clzll((u64)(n))))
#define roundup_pow_of_two(n) \
	((n) <= 1 ? 1UL : 1UL << (64 - __builtin_clzll((u64)(n) - 1)))
#define is_power_of_2(n) ((n) != 0 && (((n) & ((n) - 1)) == 0))
#define array_size(a, b) ((size_t)(a) * (size_t)(b))

/* The kernel's definition: @index is the sign bit, 0..63 */
static inline s64 sign_extend64(u64 value, int index)
{
	u8 shift = 63 - index;

	return (s64)(value << shift) >> shift;
}

static inline s32 sign_extend32(u32 value, int index)
{
	u8 shift = 31 - index;

	return (s32)(value << shift) >> shift;
}

/* err.h */
#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE(ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE(ptr);
}

/* Run-time support, in shim.c */
void shim_printk(const char *fmt, ...) __printf(1, 2);
void shim_print_hex(const char *prefix, const void *buf, size_t len);
void shim_warn(const char *file, int line, const char *cond)
	__attribute__((noreturn));
void shim_unreachable_call(const char *func) __attribute__((noreturn));

/* bug.h: a warning the fuzzer reaches is reported as a crash */
#define WARN_ON(cond) ({ bool _c = !!(cond); \
	if (unlikely(_c)) shim_warn(__FILE__, __LINE__, #cond); _c; })
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define WARN(cond, fmt...) WARN_ON(cond)
#define WARN_ONCE(cond, fmt...) WARN_ON(cond)
#define BUG() shim_warn(__FILE__, __LINE__, "BUG")
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)
#define might_sleep() do { } while (0)

/* printk.h */
#define KERN_ERR ""
#define KERN_WARNING ""
#define KERN_INFO ""
#define KERN_DEBUG ""
#define printk(fmt...) shim_printk(fmt)
#define pr_err(fmt...) shim_printk(fmt)
#define pr_warn(fmt...) shim_printk(fmt)
#define pr_info(fmt...) shim_printk(fmt)
#define pr_debug(fmt...) shim_printk(fmt)
#define pr_err_ratelimited(fmt...) shim_printk(fmt)
#define pr_warn_ratelimited(fmt...) shim_printk(fmt)
#define net_warn_ratelimited(fmt...) shim_printk(fmt)
#define net_dbg_ratelimited(fmt...) shim_printk(fmt)

enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };
/* Reads every byte it is asked to show, as the kernel's does */
#define print_hex_dump(level, prefix, type, rowsize, groupsize, buf, len, \
		       ascii) shim_print_hex(prefix, buf, len)

/* device printk: the device is not dereferenced */
struct device;
#define dev_err(dev, fmt...) ((void)(dev), shim_printk(fmt))
#define dev_warn(dev, fmt...) ((void)(dev), shim_printk(fmt))
#define dev_info(dev, fmt...) ((void)(dev), shim_printk(fmt))
#define dev_dbg(dev, fmt...) ((void)(dev), shim_printk(fmt))
#define dev_err_ratelimited(dev, fmt...) dev_err(dev, fmt)
#define dev_warn_ratelimited(dev, fmt...) dev_warn(dev, fmt)
#define dev_info_ratelimited(dev, fmt...) dev_info(dev, fmt)
#define dev_dbg_ratelimited(dev, fmt...) dev_dbg(dev, fmt)
#define dev_err_once(dev, fmt...) dev_err(dev, fmt)
#define dev_warn_once(dev, fmt...) dev_warn(dev, fmt)

/* Shim locks (spinlock.h, mutex.h) know whether they are held */
#define lockdep_assert_held(l) do { if (!(l)->held) \
	shim_warn(__FILE__, __LINE__, "lock not held: " #l); } while (0)

#endif
