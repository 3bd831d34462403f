"""Every user-visible string in companion/ goes through the translation mechanism (issue 15).

A static check over the source (``ast``): a string literal or f-string with letters in it that is
passed straight to something a person sees or hears (a Qt text setter or constructor, a message
box, a chart label, the CLI's print and argparse help, the app's own message functions, the
error classes whose message reaches the user) fails the test unless it goes through ``_()``,
``N_()``, ``counted()``, ``pgettext()``, ``ngettext()`` or ``npgettext()``. It also fails on
marking that extraction cannot read (``_(f"...")``, ``_("a" + b)``), on positional placeholders
in a marked text, on translation at import time, and when ``./dev i18n extract`` does not look
for every marking function companion/core/i18n.py defines.

A variable, or a call to a function (wording's own, say), cannot be judged here: the
pseudo-locale sweep (tests/ui/test_pseudo_locale.py) and the CLI tests catch those on screen.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from companion.core import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "companion"

#: The functions that mark text (companion/core/i18n.py).
MARKERS = frozenset({"_", "N_", "counted", "pgettext", "ngettext", "npgettext"})

# --------------------------------------------------------------------------- what text is

# Placeholders, printf formats, markup, entities and file-dialog globs carry no words.
_NOT_WORDS = re.compile(
    r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifgrx%]|<[^<>]*>|&[A-Za-z]+;|&#\d+;"
    r"|\*\.[A-Za-z0-9]+|\*"
)
#: Literal texts that are the same in every language, each with its reason.
SAME_IN_EVERY_LANGUAGE: dict[str, str] = {
    "Bedtime Companion": "the product's name (APP_NAME) is never translated",
    "bedtime-companion": "the command's name (PROG), typed as it is in every language",
}


def has_words(text: str) -> bool:
    """Whether a literal holds letters a person reads (not only placeholders and markup)."""
    plain = _NOT_WORDS.sub(" ", text)
    for same in SAME_IN_EVERY_LANGUAGE:
        plain = plain.replace(same, " ")
    return re.search(r"[A-Za-z]", plain) is not None


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _receiver(node: ast.Call) -> str:
    """The source of what a method is called on (``parser`` in ``parser.error(...)``)."""
    func = node.func
    return ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""


def unmarked(node: ast.AST | None) -> list[str]:
    """The literal texts with words in ``node`` that reach the sink without marking."""
    if node is None:
        return []
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) and has_words(node.value) else []
    if isinstance(node, ast.JoinedStr):
        shape = "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
        return [ast.unparse(node)] if has_words(shape) else []
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Add):
            return unmarked(node.left) + unmarked(node.right)
        if isinstance(node.op, ast.Mod):
            return unmarked(node.left)
        return []
    if isinstance(node, ast.IfExp):
        return unmarked(node.body) + unmarked(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [text for value in node.values for text in unmarked(value)]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [text for element in node.elts for text in unmarked(element)]
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return unmarked(node.elt)
    if isinstance(node, ast.Starred):
        return unmarked(node.value)
    if isinstance(node, ast.Call):
        name = _callee(node)
        if name in MARKERS:
            return []
        if isinstance(node.func, ast.Attribute):
            # "Saved {n}".format(...), ", ".join([...]), "Save".upper(): the literal shows.
            found = unmarked(node.func.value)
            if name == "join" and node.args:
                found += unmarked(node.args[0])
            return found
        return []
    return []


def _looks_like_icon(node: ast.AST) -> bool:
    return "icon" in ast.unparse(node).lower() or "pixmap" in ast.unparse(node).lower()


# --------------------------------------------------------------------------- the sinks


@dataclass(frozen=True)
class Sink:
    """Which arguments of a call are shown: positions, keywords, and whether a leading icon
    argument shifts the text one place on (``addAction(icon, text)``)."""

    positions: tuple[int, ...] = ()
    keywords: tuple[str, ...] = ()
    icon_shift: bool = False


#: Methods and functions that show their argument, by name.
CALL_SINKS: dict[str, Sink] = {
    # Qt text setters
    **{
        name: Sink((0,))
        for name in (
            "setText",
            "setWindowTitle",
            "setToolTip",
            "setAccessibleName",
            "setAccessibleDescription",
            "setPlaceholderText",
            "setTitle",
            "setStatusTip",
            "setWhatsThis",
            "setInformativeText",
            "setDetailedText",
            "setLabelText",
            "setCancelButtonText",
            "setOkButtonText",
            "setSuffix",
            "setPrefix",
            "setSpecialValueText",
            "setHtml",
            "setPlainText",
            "setMarkdown",
            "setNameFilter",
            "setNameFilters",
            "setHeaderLabels",
            "setHorizontalHeaderLabels",
            "setVerticalHeaderLabels",
            "setApplicationDisplayName",
            "addItems",
            "addRow",
            "addButton",
            "setDefaultSuffix",
        )
    },
    "addItem": Sink((0,), ("text",), icon_shift=True),
    "addAction": Sink((0,), ("text",), icon_shift=True),
    "addMenu": Sink((0,), ("title",), icon_shift=True),
    "addSection": Sink((0,), icon_shift=True),
    "insertItem": Sink((1,), icon_shift=True),
    "insertItems": Sink((1,)),
    "setItemText": Sink((1,)),
    "addTab": Sink((1,), icon_shift=True),
    "insertTab": Sink((2,), icon_shift=True),
    "setTabText": Sink((1,)),
    "setTabToolTip": Sink((1,)),
    "setButtonText": Sink((1,)),
    "showMessage": Sink((0, 1)),  # a status bar's message; a tray's title and message
    "drawText": Sink((-1,)),  # painted chart labels and the report: the text comes last
    "drawStaticText": Sink((-1,)),
    # pyqtgraph
    "setLabel": Sink((1,), ("text", "units")),
    "setLabels": Sink((), ("title", "left", "bottom", "right", "top")),
    "TextItem": Sink((0,), ("text",)),
    "LabelItem": Sink((0,), ("text",)),
    # Qt constructors
    "QLabel": Sink((0,), ("text",)),
    "QPushButton": Sink((0,), ("text",), icon_shift=True),
    "QCheckBox": Sink((0,), ("text",)),
    "QRadioButton": Sink((0,), ("text",)),
    "QGroupBox": Sink((0,), ("title",)),
    "QAction": Sink((0,), ("text",), icon_shift=True),
    "QToolButton": Sink((0,), ("text",)),
    "QMenu": Sink((0,), ("title",)),
    "QCommandLinkButton": Sink((0, 1)),
    "QMessageBox": Sink((1, 2), ("title", "text", "informativeText", "detailedText")),
    "QProgressDialog": Sink((0, 1), ("labelText", "cancelButtonText")),
    "QListWidgetItem": Sink((0,), icon_shift=True),
    "QTableWidgetItem": Sink((0,), icon_shift=True),
    "QTreeWidgetItem": Sink((0,)),
    "QStandardItem": Sink((0,), icon_shift=True),
    # speech (the spoken guidance)
    "say": Sink((0,), ("text",)),
    # the app's own ways to tell the user something
    "show_message": Sink((0,), ("text",)),
    "show_notice": Sink((0, 1), ("text", "action_label", "more")),
    "tell": Sink((0,), ("text",)),
    "tell_calmly": Sink((0,), ("text",)),
    "_tell_calmly": Sink((0,), ("text",)),
    "_tell_on_stderr": Sink((0,), ("text",)),
    "_fail": Sink((0,), ("message",)),
    "_say": Sink((0,), ("text",)),
    "_warn": Sink((0,), ("text",)),
    "_message": Sink((1, 2), ("title", "text", "detail", "confirm")),
    "notice": Sink((0,), ("text",)),
    # the CLI
    "print": Sink(),  # every positional argument: see _shown_arguments
    "ArgumentParser": Sink((), ("description", "epilog", "usage")),
    "_Parser": Sink((), ("description", "epilog", "usage")),
    "add_argument": Sink((), ("help", "metavar")),
    "add_parser": Sink((), ("help", "description", "epilog")),
    "add_subparsers": Sink((), ("title", "description", "help", "metavar")),
    "add_argument_group": Sink((0, 1), ("title", "description")),
    "ArgumentTypeError": Sink((0,)),
    # errors whose message reaches the user through str(exc) (the CLI prints it, the app shows it)
    "CommandError": Sink((0,), ("message",)),
    "DataFolderError": Sink((0,)),
    "DiaryError": Sink((0,)),
    "DiaryClosed": Sink((0,)),
    "DiaryOpenError": Sink((2,), ("message",)),
    "ImportRejected": Sink((0,)),
    "OutputRefused": Sink((0,)),
    "PlanError": Sink((0,)),
    "RoutineError": Sink((1,), ("message",)),
    "ValidationError": Sink((1,), ("message",)),
    "ValueError": Sink((0,)),
}

#: Static methods of Qt dialogs: (class, method) -> the shown arguments.
STATIC_SINKS: dict[tuple[str, str], Sink] = {
    **{
        ("QMessageBox", name): Sink((1, 2), ("title", "text"))
        for name in ("information", "warning", "critical", "question", "about")
    },
    **{
        ("QFileDialog", name): Sink((1, 3), ("caption", "filter"))
        for name in (
            "getOpenFileName",
            "getOpenFileNames",
            "getSaveFileName",
            "getExistingDirectory",
            "getOpenFileUrl",
            "getSaveFileUrl",
        )
    },
    **{
        ("QInputDialog", name): Sink((1, 2), ("title", "label"))
        for name in ("getText", "getMultiLineText", "getInt", "getDouble", "getItem")
    },
}

#: pyqtgraph items and plot calls whose ``name=`` goes into the legend.
LEGEND_NAMED = frozenset(
    {"plot", "PlotDataItem", "PlotCurveItem", "BarGraphItem", "ScatterPlotItem", "ErrorBarItem"}
)

#: Errors whose own __init__ builds the sentence the user reads (``super().__init__(f"...")``).
USER_ERRORS = frozenset(name for name, sink in CALL_SINKS.items() if name[0].isupper()) - {
    "ValueError"
}


def _shown_arguments(node: ast.Call) -> Iterator[ast.AST]:
    """The arguments of ``node`` a person will see, if it is a sink."""
    name = _callee(node)
    func = node.func
    sink: Sink | None = None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        sink = STATIC_SINKS.get((func.value.id, func.attr))
    if sink is None:
        sink = CALL_SINKS.get(name)
    if name in ("error", "exit") and "log" not in _receiver(node).lower():
        # argparse: parser.error(message), parser.exit(status, message); a logger's is no sink.
        sink = Sink((0,) if name == "error" else (1,), ("message",))
    if name == "write" and _receiver(node) in ("sys.stdout", "sys.stderr"):
        sink = Sink((0,))
    if name == "emit" and _receiver(node).split(".")[-1] in ("message", "notice"):
        sink = Sink((0,))  # ctx.message.emit(text): the status line
    if name == "print":
        sink = Sink(tuple(range(len(node.args))))  # every value printed shows
    if name == "_tell" and len(node.args) == 3:
        sink = Sink((2,))  # the report's _tell(ctx, parent, text)
    if name == "addItem" and "legend" in _receiver(node).lower():
        sink = Sink((1,), ("name",))
    if name in LEGEND_NAMED:
        sink = Sink(sink.positions if sink else (), ("name",))
    if sink is None:
        return
    args = node.args
    for position in sink.positions:
        index = position if position >= 0 else len(args) + position
        if 0 <= index < len(args):
            shift = sink.icon_shift and _looks_like_icon(args[index]) and index + 1 < len(args)
            yield args[index + 1] if shift else args[index]
    for keyword in node.keywords:
        if keyword.arg in sink.keywords:
            value = keyword.value
            if keyword.arg == "more" and isinstance(value, (ast.List, ast.Tuple)):
                # show_notice(more=[(label, action), ...]): the labels show
                yield from (e.elts[0] for e in value.elts if isinstance(e, ast.Tuple) and e.elts)
            else:
                yield value


# --------------------------------------------------------------------------- allowed

#: (file under companion/, literal as the finding prints it) -> why it needs no marking.
ALLOWED: dict[tuple[str, str], str] = {
    ("companion/ui/exchange_actions.py", "f'unknown export format {fmt!r}'"): (
        "a programming error (the menu offers only json and csv); never reaches a person"
    ),
    ("companion/core/exchange.py", "f'unknown export format {fmt!r}'"): (
        "a programming error (the CLI's --format and the menu offer only json and csv)"
    ),
    ("companion/core/experiment.py", "p must lie strictly between 0 and 1"): (
        "a statistics helper's precondition on its own callers' numbers, never on input"
    ),
    ("companion/core/settings.py", "not an object"): (
        "caught at once by load_settings, which tells the user its own marked sentence"
    ),
    ("companion/core/demo.py", "The demo needs at least one night."): (
        "cannot happen from outside: the CLI's --nights is a positive_int, the app's --demo "
        "asks for DEMO_NIGHTS"
    ),
}


@dataclass(frozen=True)
class Site:
    path: str
    line: int
    sink: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.sink}(...{self.text!r})"


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "locale" not in p.parts)


def _relative(path: Path) -> str:
    """The name a finding prints: under the repository, else (a test's probe) the file name."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _error_class_sentences(tree: ast.Module) -> Iterator[tuple[ast.Call, ast.AST]]:
    """``super().__init__(f"...")`` inside a user-facing error class: its sentence shows."""
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef) or cls.name not in USER_ERRORS:
            continue
        for node in ast.walk(cls):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "__init__"
                and isinstance(node.func.value, ast.Call)
                and _callee(node.func.value) == "super"
            ):
                for arg in node.args:
                    yield node, arg


