#ifndef PAYDESK_CNCURSES_SHIM_H
#define PAYDESK_CNCURSES_SHIM_H
// Wide-character ncurses for Swift. Only accessors for what Swift cannot import
// (macros with arguments, shared mutable globals that Swift 6 rejects); no logic here.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Globals that Swift 6 treats as unsafe shared mutable state.
static inline WINDOW *paydesk_stdscr(void) { return stdscr; }
static inline WINDOW *paydesk_curscr(void) { return curscr; }
static inline int paydesk_cols(void) { return COLS; }
static inline int paydesk_lines(void) { return LINES; }
static inline int paydesk_colors(void) { return COLORS; }
static inline int paydesk_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *paydesk_stdin(void) { return stdin; }
static inline FILE *paydesk_stdout(void) { return stdout; }

// Macros built from NCURSES_BITS do not import.
static inline attr_t paydesk_a_normal(void) { return A_NORMAL; }
static inline attr_t paydesk_a_bold(void) { return A_BOLD; }
static inline attr_t paydesk_a_underline(void) { return A_UNDERLINE; }
static inline attr_t paydesk_a_reverse(void) { return A_REVERSE; }
static inline attr_t paydesk_a_dim(void) { return A_DIM; }
static inline attr_t paydesk_a_altcharset(void) { return A_ALTCHARSET; }
static inline attr_t paydesk_color_pair(int n) { return COLOR_PAIR(n); }

// getmaxyx is a macro that assigns to its arguments.
static inline void paydesk_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }

// KEY_F(n) takes an argument.
static inline int paydesk_key_f(int n) { return KEY_F(n); }

// ACS line characters live in the acs_map array, reachable only through macros.
static inline chtype paydesk_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype paydesk_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype paydesk_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype paydesk_acs_lrcorner(void) { return ACS_LRCORNER; }
static inline chtype paydesk_acs_hline(void) { return ACS_HLINE; }
static inline chtype paydesk_acs_vline(void) { return ACS_VLINE; }
static inline chtype paydesk_acs_ltee(void) { return ACS_LTEE; }
static inline chtype paydesk_acs_rtee(void) { return ACS_RTEE; }
static inline chtype paydesk_acs_ttee(void) { return ACS_TTEE; }
static inline chtype paydesk_acs_btee(void) { return ACS_BTEE; }
static inline chtype paydesk_acs_plus(void) { return ACS_PLUS; }
static inline chtype paydesk_acs_block(void) { return ACS_BLOCK; }
static inline chtype paydesk_acs_bullet(void) { return ACS_BULLET; }

// Mouse masks are built with NCURSES_MOUSE_MASK(b, m).
static inline mmask_t paydesk_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t paydesk_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t paydesk_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t paydesk_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t paydesk_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t paydesk_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t paydesk_button3_clicked(void) { return BUTTON3_CLICKED; }

// wcwidth is hidden behind _XOPEN_SOURCE in glibc's <wchar.h>, which the Glibc module
// was built without; ncurses measures cells with it, so the driver must ask it too.
extern int wcwidth(wchar_t c);
static inline int paydesk_wcwidth(wchar_t c) { return wcwidth(c); }

// setcchar takes a `const wchar_t *`; a fixed-size array keeps Swift free of pointer juggling.
static inline int paydesk_put_wide(int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, (short)pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}
// mvwaddnwstr and wattr_set are macros. A run of narrow characters in one style goes in
// one call; the window's own attributes are put back so per-cell writes are unaffected.
static inline int paydesk_put_run(int y, int x, const wchar_t *text, int n, attr_t attrs, int pair) {
    wattr_set(stdscr, attrs, (short)pair, NULL);
    int rc = mvwaddnwstr(stdscr, y, x, text, n);
    wattr_set(stdscr, A_NORMAL, 0, NULL);
    return rc;
}
static inline int paydesk_put_acs(int y, int x, chtype ch, attr_t attrs, int pair) {
    return mvwaddch(stdscr, y, x, ch | attrs | COLOR_PAIR(pair));
}

#endif
