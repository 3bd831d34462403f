"""Qt adapters. Importing this package first applies the Qt binding work-arounds."""

from companion.ui.qt_fixes import install_emit_refcount_fix

install_emit_refcount_fix()
