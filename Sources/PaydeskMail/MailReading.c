// Reading mail in libPaydeskMail.so: GMime (and GLib) behind the C seam of mail_abi.h.
// Which part is the body, which sender counts and how text is decoded is decided in
// paydesk (MimeMessage); these functions only hand GMime's answers over.
#include "PaydeskMail.h"
#include "../CGMime/shim.h"
#include "MailFunctions.h"

void *paydesk_mail_start(void) {
    pd_gmime_init();
    // Lenient options: real mail breaks every rule (unquoted specials in names, encoded
    // words inside quotes, 8-bit headers without a charset). Undeclared 8-bit text is
    // tried as UTF-8, then the Windows code pages most customers' clients use, then Latin-1.
    GMimeParserOptions *options = g_mime_parser_options_new();
    g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_allow_addresses_without_domain(options, FALSE);
    const char *charsets[] = {"utf-8", "windows-1252", "iso-8859-1", NULL};
    g_mime_parser_options_set_fallback_charsets(options, charsets);   // copied by GMime
    return options;
}

void *paydesk_mail_parse(const char *data, size_t length, void *options) {
    return pd_parse_message(data, length, options);
}

void paydesk_mail_unref(void *object) { pd_unref(object); }

void *paydesk_mail_message_object(void *message) { return pd_message_object(message); }

void *paydesk_mail_message_addresses(void *message, int32_t which) {
    switch (which) {
    case 0: return g_mime_message_get_from(message);
    case 1: return g_mime_message_get_sender(message);
    default: return g_mime_message_get_reply_to(message);
    }
}

void *paydesk_mail_address_list_parse(void *options, const char *text) { return internet_address_list_parse(options, text); }
int32_t paydesk_mail_address_list_length(void *list) { return internet_address_list_length(list); }
void *paydesk_mail_address_list_get(void *list, int32_t index) { return internet_address_list_get_address(list, index); }
const char *paydesk_mail_mailbox_address(void *address) { return pd_mailbox_addr(address); }
const char *paydesk_mail_address_name(void *address) { return internet_address_get_name(address); }
void *paydesk_mail_group_members(void *address) { return pd_group_members(address); }
const char *paydesk_mail_message_id(void *message) { return g_mime_message_get_message_id(message); }

int32_t paydesk_mail_message_date(void *message, int64_t *unix_seconds) {
    GDateTime *date = g_mime_message_get_date(message);   // owned by the message
    if (!date) return 0;
    *unix_seconds = g_date_time_to_unix(date);
    return 1;
}

int32_t paydesk_mail_decode_date(const char *text, int64_t *unix_seconds) {
    GDateTime *date = g_mime_utils_header_decode_date(text);
    if (!date) return 0;
    *unix_seconds = g_date_time_to_unix(date);
    g_date_time_unref(date);
    return 1;
}

const char *paydesk_mail_header(void *object, const char *name) { return g_mime_object_get_header(object, name); }

const char *paydesk_mail_raw_header(void *object, const char *name) {
    GMimeHeaderList *list = g_mime_object_get_header_list(object);
    GMimeHeader *header = list ? g_mime_header_list_get_header(list, name) : NULL;
    return header ? g_mime_header_get_raw_value(header) : NULL;
}

void *paydesk_mail_message_body(void *message) { return g_mime_message_get_mime_part(message); }
int32_t paydesk_mail_is_multipart(void *object) { return pd_is_multipart(object); }
int32_t paydesk_mail_is_message_part(void *object) { return pd_is_message_part(object); }
int32_t paydesk_mail_is_part(void *object) { return pd_is_part(object); }
int32_t paydesk_mail_multipart_count(void *object) { return pd_multipart_count(object); }
void *paydesk_mail_multipart_part(void *object, int32_t index) { return pd_multipart_part(object, index); }
const char *paydesk_mail_multipart_prologue(void *object) { return pd_multipart_prologue(object); }
void *paydesk_mail_message_part_message(void *object) { return pd_message_part_message(object); }
const char *paydesk_mail_content_type(void *object, int32_t subtype) { return pd_content_type(object, subtype); }
const char *paydesk_mail_content_type_parameter(void *object, const char *name) {
    return g_mime_object_get_content_type_parameter(object, name);
}
const char *paydesk_mail_part_filename(void *object) { return pd_part_filename(object); }
int32_t paydesk_mail_part_is_attachment(void *object) { return pd_part_is_attachment(object); }
unsigned char *paydesk_mail_part_decoded(void *object, size_t *length) { return pd_part_decoded(object, length); }

void *paydesk_mail_references_parse(void *options, const char *text) { return g_mime_references_parse(options, text); }
int32_t paydesk_mail_references_length(void *references) { return g_mime_references_length(references); }
const char *paydesk_mail_references_id(void *references, int32_t index) {
    return g_mime_references_get_message_id(references, index);
}
void paydesk_mail_references_free(void *references) { g_mime_references_free(references); }

char *paydesk_mail_sha256_hex(const unsigned char *data, size_t length) {
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, length);
}

char *paydesk_mail_convert(const char *bytes, size_t length, const char *charset, size_t *written) {
    const char *iconv_name = g_mime_charset_iconv_name(charset);
    if (!iconv_name) return NULL;
    gsize out = 0;
    char *converted = g_convert(bytes, (gssize)length, "UTF-8", iconv_name, NULL, &out, NULL);
    *written = out;
    return converted;
}

char *paydesk_mail_decode_8bit(void *options, const char *bytes, size_t length) {
    return g_mime_utils_decode_8bit(options, bytes, length);
}

char *paydesk_mail_decode_header_text(void *options, const char *text) {
    return g_mime_utils_header_decode_text(options, text);
}

void paydesk_mail_free_text(void *text) { g_free(text); }
