// HTML mail in libPaydeskMail.so: libxml2's forgiving HTML parser and its tree, read by
// paydesk (HTMLText) one node at a time.
#include "PaydeskMail.h"
#include "../CXML2/shim.h"
#include <glib.h>
#include "MailFunctions.h"

void *paydesk_mail_html_read(const char *bytes, int32_t length) {
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NODEFDTD;
    return htmlReadMemory(bytes, length, NULL, "UTF-8", options);
}

void paydesk_mail_html_free(void *document) { xmlFreeDoc(document); }
void *paydesk_mail_html_root(void *document) { return xmlDocGetRootElement(document); }

int32_t paydesk_mail_node_kind(void *node) {
    switch (((xmlNodePtr)node)->type) {
    case XML_TEXT_NODE: case XML_CDATA_SECTION_NODE: return PAYDESK_HTML_TEXT;
    case XML_ELEMENT_NODE: return PAYDESK_HTML_ELEMENT;
    default: return PAYDESK_HTML_OTHER;
    }
}

const char *paydesk_mail_node_name(void *node) { return (const char *)((xmlNodePtr)node)->name; }
const char *paydesk_mail_node_content(void *node) { return (const char *)((xmlNodePtr)node)->content; }
void *paydesk_mail_node_children(void *node) { return ((xmlNodePtr)node)->children; }
void *paydesk_mail_node_next(void *node) { return ((xmlNodePtr)node)->next; }

// Copied so that every text the seam hands out is freed the same way (free_text, g_free).
char *paydesk_mail_node_attribute(void *node, const char *name) {
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    if (!value) return NULL;
    char *copy = g_strdup((const char *)value);
    pd_xml_free(value);
    return copy;
}
