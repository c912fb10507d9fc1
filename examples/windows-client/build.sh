#!/bin/sh
# Builds the Windows test client with Debian 12's mingw-w64 (apt-get install mingw-w64):
#   examples/windows-client/build.sh [OUT_DIR]      # client.exe, client-defect.exe, client-keeps-card.exe
# client-defect.exe has the deliberate defect (-DMYNAKIT_DEFECT, client.c says which) that
# harness/tests/external/windows.rs expects to FAIL; client-keeps-card.exe never releases the card
# (-DMYNAKIT_KEEP_CARD), which it expects APDU-release to WARN about in every run. CC=i686-w64-mingw32-gcc builds 32-bit programs
# (docs/windows.md says what Wine does with them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/build}
cc=${CC:-x86_64-w64-mingw32-gcc}
mkdir -p "$out"
flags="-std=c11 -O2 -Wall -Wextra -Werror -D_WIN32_WINNT=0x0601"
libs="-lwinscard -lwinhttp -lcrypt32 -lbcrypt"
# shellcheck disable=SC2086
"$cc" $flags -o "$out/client.exe" "$here/client.c" "$here/json.c" $libs
# shellcheck disable=SC2086
"$cc" $flags -DMYNAKIT_DEFECT -o "$out/client-defect.exe" "$here/client.c" "$here/json.c" $libs
# shellcheck disable=SC2086
"$cc" $flags -DMYNAKIT_KEEP_CARD -o "$out/client-keeps-card.exe" "$here/client.c" "$here/json.c" $libs
echo "$out/client.exe"
