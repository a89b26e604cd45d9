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

#define TOKEN_SECRET_LEN	32

/*
 * Creates path (mode 0600) with a new secret unless it exists; checks an
 * existing one.  *created says which.  0 on success; -1 logged.
 */
int	token_secret_init(const char *path, int *created);

/* reads the secret into key; 0 on success, -1 logged */
int	token_secret_load(const char *path, unsigned char key[TOKEN_SECRET_LEN]);

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