def unmarked_sites(paths: list[Path] | None = None) -> list[Site]:
    """Every literal with words passed straight to a user-visible sink, allowed ones left out."""
    sites: list[Site] = []
    for path in paths if paths is not None else _sources():
        rel = _relative(path)
        tree = _parsed(path)
        pairs: list[tuple[ast.Call, ast.AST]] = [
            (node, arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            for arg in _shown_arguments(node)
        ]
        pairs += list(_error_class_sentences(tree))
        for node, arg in pairs:
            for text in unmarked(arg):
                if (rel, text) not in ALLOWED:
                    sites.append(Site(rel, arg.lineno, _callee(node), text))
    return sorted(set(sites), key=lambda s: (s.path, s.line, s.text))


# --------------------------------------------------------------------------- marking misuse


def _marker_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node) in MARKERS:
            yield node


#: Which arguments of each marker are the texts a translator gets.
MESSAGE_ARGS = {
    "_": (0,),
    "N_": (0,),
    "counted": (1, 2),
    "pgettext": (0, 1),
    "ngettext": (0, 1),
    "npgettext": (0, 1, 2),
}


def misused_markers(paths: list[Path] | None = None) -> list[str]:
    """Marking extraction cannot read or a translator cannot translate: a message that is not
    a plain literal (an f-string, a sum), or one with positional ``{}``/``{0}`` placeholders.
    ``_(name)`` with a variable is the N_ table pattern and is fine."""
    faults: list[str] = []
    for path in paths if paths is not None else _sources():
        if path.name == "i18n.py" and path.parent.name == "core":
            continue  # the mechanism itself passes its parameters on
        rel = _relative(path)
        for call in _marker_calls(_parsed(path)):
            name = _callee(call)
            for index in MESSAGE_ARGS[name]:
                if index >= len(call.args):
                    continue
                arg = call.args[index]
                where = f"{rel}:{call.lineno}: {name}({ast.unparse(arg)[:60]})"
                if isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (
                    isinstance(arg, ast.Call) and _callee(arg) in ("format", "join")
                ):
                    faults.append(f"{where}: extraction cannot read a built text")
                elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if re.search(r"\{\d*(?:[:!][^{}]*)?\}", arg.value):
                        faults.append(f"{where}: positional placeholder, name it")
    return faults


