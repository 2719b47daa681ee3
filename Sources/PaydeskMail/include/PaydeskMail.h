#include "../../CMailABI/mail_abi.h"

/// The table of entry points; looked up by name (PAYDESK_MAIL_ENTRY) after dlopen.
const struct paydesk_mail *paydesk_mail(void);
