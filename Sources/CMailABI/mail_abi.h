#ifndef PAYDESK_MAIL_ABI_H
#define PAYDESK_MAIL_ABI_H
// The seam between paydesk and libPaydeskMail.so, the library that parses and builds
// email with GMime (and GLib) and reads HTML mail with libxml2. paydesk opens it with dlopen
// the first time it reads or writes a message, so other commands and the console never
// load those libraries. Only C types cross: GMime objects, address lists and HTML nodes
// are opaque pointers; text is NUL-terminated UTF-8; `char *` results are freed with
// `free_text`. What paydesk makes of a message stays in paydesk (MimeMessage, HTMLText).
#include <stddef.h>
#include <stdint.h>

// Every pointer below is non-null unless marked _Nullable.
#pragma clang assume_nonnull begin

/// Raised whenever the table below changes; paydesk refuses a library of another version.
#define PAYDESK_MAIL_ABI_VERSION 1
/// The one symbol paydesk looks up.
#define PAYDESK_MAIL_ENTRY "paydesk_mail"

enum paydesk_html_node { PAYDESK_HTML_OTHER = 0, PAYDESK_HTML_TEXT, PAYDESK_HTML_ELEMENT };

struct paydesk_mail {
    int32_t abi_version;

    /// GMime initialised, and the lenient parser options every call below takes.
    void *_Nonnull (*_Nonnull start)(void);

    // Reading.
    void *_Nullable (*_Nonnull parse)(const char *data, size_t length, void *options);
    void (*_Nonnull unref)(void *_Nullable object);
    void *_Nonnull (*_Nonnull message_object)(void *message);
    /// 0 From, 1 Sender, 2 Reply-To.
    void *_Nullable (*_Nonnull message_addresses)(void *message, int32_t which);
    void *_Nullable (*_Nonnull address_list_parse)(void *_Nullable options, const char *text);
    int32_t (*_Nonnull address_list_length)(void *list);
    void *_Nullable (*_Nonnull address_list_get)(void *list, int32_t index);
    const char *_Nullable (*_Nonnull mailbox_address)(void *address);
    const char *_Nullable (*_Nonnull address_name)(void *address);
    void *_Nullable (*_Nonnull group_members)(void *address);
    const char *_Nullable (*_Nonnull message_id)(void *message);
    /// 1 and the time in `unix_seconds` when the message has a Date header.
    int32_t (*_Nonnull message_date)(void *message, int64_t *unix_seconds);
    /// 1 and the time when `text` is an RFC 5322 date.
    int32_t (*_Nonnull decode_date)(const char *text, int64_t *unix_seconds);
    const char *_Nullable (*_Nonnull header)(void *object, const char *name);
    /// The header's bytes as they came, undecoded.
    const char *_Nullable (*_Nonnull raw_header)(void *object, const char *name);
    void *_Nullable (*_Nonnull message_body)(void *message);
    int32_t (*_Nonnull is_multipart)(void *object);
    int32_t (*_Nonnull is_message_part)(void *object);
    int32_t (*_Nonnull is_part)(void *object);
    int32_t (*_Nonnull multipart_count)(void *object);
    void *_Nullable (*_Nonnull multipart_part)(void *object, int32_t index);
    const char *_Nullable (*_Nonnull multipart_prologue)(void *object);
    void *_Nullable (*_Nonnull message_part_message)(void *object);
    /// The media type (`subtype` 0) or subtype (1).
    const char *_Nullable (*_Nonnull content_type)(void *object, int32_t subtype);
    const char *_Nullable (*_Nonnull content_type_parameter)(void *object, const char *name);
    const char *_Nullable (*_Nonnull part_filename)(void *object);
    int32_t (*_Nonnull part_is_attachment)(void *object);
    /// The part's content with its transfer encoding undone; NULL for none.
    unsigned char *_Nullable (*_Nonnull part_decoded)(void *object, size_t *length);
    void *_Nullable (*_Nonnull references_parse)(void *options, const char *text);
    int32_t (*_Nonnull references_length)(void *references);
    const char *_Nullable (*_Nonnull references_id)(void *references, int32_t index);
    void (*_Nonnull references_free)(void *references);
    /// Lower-case hex.
    char *_Nullable (*_Nonnull sha256_hex)(const unsigned char *_Nullable data, size_t length);
    /// `bytes` in `charset` as UTF-8 (GMime's charset aliases, iconv); NULL when the
    /// charset is unknown or the bytes do not convert.
    char *_Nullable (*_Nonnull convert)(const char *bytes, size_t length, const char *charset, size_t *written);
    /// Undeclared 8-bit text through the options' fallback charsets.
    char *_Nullable (*_Nonnull decode_8bit)(void *options, const char *bytes, size_t length);
    /// RFC 2047 encoded words decoded.
    char *_Nullable (*_Nonnull decode_header_text)(void *options, const char *text);
    void (*_Nonnull free_text)(void *_Nullable text);

    // Building.
    void *_Nonnull (*_Nonnull message_new)(void);
    void (*_Nonnull message_add_from)(void *message, const char *addresses);
    void (*_Nonnull message_add_to)(void *message, const char *address);
    void (*_Nonnull message_set_subject)(void *message, const char *subject);
    void (*_Nonnull message_set_date)(void *message, int64_t unix_seconds);
    void (*_Nonnull message_set_id)(void *message, const char *message_id);
    void (*_Nonnull set_header)(void *object, const char *name, const char *value);
    void *_Nonnull (*_Nonnull text_part)(const char *subtype, const char *text);
    void *_Nonnull (*_Nonnull attachment_part)(const char *type, const char *subtype, const char *filename,
                                             const unsigned char *_Nullable data, size_t length);
    void *_Nonnull (*_Nonnull multipart_mixed)(void);
    void (*_Nonnull multipart_add)(void *multipart, void *part);
    void (*_Nonnull message_set_body)(void *message, void *part);
    char *_Nullable (*_Nonnull to_text)(void *object);

    // HTML (libxml2's forgiving parser: recover, no network, no errors printed).
    void *_Nullable (*_Nonnull html_read)(const char *bytes, int32_t length);
    void (*_Nonnull html_free)(void *document);
    void *_Nullable (*_Nonnull html_root)(void *document);
    int32_t (*_Nonnull node_kind)(void *node);   // enum paydesk_html_node
    const char *_Nullable (*_Nonnull node_name)(void *node);
    const char *_Nullable (*_Nonnull node_content)(void *node);
    void *_Nullable (*_Nonnull node_children)(void *node);
    void *_Nullable (*_Nonnull node_next)(void *node);
    char *_Nullable (*_Nonnull node_attribute)(void *node, const char *name);
};

#pragma clang assume_nonnull end

#endif
