/* SPDX-License-Identifier: ISC */
/*
 * pld.h - the payload bodies of RFC 7296 section 3 (and SKF of RFC 7383)
 * as plain structs, with one parser and one builder for each.
 *
 * A parser takes the payload body (the bytes after the 4-byte generic
 * payload header, as msg_parse() hands them out) and fills a plain struct
 * whose byte fields are views into that body: nothing is copied, nothing
 * is allocated, and the views are valid as long as the datagram is.  On
 * error the output is cleared and a negative ike_err comes back:
 * IKE_ESHORT (ran out of bytes), IKE_EMALFORMED (a length, count, flag or
 * value the RFC forbids), IKE_ETRAILING (bytes after the last
 * substructure), IKE_EUNSUPPORTED (more entries than the fixed arrays
 * below hold; such a payload cannot be handled, it is not malformed).
 *
 * A builder writes the body only (msg_pl_begin()/msg_pl_end() in msg.h
 * write the generic header around it) and returns the writer's sticky
 * error, or IKE_EINVAL for a struct that cannot be encoded.
 *
 * Reserved fields: RFC 7296 says of every RESERVED field and bit in the
 * payloads (3.2 generic header, 3.3.1 proposal, 3.3.2 transform, 3.4 KE,
 * 3.5 ID, 3.8 AUTH, 3.13 TS, 3.15 CP, 3.15.1 the R bit of a CP attribute)
 * "MUST be sent as zero; MUST be ignored on receipt".  Builders write
 * zero; parsers ignore them, as the RFC demands, so IKE_ERESERVED is never
 * returned for a payload.  What the RFC does constrain on receipt is
 * checked strictly: the Last Substruc values and their agreement with the
 * lengths, proposal numbering, transform counts, SPI sizes per protocol,
 * attribute formats, nonce sizes, address sizes, TS lengths, EAP length.
 */
#ifndef SAKER_PLD_H
#define SAKER_PLD_H

#include <stddef.h>
#include <stdint.h>

#include "ike.h"
#include "cfg.h"
#include "wire.h"

/* ------------------------------------------------------------------- SA */
/*
 * RFC 7296 3.3: an SA payload is a list of proposals, each a list of
 * transforms, each with attributes.
 *
 *  Proposal:  Last Substruc(1) RESERVED(1) Proposal Length(2)
 *             Proposal Num(1) Protocol ID(1) SPI Size(1) Num Transforms(1)
 *             SPI(SPI Size) Transforms...
 *  Transform: Last Substruc(1) RESERVED(1) Transform Length(2)
 *             Transform Type(1) RESERVED(1) Transform ID(2) Attributes...
 *  Attribute: A|Attribute Type(15) then Value(2) if A=1 (TV)
 *             or Length(2) Value(Length) if A=0 (TLV)
 *
 * Transforms of all proposals live in one pool (sa_xf); a proposal names
 * its slice by first_xf/n_xf.
 */
#define PLD_SA_MAX_PROPS	64
#define PLD_SA_MAX_XF		256	/* over all proposals */

struct pld_xform {
	struct ike_xform xf;		/* type, id, KEY_LENGTH (0: none) */
	uint8_t		 n_unknown;	/* attributes other than KEY_LENGTH;
					 * RFC 7296 3.3.6: reject the proposal */
	struct ike_bytes attrs;		/* all attributes, raw.  Builder: written
					 * verbatim when non-empty (keylen is
					 * then ignored) */
};

struct pld_prop {
	uint8_t		 num;		/* Proposal Num */
	uint8_t		 proto;		/* IKE_PROTO_* */
	struct ike_bytes spi;		/* 0 or 8 bytes for IKE, 4 for AH/ESP */
	uint16_t	 first_xf, n_xf;	/* slice of pld_sa.xf */
};

struct pld_sa {
	struct pld_prop	 prop[PLD_SA_MAX_PROPS];
	size_t		 n_prop;
	struct pld_xform xf[PLD_SA_MAX_XF];
	size_t		 n_xf;
};

/* One transform attribute. */
struct pld_xattr {
	uint16_t	 type;		/* without the AF bit */
	int		 tv;		/* 1: TV format, value in tv_value */
	uint16_t	 tv_value;
	struct ike_bytes value;		/* TLV value (empty for TV) */
};

/*
 * Checks (RFC 7296 3.3.1, 3.3.2): at least one proposal; Last Substruc 2
 * on all proposals but the last, 0 on the last (3/0 for transforms); each
 * length fits its parent exactly; more than one proposal are numbered 1,
 * 2, 3...; a single proposal (a response) has a non-zero number; SPI size
 * 0 or 8 for IKE and 4 for AH/ESP; Num Transforms equals the transforms
 * present and is not 0; attributes well-formed; KEY_LENGTH is TV and
 * appears at most once.
 */
