"""Runs a program that reads a secret from its terminal (jpki-cli's password prompt), and types
the secret for it, as the holder would: the program gets a pseudo-terminal of its own as its
controlling terminal and its standard input, and the secret is written only once the terminal's
echo is off, that is once the program is reading it (a prompt that flushes the terminal first,
as jpki-cli's does, would discard it earlier). The secret never appears in an argument or the
environment of the program.

jpki-cli 0.4.3 reads its password from the terminal only when its standard input is that
terminal (with another standard input its prompt fails, `Bad file descriptor`), so the document
it signs is typed on the same terminal first, and ended as a holder ends it: Ctrl-D."""

import os
import pty
import select
import subprocess
import tempfile
import termios
import time

# The terminal's end of file (VEOF), twice: the first ends the document's last line without a
# newline, the second is the empty read that ends it.
END_OF_DOCUMENT = b"\x04\x04"


def _echo_off(fd: int) -> bool:
    try:
        return not termios.tcgetattr(fd)[3] & termios.ECHO
    except termios.error:
        return False


def run_typing(command, secret: str, timeout_secs: float, document=None) -> subprocess.CompletedProcess:
    """`command` run on a terminal of its own, `document` (printable text, or None) typed on
    its standard input, then `secret` typed at its prompt; its standard output (kept in a file,
    not the terminal: it may be binary) and its exit status returned. A program still running
    after `timeout_secs` is killed (status 124)."""
    with tempfile.TemporaryFile() as output:
        pid, controller = pty.fork()
        if pid == 0:
            try:
                os.dup2(output.fileno(), 1)
                os.execvp(command[0], command)
            finally:
                os._exit(127)
        if document is not None:
            os.write(controller, document.encode() + END_OF_DOCUMENT)
        status = _type_and_wait(pid, controller, secret, timeout_secs)
        os.close(controller)
        output.seek(0)
        return subprocess.CompletedProcess(command, status, output.read(), b"")


def _type_and_wait(pid: int, controller: int, secret: str, timeout_secs: float) -> int:
    typed = False
    deadline = time.monotonic() + timeout_secs
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        ready, _, _ = select.select([controller], [], [], 0.05)
        if ready:
            try:
                os.read(controller, 4096)  # the prompt and the echo: shown to nobody
            except OSError:
                pass
        if not typed and _echo_off(controller):
            os.write(controller, secret.encode() + b"\r")
            typed = True
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return 124
