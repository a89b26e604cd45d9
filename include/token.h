/*
 * token.h - the secret behind participant URLs.
 *
 * secret_file holds 32 bytes from the OS random source as 64 hex digits.
 * Tokens are derived from it with a keyed hash, so it must be readable by
 * the service alone: it is created 0600, and one that group or others can
 * read is refused.
 */
#ifndef REFREADY_TOKEN_H
#define REFREADY_TOKEN_H

#include <stddef.h>

#define TOKEN_SECRET_LEN	32
#define TOKEN_LEN		22	/* 128 bits in base64url */
#define TOKEN_HASH_LEN		32

/* what a token opens; the kind is part of what is hashed */
enum token_kind {
	TOKEN_PAGE,		/* /p/TOKEN: the personal page */
	TOKEN_FEED,		/* /feed/TOKEN.ics */
	TOKEN_UNSUBSCRIBE,	/* /unsubscribe/TOKEN */
	TOKEN_COHORT,		/* /cohort/TOKEN.ics */
	TOKEN_CONFIRM		/* /confirm/TOKEN: owner a signup, version
				   its random nonce */
};

/*
 * Creates path (mode 0600) with a new secret unless it exists; checks an
 * existing one.  *created says which.  0 on success; -1 logged.
 */
int	token_secret_init(const char *path, int *created);

/* reads the secret into key; 0 on success, -1 logged */
int	token_secret_load(const char *path, unsigned char key[TOKEN_SECRET_LEN]);

const char	*token_kind_str(enum token_kind);

/*
 * The token for (kind, owner, version): the first 128 bits of
 * HMAC-SHA-256(secret, "refready\0KIND\0OWNER\0VERSION"), base64url.
 * Deriving it means it need never be stored; raising the version retires
 * it.  out gets TOKEN_LEN characters and a NUL.
 */
void	token_make(const unsigned char key[TOKEN_SECRET_LEN], enum token_kind,
	    long long owner, int version, char out[TOKEN_LEN + 1]);

/*
 * What the database keeps to find a token: SHA-256 of its text.  Returns
 * -1 (no hash) for text that cannot be a token, so probing with junk
 * costs no query.
 */
int	token_hash(const char *text, size_t len,
	    unsigned char hash[TOKEN_HASH_LEN]);

/*
 * The Message-ID (without brackets) of plan day's lesson for enrollment:
 * the same every time that lesson is sent, so a re-send is recognisable,
 * and keyed, so it reveals nothing.  resend 0 is the lesson itself
 * ("rr.E.D.MAC@domain"); N > 0 is the operator's Nth resend (the ledger
 * key of a 'resend' row), "rr.E.DrN.MAC@domain", another message, so
 * the original's Message-ID still names only the original.
 */
void	token_message_id(const unsigned char key[TOKEN_SECRET_LEN],
	    long long enrollment, int day, int resend, const char *domain,
	    char *out, size_t n);

/*
 * Checks a Message-ID (brackets optional) made by token_message_id and
 * gives back its enrollment, day and resend number (0: the lesson; resend
 * may be NULL); 0, or -1 when it is not one of ours (another form, or a
 * forged hash).
 */
int	token_message_id_check(const unsigned char key[TOKEN_SECRET_LEN],
	    const char *id, long long *enrollment, int *day, int *resend);

/*
 * The tag of a message's return path, LOCAL+TAG@DOMAIN (VERP), naming
 * the enrollment and plan day it was sent for: "ENROLLMENTxDAYxMAC", or
 * "ENROLLMENTxDAYrNxMAC" for the Nth resend (resend > 0), MAC being 48
 * bits of HMAC-SHA-256 in hex.  Only lower-case letters and digits, as
 * some MTAs lower-case local parts; keyed, so a bounce cannot be forged
 * for someone else.
 */
#define TOKEN_VERP_MAX	64
void	token_verp(const unsigned char key[TOKEN_SECRET_LEN],
	    long long enrollment, int day, int resend, char out[TOKEN_VERP_MAX]);
/*
 * 0 and what it names (resend may be NULL) when tag is one of ours, -1
 * when it is not
 */
int	token_verp_check(const unsigned char key[TOKEN_SECRET_LEN],
	    const char *tag, long long *enrollment, int *day, int *resend);

/*
 * An email that is not a lesson is named in its tags by a letter and its
 * ledger key where the day goes: "rr.E.w1.MAC@domain" and "Exw1xMAC".
 * The letters: w the welcome, c the completion summary, f a follow-on
 * week.  token_message_id_check and token_verp_check take these too,
 * with day 0 (the person is what a bounce needs).
 */
#define TOKEN_KIND_LETTERS	"wcf"

void	token_message_id_kind(const unsigned char key[TOKEN_SECRET_LEN],
	    long long enrollment, char kind, int n, const char *domain,
	    char *out, size_t len);
void	token_verp_kind(const unsigned char key[TOKEN_SECRET_LEN],
	    long long enrollment, char kind, int n, char out[TOKEN_VERP_MAX]);

/* everything a checked tag names */
struct token_tag {
	long long	 enrollment;
	int		 day;		/* 0 for another kind */
	int		 resend;
	char		 kind;		/* 0: a lesson or resend; else a letter */
	int		 key;		/* the other kind's ledger key */
};

/* 0 with *t when id (or tag) is one of ours, -1 when it is not */
int	token_message_id_parse(const unsigned char key[TOKEN_SECRET_LEN],
	    const char *id, struct token_tag *t);
int	token_verp_parse(const unsigned char key[TOKEN_SECRET_LEN],
	    const char *tag, struct token_tag *t);

/*
 * What the suppression list keeps of a forgotten person's address:
 * "forgotten:" and the first 128 bits of HMAC-SHA-256(secret,
 * "refready\0forgotten\0ADDRESS"), the address in lower case, in hex.
 * Keyed, so a copy of the database alone cannot be searched for an
 * address by hashing guesses.
 */
#define TOKEN_FORGOTTEN_PREFIX	"forgotten:"
#define TOKEN_FORGOTTEN_LEN	(sizeof(TOKEN_FORGOTTEN_PREFIX) - 1 + 32)
void	token_forgotten(const unsigned char key[TOKEN_SECRET_LEN],
	    const char *email, char out[TOKEN_FORGOTTEN_LEN + 1]);

/* a participant's URLs, built under base_url from their tokens */
struct token_links {
	char	page[320];
	char	scorecard[340];
	char	feed[320];
	char	webcal[320];
	char	unsubscribe[320];
};

void	token_links(const char *base_url, const char *page_token,
	    const char *feed_token, const char *unsubscribe_token,
	    struct token_links *);

#endif
