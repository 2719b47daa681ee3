#include "../../CDocumentsABI/documents_abi.h"

/// The table of entry points; looked up by name (PAYDESK_DOCUMENTS_ENTRY) after dlopen.
const struct paydesk_documents *paydesk_documents(void);
