/*
 * config.h - the configuration file (SPEC section 3).
 *
 * One JSON object, read with jansson.  Every key has a default, so a
 * missing file is a complete configuration.  Unknown keys, wrong types and
 * bad values are all collected as "FILE:LINE:COLUMN: problem".
 */
#ifndef REFREADY_CONFIG_H
#define REFREADY_CONFIG_H

#include <stddef.h>

#include "cfg_webhooks.h"
#include "diag.h"

enum cfg_tls {
	CFG_TLS_REQUIRED,
	CFG_TLS_TRY,
	CFG_TLS_NONE
};

/* who may read /metrics (http.metrics) */
enum cfg_metrics {
	CFG_METRICS_LOOPBACK,
	CFG_METRICS_PUBLIC,
	CFG_METRICS_OFF
};

struct cfg_list {
	char		**v;
	size_t		  n;
};

struct cfg {
	char		*path;		/* file read, NULL for built-ins */
	char		*db;
	char		*curriculum;
	char		*base_url;	/* without a trailing '/' */
	char		*http_listen;
	long		 http_per_ip_connections;	/* 0: no limit */
	struct cfg_list	 http_unlimited_from;	/* numeric addresses */
	char		*http_metrics_name;
	char		*mail_url;
	char		*mail_from;
	char		*mail_username;		/* NULL: no AUTH */
	char		*mail_password_file;	/* NULL: none */
	char		*mail_tls_name;		/* NULL: from the URL */
	char		*mail_postal_address;	/* required for SMTP */
	char		*mail_organization;	/* NULL: none in the footer */
	char		*mail_reply_to;		/* NULL: no Reply-To */
	char		*mail_return_path;	/* NULL: mail_from's address */
	char		*mail_bounce_maildir;	/* NULL: the daemon reads none */
	long		 mail_connections;
	long		 mail_rate;
	long		 mail_timeout;
	char		*schedule_tz;
	char		*schedule_send_at;
	long		 schedule_stale_after_hours;
	char		*schedule_holidays;		/* "us" or "none" */
	struct cfg_list	 schedule_skip_dates;	/* checked ranges */
	char		*secret_file;
	long		 signup_open;		/* 1: GET /join is published */
	long		 signup_per_ip_per_hour;
	long		 signup_per_address_per_day;
	long		 signup_confirm_hours;	/* a confirmation link's life */
	struct cfg_webhook *webhooks;	/* CFG_WEBHOOKS_MAX at most */
	size_t		 nwebhooks;

	/* derived from the above */
	char		*mail_footer;	/* "ORGANIZATION, POSTAL ADDRESS" */
	enum cfg_tls	 mail_tls;
	enum cfg_metrics http_metrics;
	int		 send_at_minutes;
	int		 us_holidays;
};

/*
 * The file to read when no -c is given: $REFREADY_CONFIG, else
 * ./refready.json if it exists, else NULL (built-in defaults).
 */
const char	*cfg_default_path(void);

/*
 * Loads path (NULL: defaults only) into cfg.  Returns 0 when valid;
 * otherwise -1 with every problem added to dl.  cfg holds defaults for
 * whatever could not be read and must be released with cfg_free either
 * way.
 */
int	cfg_load(const char *path, struct cfg *cfg, struct diag_list *dl);
void	cfg_free(struct cfg *);

/* replaces a string setting (for --db); value is copied */
void	cfg_set_db(struct cfg *, const char *value);

const char	*cfg_tls_str(enum cfg_tls);

#endif
