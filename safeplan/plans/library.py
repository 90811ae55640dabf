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
                "Mire a su alrededor y nombre 5 cosas que puede ver.",
                "Note 4 cosas que puede sentir: los pies en el suelo, la silla, su ropa.",
                "Escuche 3 sonidos, cercanos o lejanos.",
                "Busque 2 cosas que puede oler, o 2 olores que le gusten.",
                "Note 1 cosa que puede saborear, o tome un sorbo de agua.",
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
                "Keep going for 2 to 5 minutes. If counting is hard, just make each breath out a little longer than the breath in.",
            ),
            "es": (
                "Siéntese o póngase de pie cómodamente y deje caer los hombros.",
                "Inhale suavemente por la nariz mientras cuenta hasta 4.",
                "Exhale despacio por la boca mientras cuenta hasta 6.",
                "Siga así de 2 a 5 minutos. Si contar es difícil, solo haga que cada exhalación sea un poco más larga que la inhalación.",
            ),
        },
    ),
    Skill(
        "muscle_relaxation",
        {"en": "Tensing and relaxing my muscles", "es": "Tensar y relajar los músculos"},
        {
            "en": (
                "Start with your feet: squeeze the muscles for about 5 seconds.",
                "Let go all at once and notice the difference for 10 to 15 seconds.",
                "Move up the body: legs, stomach, hands, arms, shoulders, face.",
                "Skip any part that hurts. Breathe slowly the whole time.",
            ),
            "es": (
                "Empiece por los pies: apriete los músculos unos 5 segundos.",
                "Suelte de golpe y note la diferencia durante 10 a 15 segundos.",
                "Suba por el cuerpo: piernas, abdomen, manos, brazos, hombros, cara.",
                "Sáltese cualquier parte que le duela. Respire despacio todo el tiempo.",
            ),
        },
    ),
    Skill(
        "present_moment",
        {"en": "Noticing the present moment", "es": "Prestar atención al momento presente"},
        {
            "en": (
                "Choose one simple thing to do slowly: drinking tea, washing your hands, walking.",
                "Notice what you see, hear and feel while you do it.",
                "When thoughts pull you away, notice that, and gently come back.",
                "There is no right or wrong way; coming back is the practice.",
            ),
            "es": (
                "Elija una cosa sencilla para hacer despacio: tomar un té, lavarse las manos, caminar.",
                "Note lo que ve, oye y siente mientras lo hace.",
                "Cuando los pensamientos le distraigan, dése cuenta y vuelva con calma.",
                "No hay una forma correcta o incorrecta; volver es la práctica.",
            ),
        },
    ),
    Skill(
        "physical_activity",
        {"en": "Moving my body", "es": "Mover el cuerpo"},
        {
            "en": (
                "Pick something you can do right now: a brisk walk, stretching, dancing to one song, climbing stairs.",
                "Keep going for about 10 minutes, at a pace that feels manageable.",
                "Stay somewhere you feel safe.",
                "Afterwards, notice how your body and mood feel.",
            ),
            "es": (
                "Elija algo que pueda hacer ahora: caminar rápido, estirarse, bailar una canción, subir escaleras.",
                "Siga unos 10 minutos, a un ritmo que pueda mantener.",
                "Quédese en un lugar donde se sienta seguro o segura.",
                "Después, note cómo se sienten su cuerpo y su ánimo.",
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
                "Abríguese con algo suave o cálido.",
                "Prepare una bebida caliente y sostenga la taza con las dos manos.",
                "Ponga música o sonidos que le calmen.",
                "Use un olor que le guste: jabón, crema, té, aire fresco de una ventana.",
            ),
        },
    ),
    Skill(
        "cool_water",
        {"en": "Cool water on my face", "es": "Agua fresca en la cara"},
        {
            "en": (
                "Splash cool water on your face, or hold a cold pack wrapped in a cloth to your cheeks and eyes.",
                "Keep it there for 15 to 30 seconds while breathing slowly.",
                "Repeat if it helps. Skip this if you have a heart condition.",
            ),
            "es": (
                "Échese agua fresca en la cara, o ponga una compresa fría envuelta en un paño sobre las mejillas y los ojos.",
                "Manténgala de 15 a 30 segundos mientras respira despacio.",
                "Repita si le ayuda. No lo haga si tiene un problema del corazón.",
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
                "Cierre los ojos o mire un punto fijo.",
                "Imagine un lugar donde se sienta en calma y a salvo, real o inventado.",
                "Añada detalles: los colores, los sonidos, la temperatura, los olores.",
                "Quédese ahí unos minutos, respirando despacio.",
            ),
        },
    ),
    Skill(
        "riding_the_wave",
        {"en": "Riding out a strong urge", "es": "Dejar pasar un impulso fuerte"},
        {
            "en": (
                "Notice the urge and name it: “this is an urge, it will pass.”",
                "Picture it as a wave that rises, peaks and falls.",
                "Set a timer for 10 minutes and do something from your plan meanwhile.",
                "When the timer ends, check again. Urges usually get weaker with time.",
            ),
            "es": (
                "Note el impulso y póngale nombre: “es un impulso, va a pasar”.",
                "Imagínelo como una ola que sube, llega a su punto más alto y baja.",
                "Ponga un temporizador de 10 minutos y mientras tanto haga algo de su plan.",
                "Cuando termine, vuelva a comprobar. Los impulsos suelen debilitarse con el tiempo.",
            ),
        },
    ),
    Skill(
        "busy_hands",
        {"en": "Keeping my hands and mind busy", "es": "Mantener ocupadas las manos y la mente"},
        {
            "en": (
                "Do something that needs attention: a puzzle, a game, drawing, cooking, tidying one drawer.",
                "Or count backwards from 100 in sevens.",
                "Keep at it until the feeling is less intense.",
            ),
            "es": (
                "Haga algo que requiera atención: un rompecabezas, un juego, dibujar, cocinar, ordenar un cajón.",
                "O cuente hacia atrás desde 100 de siete en siete.",
                "Siga hasta que la sensación sea menos intensa.",
            ),
        },
    ),
)

BY_CODE: dict[str, Skill] = {skill.code: skill for skill in SKILLS}
CODES: tuple[str, ...] = tuple(BY_CODE)


def get(code: str) -> Skill | None:
    return BY_CODE.get(code)