int	pld_sa_parse(struct ike_bytes body, struct pld_sa *out);
int	pld_sa_build(struct wire_w *, const struct pld_sa *);
/* Appends a proposal with n transforms (copied) to sa, for building.
 * IKE_ENOSPC when the arrays are full, IKE_EINVAL for a bad SPI size. */
int	pld_sa_add(struct pld_sa *, uint8_t num, uint8_t proto,
	    struct ike_bytes spi, const struct ike_xform *xf, size_t n);
/* The transforms of proposal i. */
const struct pld_xform *pld_sa_xforms(const struct pld_sa *, size_t i, size_t *n);
/* Iterates over raw attribute bytes (pld_xform.attrs): 1 and *out when an
 * attribute was read, 0 at the end, a negative ike_err when malformed. */
int	pld_xattr_next(struct wire_r *, struct pld_xattr *out);

/* ------------------------------------------------------------------- KE */
/* RFC 7296 3.4: DH Group Num(2) RESERVED(2) Key Exchange Data. */
struct pld_ke {
	uint16_t	 group;
	struct ike_bytes data;
};
int	pld_ke_parse(struct ike_bytes body, struct pld_ke *out);	/* data non-empty */
int	pld_ke_build(struct wire_w *, const struct pld_ke *);

/* -------------------------------------------------------------- IDi/IDr */
/* RFC 7296 3.5: ID Type(1) RESERVED(3) Identification Data.  The bytes the
 * AUTH payload signs (RestOfInitIDPayload) are the whole body, which
 * msg_pl.body gives. */
struct pld_id {
	uint8_t		 type;		/* IKE_ID_* */
	struct ike_bytes data;
};
/* Checks: data non-empty except for ID_NULL; IPv4 4 bytes, IPv6 16. */
int	pld_id_parse(struct ike_bytes body, struct pld_id *out);
int	pld_id_build(struct wire_w *, const struct pld_id *);
/* Copies a parsed ID into an owned struct ike_id; IKE_ENOMEM. */
int	pld_id_to_ike(const struct pld_id *, struct ike_id *out);
/* A view of an owned ID, for building. */
struct pld_id pld_id_from_ike(const struct ike_id *);

/* ------------------------------------------------------ CERT and CERTREQ */
/* RFC 7296 3.6, 3.7: Cert Encoding(1) then the data (CERTREQ: the
 * Certification Authority field, concatenated SHA-1 hashes of CA keys). */
struct pld_cert {
	uint8_t		 enc;		/* IKE_CERT_* */
	struct ike_bytes data;
};
int	pld_cert_parse(struct ike_bytes body, struct pld_cert *out);
int	pld_cert_build(struct wire_w *, const struct pld_cert *);
int	pld_certreq_parse(struct ike_bytes body, struct pld_cert *out);
int	pld_certreq_build(struct wire_w *, const struct pld_cert *);

/* ----------------------------------------------------------------- AUTH */
/* RFC 7296 3.8: Auth Method(1) RESERVED(3) Authentication Data. */
struct pld_auth {
	uint8_t		 method;	/* IKE_AUTH_* */
	struct ike_bytes data;
};
int	pld_auth_parse(struct ike_bytes body, struct pld_auth *out);	/* data non-empty */
int	pld_auth_build(struct wire_w *, const struct pld_auth *);

/* ---------------------------------------------------------------- Ni/Nr */
/* RFC 7296 3.9: Nonce Data, 16 to 256 octets. */
#define PLD_NONCE_MIN	16
#define PLD_NONCE_MAX	256
struct pld_nonce {
	struct ike_bytes data;
};
int	pld_nonce_parse(struct ike_bytes body, struct pld_nonce *out);
int	pld_nonce_build(struct wire_w *, const struct pld_nonce *);

/* ------------------------------------------------------------------- N */
/* RFC 7296 3.10: Protocol ID(1) SPI Size(1) Notify Message Type(2)
 * SPI(SPI Size) Notification Data.  The protocol is ignored when the SPI
 * is empty (RFC); the SPI size is taken as sent (0 for the IKE SA, 4 for
 * AH/ESP, other sizes are left to the handler of the type). */
struct pld_notify {
	uint8_t		 proto;
	uint16_t	 type;		/* IKE_N_* */
	struct ike_bytes spi;
	struct ike_bytes data;
};
int	pld_notify_parse(struct ike_bytes body, struct pld_notify *out);
int	pld_notify_build(struct wire_w *, const struct pld_notify *);
/* 1 for error types (below 16384, RFC 7296 3.10.1). */
int	pld_notify_is_error(uint16_t type);

