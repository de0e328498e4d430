/* SPDX-License-Identifier: ISC */
/*
 * cfg_int.h - helpers shared by the config model's parsers (cfg.c,
 * cfg_addr.c); not part of libike's interface.
 */
#ifndef SAKER_CFG_INT_H
#define SAKER_CFG_INT_H

#include <stddef.h>

/* Writes the formatted reason into err (if any room) and returns
 * IKE_EINVAL, so that parsers can `return cfg_errf(...)`. */
int	cfg_errf(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif /* SAKER_CFG_INT_H */
