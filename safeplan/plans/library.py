"""The self-care library: coping skills a clinician can add to section 2 of the plan (clinical-rules.md §1.4,
"Self-care strategies (relaxation, mindfulness, grounding)"; §2.1 step 2, things to do on one's own).

The short instructions are written by the Safeplan project in plain words, in English and Spanish. They are
general self-help steps, not a treatment protocol; a clinician chooses which ones fit the client. Pure data,
no Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skill:
    code: str
    title: dict[str, str]
    steps: dict[str, tuple[str, ...]]

    def title_in(self, language: str) -> str:
        return self.title.get(language[:2], self.title["en"])

    def steps_in(self, language: str) -> tuple[str, ...]:
        return self.steps.get(language[:2], self.steps["en"])


SKILLS: tuple[Skill, ...] = (
    Skill(
        "grounding_54321",
        {
            "en": "Grounding with my senses (5-4-3-2-1)",
            "es": "Conectar con mis sentidos (5-4-3-2-1)",
        },
        {
            "en": (
                "Look around and name 5 things you can see.",
                "Notice 4 things you can feel: your feet on the floor, the chair, your clothes.",
                "Listen for 3 sounds, near or far.",
                "Find 2 things you can smell, or 2 smells you like.",
                "Notice 1 thing you can taste, or take a sip of water.",
            ),
            "es": (
                "Mira a tu alrededor y nombra 5 cosas que puedes ver.",
                "Nota 4 cosas que puedes sentir: los pies en el suelo, la silla, tu ropa.",
                "Escucha 3 sonidos, cercanos o lejanos.",
                "Busca 2 cosas que puedes oler, o 2 olores que te gusten.",
                "Nota 1 cosa que puedes saborear, o toma un sorbo de agua.",
            ),
        },
    ),
    Skill(
        "paced_breathing",
        {"en": "Slow breathing", "es": "Respiración lenta"},
        {
            "en": (
                "Sit or stand comfortably and let your shoulders drop.",
                "Breathe in gently through your nose while counting to 4.",
                "Breathe out slowly through your mouth while counting to 6.",
                "Keep going for 2 to 5 minutes. If counting is hard, just make each "
                "breath out a little longer than the breath in.",
            ),
            "es": (
                "Siéntate o ponte de pie cómodamente y deja caer los hombros.",
                "Inhala suavemente por la nariz mientras cuentas hasta 4.",
                "Exhala despacio por la boca mientras cuentas hasta 6.",
                "Sigue así de 2 a 5 minutos. Si contar es difícil, solo haz que cada "
                "exhalación sea un poco más larga que la inhalación.",
            ),
        },
    ),
    Skill(
        "muscle_relaxation",
        {
            "en": "Tensing and relaxing my muscles",
            "es": "Tensar y relajar los músculos",
        },
        {
            "en": (
                "Start with your feet: squeeze the muscles for about 5 seconds.",
                "Let go all at once and notice the difference for 10 to 15 seconds.",
                "Move up the body: legs, stomach, hands, arms, shoulders, face.",
                "Skip any part that hurts. Breathe slowly the whole time.",
            ),
            "es": (
                "Empieza por los pies: aprieta los músculos unos 5 segundos.",
                "Suelta de golpe y nota la diferencia durante 10 a 15 segundos.",
                "Sube por el cuerpo: piernas, abdomen, manos, brazos, hombros, cara.",
                "Sáltate cualquier parte que te duela. Respira despacio todo el tiempo.",
            ),
        },
    ),
    Skill(
        "present_moment",
        {
            "en": "Noticing the present moment",
            "es": "Prestar atención al momento presente",
        },
        {
            "en": (
                "Choose one simple thing to do slowly: drinking tea, washing your hands, walking.",
                "Notice what you see, hear and feel while you do it.",
                "When thoughts pull you away, notice that, and gently come back.",
                "There is no right or wrong way; coming back is the practice.",
            ),
            "es": (
                "Elige una cosa sencilla para hacer despacio: tomar un té, lavarte las "
                "manos, caminar.",
                "Nota lo que ves, oyes y sientes mientras lo haces.",
                "Cuando los pensamientos te distraigan, date cuenta y vuelve con calma.",
                "No hay una forma correcta o incorrecta; volver es la práctica.",
            ),
        },
    ),
    Skill(
        "physical_activity",
        {"en": "Moving my body", "es": "Mover el cuerpo"},
        {
            "en": (
                "Pick something you can do right now: a brisk walk, stretching, dancing "
                "to one song, climbing stairs.",
                "Keep going for about 10 minutes, at a pace that feels manageable.",
                "Stay somewhere you feel safe.",
                "Afterwards, notice how your body and mood feel.",
            ),
            "es": (
                "Elige algo que puedas hacer ahora: caminar rápido, estirarte, bailar "
                "una canción, subir escaleras.",
                "Sigue unos 10 minutos, a un ritmo que puedas mantener.",
                "Quédate en un lugar donde te sientas seguro o segura.",
                "Después, nota cómo se sienten tu cuerpo y tu ánimo.",
            ),
        },
    ),
    Skill(
        "soothing_senses",
        {"en": "Comforting my senses", "es": "Consolar mis sentidos"},
        {
            "en": (
                "Wrap up in something soft or warm.",
                "Make a warm drink and hold the cup in both hands.",
                "Put on music or sounds that calm you.",
                "Use a smell you like: soap, lotion, tea, fresh air from a window.",
            ),
            "es": (
                "Abrígate con algo suave o cálido.",
                "Prepara una bebida caliente y sostén la taza con las dos manos.",
                "Pon música o sonidos que te calmen.",
                "Usa un olor que te guste: jabón, crema, té, aire fresco de una ventana.",
            ),
        },
    ),
    Skill(
        "cool_water",
        {"en": "Cool water on my face", "es": "Agua fresca en la cara"},
        {
            "en": (
                "Splash cool water on your face, or hold a cold pack wrapped in a cloth "
                "to your cheeks and eyes.",
                "Keep it there for 15 to 30 seconds while breathing slowly.",
                "Repeat if it helps. Skip this if you have a heart condition.",
            ),
            "es": (
                "Échate agua fresca en la cara, o pon una compresa fría envuelta en un "
                "paño sobre las mejillas y los ojos.",
                "Mantenla de 15 a 30 segundos mientras respiras despacio.",
                "Repite si te ayuda. No lo hagas si tienes un problema del corazón.",
            ),
        },
    ),
    Skill(
        "calm_place",
        {"en": "Picturing a calm place", "es": "Imaginar un lugar tranquilo"},
        {
            "en": (
                "Close your eyes or look at one spot.",
                "Picture a place where you feel calm and safe, real or imagined.",
                "Add details: the colours, sounds, temperature, smells.",
                "Stay there for a few minutes, breathing slowly.",
            ),
            "es": (
                "Cierra los ojos o mira un punto fijo.",
                "Imagina un lugar donde te sientas en calma y a salvo, real o inventado.",
                "Añade detalles: los colores, los sonidos, la temperatura, los olores.",
                "Quédate ahí unos minutos, respirando despacio.",
            ),
        },
    ),
    Skill(
        "riding_the_wave",
        {"en": "Riding out a strong urge", "es": "Dejar pasar un impulso fuerte"},
        {
            "en": (
                "Notice the urge and name it: \u201cthis is an urge, it will pass.\u201d",
                "Picture it as a wave that rises, peaks and falls.",
                "Set a timer for 10 minutes and do something from your plan meanwhile.",
                "When the timer ends, check again. Urges usually get weaker with time.",
            ),
            "es": (
                "Nota el impulso y ponle nombre: \u201ces un impulso, va a pasar\u201d.",
                "Imagínalo como una ola que sube, llega a su punto más alto y baja.",
                "Pon un temporizador de 10 minutos y mientras tanto haz algo de tu plan.",
                "Cuando termine, vuelve a comprobar. Los impulsos suelen debilitarse con el tiempo.",
            ),
        },
    ),
    Skill(
        "busy_hands",
        {"en": "Keeping my hands and mind busy", "es": "Mantener ocupadas las manos y la mente"},
        {
            "en": (
                "Do something that needs attention: a puzzle, a game, drawing, cooking, "
                "tidying one drawer.",
                "Or count backwards from 100 in sevens.",
                "Keep at it until the feeling is less intense.",
            ),
            "es": (
                "Haz algo que requiera atención: un rompecabezas, un juego, dibujar, "
                "cocinar, ordenar un cajón.",
                "O cuenta hacia atrás desde 100 de siete en siete.",
                "Sigue hasta que la sensación sea menos intensa.",
            ),
        },
    ),
)

BY_CODE: dict[str, Skill] = {skill.code: skill for skill in SKILLS}
CODES: tuple[str, ...] = tuple(BY_CODE)


def get(code: str) -> Skill | None:
    return BY_CODE.get(code)
