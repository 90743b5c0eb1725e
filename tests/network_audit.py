"""Run a script (main.py and its arguments) or the window under an audit hook that records every
network-related audit event, for tests/test_no_network.py to judge (ADR 0006).

    python tests/network_audit.py LOG -- main.py import P resources/samples/*.txt
    python tests/network_audit.py LOG -- --window PROJECT    (main.py gui PROJECT, see _window)

The hook is installed before anything else is imported. It never raises (library code could
swallow the exception and go on): it appends one JSON line per event to LOG, written with one
``os.write`` on an ``O_APPEND`` descriptor, so nothing is lost when a process ends abruptly and
the lines of forked children (``propose --n-process 2``), which inherit the hook and the
descriptor, do not interleave. Recorded:

- every ``socket.*`` event CPython raises (``socket.__new__``, ``bind``, ``connect`` (also
  ``connect_ex``), ``sendto``, ``sendmsg``, ``getaddrinfo``, ``gethostbyname`` (and ``_ex``),
  ``gethostbyaddr``, ``gethostname``, ``getnameinfo``, ``getservbyname``, ``getservbyport``,
  ``sethostname``), with the socket's family and type and the Python frames that raised it;
- the standard library's client events (``urllib.Request``, ``http.client.*``, ``ftplib.*``,
  ``smtplib.*``, ``imaplib.*``, ``poplib.*``, ``nntplib.*``, ``telnetlib.*``, ``webbrowser.open``);
- new programs (``subprocess.Popen``, ``os.exec``, ``os.posix_spawn``, ``os.spawn``, ``os.system``):
  another interpreter would run without the hook;
- ``start`` and ``exit`` of each process, and ``fork-child`` in each forked child.
"""

import _thread
import os
import sys

_LOG_FD = -1
_EXEC = ("subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system", "os.startfile")
_CLIENTS = ("urllib.Request", "http.client.", "ftplib.", "smtplib.", "imaplib.", "poplib.", "nntplib.",
            "telnetlib.", "webbrowser.")
_busy = set()  # threads inside the hook (describing an event must not record itself)


def _safe(value, depth=0):
    """A JSON-safe description of an audit argument."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value if not isinstance(value, str) else value[:500]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"bytes": len(value)}
    if depth < 3 and isinstance(value, (tuple, list)):
        return [_safe(v, depth + 1) for v in value[:20]]
    if depth < 3 and isinstance(value, dict):
        return {str(k)[:100]: _safe(v, depth + 1) for k, v in list(value.items())[:20]}
    import _socket

    if isinstance(value, _socket.socket):
        try:  # an object still being created (socket.__new__) has no family yet: -1 or 0
            family, kind = int(_socket.socket.family.__get__(value)), int(_socket.socket.type.__get__(value))
        except Exception:
            family, kind = None, None
        return {"socket": id(value), "family": family, "type": kind}
    return {"repr": repr(value)[:200], "class": type(value).__name__}


def _where():
    """Who raised the event: the nearest four Python frames outside the socket module, as
    ``module:function``."""
    frames = []
    frame = sys._getframe(2)  # above _where and _hook
    while frame is not None and len(frames) < 4:
        module = frame.f_globals.get("__name__", "?")
        if module != "socket":
            frames.append(f"{module}:{frame.f_code.co_name}")
        frame = frame.f_back
    return frames


def _write(record):
    import json

    line = json.dumps(record, ensure_ascii=True, default=repr) + "\n"
    os.write(_LOG_FD, line.encode("ascii"))


def _hook(event, args):
    if not (event.startswith("socket.") or event.startswith(_CLIENTS) or event.startswith(_EXEC)):
        return
    thread = _thread.get_ident()
    if thread in _busy:
        return
    _busy.add(thread)
    try:
        record = {"pid": os.getpid(), "event": event, "args": [_safe(a) for a in args]}
        if event.startswith("socket."):
            record["where"] = _where()
        _write(record)
    except Exception:  # never raise into the audited code
        pass
    finally:
        _busy.discard(thread)


def _open_log(path):
    global _LOG_FD
    _LOG_FD = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)


def _window(project):
    """``python main.py gui PROJECT`` (the window, proposals ahead on), offscreen, ended with exit
    code 0 once the worker has loaded spaCy and stored model proposals for the open document,
    or with 3 after 60 s."""
    import runpy
    import time

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(["main.py"])  # the one run_window uses
    deadline = time.monotonic() + 60

    def check():
        for frame in app.topLevelWidgets():
            window = frame.content() if hasattr(frame, "content") else None
            if window is None or window.workspace.document is None:
                continue
            document, repo = window.workspace.document, window.session.repo
            models = [s for s in window.proposals.sources if s.startswith("model:")]
            if models and all(document.id in repo.documents_proposed_by(s) for s in models):
                spans = [s for s in repo.spans(document.id) if s.source.startswith("model:")]
                print(f"window: document {document.id} proposed ahead by {', '.join(models)}: "
                      f"{len(spans)} model spans", flush=True)
                frame.close()
                app.exit(0)
                return
        if time.monotonic() > deadline:
            texts = [w.content().model_status.text() for w in app.topLevelWidgets()
                     if hasattr(w, "content") and w.content() is not None]
            print(f"window: no model proposals for the open document within 60 s {texts}", file=sys.stderr, flush=True)
            app.exit(3)

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(50)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.argv = [os.path.join(root, "main.py"), "gui", project]
    sys.path[0] = root
    runpy.run_path(sys.argv[0], run_name="__main__")  # exits with the window's exit code
    return 0


def main(argv):
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    _open_log(argv[0])
    sys.addaudithook(_hook)
    os.register_at_fork(
        after_in_child=lambda: _write({"pid": os.getpid(), "event": "fork-child", "parent": os.getppid()})
    )
    import atexit

    _write({"pid": os.getpid(), "event": "start", "argv": argv[2:]})
    atexit.register(lambda: _write({"pid": os.getpid(), "event": "exit"}))
    if argv[2] == "--window":
        return _window(argv[3])
    import runpy

    script = argv[2]
    sys.argv = [script, *argv[3:]]
    sys.path[0] = os.path.dirname(os.path.abspath(script))  # as `python SCRIPT` would have it
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