/* ------------------------------------------------------------------- D */
/* RFC 7296 3.11: Protocol ID(1) SPI Size(1) Num of SPIs(2) SPIs.
 * Checks: IKE has SPI size 0 and no SPIs; AH/ESP have SPI size 4; the SPI
 * bytes are exactly size * count. */
struct pld_delete {
	uint8_t		 proto;
	uint8_t		 spi_size;
	uint16_t	 n_spi;
	struct ike_bytes spis;		/* n_spi * spi_size bytes */
};
int	pld_delete_parse(struct ike_bytes body, struct pld_delete *out);
int	pld_delete_build(struct wire_w *, const struct pld_delete *);
/* The i-th 4-byte SPI (host order); 0 if out of range. */
uint32_t pld_delete_spi32(const struct pld_delete *, size_t i);

/* ------------------------------------------------------------------- V */
/* RFC 7296 3.12: Vendor ID, any non-empty bytes. */
struct pld_vendor {
	struct ike_bytes id;
};
int	pld_vendor_parse(struct ike_bytes body, struct pld_vendor *out);
int	pld_vendor_build(struct wire_w *, const struct pld_vendor *);

/* ------------------------------------------------------------- TSi/TSr */
/*
 * RFC 7296 3.13: Number of TSs(1) RESERVED(3) then selectors:
 * TS Type(1) IP Protocol ID(1) Selector Length(2) Start Port(2)
 * End Port(2) Starting Address End Address.  IPv4 selectors are 16
 * bytes long, IPv6 ones 40.  Selectors of other types (TS_FC_ADDR_RANGE,
 * labels) are skipped and counted in n_other, so the handler can refuse
 * them; their length must still be sane.  The count must match.
 */
#define PLD_TS_MAX	32
struct pld_ts {
	struct ike_ts	 ts[PLD_TS_MAX];
	size_t		 n;
	size_t		 n_other;	/* selectors of unknown type, skipped */
};
int	pld_ts_parse(struct ike_bytes body, struct pld_ts *out);
int	pld_ts_build(struct wire_w *, const struct pld_ts *);	/* n >= 1 */

/* ------------------------------------------------------------- SK, SKF */
/*
 * RFC 7296 3.14: the SK body is IV | ciphertext | ICV, opaque here; the
 * generic header's Next Payload names the first inner payload, which
 * msg_parse() reports.  RFC 7383 2.5: SKF adds Fragment Number(2) and
 * Total Fragments(2) before the IV; 1 <= number <= total.
 */
struct pld_skf {
	uint16_t	 num, total;
	struct ike_bytes data;		/* IV | ciphertext | ICV */
};
int	pld_skf_parse(struct ike_bytes body, struct pld_skf *out);
int	pld_skf_build_hdr(struct wire_w *, uint16_t num, uint16_t total);

/* ------------------------------------------------------------------- CP */
/*
 * RFC 7296 3.15: CFG Type(1) RESERVED(3) then attributes:
 * R|Attribute Type(15) Length(2) Value.  The lengths of the attributes
 * RFC 7296 3.15.1 defines are checked (e.g. INTERNAL_IP4_ADDRESS 0 or 4,
 * INTERNAL_IP6_ADDRESS 0 or 17, SUPPORTED_ATTRIBUTES a multiple of 2).
 */
#define PLD_CP_MAX	64
struct pld_cp_attr {
	uint16_t	 type;		/* IKE_CA_*, without the R bit */
	struct ike_bytes value;
};
struct pld_cp {
	uint8_t		 type;		/* IKE_CFG_* */
	struct pld_cp_attr attr[PLD_CP_MAX];
	size_t		 n;
};
int	pld_cp_parse(struct ike_bytes body, struct pld_cp *out);
int	pld_cp_build(struct wire_w *, const struct pld_cp *);

/* ------------------------------------------------------------------ EAP */
/* RFC 7296 3.16: an EAP message (RFC 3748): Code(1) Identifier(1)
 * Length(2) [Type(1) for Request/Response] Data.  Length must equal the
 * body length. */
struct pld_eap {
	uint8_t		 code, id;
	uint8_t		 type;		/* 0 for Success/Failure */
	struct ike_bytes msg;		/* the whole EAP message */
};
int	pld_eap_parse(struct ike_bytes body, struct pld_eap *out);
int	pld_eap_build(struct wire_w *, const struct pld_eap *);	/* writes msg */

#endif /* SAKER_PLD_H */
