#ifndef PAYDESK_DOCUMENTS_ABI_H
#define PAYDESK_DOCUMENTS_ABI_H
// The seams between paydesk and the two libraries that write documents: libPaydeskXLSX.so
// (libxlsxwriter) and libPaydeskPDF.so (cairo and pango, with their font, X11 and image
// libraries). paydesk opens each with dlopen the first time an export needs it, so a
// command that writes no document loads none of them, and an XLSX export (the supervisor's
// reports) does not load the PDF renderer's forty libraries. Only C types cross: handles
// are opaque pointers, text is NUL-terminated UTF-8.
#include <stddef.h>
#include <stdint.h>

// Every pointer below is non-null unless marked _Nullable.
#pragma clang assume_nonnull begin

/// Raised whenever a table below changes; paydesk refuses a library of another version.
#define PAYDESK_DOCUMENTS_ABI_VERSION 1
/// The one symbol paydesk looks up in each library.
#define PAYDESK_XLSX_ENTRY "paydesk_xlsx"
#define PAYDESK_PDF_ENTRY "paydesk_pdf"

enum paydesk_xlsx_align { PAYDESK_XLSX_ALIGN_NONE = 0, PAYDESK_XLSX_ALIGN_LEFT, PAYDESK_XLSX_ALIGN_CENTER, PAYDESK_XLSX_ALIGN_RIGHT };
enum paydesk_pdf_align { PAYDESK_PDF_ALIGN_LEFT = 0, PAYDESK_PDF_ALIGN_CENTER, PAYDESK_PDF_ALIGN_RIGHT };

/// One cell format; zero means "not set" in every field.
struct paydesk_xlsx_style {
    int32_t bold;
    double font_size;
    int32_t background_rgb;         // 0xRRGGBB, or -1 for none
    int32_t thin_top_border;
    int32_t thin_bottom_border;
    int32_t text_wrap;
    int32_t vertical_top;
    int32_t align;                  // enum paydesk_xlsx_align
    const char *_Nullable number_format;      // NULL for none
};

/// Receives the PDF's bytes; returns 0 when they were written.
typedef int32_t (*paydesk_pdf_sink)(void *_Nullable closure, const unsigned char *data, uint32_t length);

/// libPaydeskXLSX.so. Status codes are libxlsxwriter's lxw_error (0 = success).
struct paydesk_xlsx {
    int32_t abi_version;
    uint32_t xlsx_row_max;
    /// A workbook in constant-memory mode whose row spill files go in `spill_directory`.
    void *_Nullable (*_Nonnull xlsx_open)(const char *path, const char *spill_directory);
    void *_Nullable (*_Nonnull xlsx_add_worksheet)(void *workbook, const char *name);
    void *_Nullable (*_Nonnull xlsx_add_format)(void *workbook, const struct paydesk_xlsx_style *style);
    int32_t (*_Nonnull xlsx_write_string)(void *sheet, uint32_t row, uint16_t column, const char *text, void *_Nullable format);
    int32_t (*_Nonnull xlsx_write_number)(void *sheet, uint32_t row, uint16_t column, double value, void *_Nullable format);
    int32_t (*_Nonnull xlsx_write_blank)(void *sheet, uint32_t row, uint16_t column, void *_Nullable format);
    int32_t (*_Nonnull xlsx_set_column)(void *sheet, uint16_t first, uint16_t last, double width);
    int32_t (*_Nonnull xlsx_autofilter)(void *sheet, uint32_t first_row, uint16_t first_column, uint32_t last_row, uint16_t last_column);
    int32_t (*_Nonnull xlsx_repeat_rows)(void *sheet, uint32_t first, uint32_t last);
    void (*_Nonnull xlsx_freeze_panes)(void *sheet, uint32_t row, uint16_t column);
    void (*_Nonnull xlsx_set_paper)(void *sheet, uint8_t paper);
    void (*_Nonnull xlsx_fit_to_pages)(void *sheet, uint16_t width, uint16_t height);
    /// Writes and frees the workbook, whether or not it succeeds.
    int32_t (*_Nonnull xlsx_close)(void *workbook);
    /// Frees an unfinished workbook and closes its sheet's spill file.
    void (*_Nonnull xlsx_abandon)(void *workbook, void *_Nullable sheet);
    const char *_Nonnull (*_Nonnull xlsx_error_text)(int32_t status);
};

/// libPaydeskPDF.so: pages of `width` × `height` points, drawn with one pango layout.
struct paydesk_pdf {
    int32_t abi_version;
    void *_Nullable (*_Nonnull pdf_open)(paydesk_pdf_sink sink, void *_Nullable closure, double width, double height, const char *title);
    void *_Nullable (*_Nonnull pdf_font)(const char *families, double size, int32_t bold);
    void (*_Nonnull pdf_font_free)(void *font);
    void (*_Nonnull pdf_fill_rectangle)(void *pdf, double x, double y, double width, double height, double red, double green, double blue);
    void (*_Nonnull pdf_rule)(void *pdf, double x1, double y1, double x2, double y2, double line_width);
    /// Lays the text out (cut with an ellipsis at `width` unless it wraps), paints it in
    /// black at (x, y) when `drawing`, and returns its height.
    double (*_Nonnull pdf_text)(void *pdf, const char *text, void *font, double x, double y, double width,
                       int32_t align, int32_t wraps, int32_t drawing);
    void (*_Nonnull pdf_show_page)(void *pdf);
    void (*_Nonnull pdf_finish)(void *pdf);
    /// NULL while nothing failed, else cairo's words for what did.
    const char *_Nullable (*_Nonnull pdf_failure)(void *pdf);
    void (*_Nonnull pdf_close)(void *pdf);
};

#pragma clang assume_nonnull end

#endif
