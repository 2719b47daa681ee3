// Debian's libxml2 is built with ICU, and its encoding.h then includes ICU headers that
// clash with the copy of ICU inside Swift's Foundation. paydesk never touches the
// encoding-handler structure those fields belong to (it only passes pointers), so the
// ICU part is left out here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void pd_xml_free(void *p) { xmlFree(p); }
