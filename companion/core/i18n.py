"""The one translation mechanism for every layer: core wording, widgets, the CLI, the report.

Python's ``gettext`` with catalogs in ``companion/locale/<lang>/LC_MESSAGES/companion.po``; the
compiled ``.mo`` files are built by ``./dev`` (and by the wheel build), never edited by hand.

How to mark text (``./dev i18n extract`` finds these names):

- ``_("Save")``: text shown now.
- ``N_("Calf")``: text in a module-level table, translated where it is shown with ``_(label)``,
  so that a change of language takes effect without re-importing anything.
- ``counted(n, "{n} night", "{n} nights")``: anything with a number in it. It picks the
  language's plural form (``ngettext``) and fills ``{n}`` with the number in the language's form
  ("1.204" in German). Never build a plural by adding "s".
- ``pgettext("month", "May")``: the same English word meaning two things.

The language is chosen once at start (``set_language``) from the setting or the system
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, in GNU gettext's order). ``using(code)``
switches it for a block, which is how a report is made in another language than the app's. The
pseudo-locale ``pseudo`` accents every letter and makes each text about 40 % longer, so that a run
over every page shows clipped text and English nobody marked.
"""

from __future__ import annotations

import gettext
import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "companion"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

#: The languages the app offers, each named in itself (a German reader looks for "Deutsch").
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "de": "Deutsch"}
#: Not offered in Settings: for testing layouts and finding unmarked text.
PSEUDO = "pseudo"
#: The setting's value that means "follow the system".
SYSTEM = "system"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


# --------------------------------------------------------------------------- choosing


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The first language the environment asks for that the app has, else English."""
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].strip()
            if code == PSEUDO:
                return PSEUDO
            base = code.split("_")[0].split("-")[0].lower()
            if base in LANGUAGES:
                return base
        if variable != "LANGUAGE":
            # LC_ALL/LC_MESSAGES/LANG name one locale; a language we lack means English.
            return "en"
    return "en"


def resolve_language(choice: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language a setting means: ``system`` (or nothing, or a code we lack) follows the
    environment."""
    if choice in LANGUAGES or choice == PSEUDO:
        return choice
    return system_language(environ)


def _load(code: str) -> gettext.NullTranslations:
    if code == PSEUDO:
        return PseudoTranslations()
    if code == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[code], fallback=True)


def has_catalog(code: str) -> bool:
    """Whether the compiled catalog for ``code`` is there (English and the pseudo-locale need
    none)."""
    if code in ("en", PSEUDO):
        return True
    return (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()


def set_language(choice: str | None) -> str:
    """Use ``choice`` (a code, ``system`` or None) from now on; returns the code in use. A
    language whose catalog is missing falls back to English rather than failing."""
    global _translations, _language
    code = resolve_language(choice)
    if not has_catalog(code):
        code = "en"
    _translations = _load(code)
    _language = code
    return code


def current_language() -> str:
    return _language


@contextmanager
def using(choice: str | None) -> Iterator[str]:
    """Speak another language inside the block (a report for a doctor abroad), then go back."""
    global _translations, _language
    saved = (_translations, _language)
    try:
        yield set_language(choice)
    finally:
        _translations, _language = saved


# --------------------------------------------------------------------------- marking


def _(message: str) -> str:
    """The text in the current language (the empty string stays empty: gettext would return
    the catalog's header for it)."""
    if not message:
        return message
    return _translations.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention extraction looks for
    """Marks text for extraction without translating it yet (module-level tables)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    if not message:
        return message
    return _translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translations.npgettext(context, singular, plural, n)


def counted(n: float, singular: str, plural: str, **fields: object) -> str:
    """``counted(3, "{n} night", "{n} nights")`` -> "3 nights"; "1.204 Nächte" in German.
    A float ``n`` (a mean such as 1.5) takes the plural form and is shown with one decimal."""
    if isinstance(n, float) and not n.is_integer():
        form = ngettext(singular, plural, 2)
        shown = number(n, 1)
    else:
        whole = int(n)
        form = ngettext(singular, plural, whole)
        shown = number(whole)
    return form.format(n=shown, **fields)


# --------------------------------------------------------------------------- numbers


def decimal_separator() -> str:
    # Translators: the decimal separator of your language: "," in German and Spanish.
    return pgettext("decimal separator", ".")


def thousands_separator() -> str:
    # Translators: the separator between groups of thousands: "." in German and Spanish.
    return pgettext("thousands separator", ",")


def number(value: float, decimals: int | None = None) -> str:
    """A number as the language writes it: 1,204.5 in English, 1.204,5 in German. ``decimals``
    None shows an int as an int and a float as short as it goes (``:g``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
    elif isinstance(value, int) or float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,g}"
    return (
        text.replace(",", "\0")
        .replace(".", decimal_separator())
        .replace("\0", thousands_separator())
    )


def percent(fraction: float) -> str:
    """A share as a whole percentage in the language's form: '40 %' in German, '40%' in
    English."""
    # Translators: a percentage; German and Spanish put a space before the sign ("40 %").
    return _("{value}%").format(value=number(round(fraction * 100)))


# --------------------------------------------------------------------------- pseudo-locale

_PSEUDO_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒğĥíĵķļɱñöþʠŕšţüṽŵẋýžÁƁÇĐÉƑĞĤÍĴĶĻṀÑÖÞǪŔŠŢÜṼŴẊÝŽ",
)
# Placeholders and markup that must come through unchanged: {n}, {name:,}, %s, %(x)d, <b>, &amp;
_KEEP = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifgrx%]|<[^<>]*>|&\w+;")
#: What a pseudo-translated text begins and ends with, so a test can tell it from English.
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def pseudo(text: str) -> str:
    """Accented and about 40 % longer, placeholders kept: 'Save {n}' -> '⟦Šáṽé {n}~⟧',
    and a long paragraph padded with groups of '~~~~' between spaces (see ``_padding``)."""
    if not text:
        return text
    out: list[str] = []
    last = 0
    for match in _KEEP.finditer(text):
        out.append(text[last : match.start()].translate(_PSEUDO_LETTERS))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(_PSEUDO_LETTERS))
    return f"{PSEUDO_OPEN}{''.join(out)}{_padding(math.ceil(len(text) * 0.4) - 2)}{PSEUDO_CLOSE}"


#: The longest run of "~" in the padding: about a word of a longer language.
_PAD_GROUP = 4


def _padding(size: int) -> str:
    """``size`` characters (at least one) of "~" that wrap like words: a short text's padding
    lengthens its last word ('⟦Šáṽé~⟧'), a longer one's is groups of four between spaces
    (' ~~~~ ~~~~ ~~'), since one unbroken run (200 letters on a long paragraph) is a word no
    language has and no wrapped label could fit at any width."""
    if size <= _PAD_GROUP:
        return "~" * max(1, size)
    padding = (" " + "~" * _PAD_GROUP) * (size // (_PAD_GROUP + 1) + 1)
    padding = padding[:size]
    # Never a space last (it would be trimmed): its "~" goes onto the last word instead.
    return padding if not padding.endswith(" ") else "~" + padding[:-1]


#: Contexts whose "translation" is a format, not words: the pseudo-locale keeps English ones.
_FORMAT_CONTEXTS = frozenset({"decimal separator", "thousands separator"})


class PseudoTranslations(gettext.NullTranslations):
    """A catalog that translates everything into the pseudo-locale, with no file."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return message if context in _FORMAT_CONTEXTS else pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)
