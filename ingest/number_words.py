"""Numbers spelled in words, in English, French and Spanish (`thirty-seven`, `soixante-dix`,
`two-thirds`, `three million`, `thousands of`)."""

from __future__ import annotations

import re

_CARDINALS = {
    **dict.fromkeys(["zero", "zéro", "cero"], 0),
    **dict.fromkeys(["one"], 1),  # `un`, `une`, `uno`, `una` are articles far more often
    **dict.fromkeys(["two", "deux", "dos"], 2),
    **dict.fromkeys(["three", "trois", "tres"], 3),
    **dict.fromkeys(["four", "quatre", "cuatro"], 4),
    **dict.fromkeys(["five", "cinq", "cinco"], 5),
    **dict.fromkeys(["six", "seis"], 6),
    **dict.fromkeys(["seven", "siete"], 7),  # French `sept` is also September
    **dict.fromkeys(["eight", "huit", "ocho"], 8),
    **dict.fromkeys(["nine", "neuf", "nueve"], 9),
    **dict.fromkeys(["ten", "dix", "diez"], 10),
    **dict.fromkeys(["eleven", "onze"], 11),  # Spanish `once` is English "once"
    **dict.fromkeys(["twelve", "douze", "doce"], 12),
    **dict.fromkeys(["thirteen", "treize", "trece"], 13),
    **dict.fromkeys(["fourteen", "quatorze", "catorce"], 14),
    **dict.fromkeys(["fifteen", "quinze", "quince"], 15),
    **dict.fromkeys(["sixteen", "seize", "dieciséis"], 16),
    **dict.fromkeys(["seventeen", "diecisiete"], 17),
    **dict.fromkeys(["eighteen", "dieciocho"], 18),
    **dict.fromkeys(["nineteen", "diecinueve"], 19),
    **dict.fromkeys(["twenty", "vingt", "veinte"], 20),
    **dict.fromkeys(["thirty", "trente", "treinta"], 30),
    **dict.fromkeys(["forty", "quarante", "cuarenta"], 40),
    **dict.fromkeys(["fifty", "cinquante", "cincuenta"], 50),
    **dict.fromkeys(["sixty", "soixante", "sesenta"], 60),
    **dict.fromkeys(["seventy", "setenta"], 70),
    **dict.fromkeys(["eighty", "ochenta"], 80),
    **dict.fromkeys(["ninety", "noventa"], 90),
}
_SCALES = {
    **dict.fromkeys(["hundred", "cent", "cents", "cien", "ciento", "cientos"], 100),
    **dict.fromkeys(["thousand", "mille", "mil"], 1000),
    **dict.fromkeys(["million", "millions", "millón", "millones"], 10**6),
    **dict.fromkeys(["billion", "billions", "milliard", "milliards"], 10**9),
}
_FRACTIONS = {
    **dict.fromkeys(["half", "halves", "moitié", "mitad"], 2),
    **dict.fromkeys(["third", "thirds", "tiers", "tercio", "tercios"], 3),
    **dict.fromkeys(["quarter", "quarters", "quart", "quarts"], 4),
    **dict.fromkeys(["fifth", "fifths"], 5),
    **dict.fromkeys(["tenth", "tenths"], 10),
}
# Plurals that give an order of magnitude: `thousands of people`.
VAGUE_NUMBERS = {
    "dozens": 12,
    "hundreds": 100,
    "thousands": 1000,
    "millions": 10**6,
    "centaines": 100,
}
NUMBER_WORDS = {*_CARDINALS, *_SCALES, *_FRACTIONS, *VAGUE_NUMBERS}
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|last|the|this|that|each|every)\s+$", re.I)


def read_number_words(text: str, words: list[re.Match[str]], i: int) -> tuple[int, float] | None:
    """The number spelled from word `i` on: where it ends, and its value; None if none starts."""
    first = words[i].group(0).lower()
    if first in VAGUE_NUMBERS and not _ORDINAL_BEFORE.search(text[: words[i].start()]):
        return i + 1, VAGUE_NUMBERS[first]
    if first in _FRACTIONS:  # `half`, `a third`; a lone `third` is an ordinal
        lead = text[max(0, words[i].start() - 12) : words[i].start()].lower()
        if first.startswith(("half", "moiti", "mitad")) and not _ORDINAL_BEFORE.search(lead):
            return i + 1, 0.5
        if re.search(r"\ba[\s-]$", lead):
            return i + 1, 1 / _FRACTIONS[first]
        return None
    if first not in _CARDINALS:
        return None
    total, current, j = 0.0, float(_CARDINALS[first]), i + 1
    while j < len(words):
        gap = text[words[j - 1].end() : words[j].start()]
        word = words[j].group(0).lower()
        if gap in {" ", "-"} and word in {"vingt", "vingts"} and current == 4:
            current = 80  # `quatre-vingts`
        elif gap in {" ", "-"} and word in _CARDINALS and _adds_units(current, _CARDINALS[word]):
            current += _CARDINALS[word]  # `thirty-seven`, `soixante-dix`
        elif gap == " " and word in {"and", "y"} and j + 1 < len(words):
            nxt = words[j + 1].group(0).lower()
            if nxt == "a" and j + 2 < len(words) and words[j + 2].group(0).lower() == "half":
                current += 0.5  # `one and a half`
                j += 3
                continue
            if not (nxt in _CARDINALS and current >= 100 or (word == "y" and current % 10 == 0)):
                break
            current += _CARDINALS.get(nxt, 0)  # `two hundred and twelve`, `treinta y cinco`
            j += 2
            continue
        elif gap in {" ", "-"} and word in _SCALES:
            if _SCALES[word] == 100:
                current *= 100
            else:
                total, current = total + current * _SCALES[word], 0.0
        elif gap in {" ", "-"} and word in _FRACTIONS and current:
            return j + 1, current / _FRACTIONS[word]  # `two-thirds`, `one quarter`
        else:
            break
        j += 1
    return j, total + current


def _adds_units(tens: float, value: int) -> bool:
    """`thirty` + `seven`; in French 60 and 80 also take 10 to 19 (`soixante-dix`: 70)."""
    rest = tens % 100
    return rest >= 20 and rest % 10 == 0 and (value < 10 or (rest in (60, 80) and value < 20))
