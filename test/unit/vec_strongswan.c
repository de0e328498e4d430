/* SPDX-License-Identifier: ISC */
/*
 * vec_strongswan.c - reads the keys.txt of a captured strongSwan
 * handshake for the tests that replay it (see vec_strongswan.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "vec_strongswan.h"

uint8_t *
vec_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1)) != NULL) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		} else {
			p[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return p;
}

static int
unhex(const char *s, uint8_t **out, size_t *len)
{
	size_t n = strlen(s), i;
	uint8_t *p;

	if (n % 2 != 0 || (p = malloc(n / 2 + 1)) == NULL)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1) {
			free(p);
			return -1;
		}
		p[i] = (uint8_t)v;
	}
	*out = p;
	*len = n / 2;
	return 0;
}

/* keys.txt: "name: hex" lines, "name: text" for proposals, # comments. */
void
vec_load(struct vec *v, const char *dir)
{
	char path[700], *txt, *line, *save = NULL;
	size_t len;

	memset(v, 0, sizeof(*v));
	snprintf(v->dir, sizeof(v->dir), "%s", dir);
	snprintf(path, sizeof(path), "%s/keys.txt", dir);
	txt = (char *)vec_read_file(path, &len);
	ck_assert_msg(txt != NULL, "cannot read %s", path);
	for (line = strtok_r(txt, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		struct kv *e;

		if (line[0] == '#' || colon == NULL)
			continue;
		ck_assert_uint_lt(v->n, VEC_MAX_KEYS);
		e = &v->kv[v->n++];
		*colon = '\0';
		snprintf(e->name, sizeof(e->name), "%s", line);
		colon++;
		while (*colon == ' ')
			colon++;
		snprintf(e->text, sizeof(e->text), "%s", colon);
		if (strstr(e->name, "proposal") == NULL)
			ck_assert_msg(unhex(colon, &e->val, &e->len) == 0,
			    "%s: %s is not hex", path, e->name);
	}
	free(txt);
}

void
vec_free(struct vec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->kv[i].val);
}

const struct kv *
vec_get(const struct vec *v, const char *prefix, const char *name)
{
	char full[64];
	size_t i;

	snprintf(full, sizeof(full), "%s%s", prefix, name);
	for (i = 0; i < v->n; i++)
		if (strcmp(v->kv[i].name, full) == 0)
			return &v->kv[i];
	return NULL;
}

