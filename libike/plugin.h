/* SPDX-License-Identifier: ISC */
/*
 * plugin.h - the interfaces between libike and the outside world.
 *
 * Kernel operations are plain data (struct kx_op) handed to one function of
 * the kernel plugin, so that a privileged helper process could carry them
 * later without libike noticing.  Implementations: plugins/kernel-xfrm
 * (netlink XFRM over libmnl) and plugins/kernel-mem (in memory, for tests
 * and benchmarks).  A plugin sees only ike.h and plugin.h.
 */
#ifndef SAKER_PLUGIN_H
#define SAKER_PLUGIN_H

#include "ike.h"

/* A traffic selector as the kernel sees it: one address range is widened
 * to the covering prefix by the kernel plugin where needed. */
struct kx_sel {
	uint8_t		family;		/* IKE_AF_INET or IKE_AF_INET6 */
	uint8_t		proto;		/* IP protocol, 0 = any */
	uint8_t		src[16], dst[16];
	uint8_t		src_plen, dst_plen;
	uint16_t	sport, dport;	/* host order, 0 = any */
};

enum kx_mode { KX_MODE_TRANSPORT = 0, KX_MODE_TUNNEL = 1 };
enum kx_dir { KX_DIR_IN = 0, KX_DIR_OUT = 1, KX_DIR_FWD = 2 };

/* One SA's algorithms by kernel name, e.g. "rfc4106(gcm(aes))" with an
 * ICV of 128 bits, or "cbc(aes)" with "hmac(sha256)" truncated to 128. */
struct kx_alg {
	char		 aead[48];	/* empty unless AEAD */
	char		 encr[48];
	char		 integ[48];
	uint16_t	 icv_bits;	/* AEAD ICV length */
	uint16_t	 trunc_bits;	/* integrity truncation */
	struct ike_bytes enc_key;	/* includes the salt for AEAD */
	struct ike_bytes int_key;
};

struct kx_sa {
	struct ike_addr	 src, dst;	/* outer addresses (ports for encap) */
	uint32_t	 spi;		/* host order */
	uint8_t		 proto;		/* IKE_PROTO_ESP */
	enum kx_mode	 mode;
	uint32_t	 reqid;
	uint32_t	 replay_window;
	int		 esn;
	int		 encap;		/* UDP encapsulation (NAT-T) */
	struct kx_sel	 sel;		/* transport mode selector, may be empty */
	struct kx_alg	 alg;
	uint64_t	 soft_bytes, hard_bytes, soft_packets, hard_packets;
	uint64_t	 soft_secs, hard_secs;	/* 0 = none */
};

struct kx_policy {
	struct kx_sel	 sel;
	enum kx_dir	 dir;
	enum kx_mode	 mode;
	struct ike_addr	 tmpl_src, tmpl_dst;	/* tunnel endpoints */
	uint32_t	 reqid;
	uint32_t	 priority;
	uint8_t		 proto;		/* IKE_PROTO_ESP */
};

struct kx_stats {
	uint64_t	 bytes, packets;
	uint64_t	 add_time, use_time;	/* seconds since the epoch */
};

enum kx_op_type {
	KX_ALLOC_SPI,		/* in: src,dst,proto,reqid  out: spi */
	KX_ADD_SA,		/* in: sa */
	KX_UPDATE_SA,		/* in: sa (addresses/encap change) */
	KX_DEL_SA,		/* in: sa.dst, sa.spi, sa.proto */
	KX_QUERY_SA,		/* in: sa.dst, sa.spi, sa.proto  out: stats */
	KX_ADD_POLICY,		/* in: pol */
	KX_DEL_POLICY,		/* in: pol.sel, pol.dir */
	KX_FLUSH_OWNED,		/* remove everything in saker's reqid range */
	KX_ADD_VIP,		/* in: vip.addr, vip.plen, vip.local */
	KX_DEL_VIP,		/* in: vip.addr, vip.plen, vip.local */
	KX_ADD_ROUTE,		/* in: vip (all fields) */
	KX_DEL_ROUTE,		/* in: vip (all fields) */
	KX_LOCAL_ADDR,		/* in: vip.peer  out: vip.local, the address
				 * the kernel would send to the peer from */
};

