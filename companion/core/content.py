"""What the Learn page and the tips say (from CONTENT.md): plain data, no Qt, so the report can
reuse the same wording.

Every text is marked ``N_`` and translated where shown: call ``why_sections()``, ``tips()`` and
``not_medical_advice()`` (the constants stay, in English, for callers that translate them)."""

from __future__ import annotations

from companion.core.i18n import N_, _

NOT_MEDICAL_ADVICE = N_(
    "Bedtime Companion is a companion, not a treatment, and it does not diagnose. "
    "Talk to your doctor about your cramps, and before taking any supplement."
)

WHY_SECTIONS: tuple[tuple[str, str], ...] = (
    (
        N_("Why cramps and fibromyalgia go together"),
        N_(
            "Fibromyalgia changes how your nervous system handles pain and signals. Muscles can react "
            "to small triggers, and nerves in the legs and feet can misfire."
        ),
    ),
    (
        N_("What can set them off"),
        N_(
            "Not drinking enough; low magnesium, potassium or calcium; tight muscles after sitting "
            "still for long; toes pointing down for hours in bed; doing too much during the day; and "
            "broken deep sleep, which is when muscles recover."
        ),
    ),
    (
        N_("Cramp or restless legs?"),
        N_(
            "A cramp is a hard, painful knot in a muscle. Restless legs are an urge to move them. "
            "Restless legs are far more common with fibromyalgia (about a third of people, against "
            "about 3 in 100 others). They are treated differently, so the diary asks which it was."
        ),
    ),
    (
        N_("What a cramp is like"),
        N_(
            "A cramp lasts from a few seconds to about ten minutes and can leave the muscle sore for "
            "hours. It usually hits the calf or the foot, less often the thigh."
        ),
    ),
    (
        N_("Why the routine stretches"),
        N_(
            "In a trial with 80 adults who had cramps most nights, calf and hamstring stretches done "
            "every night just before sleep, for six weeks, meant about one fewer cramp a night, and "
            "less painful ones (Hallegraeff and colleagues, 2012). Hold each stretch 10 seconds, relax "
            "10 seconds, three times, both legs, breathing normally."
        ),
    ),
    (
        N_("An honest word"),
        N_(
            "Another trial found calf stretching alone made no clear difference (Coppin and "
            "colleagues, 2005). The evidence is modest, so your own diary and charts are the way to "
            "see whether the routine helps you."
        ),
    ),
    (
        N_("Warmth before bed"),
        N_(
            "A warm bath or shower one to two hours before bed (about 40 to 42 °C, even 10 minutes) "
            "helps people fall asleep sooner. Warmth also relaxes muscles and helps circulation."
        ),
    ),
    (
        N_("When to see a doctor"),
        N_(
            "If cramps are frequent or severe; if a cramp lasts over 10 minutes and does not ease; if "
            "you notice numbness, weakness, or pain that stretching does not relieve. Swelling, "
            "redness or warmth in one calf needs medical help the same day."
        ),
    ),
)

TIPS: tuple[str, ...] = (
    N_("Sip water through the day, not just at bedtime."),
    N_("Go easy on caffeine and alcohol in the evening: both dry you out."),
    N_("Pace the day with rest breaks. Overdoing it raises the chance of cramps at night."),
    N_(
        "Nuts, seeds, leafy greens, bananas and dairy bring magnesium, potassium and calcium. "
        "Ask your doctor before taking supplements."
    ),
    N_("Gentle yoga or foam rolling in the evening can loosen tight calves."),
    N_("On your back, a pillow under the knees. On your side, a pillow between them."),
    N_("A warm bath, a heating pad or a gentle massage before bed helps muscles let go."),
    N_("Loosen the covers at the foot of the bed so they don't press your toes down."),
    N_("If cramps are frequent or severe, it is worth seeing a doctor. The report can help."),
)


def not_medical_advice() -> str:
    """The 'companion, not a treatment' line in the current language."""
    return _(NOT_MEDICAL_ADVICE)


def why_sections() -> tuple[tuple[str, str], ...]:
    """The Learn page's sections (title, text) in the current language."""
    return tuple((_(title), _(text)) for title, text in WHY_SECTIONS)


def tips() -> tuple[str, ...]:
    """The tips in the current language, in the same order as ``TIPS``."""
    return tuple(_(tip) for tip in TIPS)
