"""Filling viewflow Material forms the way a person does: typing into the visible
control, opening a select and clicking the option by its label."""

import re


def _field(page, name: str):
    return page.locator(f"[name='{name}'][label], vf-field-select[name='{name}']").first


def fill(page, name: str, value) -> None:
    """Type into the text, number, date or textarea control of field ``name``."""
    control = page.locator(
        f"input[name='{name}']:not([type=hidden]), textarea[name='{name}']"
    ).first
    control.click()
    control.fill(str(value))


def choose(page, name: str, label: str) -> None:
    """Open the select ``name`` and click the option whose text is ``label``."""
    field = page.locator(f"vf-field-select[name='{name}']")
    if not field.count():  # one of our own pages: a plain select
        select = page.locator(f"select[name='{name}']")
        value = select.locator("option", has_text=label).first.get_attribute("value")
        select.select_option(value)
        return
    field.locator(".mdc-select__anchor").click()
    option = field.locator(".mdc-list-item", has_text=re.compile(re.escape(label)))
    option.first.click()
    _closed(field)


def _closed(field) -> None:
    """Wait for the menu to finish closing: MDC's menus animate, and opening the next
    select while one is still closing makes its list focus an item that is gone."""
    field.locator(
        ".mdc-menu-surface--open, .mdc-menu-surface--animating-closed"
    ).first.wait_for(state="detached")


def pick(page, name: str, label: str) -> None:
    """Click the radio button of field ``name`` labelled ``label``."""
    field = page.locator(f"vf-field-radio-select[name='{name}']")
    if not field.count():  # one of our own pages: plain radio buttons
        field = page.locator(f"input[type=radio][name='{name}']").locator("xpath=../..")
    exact = field.get_by_text(label, exact=True)
    (exact if exact.count() else field.locator("label", has_text=label)).first.click()


def tick(page, name: str) -> None:
    """Tick the checkbox of field ``name``."""
    page.locator(f"input[type=checkbox][name='{name}']").first.check()


def choose_many(page, name: str, labels: list[str]) -> None:
    """Open the multiple select ``name`` and click each option in ``labels``."""
    field = page.locator(f"vf-field-select-multiple[name='{name}']")
    selected = field.locator(".mdc-select__selected-text")
    field.locator(".mdc-select__anchor").click()
    for label in labels:
        if label not in selected.inner_text():  # a click on a chosen one unticks it
            field.locator(".mdc-list-item", has_text=label).first.click()
    page.keyboard.press("Escape")
    _closed(field)
    for label in labels:
        assert label in selected.inner_text(), selected.inner_text()


def submit(page, text: str | None = None) -> None:
    """Press the form's submit button (by its text when there are several)."""
    buttons = page.locator(
        'main form button:not([type=button]):not([tabindex="-1"]):visible'
    )
    button = buttons.filter(has_text=text).first if text else buttons.last
    with page.expect_navigation():  # the answer: the next page, or the form again
        button.click()
    page.wait_for_load_state("networkidle")


def errors(page) -> list[str]:
    """What the page says is wrong, as the person reads it: viewflow's form errors
    (the summary above the form and each field's own message) and our pages' lists."""
    texts = page.locator(
        ".vf-form__error, .errorlist li, .re-message--error"
    ).all_inner_texts()
    texts += page.eval_on_selector_all(
        "main [error]", "els => els.map(e => e.getAttribute('error'))"
    )
    return list(dict.fromkeys(t.strip() for t in texts if t and t.strip()))
