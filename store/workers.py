"""Worker processes that leave with their builder.

A builder killed with SIGKILL cannot shut its process pools down, and their
workers (each holding a task queue open) would wait for work forever. Every pool
the store starts (the build's, the search index's) runs `worker_start` in each
worker: quiet (the browser owns the terminal), deaf to ^C, and gone within half a
second of the builder.
"""

from __future__ import annotations

import os
import time


def process_start(pid: int) -> bytes | None:
    """A process's start time (Linux /proc), None where that cannot be read;
    b"Z" for a zombie (dead, not yet reaped)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return b"Z" if fields[0] in (b"Z", b"X") else fields[19]


def builder_alive(pid: int, start: bytes | None) -> bool:
    if start is not None:  # Linux: same process (not a reused pid), and not a zombie
        return process_start(pid) == start
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True


def this_builder() -> tuple[int, bytes | None]:
    """What a worker needs to watch the process that starts it."""
    me = os.getpid()
    return me, process_start(me)


def worker_start(builder: int, builder_start: bytes | None) -> None:
    """Run in each worker as it starts (a pool initializer)."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)

    def watch() -> None:
        while builder_alive(builder, builder_start):
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="builder-watch", daemon=True).start()


def start_mp_helpers(ctx) -> None:
    """Start multiprocessing's helper processes with the real stderr. Its resource
    tracker hands `sys.stderr.fileno()` to its process; under a full-screen interface
    that captures output (Textual: fileno -1) the pool failed to start ("bad value(s)
    in fds_to_keep"): the build's pool fell back to one process, the search index's
    pool ended the browser's first build of a small folder with that error. Every pool
    calls this before it starts."""
    import sys
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # no descriptor at all: multiprocessing skips it
    if usable or sys.__stderr__ is None:
        return
    saved = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
        if ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
    except Exception:  # noqa: BLE001 - the pool reports what fails
        pass
    finally:
        sys.stderr = saved


def spawned_pool(workers: int):
    """A process pool of fresh interpreters (spawned: the browser's process has
    threads, and a forked worker would count the builder's heap in its own memory),
    each running `worker_start`. The heap this process freed is handed back to the
    system first (`give_back`): while the pool runs, this process and its workers
    are in memory together."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    give_back()
    ctx = multiprocessing.get_context("spawn")
    start_mp_helpers(ctx)  # (under the browser: its resource tracker with the real stderr)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_start, initargs=this_builder())


def give_back() -> None:
    """Return the free pages of this process's C heap to the system (glibc's
    malloc_trim; nothing elsewhere). What a build freed — its bodies, its counts —
    otherwise stays in this process's resident memory, unused. (~10 ms at 10 000 speeches.)"""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, ImportError):  # (not glibc: musl has no malloc_trim)
        pass


