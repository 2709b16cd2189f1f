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
    field.locator(".mdc-select__anchor").click()
    option = field.locator(".mdc-list-item", has_text=re.compile(re.escape(label)))
    option.first.click()


def pick(page, name: str, label: str) -> None:
    """Click the radio button of field ``name`` labelled ``label``."""
    field = page.locator(f"vf-field-radio-select[name='{name}']")
    field.locator("label", has_text=label).first.click()


def tick(page, name: str) -> None:
    """Tick the checkbox of field ``name``."""
    page.locator(f"vf-field-checkbox[name='{name}'] input[type=checkbox]").check()


def choose_many(page, name: str, labels: list[str]) -> None:
    """Open the multiple select ``name`` and click each option in ``labels``."""
    field = page.locator(f"vf-field-select-multiple[name='{name}']")
    field.locator(".mdc-select__anchor").click()
    for label in labels:
        field.locator(".mdc-list-item", has_text=label).first.click()
    page.keyboard.press("Escape")


def submit(page, text: str | None = None) -> None:
    """Press the form's submit button (by its text when there are several)."""
    buttons = page.locator(
        "main form button:not([type=button]):not([tabindex=\"-1\"]):visible"
    )
    button = buttons.filter(has_text=text).first if text else buttons.last
    button.click()
    page.wait_for_load_state("networkidle")


def errors(page) -> list[str]:
    """What the form says is wrong, as the person reads it."""
    return [
        t.strip()
        for t in page.locator(
            ".mdc-text-field-helper-text--validation-msg, .vf-form__errors, "
            ".errorlist, .vf-field__error, .mdc-text-field-helper-line"
        ).all_inner_texts()
        if t.strip()
    ]
