/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: IS_ENABLED() as the kernel's build has it, included
 * ahead of every source as the kernel's is. No CONFIG_ symbol is set
 * here, so every option reads as disabled.
 */
#ifndef _SHIM_LINUX_KCONFIG_H
#define _SHIM_LINUX_KCONFIG_H

/*
 * A symbol set to 1 pastes into "__shim_on_1", which expands to "0,":
 * the extra argument shifts 1 into the second slot. Anything else
 * pastes into an unknown name, and the second slot holds the 0.
 */
#define __shim_on_1 0,
#define __shim_second(first, second, ...) second
#define __shim_pick(maybe_comma) __shim_second(maybe_comma 1, 0)
#define __shim_paste(val) __shim_pick(__shim_on_##val)
#define __shim_defined(sym) __shim_paste(sym)

#define IS_ENABLED(sym) (__shim_defined(sym) || __shim_defined(sym##_MODULE))

#endif
