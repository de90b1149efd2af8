"""Bad inputs for the fault suite: hostile files, misbehaving servers, and the checks every
refusal must pass (right error, a message naming the file or value, bounded time and memory,
and no change to the files that were there before)."""

import contextlib
import gzip
import http.server
import io
import os
import socketserver
import struct
import tarfile
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import numpy as np

from tests import dataset_fixtures as fx

MB = 1 << 20


# --- the checks every refusal must pass ---------------------------------------------------


def snapshot(folder):
    """{path: (size, mtime)} of every file under ``folder`` (no reading: some are 1 TiB sparse)."""
    folder = Path(folder)
    if not folder.exists():
        return {}
    return {
        p: (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".part-" not in p.name
    }


def refused(call, errors, *names, seconds=5.0, megabytes=64, watch=None):
    """Run ``call``; it must raise one of ``errors`` naming each of ``names``, in time and memory.

    Files under ``watch`` that existed before must be unchanged after. Returns the error.
    """
    before = snapshot(watch) if watch else {}
    tracemalloc.start()
    start = time.perf_counter()
    try:
        call()
    except errors as err:
        error = err
    else:
        raise AssertionError(f"{call} was not refused")
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    text = str(error)
    for name in names:
        assert str(name) in text, f"{name!r} not named in: {text}"
    assert "Traceback" not in text and text.strip(), text
    assert elapsed < seconds, f"took {elapsed:.1f} s: {text}"
    assert peak < megabytes * MB, f"peak {peak / MB:.0f} MB: {text}"
    if watch:
        after = snapshot(watch)
        changed = [p for p, facts in before.items() if after.get(p) != facts]
        assert not changed, f"files changed or removed: {changed}"
    return error


# --- hostile pickles ----------------------------------------------------------------------


def pickle_ndarray_constructor(n_bytes=2**40):
    """97 bytes or so that ask numpy.ndarray itself for an n-byte array."""
    shape = b"\x8a\x06" + n_bytes.to_bytes(6, "little")  # LONG1: a 6-byte int
    return b"\x80\x02}q\x00U\x04dataq\x01cnumpy\nndarray\nq\x02" + shape + b"\x85q\x03Rq\x04s."


def pickle_huge_length(opcode=b"\x8e", width=8, claim=2**60):
    """A pickle whose BINBYTES8 (or other) length field claims ``claim`` bytes."""
    return b"\x80\x04" + opcode + claim.to_bytes(width, "little") + b"abc."


def pickle_deep_labels(depth=200_000, n=2):
    """A CIFAR batch whose labels are a list nested ``depth`` deep."""
    valid = fx.official_pickle({b"data": fx.images(n, (3072,), 1), b"batch_label": b"x"})
    nested = b"]" * depth + b"a" * (depth - 1)
    return valid[:-2] + b"U\x06labels" + nested + b"u."


def pickle_reconstruct_huge():
    """_reconstruct asked for a huge array instead of the empty one real pickles ask for."""
    return (
        b"\x80\x02}q\x00U\x04dataq\x01cnumpy.core.multiarray\n_reconstruct\nq\x02"
        b"cnumpy\nndarray\nq\x03\x8a\x05\x00\x00\x00\x00\x01\x85q\x04C\x01bq\x05\x87q\x06Rq\x07s."
    )


def pickle_object_dtype():
    return b"\x80\x02}q\x00U\x04dataq\x01cnumpy\ndtype\nq\x02U\x02O8K\x00K\x01\x87q\x03Rq\x04s."


def batch(n=4, labels=None, data=None):
    """One CIFAR-10 batch pickle with ``n`` images and the given labels (default: valid)."""
    x = fx.images(n, (3072,), 3) if data is None else data
    y = list(range(n)) if labels is None else labels
    return fx.official_pickle({b"data": x, b"labels": y, b"batch_label": b"b"})


# --- hostile IDX, npz and tar files -------------------------------------------------------


def gzip_of_zeros(path, n_bytes, header=b""):
    """A gzip file of ``header`` then ``n_bytes`` zeros, written in pieces (a 'gzip bomb')."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(path, "wb") as f:
        f.write(compressor.compress(header))
        zeros = bytes(16 * MB)
        for _ in range(n_bytes // len(zeros)):
            f.write(compressor.compress(zeros))
        f.write(compressor.flush())
    return path


def idx_gz(path, magic, dims, body=b""):
    path.write_bytes(gzip.compress(struct.pack(f">{1 + len(dims)}I", magic, *dims) + body))
    return path


def npy_header(shape, descr="|u1"):
    """A version 1.0 .npy header that claims ``shape``."""
    text = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape!r}, }}"
    text += " " * (63 - (len(text) + 10) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode("latin1")


def npz(path, members):
    """An .npz (a zip) with ``members``: name -> raw bytes of the .npy file."""
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(f"{name}.npy", data)
    return path


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def tar_gz(path, members):
    """A .tar.gz of ``members``: name -> bytes, or name -> int (that many zeros, streamed)."""
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            if isinstance(data, int):
                info.size = data
                tar.addfile(info, _Zeros(data))
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def tar_pax_bomb(path, n_bytes):
    """A .tar.gz that opens with a pax header of ``n_bytes``: tarfile reads such headers whole."""
    info = tarfile.TarInfo("././@PaxHeader")
    info.type, info.size = tarfile.XHDTYPE, n_bytes
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    with open(path, "wb") as f:
        f.write(compressor.compress(info.tobuf(tarfile.USTAR_FORMAT)))
        zeros = bytes(16 * MB)
        for _ in range(n_bytes // len(zeros) + 1):
            f.write(compressor.compress(zeros))
        f.write(compressor.flush())
    return path


class _Zeros(io.RawIOBase):
    def __init__(self, n):
        self.left = n

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def sparse(path, n_bytes=2**40):
    """A sparse file of ``n_bytes`` (1 TiB by default) that takes no disk space."""
    with open(path, "wb") as f:
        f.truncate(n_bytes)
    return path


# --- misbehaving servers on 127.0.0.1 -----------------------------------------------------


class RawServer:
    """A loopback TCP server whose every connection is handled by ``behaviour(conn)``."""

    def __init__(self, behaviour):
        self.stop = threading.Event()
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                with contextlib.suppress(OSError):
                    behaviour(self.request, outer.stop)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def answer(raw):
    """A behaviour that reads the request and sends ``raw`` bytes, then closes."""

    def behave(conn, stop):
        read_request(conn)
        conn.sendall(raw)

    return behave


def never_answers(conn, stop):
    """Accepts the connection, reads the request, and says nothing until the test ends."""
    read_request(conn)
    stop.wait(30)


def stalls_after(raw):
    """Sends ``raw`` (headers, part of a body), then nothing more."""

    def behave(conn, stop):
        read_request(conn)
        conn.sendall(raw)
        stop.wait(30)

    return behave


class FileServer:
    """A loopback HTTP server over ``root``; as a proxy it serves absolute-URL requests from it
    too, and records every path asked for."""

    def __init__(self, root):
        self.requests = []
        requests, root = self.requests, str(root)

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=root, **kwargs)

            def do_GET(self):
                requests.append(self.path)
                if self.path.startswith("http://"):  # asked as a proxy: serve the path part
                    self.path = "/" + self.path.split("/", 3)[3]
                super().do_GET()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def dead_pid():
    """A process id that is not running."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            pass
        pid += 1