def _import_time_code(tree: ast.Module) -> Iterator[ast.AST]:
    """What runs when the module is imported: module and class bodies (not function bodies),
    and default argument values."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from node.args.defaults
            yield from (d for d in node.args.kw_defaults if d is not None)
            yield from node.decorator_list
        elif isinstance(node, ast.ClassDef):
            pending.extend(node.body)
            yield from node.bases
            yield from node.decorator_list
        elif isinstance(node, (ast.If, ast.Try)):
            pending.extend(node.body)
            pending.extend(getattr(node, "orelse", []))
            pending.extend(getattr(node, "finalbody", []))
            for handler in getattr(node, "handlers", []):
                pending.extend(handler.body)
        else:
            yield node


def import_time_translations(paths: list[Path] | None = None) -> list[str]:
    """``_()`` (or counted, pgettext...) run at import time freezes the language of the moment
    the module was imported: such tables use ``N_`` and translate where shown."""
    faults: list[str] = []
    for path in paths if paths is not None else _sources():
        rel = _relative(path)
        for code in _import_time_code(_parsed(path)):
            for node in ast.walk(code):
                if isinstance(node, ast.Lambda):
                    continue
                if isinstance(node, ast.Call) and _callee(node) in MARKERS - {"N_"}:
                    if not _inside_lambda(code, node):
                        faults.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:70]}")
    return faults


def _inside_lambda(root: ast.AST, target: ast.AST) -> bool:
    for node in ast.walk(root):
        if isinstance(node, ast.Lambda) and any(n is target for n in ast.walk(node)):
            return True
    return False


# --------------------------------------------------------------------------- the tests


def test_every_user_visible_literal_is_marked() -> None:
    sites = unmarked_sites()
    assert sites == [], f"{len(sites)} unmarked texts:\n" + "\n".join(map(str, sites))


def test_marking_is_readable_by_extraction_and_translators() -> None:
    faults = misused_markers()
    assert faults == [], "\n".join(faults)


def test_nothing_is_translated_at_import_time() -> None:
    faults = import_time_translations()
    assert faults == [], "\n".join(faults)


def test_every_allowed_literal_still_exists_and_has_a_reason() -> None:
    """An allowance for a text that is gone would silently allow the next one of that name."""
    texts = {(_relative(p), t) for p in _sources() for t in _all_literals(p)}
    for key, reason in ALLOWED.items():
        assert reason.strip(), key
        assert key in texts, f"allowed but no longer in the code: {key}"


def _all_literals(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(_parsed(path)):
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            found.update(unmarked(node))
    return found


def _checked(tmp_path: Path, source: str) -> tuple[list[Site], list[str], list[str]]:
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    return unmarked_sites([probe]), misused_markers([probe]), import_time_translations([probe])


def test_the_check_finds_each_kind_of_unmarked_text(tmp_path: Path) -> None:
    source = """