/*
 * A virtual IP a client was given, and the routes that make the host
 * send from it.  The address goes on the interface holding the IKE SA's
 * local address, or on the loopback when none does.  A route sends
 * traffic for dst/dst_plen where the route to the IKE peer goes, with
 * the virtual IP as its preferred source, in saker's own routing table
 * (KX_ROUTE_TABLE, looked up by a rule the plugin adds with the first
 * route and removes with the last).
 */
struct kx_vip {
	struct ike_addr	 addr;		/* the virtual IP */
	uint8_t		 plen;		/* on the interface: 32 or 128 */
	struct ike_addr	 local;		/* the IKE SA's local address */
	struct ike_addr	 peer;		/* ROUTE: the IKE peer's address */
	uint8_t		 dst[16];	/* ROUTE: destination prefix */
	uint8_t		 dst_plen;
};
#define KX_ROUTE_TABLE	220		/* as strongSwan, so admins know it */

struct kx_op {
	enum kx_op_type	 type;
	struct kx_sa	 sa;
	struct kx_policy pol;
	struct kx_stats	 stats;		/* out, for KX_QUERY_SA */
	uint32_t	 spi_min, spi_max;	/* for KX_ALLOC_SPI, 0 = any */
	/*
	 * KX_UPDATE_SA when the outer addresses change (MOBIKE, a NAT
	 * mapping moved): where the SA is now.  family 0 = sa.src/sa.dst
	 * are unchanged, and only encapsulation ports and lifetimes move.
	 */
	struct ike_addr	 old_src, old_dst;
	struct kx_vip	 vip;		/* KX_*_VIP, KX_*_ROUTE */
};

/*
 * saker owns reqids in [KX_REQID_BASE, KX_REQID_BASE + KX_REQID_SPAN) and
 * installs policies at KX_PRIO_BASE; that is how leftovers of a crashed
 * instance are found again.
 */
#define KX_REQID_BASE	0x5a4b0000u
#define KX_REQID_SPAN	0x00010000u
#define KX_PRIO_BASE	0x2000u
/* saker's policies lie in [KX_PRIO_BASE, KX_PRIO_BASE + KX_PRIO_SPAN) and
 * always carry one template; a policy is ours only when that template's
 * reqid is in saker's range (a policy without a template never is). */
#define KX_PRIO_SPAN	0x1000u
#define KX_REQID_OURS(r) ((uint32_t)((r) - KX_REQID_BASE) < KX_REQID_SPAN)

/* Events the kernel sends up (XFRM_MSG_ACQUIRE, _EXPIRE, _MAPPING). */
enum kx_event_type { KX_EV_ACQUIRE, KX_EV_EXPIRE_SOFT, KX_EV_EXPIRE_HARD, KX_EV_MAPPING };
struct kx_event {
	enum kx_event_type type;
	uint32_t	 reqid;
	uint32_t	 spi;
	uint8_t		 proto;
	struct ike_addr	 dst;
	struct kx_sel	 sel;		/* ACQUIRE: the packet's selector */
	struct ike_addr	 new_src;	/* MAPPING: new outer source */
	/* ACQUIRE: template source; EXPIRE: the SA's source;
	 * MAPPING: the old outer source (address and port). */
	struct ike_addr	 src;
};

/* The kernel plugin: one function does every operation. */
struct ike_kernel {
	const char	*name;
	/* Performs op, filling its out fields; 0 or a negative ike_err. */
	int		(*op)(void *ctx, struct kx_op *op);
};

/* ---- credentials ---------------------------------------------------------
 *
 * Certificates and private keys live in the creds plugin (plugins/creds,
 * X.509 over GnuTLS); libike sees DER bytes, key handles and signature
 * schemes, never a certificate structure or a private key.  Every call
 * is synchronous and pure with respect to the engine: inputs in, outputs
 * out, so that it can become a job later.
 */

/* The kind of our private key, which decides the AUTH methods we can use. */
enum ike_key_type {
	IKE_KEY_NONE,
	IKE_KEY_RSA,
	IKE_KEY_ECDSA_P256,
	IKE_KEY_ECDSA_P384,
	IKE_KEY_ECDSA_P521,
	IKE_KEY_ED25519,
};

