"""Employment type (from feed values and titles) and seniority (from titles)."""

from __future__ import annotations

import re
from typing import Any

from ..text import fold
from .text import CAMEL_CASE, collapse_whitespace

_MTS = re.compile(r"\bmember of (?:the )?technical staff\b")

# ---------------------------------------------------------------------------
# Employment type

_EMPLOYMENT_VALUES = {
    "full time": "full_time",
    "fulltime": "full_time",
    "full-time": "full_time",
    "permanent": "full_time",
    "regular": "full_time",
    "salaried": "full_time",
    "cdi": "full_time",
    "vollzeit": "full_time",
    "festanstellung": "full_time",
    "tiempo completo": "full_time",
    "jornada completa": "full_time",
    "temps plein": "full_time",
    "正社員": "full_time",
    "fte": "full_time",
    "part time": "part_time",
    "parttime": "part_time",
    "part-time": "part_time",
    "teilzeit": "part_time",
    "temps partiel": "part_time",
    "medio tiempo": "part_time",
    "パート": "part_time",
    "アルバイト": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "contract to hire": "contract",
    "freelance": "contract",
    "freelancer": "contract",
    "consultant": "contract",
    "consulting": "contract",
    "independent contractor": "contract",
    "c2h": "contract",
    "契約社員": "contract",
    "freiberuflich": "contract",
    "b2b": "contract",
    "temporary": "temporary",
    "temp": "temporary",
    "fixed term": "temporary",
    "fixed-term": "temporary",
    "seasonal": "temporary",
    "per diem": "temporary",
    "cdd": "temporary",
    "befristet": "temporary",
    "interim": "temporary",
    "maternity cover": "temporary",
    "intern": "internship",
    "internship": "internship",
    "co op": "internship",
    "co-op": "internship",
    "apprentice": "internship",
    "apprenticeship": "internship",
    "stage": "internship",
    "alternance": "internship",
    "praktikum": "internship",
    "werkstudent": "internship",
    "working student": "internship",
    "trainee": "internship",
    "インターン": "internship",
    "graduate internship": "internship",
}


def employment_type_from_value(value: Any) -> str | None:
    """Map a feed's employment type (string or list: first that maps) to the interface values."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        for item in value:
            mapped = employment_type_from_value(item)
            if mapped:
                return mapped
        return None
    raw = str(value).strip()
    text = collapse_whitespace(CAMEL_CASE.sub(" ", raw).replace("_", " ")).lower()
    text = fold(text)
    if raw in _EMPLOYMENT_VALUES:
        return _EMPLOYMENT_VALUES[raw]
    return (
        _EMPLOYMENT_VALUES.get(text)
        or _EMPLOYMENT_VALUES.get(text.replace(" ", ""))
        or (_EMPLOYMENT_VALUES.get(text.replace("-", " ")))
    )


_TITLE_EMPLOYMENT = (
    (
        re.compile(
            r"\b(?:intern|internship|co-?op|stagiaire|praktikant(?:in)?|werkstudent(?:in)?|working student|"
            r"apprentice(?:ship)?)\b"
        ),
        "internship",
    ),
    (re.compile(r"\b(?:contract|contractor|freelance|freelancer|1099|c2h)\b"), "contract"),
    (re.compile(r"\b(?:temporary|temp|fixed[- ]term|maternity cover|parental leave cover)\b"), "temporary"),
    (re.compile(r"\b(?:part[- ]time|teilzeit)\b"), "part_time"),
    (re.compile(r"\b(?:full[- ]time|vollzeit)\b"), "full_time"),
)


def employment_type_from_title(title: str) -> str | None:
    """Cues like "(Contract)" or "Intern" in a title, for feeds without the field."""
    text = fold(title)
    for pattern, value in _TITLE_EMPLOYMENT:
        if pattern.search(text):
            return value
    return None


# ---------------------------------------------------------------------------
# Seniority

_ROLE_WORD = r"(?:engineer|scientist|analyst|developer|researcher|specialist|consultant|architect|programmer)"
_SENIORITY_RULES = (
    (
        "intern",
        re.compile(
            r"\b(?:intern|interns|internship|co-?op|stagiaire|praktikant(?:in)?|praktikum|werkstudent(?:in)?|"
            r"working student|apprentice|apprenticeship|alternant(?:e)?|alternance|trainee|summer student|"
            r"student researcher|インターン)\b|^stage\b|\bstage (?:de|en|d)\b"
        ),
    ),
    (
        "manager",
        re.compile(
            r"\b(?:head of|head|director|directeur|directrice|directora?|vp|svp|evp|avp|vice president|chief|"
            r"cto|cdo|cdao|caio|manager|managing director|gerente|jefe|jefa|chef de projet|chef d equipe|"
            r"responsable)\b|leiter(?:in)?\b"
        ),
    ),
    (
        "lead",
        re.compile(r"\b(?:staff|principal|lead|leader|tech lead|team lead|distinguished|senior fellow)\b"),
    ),
    (
        "senior",
        re.compile(
            rf"\b(?:senior|sr|snr|experienced|confirme|confirmee|{_ROLE_WORD} (?:iii|iv|v|3|4|5)|"
            r"level (?:3|4|5))\b"
        ),
    ),
    (
        "junior",
        re.compile(
            rf"\b(?:junior|jr|associate|entry level|graduate|grad|new grad|early career|debutant|debutante|"
            r"postdoc|postdoctoral|post doctoral|"
            rf"{_ROLE_WORD} (?:i|1)|level 1)\b"
        ),
    ),
)
_ASSOCIATE_MANAGER = re.compile(r"\bassociate (?:director|manager|vice president|vp|head)\b")


def seniority_from_title(title: str) -> str:
    """intern > manager > lead > senior > junior > mid (the default), from cues in a title.

    "Associate Director" is a manager, "Senior Staff" a lead, "Senior Manager"
    a manager, "Engineer III" senior, "Engineer I" junior, a bare title mid.
    """
    text = fold(title, words=True)
    # "Member of Technical Staff" is the everyday engineering title at many AI
    # labs, not a staff-level one; "Chief of Staff" is still a manager.
    text = _MTS.sub("mts", text)
    if _ASSOCIATE_MANAGER.search(text):
        return "manager"
    for value, pattern in _SENIORITY_RULES:
        if pattern.search(text):
            return value
    return "mid"
