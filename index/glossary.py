"""A small domain glossary, English / French / Spanish, so that a question in one language finds
and weighs evidence written in another ("confirmed cases" ~ "cas confirmés" ~ "casos confirmados").
Words of one entry are equivalent; each is stemmed in its own language. Countries and world regions
join it by their names in the three languages (`España` ~ `Spain` ~ `Espagne`), from the Unicode
CLDR data that Babel ships; so do the publishing organisations (`OMS` ~ `WHO`), by the names
`ingest.metadata` knows them by.
"""

from __future__ import annotations

from index.lexical import LANGUAGES, Tokenizer
from ingest.metadata import organisation_names

ENTRIES: list[dict[str, str]] = [
    {"en": "case cases", "fr": "cas", "es": "caso casos"},
    {"en": "confirmed", "fr": "confirmé confirmés confirmées", "es": "confirmado confirmados"},
    {"en": "suspected suspect", "fr": "suspect suspects", "es": "sospechoso sospechosos"},
    {"en": "probable", "fr": "probable probables", "es": "probable probables"},
    {
        "en": "death deaths died",
        "fr": "décès décédés morts",
        "es": "muerte muertes fallecidos defunciones",
    },
    {"en": "recovered recoveries cured", "fr": "guéris guérisons", "es": "recuperados curados"},
    {"en": "contact contacts", "fr": "contact contacts", "es": "contacto contactos"},
    {"en": "follow-up followed monitored", "fr": "suivi suivis", "es": "seguimiento"},
    {"en": "rate", "fr": "taux", "es": "tasa"},
    {"en": "fatality lethality", "fr": "létalité", "es": "letalidad"},
    {"en": "alert alerts", "fr": "alerte alertes", "es": "alerta alertas"},
    {"en": "investigated", "fr": "investiguées investigués", "es": "investigadas investigados"},
    {"en": "health", "fr": "santé", "es": "salud"},
    {"en": "zone zones", "fr": "zone zones", "es": "zona zonas"},
    {"en": "area areas", "fr": "aire aires", "es": "área áreas"},
    {"en": "province provinces", "fr": "province provinces", "es": "provincia provincias"},
    {"en": "new", "fr": "nouveau nouveaux nouvelle nouvelles", "es": "nuevo nuevos nueva nuevas"},
    {
        "en": "cumulative total",
        "fr": "cumul cumulé cumulés total",
        "es": "acumulado acumulados total",
    },
    {
        "en": "affected",
        "fr": "touchée touchées touchés affectées",
        "es": "afectada afectadas afectados",
    },
    {"en": "samples specimens", "fr": "échantillons prélèvements", "es": "muestras"},
    {"en": "tested analysed", "fr": "testés analysés", "es": "analizadas analizados"},
    {"en": "vaccinated", "fr": "vaccinés vaccinées", "es": "vacunados vacunadas"},
    {"en": "vaccination", "fr": "vaccination", "es": "vacunación"},
    {"en": "travellers travelers", "fr": "voyageurs", "es": "viajeros"},
    {"en": "screened", "fr": "dépistés contrôlés", "es": "examinados"},
    {"en": "entry", "fr": "entrée entrées", "es": "entrada"},
    {"en": "patients", "fr": "patients malades", "es": "pacientes"},
    {"en": "admissions admitted", "fr": "admissions admis", "es": "ingresos"},
    {"en": "treatment", "fr": "traitement", "es": "tratamiento"},
    {"en": "centre center", "fr": "centre", "es": "centro"},
    {"en": "beds", "fr": "lits", "es": "camas"},
    {"en": "outbreak epidemic", "fr": "épidémie flambée", "es": "brote epidemia"},
    {"en": "week", "fr": "semaine", "es": "semana"},
    {"en": "country countries", "fr": "pays", "es": "país países"},
    {"en": "region regions", "fr": "région régions", "es": "región regiones"},
    {"en": "people persons", "fr": "personnes", "es": "personas"},
    {"en": "children", "fr": "enfants", "es": "niños"},
    {"en": "women", "fr": "femmes", "es": "mujeres"},
    {"en": "workers", "fr": "prestataires agents", "es": "trabajadores"},
    {"en": "displaced", "fr": "déplacés", "es": "desplazados"},
    {"en": "refugees", "fr": "réfugiés", "es": "refugiados"},
    {"en": "migrants", "fr": "migrants", "es": "migrantes"},
    {"en": "kits", "fr": "kits", "es": "kits"},
    {"en": "hygiene", "fr": "hygiène", "es": "higiene"},
    {"en": "water", "fr": "eau", "es": "agua"},
    {"en": "food", "fr": "alimentaire nourriture", "es": "alimentos alimentaria"},
    {"en": "shelter", "fr": "abri abris", "es": "albergue refugio"},
    {"en": "distributed", "fr": "distribués distribuées", "es": "distribuidos distribuidas"},
    {"en": "reported", "fr": "rapportés notifiés", "es": "notificados reportados"},
    {"en": "laboratory", "fr": "laboratoire", "es": "laboratorio"},
    {"en": "situation", "fr": "situation", "es": "situación"},
    {"en": "report sitrep", "fr": "rapport sitrep", "es": "informe"},
    {"en": "update", "fr": "actualisation", "es": "actualización"},
    {"en": "epidemiological", "fr": "épidémiologique", "es": "epidemiológica epidemiológico"},
    {"en": "weekly", "fr": "hebdomadaire", "es": "semanal"},
    {"en": "north", "fr": "nord", "es": "norte"},
    {"en": "south", "fr": "sud", "es": "sur"},
    {"en": "east", "fr": "est", "es": "este"},
    {"en": "west western", "fr": "ouest occidental", "es": "oeste occidental"},
    {"en": "isolation isolated", "fr": "isolement isolés", "es": "aislamiento aislados"},
    {"en": "hospitalised hospitalized", "fr": "hospitalisés", "es": "hospitalizados"},
    {"en": "discharged", "fr": "déchargés sortis", "es": "dados de alta"},
    {"en": "trained training", "fr": "formés formation", "es": "capacitados capacitación"},
    {
        "en": "sensitised sensitized awareness",
        "fr": "sensibilisés sensibilisation",
        "es": "sensibilizados",
    },
    {"en": "households", "fr": "ménages", "es": "hogares"},
    {"en": "families", "fr": "familles", "es": "familias"},
    {"en": "individuals", "fr": "individus", "es": "individuos"},
    {"en": "assistance", "fr": "assistance aide", "es": "asistencia ayuda"},
    {"en": "camp camps", "fr": "camp camps", "es": "campamento campamentos"},
    {"en": "border", "fr": "frontière", "es": "frontera"},
    {"en": "daily", "fr": "quotidien quotidiennement", "es": "diario diariamente"},
    {"en": "percentage percent", "fr": "pourcentage", "es": "porcentaje"},
    {"en": "facilities facility", "fr": "structures établissements", "es": "establecimientos"},
    {"en": "doses", "fr": "doses", "es": "dosis"},
    {"en": "received", "fr": "reçues reçus", "es": "recibidas recibidos"},
    {"en": "administered", "fr": "administrées administrés", "es": "administradas administrados"},
    {"en": "burials", "fr": "enterrements inhumations", "es": "entierros"},
    {"en": "safe dignified", "fr": "sécurisés dignes", "es": "seguros dignos"},
]


