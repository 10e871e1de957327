#!/usr/bin/env python3
"""Runs a command in a real pseudo-terminal and answers its prompts.

Usage: terminal.py STEPS_JSON -- COMMAND [ARGS...]
STEPS_JSON is a list of {"expect": regex, "send": text}: wait until the regex appears in output
that arrived after the previous match, then type the text. After the last step the driver reads
until the command ends. Prints the whole transcript (ANSI codes removed) to stdout and exits
with the command's exit code; 98 when an expected text did not appear in time.
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ANSI = re.compile(rb'\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]')


def main():
    steps = json.loads(sys.argv[1])
    command = sys.argv[sys.argv.index('--') + 1:]
    timeout = float(os.environ.get('PTY_TIMEOUT', '30'))
    pid, fd = pty.fork()
    if pid == 0:
        os.environ['TERM'] = 'xterm-256color'
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 160, 0, 0))
    raw = b''
    seen = 0  # position in the cleaned transcript after the last match

    def pump(wait):
        nonlocal raw
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        raw += chunk
        return True

    def clean():
        return ANSI.sub(b'', raw).decode('utf-8', 'replace')

    for step in steps:
        pattern = re.compile(step['expect'])
        deadline = time.time() + timeout
        while True:
            match = pattern.search(clean(), seen)
            if match:
                seen = match.end()
                break
            if time.time() > deadline or not pump(0.1):
                if time.time() > deadline or not pattern.search(clean(), seen):
                    sys.stdout.write(clean())
                    sys.stderr.write(f'\nterminal.py: did not see {step["expect"]!r}\n')
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    sys.exit(98)
        time.sleep(0.15)
        os.write(fd, step['send'].encode())
    deadline = time.time() + timeout * 4
    while time.time() < deadline and pump(0.2):
        pass
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(clean())
    sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8)


if __name__ == '__main__':
    main()
