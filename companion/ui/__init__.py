"""Qt adapters. Importing this package first applies the Qt binding work-arounds."""

from companion.ui.qt_fixes import install_emit_refcount_fix, install_singleton_pin

install_singleton_pin()
install_emit_refcount_fix()
