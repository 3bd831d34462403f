"""Work-arounds for bugs in the Qt binding, applied once when companion.ui is imported.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a reference to it. Every
emit from Python (with or without receivers, any signature) therefore lowers the reference count
of ``True`` by one; after a few hundred emits CPython (3.11, where ``True`` is not immortal)
aborts with "Fatal Python error: bool_dealloc: deallocating True or False". A routine player
publishing ten snapshots a second would crash the app within a minute.

The fix is probed, not version-pinned: emit a few times and look at the count of ``True``. Only
when it drops is ``emit`` wrapped so that it adds the missing reference. A fixed binding leaves
the probe flat and nothing is patched.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBE_EMITS = 16
_installed = False


class _Probe(QObject):
    ping = Signal()


def _true_lost_per_emit() -> float:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:  # give back what the probe itself took
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    probe.deleteLater()
    return lost / _PROBE_EMITS


def _none_lost_per_call() -> float:
    """PySide6 6.12.0 also returns ``None`` from every void method (``setVisible``, ``update``,
    ``setPos`` ...) without a reference: a chart redraw makes thousands of such calls, and
    CPython 3.11 aborts ("none_dealloc: deallocating None") after about 5,000 of them."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_EMITS):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    probe.deleteLater()
    return lost / _PROBE_EMITS


_PIN = 1 << 60  # references no session can leak, yet far from overflowing Py_ssize_t


def install_singleton_pin() -> bool:
    """When void calls leak ``None``, pin ``None``, ``True`` and ``False`` with a huge reference
    count (what Python 3.12 does for them anyway: they are immortal there, and this probe stays
    flat). Wrapping every void method is not possible; pinning is. True if pinned."""
    if _none_lost_per_call() < 1:
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _PIN
    return True


def install_emit_refcount_fix() -> bool:
    """Wrap SignalInstance.emit when it leaks a reference to its bool result; True if patched."""
    global _installed
    if _installed:
        return True
    if _true_lost_per_emit() < 1:
        return False
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self: SignalInstance, *args: object) -> object:
        result = original(self, *args)
        if result is True or result is False:
            incref(result)  # the reference the binding forgot to take
        return result

    emit.__doc__ = original.__doc__
    SignalInstance.emit = emit  # type: ignore[method-assign]
    _installed = True
    return True
