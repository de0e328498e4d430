/* SPDX-License-Identifier: ISC */
/*
 * err.h - error helpers shared inside libike (err.c); the error codes
 * themselves are public, in ike.h.
 */
#ifndef SAKER_ERR_H
#define SAKER_ERR_H

#include <stdarg.h>
#include <stddef.h>

/* Formats a reason into buf when there is one with room (NULL is fine). */
void	ike_vwhy(char *buf, size_t len, const char *fmt, va_list ap);
/* Writes the formatted reason into err (if any room) and returns
 * IKE_EINVAL, so that parsers can `return ike_errf(...)`. */
int	ike_errf(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif /* SAKER_ERR_H */
