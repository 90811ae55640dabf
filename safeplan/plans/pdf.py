"""The plan as a PDF, and the wallet card (credit-card size, ISO/IEC 7810 ID-1: 85.6 × 54 mm).

fpdf2 with the bundled DejaVu Sans (``plans/fonts``, licence alongside), so names in any Latin, Greek or
Cyrillic script and Vietnamese render ("Zoë Ólafsdóttir", "Nguyễn Thị Thu"). The client carries these, so
they show the emergency number of the client's country: a call from the client's phone reaches help where
the client is (clinical-rules.md §10.5). Text comes out in the active language (the client's).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from safeplan.plans import display, labels

FONTS = Path(__file__).resolve().parent / "fonts"
INK = (27, 31, 36)
MUTED = (74, 83, 96)
ACCENT = (11, 92, 173)
DANGER = (164, 22, 26)
CARD = (85.6, 54.0)


def _document(format: Any, margin: float) -> FPDF:
    pdf = FPDF(unit="mm", format=format)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(margin, margin, margin)
    pdf.set_creator("Safeplan")
    pdf.set_title(_("My plan"))  # no name in the metadata: file names and indexes leak less
    return pdf


def _paper(country: str) -> str:
    return "Letter" if country in ("US", "CA", "MX", "PH") else "A4"


def plan_pdf(
    *,
    client: Any,
    version: Any,
    signatures: list[Any],
    emergency_number: str | None,
    printed_at: dt.datetime,
    zone: dt.tzinfo = dt.UTC,
) -> bytes:
    """The whole plan on paper: every section in order, who wrote each entry, signatures, review date.
    Times are in the client's time zone (``zone``)."""
    pdf = _document(_paper(client.country), 16)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    width = pdf.epw

    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(width, 9, _("My safety plan"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(width, 6, client.display_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 9)
    facts = _("Version %(number)s of %(date)s · review by %(review)s") % {
        "number": version.number,
        "date": version.created_at.astimezone(zone).date().isoformat(),
        "review": version.plan.review_due.isoformat() if version.plan.review_due else "—",
    }
    pdf.multi_cell(width, 5, facts, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if emergency_number:
        pdf.ln(2)
        pdf.set_text_color(*DANGER)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(
            width,
            7,
            _("In an emergency, call %(number)s") % {"number": emergency_number},
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    for section in display.show_sections(version.content):
        pdf.ln(3)
        pdf.set_text_color(*ACCENT)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(
            width, 7, f"{section.number}. {section.title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_text_color(*MUTED)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(width, 4.5, section.hint, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if not section.entries:
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(width, 6, "—", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for entry in section.entries:
            _plan_entry(pdf, width, entry)
    pdf.ln(4)
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(width, 6, _("Signatures"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 9.5)
    if not signatures:
        pdf.multi_cell(width, 5, _("Not signed yet."), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for sig in signatures:
        line = (
            f"{labels.SIGNER_ROLES[sig.role]}: {sig.name} · {sig.signed_at:%Y-%m-%d %H:%M} UTC · "
        )
        line += str(labels.SIGNATURE_METHODS[sig.method])
        pdf.multi_cell(width, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 7.5)
    pdf.multi_cell(
        width,
        4,
        _("Printed %(when)s. Keep this somewhere you can find it quickly.")
        % {"when": printed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")},
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())


def _plan_entry(pdf: FPDF, width: float, entry: display.ShownEntry) -> None:
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "B" if entry.section != "warning_signs" else "", 10.5)
    title = "• " + entry.title
    if entry.kind_label and entry.section == "professionals":
        title += f" — {entry.kind_label}"
    pdf.multi_cell(width, 5.5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 9.5)
    indent = 4
    lines: list[str] = []
    if entry.phone_display:
        lines.append(_("Call %(number)s") % {"number": entry.phone_display})
    if entry.sms_display and entry.section == "professionals":
        lines.append(_("Text %(number)s") % {"number": entry.sms_display})
    lines.extend(f"{i}. {step}" for i, step in enumerate(entry.steps, 1))
    lines.extend(entry.details)
    author = str(labels.AUTHOR_FOR_CLIENT.get(entry.author, ""))
    for line in lines:
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 7.5)
    pdf.set_x(pdf.l_margin + indent)
    meta = f"({author})" + (f" {_('Source')}: {entry.source}" if entry.source else "")
    pdf.multi_cell(width - indent, 4, meta, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits on one line of ``width`` mm."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def wallet_card_pdf(
    *,
    people: list[tuple[str, str]],
    crisis_line: tuple[str, str] | None,
    emergency_number: str | None,
    coping: list[str],
) -> bytes:
    """Two sides of a card: three people to call, a crisis line and the emergency number on the front;
    two coping steps on the back."""
    pdf = _document(CARD, 4)
    pdf.set_auto_page_break(False)
    width = CARD[0] - 8

    pdf.add_page()
    pdf.set_text_color(*ACCENT)
    pdf.set_font("DejaVu", "B", 8.5)
    pdf.cell(width, 4.5, _fit(pdf, _("My plan: people I can call"), width))
    pdf.ln(5)
    pdf.set_text_color(*INK)
    for name, phone in people[:3] or [("—", "")]:
        pdf.set_font("DejaVu", "B", 7.5)
        number_width = pdf.get_string_width(phone) + 1 if phone else 0
        pdf.cell(width - number_width, 4.2, _fit(pdf, name, width - number_width - 1))
        pdf.set_font("DejaVu", "", 7.5)
        pdf.cell(number_width, 4.2, phone, align="R")
        pdf.ln(4.4)
    pdf.ln(1)
    pdf.set_draw_color(*MUTED)
    pdf.line(4, pdf.get_y(), CARD[0] - 4, pdf.get_y())
    pdf.ln(1.2)
    if crisis_line:
        pdf.set_font("DejaVu", "", 7)
        pdf.cell(width, 3.8, _fit(pdf, _("Crisis line"), width))
        pdf.ln(3.8)
        pdf.set_font("DejaVu", "B", 7.5)
        label = f"{crisis_line[0]}: {crisis_line[1]}"
        pdf.cell(width, 4.2, _fit(pdf, label, width))
        pdf.ln(4.6)
    if emergency_number:
        pdf.set_text_color(*DANGER)
        pdf.set_font("DejaVu", "B", 8.5)
        text = _("Emergency: call %(number)s") % {"number": emergency_number}
        pdf.cell(width, 5, _fit(pdf, text, width))

    pdf.add_page()
    pdf.set_text_color(*ACCENT)
    pdf.set_font("DejaVu", "B", 8.5)
    pdf.cell(width, 4.5, _fit(pdf, _("When things get hard, I can:"), width))
    pdf.ln(5.5)
    pdf.set_text_color(*INK)
    pdf.set_font("DejaVu", "", 7.5)
    for index, step in enumerate(coping[:2] or ["—"], 1):
        pdf.set_x(4)
        pdf.multi_cell(width, 3.8, f"{index}. {step}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
        if pdf.get_y() > CARD[1] - 10:
            break
    pdf.set_y(CARD[1] - 8)
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", "", 6)
    pdf.multi_cell(
        width,
        3,
        _("You are not alone. Keep this card with you."),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())


def wallet_card_for(content: dict[str, Any], emergency_number: str | None) -> bytes:
    """The wallet card from a version's content: people with numbers from sections 4 then 3, the first
    crisis line of section 5, the first two coping steps of section 2 (§2.1: the plan ladder)."""
    people: list[tuple[str, str]] = []
    for section in ("help_people", "distractions"):
        for entry in content.get(section, []):
            shown = display.show_entry(section, entry)
            if shown.phone and len(people) < 3:
                people.append((entry.get("name", ""), shown.phone_display))
    crisis = None
    for entry in content.get("professionals", []):
        if entry.get("kind") == "crisis_line":
            shown = display.show_entry("professionals", entry)
            number = shown.phone_display or (
                _("text %(number)s") % {"number": shown.sms_display} if shown.sms else ""
            )
            crisis = (entry.get("name", ""), number)
            break
    coping = [
        display.show_entry("coping", e).title or e.get("text", "")
        for e in content.get("coping", [])
    ]
    return wallet_card_pdf(
        people=people,
        crisis_line=crisis,
        emergency_number=emergency_number,
        coping=[c for c in coping if c],
    )
