"""``make lab``: start JupyterLab on a free loopback port, print the address it really uses.

If the asked-for port is busy, the next free one is used and said so (Jupyter would move on
by itself and leave the printed address wrong). Run as root, as in many containers and
classrooms, Jupyter refuses to start; this passes ``--allow-root`` and says why.
"""

import argparse
import os
import shlex
import socket
import sys
from pathlib import Path

__all__ = ["free_port", "lab_command", "main"]

ROOT = Path(__file__).resolve().parent.parent
INDEX = "/lab/tree/notebooks/00_index.ipynb"


def free_port(start, host="127.0.0.1", tries=50):
    """The first port from ``start`` on that nothing listens on at ``host``."""
    for port in range(start, min(start + tries, 65536)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free port from {start} to {start + tries - 1}; pass PORT=another one.")


def lab_command(port, extra=(), is_root=None):
    """(argv for jupyter lab, notes to print) for ``port``, adding --allow-root for root."""
    is_root = os.geteuid() == 0 if is_root is None else is_root
    argv = [str(Path(sys.executable).parent / "jupyter"), "lab", "--ip=127.0.0.1",
            f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={ROOT}",
            f"--LabApp.default_url={INDEX}", *extra]  # fmt: skip
    notes = []
    if is_root and "--allow-root" not in argv:
        argv.append("--allow-root")
        notes.append("Running as root (as in many containers): started with --allow-root. "
                     "The server listens on 127.0.0.1 only.")  # fmt: skip
    return argv, notes


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.lab")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--args", default="", help="extra jupyter lab arguments, one string")
    args = parser.parse_args(argv)
    port = free_port(args.port)
    if port != args.port:
        print(f"Port {args.port} is busy; using {port} instead.")
    command, notes = lab_command(port, shlex.split(args.args))
    for note in notes:
        print(note)
    print(f"JupyterLab on http://127.0.0.1:{port}{INDEX} (token below).")
    print("Open a notebook and press Alt+R to present it as slides. Ctrl+C stops the server.")
    sys.stdout.flush()
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