/*
 * A signature scheme (the hash, the padding and the encoding of the
 * signature value).  RSA-PSS uses MGF1 with the same hash and a salt as
 * long as the hash (RFC 8017, as RFC 7427 peers send it).  The ECDSA
 * schemes give the DER Ecdsa-Sig-Value that RFC 7427 method 14 carries;
 * the _RAW ones give r | s, each as long as the curve's order (RFC 4754,
 * AUTH methods 9, 10, 11).
 */
enum ike_sig_scheme {
	IKE_SIG_NONE,
	IKE_SIG_RSA_PKCS1_SHA1,		/* AUTH method 1 */
	IKE_SIG_RSA_PKCS1_SHA256,
	IKE_SIG_RSA_PKCS1_SHA384,
	IKE_SIG_RSA_PKCS1_SHA512,
	IKE_SIG_RSA_PSS_SHA256,
	IKE_SIG_RSA_PSS_SHA384,
	IKE_SIG_RSA_PSS_SHA512,
	IKE_SIG_ECDSA_SHA256,
	IKE_SIG_ECDSA_SHA384,
	IKE_SIG_ECDSA_SHA512,
	IKE_SIG_ECDSA_SHA256_RAW,	/* AUTH method 9, P-256 */
	IKE_SIG_ECDSA_SHA384_RAW,	/* AUTH method 10, P-384 */
	IKE_SIG_ECDSA_SHA512_RAW,	/* AUTH method 11, P-521 */
	IKE_SIG_ED25519,		/* RFC 8420, identity hash */
	IKE_SIG_COUNT
};

#define IKE_CREDS_MAX_CHAIN	8	/* CERT payloads we send or accept */
#define IKE_CREDS_KEYID_LEN	20	/* SHA-1 of a SubjectPublicKeyInfo */

/* Our certificate for one IKE SA, as the creds plugin picked it.  The
 * views stay valid until the creds plugin's credentials are replaced
 * (a reload), so the engine uses them within one call only. */
struct ike_cred_local {
	uint32_t	 key;		/* handle for sign() */
	enum ike_key_type key_type;
	struct ike_bytes certs[IKE_CREDS_MAX_CHAIN];	/* DER: ours first,
							   then intermediates */
	size_t		 n_certs;
	struct ike_bytes subject;	/* DER of our certificate's subject DN */
};

struct ike_creds {
	const char	*name;
	/*
	 * The CERTREQ authorities (RFC 7296 3.7): SHA-1 hashes of the
	 * SubjectPublicKeyInfo of trusted CA certificates, 20 bytes each,
	 * concatenated into *out (a new buffer; empty when there are none).
	 * conn NULL: every CA loaded; else those conn's remote side trusts.
	 * IKE_ENOMEM.
	 */
	int	(*certreq)(void *ctx, const char *conn, struct ike_buf *out);
	/*
	 * Our certificate for conn: among those it names (else all loaded
	 * ones with a private key), one that holds id (type 0: any), and
	 * preferably one whose chain ends at a CA listed in certreq (the
	 * peer's CERTREQ authorities concatenated, may be empty).
	 * IKE_ENOENT when there is none, with the reason in why.
	 */
	int	(*local)(void *ctx, const char *conn, const struct ike_id *id,
		    struct ike_bytes certreq, struct ike_cred_local *out,
		    char *why, size_t whylen);
	/* Signs data with our key under scheme; *sig is a new buffer.
	 * IKE_EUNSUPPORTED when the key cannot make that scheme. */
	int	(*sign)(void *ctx, uint32_t key, enum ike_sig_scheme scheme,
		    struct ike_bytes data, struct ike_buf *sig);
	/*
	 * Authenticates a peer: certs as received (its certificate first,
	 * intermediates in any order after) must chain to a CA that conn's
	 * remote side trusts, valid at now (seconds since the epoch), with
	 * key usage and basic constraints right and no CRL revoking them;
	 * its certificate must hold id (subjectAltName or subject DN); and
	 * sig must be a signature of data under scheme by its key.  IKE_OK,
	 * or IKE_EAUTH with the reason in why; IKE_ENOMEM.
	 */
	int	(*verify)(void *ctx, const char *conn, const struct ike_bytes *certs,
		    size_t n_certs, const struct ike_id *id, uint64_t now,
		    enum ike_sig_scheme scheme, struct ike_bytes data,
		    struct ike_bytes sig, char *why, size_t whylen);
};

#endif /* SAKER_PLUGIN_H */
