// libPaydeskPDF.so: a cairo PDF surface and one pango layout behind the C seam of
// documents_abi.h. What goes on each page is decided in paydesk (PDFStatementRenderer);
// this file only draws.
#include "PaydeskPDF.h"
#include <stdlib.h>
#include <pango/pangocairo.h>
#include <cairo/cairo-pdf.h>

struct pdf_document {
    paydesk_pdf_sink sink;
    void *closure;
    cairo_surface_t *surface;
    cairo_t *context;
    PangoLayout *layout;
};

static cairo_status_t paydesk_pdf_write(void *closure, const unsigned char *data, unsigned int length) {
    struct pdf_document *pdf = closure;
    return pdf->sink(pdf->closure, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void *paydesk_pdf_open(paydesk_pdf_sink sink, void *closure, double width, double height, const char *title) {
    struct pdf_document *pdf = calloc(1, sizeof *pdf);
    if (!pdf) return NULL;
    pdf->sink = sink;
    pdf->closure = closure;
    pdf->surface = cairo_pdf_surface_create_for_stream(paydesk_pdf_write, pdf, width, height);
    cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_CREATOR, "paydesk");
    pdf->context = cairo_create(pdf->surface);
    pdf->layout = pango_cairo_create_layout(pdf->context);
    return pdf;
}

static void *paydesk_pdf_font(const char *families, double size, int32_t bold) {
    PangoFontDescription *font = pango_font_description_from_string(families);
    // Absolute size is in the surface's units, points, whatever pango's DPI setting.
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    return font;
}

static void paydesk_pdf_font_free(void *font) { pango_font_description_free(font); }

static void paydesk_pdf_fill_rectangle(void *handle, double x, double y, double width, double height,
                                double red, double green, double blue) {
    struct pdf_document *pdf = handle;
    cairo_set_source_rgb(pdf->context, red, green, blue);
    cairo_rectangle(pdf->context, x, y, width, height);
    cairo_fill(pdf->context);
}

static void paydesk_pdf_rule(void *handle, double x1, double y1, double x2, double y2, double line_width) {
    struct pdf_document *pdf = handle;
    cairo_set_source_rgb(pdf->context, 0, 0, 0);
    cairo_set_line_width(pdf->context, line_width);
    cairo_move_to(pdf->context, x1, y1);
    cairo_line_to(pdf->context, x2, y2);
    cairo_stroke(pdf->context);
}

static double paydesk_pdf_text(void *handle, const char *text, void *font, double x, double y, double width,
                        int32_t align, int32_t wraps, int32_t drawing) {
    struct pdf_document *pdf = handle;
    PangoLayout *layout = pdf->layout;
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_ellipsize(layout, wraps ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align == PAYDESK_PDF_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                       : align == PAYDESK_PDF_ALIGN_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout, text, -1);
    if (drawing) {
        cairo_set_source_rgb(pdf->context, 0, 0, 0);
        cairo_move_to(pdf->context, x, y);
        pango_cairo_show_layout(pdf->context, layout);
    }
    int logical_width = 0, logical_height = 0;
    pango_layout_get_size(layout, &logical_width, &logical_height);
    return (double)logical_height / PANGO_SCALE;
}

static void paydesk_pdf_show_page(void *handle) { cairo_show_page(((struct pdf_document *)handle)->context); }

static void paydesk_pdf_finish(void *handle) { cairo_surface_finish(((struct pdf_document *)handle)->surface); }

static const char *paydesk_pdf_failure(void *handle) {
    cairo_status_t status = cairo_surface_status(((struct pdf_document *)handle)->surface);
    return status == CAIRO_STATUS_SUCCESS ? NULL : cairo_status_to_string(status);
}

static void paydesk_pdf_close(void *handle) {
    struct pdf_document *pdf = handle;
    if (!pdf) return;
    g_object_unref(pdf->layout);
    cairo_destroy(pdf->context);
    cairo_surface_destroy(pdf->surface);
    free(pdf);
}

static const struct paydesk_pdf table = {
    .abi_version = PAYDESK_DOCUMENTS_ABI_VERSION,
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

const struct paydesk_pdf *paydesk_pdf(void) { return &table; }
