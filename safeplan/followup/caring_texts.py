"""Our default wording for caring contacts (clinical-rules.md §7.2), one note per step of the series.

Written by us, in the spirit of Motto's letters: brief, warm, about the person and not their treatment,
and **non-demanding** (no question that asks for a reply, no request, no mention of diagnosis or care).
An organisation replaces any of these with its own wording (``CaringMessageText``). The crisis line, the
emergency number and the opt-out link are added to every note when it is sent.
"""

from __future__ import annotations

DEFAULT_TEXTS: dict[str, tuple[str, ...]] = {
    "en": (
        "Hello from your care team. We have been thinking of you this week and wanted you to know.",
        "Just a short note to say we hope this week has had a few good moments in it.",
        "We are still thinking of you. No need to reply; we simply wanted to say hello.",
        "A month has passed, and we wanted to send you our warm wishes.",
        "Hello again. We hope things are going as well as they can. You are on our minds.",
        "We wanted to let you know we remember you and wish you well.",
        "Sending you our best wishes this month. It was good to get to know you.",
        "Hello from all of us. We hope you are finding things that help you get through the days.",
        "We are thinking of you and hope the season is treating you kindly.",
        "Another note to say we care about how you are doing, whenever you read this.",
        "It has been a year since we started writing. We are glad to know you and wish you well.",
    ),
    "es": (
        "Hola de parte de tu equipo de cuidado. Hemos pensado en ti esta semana y queríamos que lo supieras.",
        "Solo una nota breve para decirte que esperamos que esta semana haya tenido algunos buenos momentos.",
        "Seguimos pensando en ti. No hace falta que respondas; solo queríamos saludarte.",
        "Ha pasado un mes y queríamos enviarte nuestros mejores deseos.",
        "Hola de nuevo. Esperamos que las cosas vayan lo mejor posible. Te tenemos presente.",
        "Queríamos que supieras que te recordamos y te deseamos lo mejor.",
        "Te enviamos nuestros mejores deseos este mes. Fue bueno conocerte.",
        "Hola de parte de todos nosotros. Esperamos que encuentres cosas que te ayuden a seguir adelante.",
        "Pensamos en ti y esperamos que esta temporada te esté tratando bien.",
        "Otra nota para decirte que nos importa cómo estás, cuando sea que leas esto.",
        "Hace un año que empezamos a escribirte. Nos alegra conocerte y te deseamos lo mejor.",
    ),
}


def default_text(language: str, sequence: int) -> str:
    """Our note for step ``sequence`` (1-based) in ``language`` (English when we have none)."""
    texts = DEFAULT_TEXTS.get((language or "en").split("-")[0], DEFAULT_TEXTS["en"])
    return texts[(sequence - 1) % len(texts)]
