"""The Learn page speaks the chosen language: built under the pseudo-locale, nothing on it is
plain English and nothing is clipped at 1024x600."""

from __future__ import annotations

from companion.core import content, i18n
from companion.ui.learn_view import LearnPage
from tests.ui.helpers import by_name
from tests.ui.pseudo_sweep import cut_one_line_texts as clipped
from tests.ui.pseudo_sweep import english_left, pseudo_language


def test_learn_under_the_pseudo_locale_has_no_english_left(qtbot, ctx) -> None:
    with pseudo_language():
        page = LearnPage(ctx)
        qtbot.addWidget(page)
        page.resize(1024, 600)
        page.show()
        qtbot.waitExposed(page)
        left = english_left(page, values=True) + clipped(page)
        page.next_tip()  # the next tip too
        left += english_left(page, values=True)
        tip = by_name(page, type(page.tip_label), i18n.pseudo("Tip"))
        assert (
            tip.text()
            == content.tips()[page._tip_index]
            == i18n.pseudo(content.TIPS[page._tip_index])
        )
    assert left == [], "\n".join(left)


def test_learn_in_english_shows_the_english_text(qtbot, ctx) -> None:
    page = LearnPage(ctx)
    qtbot.addWidget(page)
    assert page.tip_label.text() in content.TIPS
    assert page.accessibleName() == "Learn"
    assert page.next_tip_button.toolTip() == "Show another tip"
