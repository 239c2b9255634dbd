"""Reference lists of the programme: life stages, organisation types, scales, colours.

Every spelling the programme and the survey tools use is mapped here to one canonical value,
so the rest of the code only ever sees the canonical ones.
"""

from __future__ import annotations

import re

LIFE_STAGES: tuple[str, ...] = ("Perinatal", "0-5", "5-11", "11-19", "19-25")

# The seed document and the survey tools spell the stages several ways (0-5s, 5-10, 18-25...).
LIFE_STAGE_ALIASES: dict[str, str] = {
    "perinatal": "Perinatal",
    "0-5": "0-5",
    "5-10": "5-11",
    "5-11": "5-11",
    "11-18": "11-19",
    "11-19": "11-19",
    "18-25": "19-25",
    "19-25": "19-25",
}

# One colour per life stage on every page: the first five of the UK Government Analysis
# Function's accessible categorical palette in its order (chatr.charts.style.CATEGORICAL), each
# 3:1 against white and against the next. Every chart names the stages beside their bars too.
LIFE_STAGE_COLOURS: dict[str, str] = {
    "Perinatal": "#12436D",
    "0-5": "#28A197",
    "5-11": "#801650",
    "11-19": "#F46A25",
    "19-25": "#3D3D3D",
}

OTHER = "Other"
ORGANISATIONS: tuple[str, ...] = (
    "Children's Centre",
    "Children's Centre attached to a school",
    "East London NHS Foundation Trust",
    "Hospital",
    "Local authority",
    "Voluntary/community sector",
    "School",
    "GP practice",
    OTHER,
)

INTEREST_ANSWERS: tuple[str, ...] = ("Yes", "Maybe", "No")

PRACTICE_USE_SCALE: tuple[int, ...] = tuple(range(11))

# Likert levels 1..5, as the survey tools label them.
LIKERT_LEVELS: tuple[str, ...] = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)
AGREE_LEVELS: frozenset[int] = frozenset({4, 5})

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str | None:
    """Trimmed text, whitespace runs collapsed, curly apostrophes straightened; None if blank."""
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value).translate(_APOSTROPHES)).strip()
    return text or None


def canonical_life_stage(value: str) -> str | None:
    """The canonical life stage for any spelling ('0-5s', '5-10', '18-25'), or None."""
    key = (clean_text(value) or "").lower().replace("\u2013", "-").replace(" ", "")
    key = re.sub(r"(s|years?|yrs?)$", "", key)
    return LIFE_STAGE_ALIASES.get(key)


def canonical_organisation(value: str) -> str | None:
    """The canonical organisation label for a known option (any case or apostrophe), else None."""
    key = (clean_text(value) or "").casefold()
    for label in ORGANISATIONS:
        if label.casefold() == key:
            return label
    return None


def canonical_email(value: object) -> str | None:
    """E-mail trimmed and case-folded, the key people are matched on; None if blank or anonymous."""
    text = clean_text(value)
    if text is None or text.casefold() == "anonymous":
        return None
    return text.casefold()


# The order the programme's survey lists the organisation options in. Qualtrics numeric exports
# code answers by this position (1 = Children's Centre ... 9 = Other), not by ORGANISATIONS order.
ORGANISATION_SURVEY_ORDER: tuple[str, ...] = (
    "Children's Centre",
    "East London NHS Foundation Trust",
    "Children's Centre attached to a school",
    "Hospital",
    "Local authority",
    "Voluntary/community sector",
    "School",
    "GP practice",
    OTHER,
)