from companion.core.i18n import N_, _, counted
label = QLabel("Save the note")
button.setText(f"Saved {n} nights")
box.setToolTip("Starts " + what)
combo.addItem(icon, "Calf", "calf")
combo.addItem(_("Thigh"), "thigh")
menu.addAction("Export")
tabs.addTab(page, "Week")
QMessageBox.warning(self, "Oops", _("Nothing changed."))
path, _f = QFileDialog.getSaveFileName(self, _("Save"), "", "PDF files (*.pdf)")
plot.setLabel("left", "Cramps")
plot.plot(xs, ys, name="Sleep")
painter.drawText(rect, flags, "Mon")
print("Nothing to do.")
print(_("Done:"), count, "nights", file=sys.stderr)
parser.add_argument("--from", metavar="DATE", help="the first night")
sub.add_parser("stats", help=_("summary figures"), description="Summary figures")
parser.error("no such night")
log.error("not shown to anyone")
raise PlanError("The start must be a date.")
raise ValidationError("bed_time", "must be a time", night)
raise CommandError(_("Fine."))
window.show_notice(_("Later?"), more=[("Postpone", later)])
label.setText(", ".join(["one", _("two")]))
label.setText(_("Saved {n}").format(n=3))
label.setText("<b>{}</b>".format(title))
label.setText("Bedtime Companion")
label.setText(counted(n, "{n} night", "{n} nights"))
label.setText("·")
combo.addItem(_("Right"), "right")
"""
    sites, _misused, _early = _checked(tmp_path, source)
    found = {site.text for site in sites}
    assert found == {
        "Save the note",
        "f'Saved {n} nights'",
        "Starts ",
        "Calf",
        "Export",
        "Week",
        "Oops",
        "PDF files (*.pdf)",
        "Cramps",
        "Sleep",
        "Mon",
        "Nothing to do.",
        "nights",
        "DATE",
        "the first night",
        "Summary figures",
        "no such night",
        "The start must be a date.",
        "must be a time",
        "Postpone",
        "one",
    }, sorted(found)


def test_the_check_finds_unreadable_marking_and_import_time_translation(tmp_path: Path) -> None:
    source = """
