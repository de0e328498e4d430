/* SPDX-License-Identifier: ISC */
/*
 * fuzz_sk_decrypt.c - libFuzzer harness for Encrypted payload
 * decryption.  Every SK algorithm gets fixed keys; the first input octet
 * is the length of the associated data (the IKE header and SK generic
 * header, cut to what the input holds), the rest is the SK payload body.
 * Each input is tried under every algorithm.  Whatever decrypts must fit
 * in the body, and must encrypt and decrypt again to itself.
 *
 * Built with -DFUZZ_SK_SEEDS instead of libFuzzer, main() writes the seed
 * corpus (one valid message per algorithm) into the directory given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cry.h"
#include "iana.h"

struct sk_alg {
	uint16_t	 encr, keybits, integ;
	const char	*name;
};

static const struct sk_alg algs[] = {
	{ IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE, "aes128gcm16" },
	{ IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE, "aes256gcm16" },
	{ IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_NONE, "chacha20poly1305" },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128, "aes128-sha256" },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_384_192, "aes256-sha384" },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_512_256, "aes256-sha512" },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, "aes128-sha1" },
};
#define N_ALGS	(sizeof(algs) / sizeof(algs[0]))

static struct cry_sk *sks[N_ALGS];

static int
count_rng(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *c = ctx;
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (*c)++;
	return IKE_OK;
}

static void
setup(void)
{
	uint8_t ekey[64], akey[64];
	size_t i, j, el, il;

	for (i = 0; i < N_ALGS; i++) {
		if (cry_encr_keylen(algs[i].encr, algs[i].keybits, &el) < 0 ||
		    cry_integ_keylen(algs[i].integ, &il) < 0)
			abort();
		for (j = 0; j < el; j++)
			ekey[j] = (uint8_t)(i * 31 + j * 7 + 1);
		for (j = 0; j < il; j++)
			akey[j] = (uint8_t)(i * 17 + j * 13 + 5);
		if (cry_sk_new(algs[i].encr, algs[i].keybits, algs[i].integ,
		    (struct ike_bytes){ ekey, el }, (struct ike_bytes){ akey, il },
		    &sks[i]) < 0)
			abort();
	}
}

#ifndef FUZZ_SK_SEEDS

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[70000], again[70000], back[70000];
	struct ike_bytes aad, body;
	size_t i, alen, plen, plen2, n;
	uint8_t ctr = 0;

	if (sks[0] == NULL)
		setup();
	if (size < 1)
		return 0;
	alen = data[0];
	if (alen > size - 1)
		alen = size - 1;
	aad = (struct ike_bytes){ data + 1, alen };
	body = (struct ike_bytes){ data + 1 + alen, size - 1 - alen };
	if (body.len > sizeof(out))
		return 0;

	for (i = 0; i < N_ALGS; i++) {
		if (cry_sk_decrypt(sks[i], aad, body, out, sizeof(out), &plen) < 0)
			continue;
		if (plen >= body.len)
			abort();
		n = cry_sk_enc_len(sks[i], plen);
		if (n > sizeof(again) ||
		    cry_sk_encrypt(sks[i], aad, (struct ike_bytes){ out, plen },
		    count_rng, &ctr, again, n) < 0 ||
		    cry_sk_decrypt(sks[i], aad, (struct ike_bytes){ again, n },
		    back, sizeof(back), &plen2) < 0 ||
		    plen2 != plen || memcmp(out, back, plen) != 0)
			abort();
	}
	return 0;
}

#else

int
main(int argc, char **argv)
{
	/* An IKE_AUTH request: IKE header then SK header, lengths final;
	 * inside an IDi and an AUTH payload. */
	static const uint8_t inner[] = {
		0x27, 0, 0, 0x12, IKE_ID_FQDN, 0, 0, 0,
		'h', 'q', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		0, 0, 0, 0x0c, 2, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef,
	};
	uint8_t msg[512], ctr = 0x40;
	size_t i, n, total;
	char path[4096];
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	setup();
	for (i = 0; i < N_ALGS; i++) {
		n = cry_sk_enc_len(sks[i], sizeof(inner));
		total = IKE_HDR_LEN + 4 + n;
		msg[0] = IKE_HDR_LEN + 4;
		memset(msg + 1, 0, IKE_HDR_LEN + 4);
		memset(msg + 1, 0x11, 8);		/* SPIi */
		memset(msg + 9, 0x22, 8);		/* SPIr */
		msg[1 + 16] = IKE_PL_SK;
		msg[1 + 17] = IKE_VERSION_2;
		msg[1 + 18] = IKE_X_IKE_AUTH;
		msg[1 + 19] = IKE_FLAG_INITIATOR;
		msg[1 + 23] = 1;			/* message ID */
		msg[1 + 26] = (uint8_t)(total >> 8);
		msg[1 + 27] = (uint8_t)total;
		msg[1 + 28] = IKE_PL_IDI;
		msg[1 + 30] = (uint8_t)((4 + n) >> 8);
		msg[1 + 31] = (uint8_t)(4 + n);
		if (cry_sk_encrypt(sks[i], (struct ike_bytes){ msg + 1, IKE_HDR_LEN + 4 },
		    (struct ike_bytes){ inner, sizeof(inner) }, count_rng, &ctr,
		    msg + 1 + IKE_HDR_LEN + 4, n) < 0)
			return 1;
		snprintf(path, sizeof(path), "%s/%s", argv[1], algs[i].name);
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(msg, 1, 1 + total, f) != 1 + total || fclose(f) != 0) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

#endif