def territory_names() -> dict[str, dict[str, str]]:
    """Every country and world region of CLDR by its code (`YE`, `419`), its name in each of the
    three languages."""
    from babel import Locale

    names = {lang: Locale(lang).territories for lang in LANGUAGES}
    return {str(code): {lang: names[lang][code] for lang in LANGUAGES} for code in names["en"]}


def place_names() -> list[dict[str, str]]:
    """Every country and world region of CLDR, its name in each of the three languages."""
    return list(territory_names().values())


class Glossary:
    """Stem -> the stems of its translations, for the three languages.

    A place joins only by its names of one word (`Pérou`, `Perú`, `Peru`): the words of a longer
    name (`Afrique du Sud`) are each also other places' words (`Sud-Kivu`). A name whose stem is a
    glossary word (Spanish `Sudán` stems to `sud`) keeps to its other names."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        entries: list[dict[str, str]] = ENTRIES,
        places: list[dict[str, str]] | None = None,
    ) -> None:
        self._equivalents: dict[str, set[str]] = {}
        for entry in entries:
            stems = {stem for lang, words in entry.items() for stem in tokenizer(words, lang)}
            self._join(stems)
        words = set(self._equivalents)
        # A place that has a name of several words, by each of its names' stems: `Estados
        # Unidos` is `United States` only as both words together and in that order (each word
        # alone is also other places'). Spanish `Estados` is a stop word, so its name's stems
        # are `unid` alone; stems two places' names share name neither.
        self._whole_names: dict[frozenset[str], frozenset[tuple[str, ...]]] = {}
        shared: set[frozenset[str]] = set()
        for place in place_names() if places is None else places:
            one_word = [tokenizer(name, lang) for lang, name in place.items()]
            self._join({stems[0] for stems in one_word if len(stems) == 1} - words)
            whole = frozenset(tuple(name) for name in one_word if name)
            if any(len(name) > 1 for name in whole):
                for name in map(frozenset, whole):
                    if name in self._whole_names and self._whole_names[name] != whole:
                        shared.add(name)
                    self._whole_names[name] = whole
        for name in shared:
            del self._whole_names[name]
        # An organisation joins by its names of one word too: French `OMS` is `WHO`.
        for names in organisation_names():
            one_word = [tokenizer(name, lang) for name in names for lang in LANGUAGES]
            self._join({stems[0] for stems in one_word if len(stems) == 1} - words)

    def _join(self, stems: set[str]) -> None:
        if len(stems) < 2:
            return
        for stem in stems:
            self._equivalents.setdefault(stem, set()).update(stems)

    def whole_names(self, stems: frozenset[str]) -> frozenset[tuple[str, ...]]:
        """Every name, each as its stems in order, of the place one of whose names is `stems`
        (in any of the three languages), for a place that has a name of several words; none
        for another text."""
        return self._whole_names.get(stems, frozenset())

    def equivalents(self, stem: str) -> set[str]:
        """The stem itself and every stem the glossary makes equivalent to it."""
        return self._equivalents.get(stem, set()) | {stem}

    def expand(self, stems: list[str]) -> list[str]:
        """The stems with their translations added (each once)."""
        out = list(stems)
        for stem in stems:
            out.extend(sorted(self._equivalents.get(stem, set()) - set(out)))
        return list(dict.fromkeys(out))
