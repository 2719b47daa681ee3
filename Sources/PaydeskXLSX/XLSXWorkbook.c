// libPaydeskXLSX.so: libxlsxwriter behind the C seam of documents_abi.h. The workbook's
// layout decisions stay in paydesk (XLSXExporter).
#include "PaydeskXLSX.h"
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

static void *paydesk_xlsx_open(const char *path, const char *spill_directory) {
    // Zero-initialised, then set: newer libxlsxwriter versions add fields.
    lxw_workbook_options options;
    memset(&options, 0, sizeof options);
    options.constant_memory = 1;
    options.tmpdir = (char *)spill_directory;
    return workbook_new_opt(path, &options);
}

static void *paydesk_xlsx_add_worksheet(void *workbook, const char *name) {
    return workbook_add_worksheet(workbook, name);
}

static void *paydesk_xlsx_add_format(void *workbook, const struct paydesk_xlsx_style *style) {
    lxw_format *format = workbook_add_format(workbook);
    if (!format) return NULL;
    if (style->bold) format_set_bold(format);
    if (style->font_size > 0) format_set_font_size(format, style->font_size);
    if (style->background_rgb >= 0) format_set_bg_color(format, (lxw_color_t)style->background_rgb);
    if (style->thin_top_border) format_set_top(format, LXW_BORDER_THIN);
    if (style->thin_bottom_border) format_set_bottom(format, LXW_BORDER_THIN);
    if (style->text_wrap) format_set_text_wrap(format);
    if (style->vertical_top) format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    switch (style->align) {
    case PAYDESK_XLSX_ALIGN_LEFT: format_set_align(format, LXW_ALIGN_LEFT); break;
    case PAYDESK_XLSX_ALIGN_CENTER: format_set_align(format, LXW_ALIGN_CENTER); break;
    case PAYDESK_XLSX_ALIGN_RIGHT: format_set_align(format, LXW_ALIGN_RIGHT); break;
    default: break;
    }
    if (style->number_format) format_set_num_format(format, style->number_format);
    return format;
}

static int32_t paydesk_xlsx_write_string(void *sheet, uint32_t row, uint16_t column, const char *text, void *format) {
    return worksheet_write_string(sheet, row, column, text, format);
}

static int32_t paydesk_xlsx_write_number(void *sheet, uint32_t row, uint16_t column, double value, void *format) {
    return worksheet_write_number(sheet, row, column, value, format);
}

static int32_t paydesk_xlsx_write_blank(void *sheet, uint32_t row, uint16_t column, void *format) {
    return worksheet_write_blank(sheet, row, column, format);
}

static int32_t paydesk_xlsx_set_column(void *sheet, uint16_t first, uint16_t last, double width) {
    return worksheet_set_column(sheet, first, last, width, NULL);
}

static int32_t paydesk_xlsx_autofilter(void *sheet, uint32_t first_row, uint16_t first_column,
                                uint32_t last_row, uint16_t last_column) {
    return worksheet_autofilter(sheet, first_row, first_column, last_row, last_column);
}

static int32_t paydesk_xlsx_repeat_rows(void *sheet, uint32_t first, uint32_t last) {
    return worksheet_repeat_rows(sheet, first, last);
}

static void paydesk_xlsx_freeze_panes(void *sheet, uint32_t row, uint16_t column) {
    worksheet_freeze_panes(sheet, row, column);
}

static void paydesk_xlsx_set_paper(void *sheet, uint8_t paper) { worksheet_set_paper(sheet, paper); }

static void paydesk_xlsx_fit_to_pages(void *sheet, uint16_t width, uint16_t height) {
    worksheet_fit_to_pages(sheet, width, height);
}

static int32_t paydesk_xlsx_close(void *workbook) { return workbook_close(workbook); }

// libxlsxwriter only closes a sheet's spill file in workbook_close, so an abandoned
// workbook's is closed here by hand or its descriptor would leak.
static void paydesk_xlsx_abandon(void *workbook, void *sheet) {
    lxw_worksheet *worksheet = sheet;
    if (worksheet) {
        if (worksheet->optimize_tmpfile) fclose(worksheet->optimize_tmpfile);
        worksheet->optimize_tmpfile = NULL;
        worksheet->file = NULL;
    }
    lxw_workbook_free(workbook);
}

static const char *paydesk_xlsx_error_text(int32_t status) { return lxw_strerror((lxw_error)status); }

static const struct paydesk_xlsx table = {
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
};

const struct paydesk_xlsx *paydesk_xlsx(void) { return &table; }