def run_in_process(target, args: tuple, stop) -> bool:
    """Run target(*args) (a module-level function, JSON-able arguments) in a worker
    process — a fresh interpreter (multiprocessing's start blocked in the browser's
    thread under Textual), quiet, deaf to ^C, gone with its builder — waiting for it
    here; `stop` (a threading.Event) set meanwhile ends it at once. True when it ran
    to its end without an error."""
    import json
    import subprocess

    spec = json.dumps([target.__module__, target.__qualname__, list(args), *this_builder_json()])
    try:
        p = subprocess.Popen(python_argv("from jianghua.store.workers import _child; _child()", spec),
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return False
    try:
        while p.poll() is None:
            if stop.wait(0.1):
                p.terminate()
                break
    finally:
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return p.returncode == 0 and not stop.is_set()


def python_argv(code: str, *args: str) -> list[str]:
    """The command line of a child Python running `code` with this interpreter, without
    the working folder on its import path: `-c` puts it first, and a jieba.py, rjieba.py
    or jianghua/ there would be imported instead of the installed ones (-P, or its
    equivalent before Python 3.11)."""
    import sys

    if sys.version_info >= (3, 11):
        return [sys.executable, "-P", "-c", code, *args]
    return [sys.executable, "-c", "import sys\nif sys.path and sys.path[0] in ('', '.'):\n    del sys.path[0]\n" + code, *args]


def start_detached(code: str, *args: str) -> bool:
    """Start a child Python running `code` that outlives this process: its own session
    (no terminal, deaf to the browser's ^C, not a worker of the build), stdin, stdout and
    stderr on /dev/null (it never prints to the terminal), not waited for, at the lowest
    priority (nice 19). True when it started."""
    import subprocess

    import threading

    low = "import os\ntry:\n    os.nice(19)\nexcept (AttributeError, OSError):\n    pass\n"
    try:
        p = subprocess.Popen(python_argv(low + code, *args), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    except (OSError, ValueError, subprocess.SubprocessError):
        return False
    threading.Thread(target=p.wait, name="detached-wait", daemon=True).start()  # (reaped if it ends first: no zombie)
    return True


def this_builder_json() -> list:
    me, start = this_builder()
    return [me, start.decode("latin-1") if start is not None else None]


def _child() -> None:
    """The worker process of `run_in_process`."""
    import importlib
    import json
    import sys

    module, name, args, builder, start = json.loads(sys.argv[1])
    worker_start(builder, start.encode("latin-1") if start is not None else None)
    getattr(importlib.import_module(module), name)(*args)


class Segmenter:
    """A second process that segments for the build (`corpus.segment.serve`), started
    as soon as the build knows files changed: its segmenter starts on the other core
    while the build plans. Quiet, in its own process group (deaf to ^C), and gone with
    the build: it ends when its stdin closes, which a killed builder's does too (the
    pipe is close-on-exec: no other child holds it). Anything that goes wrong (no
    process, a crash, no answer within WAIT seconds, another segmenter than this
    process would use): `ask` answers None from then on and the build segments itself."""

    WAIT = 30.0  # seconds for one answer (the first includes the segmenter's start)
    CODE = "from jianghua.corpus.segment import serve; serve()"  # what the process runs

    def __init__(self, proc, expect: str):
        self._proc = proc
        self._expect = expect
        self._ready = False

    @classmethod
    def start(cls) -> Segmenter | None:
        import subprocess
        import sys

        from jianghua.corpus import segment

        kw = {"process_group": 0} if sys.version_info >= (3, 11) else {}
        try:
            proc = subprocess.Popen(python_argv(cls.CODE),
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **kw)
        except (OSError, ValueError, subprocess.SubprocessError):
            return None
        os.set_blocking(proc.stdin.fileno(), False)
        return cls(proc, segment.identity(segment.backend()))

    def ask(self, texts: list[str]) -> list[list[str]] | None:
        """The token lists of `texts`, or None (then never again: segment here)."""
        import marshal

        from jianghua.corpus.segment import frame

        if self._proc is None:
            return None
        try:
            deadline = time.monotonic() + self.WAIT
            if not self._ready:
                if marshal.loads(self._read(deadline)) != self._expect:
                    raise ValueError("another segmenter")
                self._ready = True
            payload = marshal.dumps(texts)
            self._write(frame(payload), deadline)
            out = marshal.loads(self._read(deadline))
            if type(out) is not list or len(out) != len(texts) or any(type(t) is not list for t in out):
                raise ValueError("not an answer")
            return out
        except Exception:  # noqa: BLE001 - the build segments itself
            self.close()
            return None

    def _write(self, data: bytes, deadline: float) -> None:
        import select

        fd, view = self._proc.stdin.fileno(), memoryview(data)
        while view:
            if not select.select([], [fd], [], max(0.0, deadline - time.monotonic()))[1]:
                raise TimeoutError
            try:
                view = view[os.write(fd, view):]
            except BlockingIOError:
                continue

    def _read(self, deadline: float) -> bytes:
        from jianghua.corpus.segment import LENGTH

        return self._read_n(int.from_bytes(self._read_n(LENGTH, deadline), "little"), deadline)

    def _read_n(self, n: int, deadline: float) -> bytes:
        import select

        fd, parts, got = self._proc.stdout.fileno(), [], 0
        while got < n:
            if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
                raise TimeoutError
            chunk = os.read(fd, min(n - got, 1 << 20))
            if not chunk:
                raise EOFError
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)

    def close(self) -> None:
        """End the process (it writes nothing but its answers: killing it is safe)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.kill()
        except OSError:
            pass
        for f in (proc.stdin, proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        proc.wait()
