#include "../../CDocumentsABI/documents_abi.h"

/// The table of entry points; looked up by name (PAYDESK_PDF_ENTRY) after dlopen.
const struct paydesk_pdf *paydesk_pdf(void);
