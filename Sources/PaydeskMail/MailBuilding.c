// Building outgoing mail in libPaydeskMail.so with GMime; what goes in it is decided in
// paydesk (MimeBuilder).
#include "PaydeskMail.h"
#include "../CGMime/shim.h"
#include "MailFunctions.h"

void *paydesk_mail_message_new(void) { return g_mime_message_new(TRUE); }

void paydesk_mail_message_add_from(void *message, const char *addresses) {
    InternetAddressList *from = internet_address_list_parse(NULL, addresses);
    if (!from) return;
    internet_address_list_append(g_mime_message_get_from(message), from);
    g_object_unref(from);
}

void paydesk_mail_message_add_to(void *message, const char *address) {
    g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_TO, NULL, address);
}

void paydesk_mail_message_set_subject(void *message, const char *subject) {
    g_mime_message_set_subject(message, subject, "utf-8");
}

void paydesk_mail_message_set_date(void *message, int64_t unix_seconds) {
    GDateTime *date = g_date_time_new_from_unix_utc(unix_seconds);
    g_mime_message_set_date(message, date);
    g_date_time_unref(date);
}

void paydesk_mail_message_set_id(void *message, const char *message_id) { g_mime_message_set_message_id(message, message_id); }

void paydesk_mail_set_header(void *object, const char *name, const char *value) {
    g_mime_object_set_header(object, name, value, NULL);
}

void *paydesk_mail_text_part(const char *subtype, const char *text) { return pd_text_part(subtype, text); }

void *paydesk_mail_attachment_part(const char *type, const char *subtype, const char *filename,
                                   const unsigned char *data, size_t length) {
    return pd_attachment_part(type, subtype, filename, data, length);
}

void *paydesk_mail_multipart_mixed(void) { return pd_multipart_mixed(); }
void paydesk_mail_multipart_add(void *multipart, void *part) { pd_multipart_add(multipart, part); }
void paydesk_mail_message_set_body(void *message, void *part) { g_mime_message_set_mime_part(message, part); }
char *paydesk_mail_to_text(void *object) { return g_mime_object_to_string(object, NULL); }
