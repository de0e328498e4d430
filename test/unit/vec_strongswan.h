/* SPDX-License-Identifier: ISC */
/*
 * vec_strongswan.h - the keys.txt file of a captured strongSwan handshake
 * (test/vectors/strongswan/CASE/keys.txt), shared by the tests that
 * replay those captures: "name: hex" lines, "name: text" for the
 * proposals, '#' comments.  Failures abort the running check test.
 */
#ifndef VEC_STRONGSWAN_H
#define VEC_STRONGSWAN_H

#include <stddef.h>
#include <stdint.h>

#define VEC_MAX_KEYS	128

struct kv {
	char		 name[48];
	uint8_t		*val;		/* decoded hex, or NULL for text */
	size_t		 len;
	char		 text[160];
};

struct vec {
	char		 dir[600];
	struct kv	 kv[VEC_MAX_KEYS];
	size_t		 n;
};

/* A whole file, NUL-terminated; NULL if it cannot be read. */
uint8_t	*vec_read_file(const char *path, size_t *len);
/* Loads dir/keys.txt into *v; every value but a proposal must be hex. */
void	 vec_load(struct vec *v, const char *dir);
void	 vec_free(struct vec *v);
/* The entry named prefix + name, NULL if there is none. */
const struct kv *vec_get(const struct vec *v, const char *prefix,
	    const char *name);

#endif
