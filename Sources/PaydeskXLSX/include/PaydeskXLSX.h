#include "../../CDocumentsABI/documents_abi.h"

/// The table of entry points; looked up by name (PAYDESK_XLSX_ENTRY) after dlopen.
const struct paydesk_xlsx *paydesk_xlsx(void);
