/*
 * mynakit (docs/windows.md, "SCardStatus's state"): `mynakit run --windows-state windows`
 * preloads this library into Wine so that SCardStatus answers the state as Windows does.
 *
 * pcsc-lite's client library answers `(eventCounter << 16) + readerState` (src/winscard_clnt.c),
 * readerState being a bit mask of pcsc-lite's flags (PCSC/pcsclite.h: SCARD_ABSENT 0x2,
 * SCARD_PRESENT 0x4, SCARD_SWALLOWED 0x8, SCARD_POWERED 0x10, SCARD_NEGOTIABLE 0x20,
 * SCARD_SPECIFIC 0x40), and Wine's winscard passes it through. Windows answers one value of an
 * enumeration (winscard.h of the Windows SDK: SCARD_UNKNOWN 0 … SCARD_SPECIFIC 6), SPECIFIC
 * once a protocol is set. Wine 10's winscard.so links libpcsclite.so.1 directly, so this
 * library, preloaded, takes its SCardStatus and maps the answer; everything else is untouched.
 *
 * Built for the host by `mynakit run` (cc -shared -fPIC winstate.c -ldl) and preloaded by
 * windows/wine-run when MYNAKIT_WINE_STATE_SHIM names it. No pcsc-lite headers needed: the
 * types are pcsc-lite's on 64-bit Linux (LONG and DWORD are long and unsigned long).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

typedef long LONG;
typedef unsigned long DWORD;
typedef LONG SCARDHANDLE;
typedef LONG (*status_fn)(SCARDHANDLE, char *, DWORD *, DWORD *, DWORD *, unsigned char *,
                          DWORD *);

/* pcsc-lite's state (counter and flags) as Windows' enumeration. */
static DWORD windows_state(DWORD state, DWORD protocol)
{
    state &= 0xFFFF;
    if ((state & 0x40) || ((state & 0x10) && protocol != 0))
        return 6; /* SCARD_SPECIFIC */
    if (state & 0x20)
        return 5; /* SCARD_NEGOTIABLE */
    if (state & 0x10)
        return 4; /* SCARD_POWERED */
    if (state & 0x08)
        return 3; /* SCARD_SWALLOWED */
    if (state & 0x04)
        return 2; /* SCARD_PRESENT */
    if (state & 0x02)
        return 1; /* SCARD_ABSENT */
    return 0;     /* SCARD_UNKNOWN */
}

LONG SCardStatus(SCARDHANDLE card, char *names, DWORD *names_len, DWORD *state,
                 DWORD *protocol, unsigned char *atr, DWORD *atr_len)
{
    static status_fn real;
    DWORD own_protocol = 0;
    LONG rv;

    if (!real) {
        /* The library winscard.so loaded (the launcher's, first on the library path): it is
         * in winscard.so's own scope, not the global one, so RTLD_NEXT would not find it. */
        void *lib = dlopen("libpcsclite.so.1", RTLD_NOW | RTLD_LOCAL);
        if (lib)
            real = (status_fn)dlsym(lib, "SCardStatus");
        if (!real)
            return (LONG)0x80100001; /* SCARD_F_INTERNAL_ERROR */
    }
    if (!protocol)
        protocol = &own_protocol;
    rv = real(card, names, names_len, state, protocol, atr, atr_len);
    if (rv == 0 && state)
        *state = windows_state(*state, *protocol);
    return rv;
}
