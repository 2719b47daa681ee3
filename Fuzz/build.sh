#!/usr/bin/env bash
# Builds the libFuzzer targets into .build-fuzz/ (Linux; needs swiftc with -sanitize=fuzzer).
# They are not SwiftPM targets: each is compiled with the package sources it exercises,
# instrumented for coverage and AddressSanitizer.
#
#   Fuzz/build.sh            build all four: query-parser theme-file intake sanitizer
#   Fuzz/build.sh intake     build one
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-fuzz
mkdir -p "$out/lib"
# FUZZ_OPT=-Onone builds in a fraction of the time (the CI test uses it); -O runs faster.
flags=(-sanitize=fuzzer,address -parse-as-library -g "${FUZZ_OPT:--O}" -warnings-as-errors)
# TermUI without the files that talk to ncurses (the driver, its set-up, its input, the restore): the fuzzed code never draws.
termui=$(ls Sources/TermUI/*.swift Sources/TermUI/ThemeFile/*.swift Sources/TermUI/Widgets/*.swift \
         | grep -v -e NCursesTerminal -e NCursesInput.swift -e TerminalRestore.swift)
intake=(Sources/SupportStore/Intake/IntakeReader.swift Sources/SupportStore/Intake/IntakeFolderReader.swift Sources/SupportStore/Intake/EmailReader.swift
        Sources/SupportStore/Intake/IncomingContact.swift Sources/SupportStore/StoreError.swift
        Sources/SupportStore/Mail/MimeMessage.swift Sources/SupportStore/Mail/HTMLText.swift
        Sources/SupportStore/Mail/EncodedWords.swift Sources/SupportStore/Mail/MailLibrary.swift)
# The email reader parses with GMime and libxml2 in libPaydeskMail.so, opened with dlopen from
# the fuzzer's own folder: built here from the package's C sources (not instrumented, as
# GMime itself is not).
mail_c=(-I Sources/CMailABI)
mail_library() {
    clang -shared -fPIC -O1 -o "$out/libPaydeskMail.so" Sources/PaydeskMail/*.c -I Sources/PaydeskMail/include \
        $(pkg-config --cflags --libs gmime-3.0 libxml-2.0)
}

build() {
    local name=$1; shift
    echo "building $out/$name"
    swiftc "${flags[@]}" -module-name "Fuzz_${name//-/_}" "$@" -o "$out/$name" 2>&1 \
        | { grep -v "Cannot export local symbol" || true; }
    [ -x "$out/$name" ]
}

supportcore() {
    # Intake imports SupportCore and SiblingLibraries, so each is built as a module of its own first.
    for module in SupportCore SiblingLibraries; do
        swiftc "${flags[@]}" -module-name $module -emit-module -emit-module-path "$out/lib/$module.swiftmodule" \
            -emit-library -static -o "$out/lib/lib$module.a" Sources/$module/*.swift 2>&1 \
            | { grep -v "Cannot export local symbol" || true; }
    done
}

targets=("${@:-query-parser theme-file intake sanitizer}")
for target in ${targets[@]}; do
    case $target in
        query-parser) build query-parser Fuzz/QueryParserFuzz.swift Sources/SupportCore/*.swift ;;
        theme-file)   build theme-file Fuzz/ThemeFileFuzz.swift $termui ;;
        sanitizer)    build sanitizer Fuzz/SanitizerFuzz.swift $termui ;;
        intake)       supportcore; mail_library
                      build intake -I "$out/lib" -L "$out/lib" -lSupportCore -lSiblingLibraries "${mail_c[@]}" Fuzz/IntakeFuzz.swift "${intake[@]}" ;;
        *) echo "unknown fuzz target $target" >&2; exit 2 ;;
    esac
done
