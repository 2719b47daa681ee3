#ifndef PAYDESK_MAIL_FUNCTIONS_H
#define PAYDESK_MAIL_FUNCTIONS_H
// The functions of libPaydeskMail.so, gathered into its table by Mail.c.
#include <stddef.h>
#include <stdint.h>

void * paydesk_mail_start(void);
void * paydesk_mail_parse(const char *data, size_t length, void *options);
void paydesk_mail_unref(void *object);
void * paydesk_mail_message_object(void *message);
void * paydesk_mail_message_addresses(void *message, int32_t which);
void * paydesk_mail_address_list_parse(void *options, const char *text);
int32_t paydesk_mail_address_list_length(void *list);
void * paydesk_mail_address_list_get(void *list, int32_t index);
const char * paydesk_mail_mailbox_address(void *address);
const char * paydesk_mail_address_name(void *address);
void * paydesk_mail_group_members(void *address);
const char * paydesk_mail_message_id(void *message);
int32_t paydesk_mail_message_date(void *message, int64_t *unix_seconds);
int32_t paydesk_mail_decode_date(const char *text, int64_t *unix_seconds);
const char * paydesk_mail_header(void *object, const char *name);
const char * paydesk_mail_raw_header(void *object, const char *name);
void * paydesk_mail_message_body(void *message);
int32_t paydesk_mail_is_multipart(void *object);
int32_t paydesk_mail_is_message_part(void *object);
int32_t paydesk_mail_is_part(void *object);
int32_t paydesk_mail_multipart_count(void *object);
void * paydesk_mail_multipart_part(void *object, int32_t index);
const char * paydesk_mail_multipart_prologue(void *object);
void * paydesk_mail_message_part_message(void *object);
const char * paydesk_mail_content_type(void *object, int32_t subtype);
const char * paydesk_mail_content_type_parameter(void *object, const char *name);
const char * paydesk_mail_part_filename(void *object);
int32_t paydesk_mail_part_is_attachment(void *object);
unsigned char * paydesk_mail_part_decoded(void *object, size_t *length);
void * paydesk_mail_references_parse(void *options, const char *text);
int32_t paydesk_mail_references_length(void *references);
const char * paydesk_mail_references_id(void *references, int32_t index);
void paydesk_mail_references_free(void *references);
char * paydesk_mail_sha256_hex(const unsigned char *data, size_t length);
char * paydesk_mail_convert(const char *bytes, size_t length, const char *charset, size_t *written);
char * paydesk_mail_decode_8bit(void *options, const char *bytes, size_t length);
char * paydesk_mail_decode_header_text(void *options, const char *text);
void paydesk_mail_free_text(void *text);
void * paydesk_mail_message_new(void);
void paydesk_mail_message_add_from(void *message, const char *addresses);
void paydesk_mail_message_add_to(void *message, const char *address);
void paydesk_mail_message_set_subject(void *message, const char *subject);
void paydesk_mail_message_set_date(void *message, int64_t unix_seconds);
void paydesk_mail_message_set_id(void *message, const char *message_id);
void paydesk_mail_set_header(void *object, const char *name, const char *value);
void * paydesk_mail_text_part(const char *subtype, const char *text);
void * paydesk_mail_attachment_part(const char *type, const char *subtype, const char *filename,
                                   const unsigned char *data, size_t length);
void * paydesk_mail_multipart_mixed(void);
void paydesk_mail_multipart_add(void *multipart, void *part);
void paydesk_mail_message_set_body(void *message, void *part);
char * paydesk_mail_to_text(void *object);
void * paydesk_mail_html_read(const char *bytes, int32_t length);
void paydesk_mail_html_free(void *document);
void * paydesk_mail_html_root(void *document);
int32_t paydesk_mail_node_kind(void *node);
const char * paydesk_mail_node_name(void *node);
const char * paydesk_mail_node_content(void *node);
void * paydesk_mail_node_children(void *node);
void * paydesk_mail_node_next(void *node);
char * paydesk_mail_node_attribute(void *node, const char *name);
#endif