from companion.core.i18n import N_, _, counted
TITLE = _("Tonight")
AREAS = {"calf": N_("Calf")}
LATER = lambda: _("fine: runs when called")

def shown(n, where=_("here")):
    a = _(f"Saved {n}")
    b = _("Saved " + where)
    c = _("Saved {} nights")
    d = counted(n, "{0} night", "{n} nights")
    e = _(AREAS["calf"])
    return _("Saved {count}").format(count=n)

class Page:
    heading = _("Trends")
"""
    _sites, misused, early = _checked(tmp_path, source)
    assert len(misused) == 4, misused
    assert sorted(m.split(": ", 1)[1] for m in early) == [
        "_('Tonight')",
        "_('Trends')",
        "_('here')",
    ]


# --------------------------------------------------------------------------- extraction keywords


def _dev_keywords() -> dict[str, tuple[str, ...]]:
    """The ``-k`` options ``./dev i18n extract`` passes to Babel, as name -> argument spec."""
    text = (ROOT / "dev").read_text(encoding="utf-8")
    line = re.search(r"^I18N_KEYWORDS=\((.*)\)$", text, re.MULTILINE)
    assert line, "./dev has no I18N_KEYWORDS list"
    specs = re.findall(r'-k\s+"?([^"\s]+)"?', line.group(1))
    keywords: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        name, _colon, args = spec.partition(":")
        keywords[name] = tuple(args.split(",")) if args else ("1",)
    return keywords


def _wanted_spec(func: object) -> tuple[str, ...]:
    """The Babel keyword spec a marking function needs, from its parameter names: texts are
    ``message``/``singular``/``plural``, ``context`` is the context (``1c``)."""
    spec: list[str] = []
    for i, name in enumerate(inspect.signature(func).parameters, start=1):  # type: ignore[arg-type]
        if name in ("message", "singular", "plural", "msgid1", "msgid2"):
            spec.append(str(i))
        elif name == "context":
            spec.append(f"{i}c")
    return tuple(spec)


def test_extraction_looks_for_every_marking_function() -> None:
    from babel.messages.extract import DEFAULT_KEYWORDS

    dev = (ROOT / "dev").read_text(encoding="utf-8")
    assert "--no-default-keywords" not in dev  # ngettext comes from Babel's defaults
    keywords = _dev_keywords()
    for name in sorted(MARKERS):
        func = getattr(i18n, name)
        wanted = _wanted_spec(func)
        assert wanted, f"{name} takes no text?"
        if name in keywords:
            assert keywords[name] == wanted, (name, keywords[name], wanted)
        else:
            default = DEFAULT_KEYWORDS.get(name)
            assert default is not None, f"./dev i18n extract does not look for {name}()"
            as_spec = tuple(
                f"{a[0]}c" if isinstance(a, tuple) else str(a)
                for a in (default if isinstance(default, tuple) else (default,))
            )
            assert as_spec == wanted, (name, as_spec, wanted)


def test_the_code_marks_only_with_names_extraction_knows() -> None:
    """An alias (``from ...i18n import _ as tr``) or a marking function the list lacks would
    hide text from the translators."""
    exported = {
        name
        for name, value in vars(i18n).items()
        if inspect.isfunction(value) and _wanted_spec(value)
    }
    assert exported == set(MARKERS), exported ^ set(MARKERS)
    for path in _sources():
        for node in ast.walk(_parsed(path)):
            if isinstance(node, ast.ImportFrom) and node.module == "companion.core.i18n":
                for alias in node.names:
                    assert alias.asname is None or alias.name not in MARKERS, (
                        f"{_relative(path)}:{node.lineno}: {alias.name} as {alias.asname}"
                    )


@pytest.mark.parametrize("text", ["Save", "{n} nights", "PDF files (*.pdf)", "OK", "<b>Note</b>"])
def test_words_are_text(text: str) -> None:
    assert has_words(text)


@pytest.mark.parametrize("text", ["", "·", "{n}", "%s", "<b>{x}</b>", "(*.pdf)", "&nbsp;", "—"])
def test_placeholders_and_markup_are_not(text: str) -> None:
    assert not has_words(text)
