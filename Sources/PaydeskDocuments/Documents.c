// The entry point of libPaydeskDocuments.so: one table, looked up by name after dlopen.
#include "PaydeskDocuments.h"
#include <xlsxwriter.h>

void *paydesk_xlsx_open(const char *, const char *);
void *paydesk_xlsx_add_worksheet(void *, const char *);
void *paydesk_xlsx_add_format(void *, const struct paydesk_xlsx_style *);
int32_t paydesk_xlsx_write_string(void *, uint32_t, uint16_t, const char *, void *);
int32_t paydesk_xlsx_write_number(void *, uint32_t, uint16_t, double, void *);
int32_t paydesk_xlsx_write_blank(void *, uint32_t, uint16_t, void *);
int32_t paydesk_xlsx_set_column(void *, uint16_t, uint16_t, double);
int32_t paydesk_xlsx_autofilter(void *, uint32_t, uint16_t, uint32_t, uint16_t);
int32_t paydesk_xlsx_repeat_rows(void *, uint32_t, uint32_t);
void paydesk_xlsx_freeze_panes(void *, uint32_t, uint16_t);
void paydesk_xlsx_set_paper(void *, uint8_t);
void paydesk_xlsx_fit_to_pages(void *, uint16_t, uint16_t);
int32_t paydesk_xlsx_close(void *);
void paydesk_xlsx_abandon(void *, void *);
const char *paydesk_xlsx_error_text(int32_t);
void *paydesk_pdf_open(paydesk_pdf_sink, void *, double, double, const char *);
void *paydesk_pdf_font(const char *, double, int32_t);
void paydesk_pdf_font_free(void *);
void paydesk_pdf_fill_rectangle(void *, double, double, double, double, double, double, double);
void paydesk_pdf_rule(void *, double, double, double, double, double);
double paydesk_pdf_text(void *, const char *, void *, double, double, double, int32_t, int32_t, int32_t);
void paydesk_pdf_show_page(void *);
void paydesk_pdf_finish(void *);
const char *paydesk_pdf_failure(void *);
void paydesk_pdf_close(void *);

static const struct paydesk_documents table = {
    .abi_version = PAYDESK_DOCUMENTS_ABI_VERSION,
    .xlsx_row_max = LXW_ROW_MAX,
    .xlsx_open = paydesk_xlsx_open,
    .xlsx_add_worksheet = paydesk_xlsx_add_worksheet,
    .xlsx_add_format = paydesk_xlsx_add_format,
    .xlsx_write_string = paydesk_xlsx_write_string,
    .xlsx_write_number = paydesk_xlsx_write_number,
    .xlsx_write_blank = paydesk_xlsx_write_blank,
    .xlsx_set_column = paydesk_xlsx_set_column,
    .xlsx_autofilter = paydesk_xlsx_autofilter,
    .xlsx_repeat_rows = paydesk_xlsx_repeat_rows,
    .xlsx_freeze_panes = paydesk_xlsx_freeze_panes,
    .xlsx_set_paper = paydesk_xlsx_set_paper,
    .xlsx_fit_to_pages = paydesk_xlsx_fit_to_pages,
    .xlsx_close = paydesk_xlsx_close,
    .xlsx_abandon = paydesk_xlsx_abandon,
    .xlsx_error_text = paydesk_xlsx_error_text,
    .pdf_open = paydesk_pdf_open,
    .pdf_font = paydesk_pdf_font,
    .pdf_font_free = paydesk_pdf_font_free,
    .pdf_fill_rectangle = paydesk_pdf_fill_rectangle,
    .pdf_rule = paydesk_pdf_rule,
    .pdf_text = paydesk_pdf_text,
    .pdf_show_page = paydesk_pdf_show_page,
    .pdf_finish = paydesk_pdf_finish,
    .pdf_failure = paydesk_pdf_failure,
    .pdf_close = paydesk_pdf_close,
};

const struct paydesk_documents *paydesk_documents(void) { return &table; }
