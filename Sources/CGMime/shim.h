#include <gmime/gmime.h>
#include <string.h>

// GMime's type checks and casts are C macros, which Swift cannot call; these wrappers
// are the only C in the mail code, so the Swift side stays free of GObject plumbing.

static inline void pd_gmime_init(void) { g_mime_init(); }

static inline int pd_is_multipart(GMimeObject *o) { return GMIME_IS_MULTIPART(o); }
static inline int pd_is_part(GMimeObject *o) { return GMIME_IS_PART(o); }
static inline int pd_is_message_part(GMimeObject *o) { return GMIME_IS_MESSAGE_PART(o); }

static inline int pd_multipart_count(GMimeObject *o) { return g_mime_multipart_get_count(GMIME_MULTIPART(o)); }
static inline GMimeObject *pd_multipart_part(GMimeObject *o, int i) { return g_mime_multipart_get_part(GMIME_MULTIPART(o), i); }
static inline const char *pd_multipart_prologue(GMimeObject *o) { return g_mime_multipart_get_prologue(GMIME_MULTIPART(o)); }
static inline GMimeMessage *pd_message_part_message(GMimeObject *o) { return g_mime_message_part_get_message(GMIME_MESSAGE_PART(o)); }
static inline GMimeObject *pd_message_object(GMimeMessage *m) { return GMIME_OBJECT(m); }

static inline const char *pd_content_type(GMimeObject *o, int subtype) {
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    if (!ct) return NULL;
    return subtype ? g_mime_content_type_get_media_subtype(ct) : g_mime_content_type_get_media_type(ct);
}
static inline const char *pd_part_filename(GMimeObject *o) { return g_mime_part_get_filename(GMIME_PART(o)); }
static inline int pd_part_is_attachment(GMimeObject *o) { return g_mime_part_is_attachment(GMIME_PART(o)); }

/// A part's content with its transfer encoding (base64, quoted-printable, uuencode)
/// undone, in a buffer the caller frees with g_free. NULL for a part with no content.
static inline unsigned char *pd_part_decoded(GMimeObject *o, size_t *length) {
    GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(o));
    *length = 0;
    if (!content) return NULL;
    GMimeStream *mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, mem);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    unsigned char *copy = g_malloc(bytes->len + 1);
    memcpy(copy, bytes->data, bytes->len);
    copy[bytes->len] = 0;
    *length = bytes->len;
    g_object_unref(mem);
    return copy;
}

/// The whole message parsed from memory; NULL when not even headers could be read.
static inline GMimeMessage *pd_parse_message(const char *data, size_t length, GMimeParserOptions *options) {
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, length);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeMessage *message = g_mime_parser_construct_message(parser, options);
    g_object_unref(parser);
    g_object_unref(stream);
    return message;
}

static inline const char *pd_mailbox_addr(InternetAddress *a) {
    return INTERNET_ADDRESS_IS_MAILBOX(a) ? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)) : NULL;
}
static inline InternetAddressList *pd_group_members(InternetAddress *a) {
    return INTERNET_ADDRESS_IS_GROUP(a) ? internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)) : NULL;
}

static inline void pd_unref(void *object) { if (object) g_object_unref(object); }

// Building outgoing mail.
static inline GMimeObject *pd_text_part(const char *subtype, const char *text) {
    GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
    g_mime_text_part_set_text(part, text);      // sets charset=utf-8 when the text needs it
    g_mime_part_set_content_encoding(GMIME_PART(part),
        g_mime_part_get_best_content_encoding(GMIME_PART(part), GMIME_ENCODING_CONSTRAINT_7BIT));
    return GMIME_OBJECT(part);
}
static inline GMimeObject *pd_attachment_part(const char *type, const char *subtype, const char *filename,
                                              const unsigned char *data, size_t length) {
    GMimePart *part = g_mime_part_new_with_type(type, subtype);
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer((const char *)data, length);
    GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(part, content);
    g_object_unref(content);
    g_object_unref(stream);
    g_mime_part_set_filename(part, filename);
    g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
    g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
    return GMIME_OBJECT(part);
}
static inline GMimeObject *pd_multipart_mixed(void) { return GMIME_OBJECT(g_mime_multipart_new_with_subtype("mixed")); }
static inline void pd_multipart_add(GMimeObject *multipart, GMimeObject *part) { g_mime_multipart_add(GMIME_MULTIPART(multipart), part); }
