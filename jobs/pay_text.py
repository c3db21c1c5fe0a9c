"""Pay read from a job description's text, for listings whose feed states none.

`salary_from_text` finds money figures that carry a currency ("$185,000 -
$230,000 USD annually", "45–60 PLN brutto/h", "Jahreslohn CHF 110'000 –
130'000", "58 000 € – 68 000 € bruts annuels") and keeps the ones that read as
base pay:

- amounts in either thousands convention (120,000 / 120.000 / 120 000 /
  120'000), "k" figures, "TEUR" and Indian "LPA" (lakh a year);
- ranges joined by -, –, —, "to", "bis", "à", "a", "do", or "between … and";
- the period from the words right after the figure ("/hr", "per annum",
  "brutto/Jahr", "par an", "miesięcznie") or, failing that, earlier in the
  sentence ("Hourly rate:", "Stundensatz", "Jahresbruttogehalt"), in English,
  German, French, Spanish, Polish, Dutch and Greek;
- "up to", "starting at", "mindestens" keep the other bound open.

It refuses on-target earnings and commission, bonuses, equity, budgets and
perk stipends, relocation, funding and revenue (figures in millions), and
figures without a currency (headcounts, dates, years of experience). A figure
without a period word is annual only when it is a "k" figure, or large enough
to be a salary in a sentence about pay; otherwise nothing is read.
Several ranges in one currency and period (pay zones) give their envelope.

Only lines holding both a digit and a currency marker are examined, so a long
description without pay costs one regular-expression search.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jobs import normalise

SOURCE = "description"

# A line worth reading: a currency sign or an upper-case code or currency word.
_SIGNS = ("$", "€", "£", "¥", "₹", "₩", "₪", "zł", "Zł")
_UPPER_TOKEN = re.compile(r"\b[A-Z]{3,4}\b")
_MARKER_CODES = frozenset(
    {
        *("USD", "EUR", "GBP", "CHF", "CAD", "SGD", "JPY", "AUD", "NZD", "INR", "PLN", "SEK", "NOK"),
        *("DKK", "CZK", "HUF", "BRL", "MXN", "ZAR", "HKD", "CNY", "AED", "ILS", "KRW", "TEUR", "LPA"),
    }
)
_MARKER_WORDS = ("euro", "dollar", "lakh", "lpa")


def _has_currency(original: str, folded: str) -> bool:
    """Whether a text names a currency: a sign, an upper-case code or a currency word (substring
    checks first: this runs on every line of every description without stated pay)."""
    if any(sign in original for sign in _SIGNS):
        return True
    if any(word in folded for word in _MARKER_WORDS):
        return True
    return any(token in _MARKER_CODES for token in _UPPER_TOKEN.findall(original))


_DIGIT = re.compile(r"\d")
_CODE_BEFORE = re.compile(r"\b(USD|CAD|AUD|NZD|SGD|HKD|MXN|JPY|CNY)\s?$")

_CODES = [
    "usd",
    "eur",
    "gbp",
    "chf",
    "cad",
    "sgd",
    "jpy",
    "aud",
    "nzd",
    "inr",
    "pln",
    "sek",
    "nok",
    "dkk",
    "czk",
    "huf",
    "brl",
    "mxn",
    "zar",
    "hkd",
    "cny",
    "aed",
    "ils",
    "krw",
]
# Symbols and words, folded (lower case, no accents), longest first in the pattern.
_SYMBOLS = {
    "us$": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "can$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "s$": "SGD",
    "sg$": "SGD",
    "hk$": "HKD",
    "nz$": "NZD",
    "r$": "BRL",
    "$": "$",
    "€": "EUR",
    "£": "GBP",
    "¥": "¥",
    "₹": "INR",
    "₩": "KRW",
    "₪": "ILS",
    "zł": "PLN",
    "teur": "TEUR",
    "euros": "EUR",
    "euro": "EUR",
    "dollars": "$",
}
# "$" and "¥" name the currency of the country the job is in.
_DOLLAR_COUNTRIES = {"CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD"}

_CUR = "|".join(
    [
        rf"(?<![a-z]){re.escape(symbol)}(?![a-z])" if symbol.isalpha() else re.escape(symbol)
        for symbol in sorted(_SYMBOLS, key=len, reverse=True)
    ]
    + [rf"(?<![a-z]){code}(?![a-z])" for code in _CODES]
)
_NUM = r"\d{1,2}(?:,\d{2})+,\d{3}(?!\d)|\d{1,3}(?:[,.'’ ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
_SEP = r"-|–|—|‒|−|~|〜|～|to|bis|a|à|al|do|tot|and|und|et|y|until"


def _amount(i: int) -> str:
    return (
        rf"(?P<a{i}>{_NUM})"
        rf"(?:\s?(?P<k{i}>k|tsd\.?)(?![a-z]))?"
        rf"(?P<m{i}>\s?(?:m|mm|mn|mio\.?|million|millions|millionen|b|bn|billion|billions|mrd\.?)(?![a-z]))?"
        rf"(?P<pc{i}>\s?%)?"
        rf"(?P<l{i}>\s?(?:lpa|lakhs?|l)(?![a-z]))?"
    )


_MONEY = re.compile(
    rf"(?<![\w.,])(?:(?P<c1>{_CUR})\s{{0,2}})?{_amount(1)}(?:\s{{0,2}}(?P<c2>{_CUR}))?"
    rf"(?:\s{{0,2}}(?P<sep>{_SEP})\s{{0,2}}(?:(?P<c3>{_CUR})\s{{0,2}})?{_amount(2)}(?:\s{{0,2}}(?P<c4>{_CUR}))?)?"
)

_PERIOD_STEMS = (
    ("hour", r"hours?|hourly|hrs?|h|stunden?|std\.?|stundenlohn|heures?|horaires?|horas?|godz\w*|godzine|uur"),
    ("day", r"days?|daily|tag|tage|tagessatz|jours?|journaliers?|dia|dzien|dag"),
    ("week", r"weeks?|weekly|wk|woche|wochentlich|semaines?|semana|tydzien|tygodniowo|week"),
    (
        "month",
        r"months?|monthly|mo|mth|monat|monatlich|monats\w*|mois|mensuel\w*|mes|mensual\w*|miesiac\w*|"
        r"miesiecznie|mc|mies\.?|maand\w*|μηνα|μηνιαι\w*",
    ),
    (
        "year",
        r"years?|yearly|annual|annually|annum|yr|p\.?\s?a\.?|jahr|jahres\w*|jahrlich|an|annuel\w*|"
        r"ano|anual\w*|rok|roczn\w*|jaar\w*|ετος|ετησι\w*",
    ),
)
_AFTER_PERIOD_PARTS = []
for _period, _stems in _PERIOD_STEMS:
    _AFTER_PERIOD_PARTS.append(rf"(?P<{_period}>{_stems})")
# Right after the figure: "/hr", "per annum", "brutto/Jahr", "a year", "bruts annuels", "μικτά μηνιαίως".
_AFTER_PERIOD = re.compile(
    r"\s*(?:(?:gross|brutto|bruto|brutos?|bruts?|brute|net|netto|nett|nets?|netos?|before tax|pre-tax|base|fixed|fix|"
    r"b2b|total|salary|pay|μικτα|καθαρα)\s*)*"
    r"(?:[,/]\s*|\b(?:per|a|an|each|pro|par|je|im|al|por|au|na|za|w|ανα)\s+|\bp\s*/\s*)?"
    r"(?:" + "|".join(_AFTER_PERIOD_PARTS) + r")(?![a-z])"
)
# Earlier in the sentence: "Hourly rate:", "Monthly stipend", "Stundensatz", "Jahresbruttogehalt".
_BEFORE_PERIOD = (
    ("hour", re.compile(r"\bhourly\b|\bper hour\b|stunden\w*|\btaux horaire|\bhoraire\b|\bpor hora\b|時給")),
    ("day", re.compile(r"\bday rate\b|\bdaily rate\b|\bdaily\b|\btagessatz|\btagesrate|\btjm\b|\btaux journalier")),
    ("week", re.compile(r"\bweekly\b|\bper week\b|wochen(?:lohn|gehalt|satz)")),
    (
        "month",
        re.compile(r"\bmonthly\b|\bper month\b|monats\w*|\bmensuel\w*|\bmensual\w*|\bmiesi\w*|\bμηνιαι\w*|月給|月額"),
    ),
    (
        "year",
        re.compile(r"\bannual\w*|\byearly\b|\bper year\b|\bper annum\b|jahres\w*|\bannuel\w*|\banual\w*|年収|年俸"),
    ),
)
# Words that make a figure base pay when it has no period word (then annual if large enough).
_PAY_WORDS = re.compile(
    r"salar\w*|\bpay\b|\bcompensation\b|\bbase\b|\bwage\w*|\brange\b|\bearn\w*|\bremuneration\b|\bpackage\b|"
    r"gehalt\w*|lohn|\bverdienst|\bvergutung\w*|\bsalaire\w*|\bremuneration\w*|\bsueldo\b|\bretribucion\b|"
    r"\bwynagrodzeni\w*|\bsalaris\b|\bμισθ\w*|\bstipend\w*|\bctc\b|\bbrutto\b|\bgross\b"
)
# Before the figure in the same clause: not base pay.
_REFUSE_BEFORE = re.compile(
    r"\bote\b|on[- ]target|\bcommission\w*|\bvariable\b|\bbonus\w*|\bsign(?:ing|[- ]on)\b|\brelocation\b|"
    r"\bbudget\w*|\ballowance\w*|\breimburse\w*|\braised?\b|\bfunding\b|\bfunded\b|\bseries [a-f]\b|\bseed\b|"
    r"\bvaluation\b|\brevenue\w*|\barr\b|\binvest\w*|\bbacked\b|\bgrant\w*|\bprize\w*|\breferral\b|\bequity\b|"
    r"\bstock\b|\brsus?\b|\boptions?\b|\bper diem\b|\bdifferential\b|\btuition\b|\bhome[- ]office\b|\bwellness\b|"
    r"\bwellbeing\b|\bgym\b|\blearning\b|\btraining\b|\bconference\w*|\bequipment\b|\bcredits?\b|\bprovision\w*|"
    r"\bpramie\w*|\bziel(?:gehalt|einkommen)\w*|\bumsatz\w*|\bfinanzierung\w*|\bzuschuss\w*|\bpauschale\b|"
    r"\bprime\w*|\blevee?s?\b|\bchiffre d'affaires\b|\bbudzet\w*|\bpremi\w*|\bcustomers?\b|\bclients?\b|"
    r"\bsaved?\b|\bsavings?\b|\bmarket\b|\bdeals?\b|\bquota\b|\bspend\w*|\bcost\w*|\bprice\w*|\bfee\w*|"
    r"\bworth\b|\bacv\b|\btcv\b|\bpipeline\b|\bmatch\w*|\b401|\bcontract value\b|\btransactions?\b|\bpayments\b"
)
# Right after the figure: "$5,000 signing bonus", "$1.50/hour shift differential".
_REFUSE_AFTER = re.compile(
    r"\+?\s*(?:/\s*[a-z]+\s*)?(?:(?!(?:plus|and|with|und|mit|et|avec|y|or|oder|ou)\b)[a-z&-]+\s+){0,3}"
    r"(?:bonus\w*|budget\w*|stipend\w*|allowance\w*|differential|signing|sign-on|relocation|equity|"
    r"in (?:funding|revenue|arr|sales|seed)|funding|revenue|arr\b|grant|referral|credits?\b|worth of|"
    r"of (?:equity|stock|options)|commission\w*|ote\b|raise\b|round\b|series\b|valuation|"
    r"zuschuss|pramie|budzet|gutschein\w*|voucher|seed|pre-seed|pipeline|acv|in (?:sales|pipeline|deals))"
)
_PERK_STIPEND = re.compile(
    r"\bstipend\b.{0,40}\b(?:home|office|wellness|learning|internet|phone|commut\w*|equipment|gym|meal|lunch|"
    r"coworking|books?)\b|\b(?:home|office|wellness|learning|internet|phone|commut\w*|equipment|gym|meal|lunch|"
    r"coworking)\w*\s+stipend"
)
_OPEN_MIN = re.compile(
    r"(?:\bfrom|\bstarting (?:at|from)|\bstarts at|\bat least|\bminimum(?: of)?|\bno less than|\bab|\bmindestens|"
    r"\bà partir de|\ba partir de|\bdes|\bdès|\bdesde|\bod|\bvanaf)\s*$"
)
_OPEN_MAX = re.compile(r"(?:\bup to|\bmaximum(?: of)?|\bbis zu|\bjusqu'a|\bjusqu'à|\bhasta|\bdo|\btot)\s*$")
_OPEN_MIN_AFTER = re.compile(
    r"(?:\+(?=[\s.,;)]|$)|\s*(?:or more|and above|or higher)\b)"
)
_BETWEEN = re.compile(r"(?:between|zwischen|entre|tussen|pomiedzy|od)\s*$")
# A clause ends at a sentence end, a semicolon, a bar, a bullet or a line end.
_CLAUSE_END = re.compile(r"(?:[.!?](?=\s+[A-Za-z(])|[;|•·]|\n)")

# Plausible base pay per period in US dollars; other currencies scale by a rough
# units-per-dollar factor, used only to tell a salary from other numbers.
_PLAUSIBLE = {
    "hour": (2, 1000),
    "day": (20, 8000),
    "week": (80, 40000),
    "month": (100, 50000),
    "year": (5000, 3000000),
}
_UNITS_PER_USD = {
    "JPY": 150,
    "INR": 80,
    "KRW": 1300,
    "HUF": 350,
    "CZK": 23,
    "SEK": 10,
    "NOK": 10,
    "DKK": 7,
    "PLN": 4,
    "BRL": 5,
    "MXN": 17,
    "ZAR": 18,
    "HKD": 8,
    "CNY": 7,
    "AED": 4,
    "ILS": 4,
}


@dataclass
class _Figure:
    low: Decimal | None
    high: Decimal | None
    currency: str
    period: str
    start: int


# Folded form of each character seen (upper-case ASCII preset), for `str.translate`.
_FOLDED: dict[int, str] = {code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)}


def _fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one (so match positions map back)."""
    if text.isascii():
        return text.lower()
    for ch in set(text):
        code = ord(ch)
        if code > 127 and code not in _FOLDED:
            base = unicodedata.normalize("NFKD", ch)
            folded = (base[0] if base else ch).lower()
            _FOLDED[code] = folded if len(folded) == 1 else ch
    return text.translate(_FOLDED)


def _number(text: str) -> Decimal:
    digits = text.replace("’", "'")
    if re.fullmatch(r"\d{1,2}(?:,\d{2})+,\d{3}", digits):
        return Decimal(digits.replace(",", ""))  # Indian grouping: 18,00,000
    grouped = re.fullmatch(r"(\d{1,3})([,.' ])(\d{3}(?:\2\d{3})*)(?:[.,](\d{1,2}))?", digits)
    if grouped:
        whole = grouped.group(1) + grouped.group(3).replace(grouped.group(2), "")
        return Decimal(f"{whole}.{grouped.group(4)}" if grouped.group(4) else whole)
    return Decimal(digits.replace(",", "."))


def _currency(marker: str | None, original: str, countries: list[str]) -> str | None:
    if not marker:
        return None
    if marker in _CODES:
        # An ISO code counts only when written in capitals ("EUR", not the word "eur…").
        return marker.upper() if original.isupper() else None
    code = _SYMBOLS.get(marker)
    if code == "$":
        for country in countries:
            if country in _DOLLAR_COUNTRIES:
                return _DOLLAR_COUNTRIES[country]
        return "USD"
    if code == "¥":
        return "CNY" if "CN" in countries and "JP" not in countries else "JPY"
    return code


def _period_after(folded: str, end: int) -> str | None:
    match = _AFTER_PERIOD.match(folded, end)
    if not match:
        return None
    for period, _ in _PERIOD_STEMS:
        if match.group(period):
            return period
    return None


def _period_before(prefix: str) -> str | None:
    found: tuple[int, str] | None = None
    for period, pattern in _BEFORE_PERIOD:
        for match in pattern.finditer(prefix):
            # The nearest period word to the figure wins.
            if found is None or match.start() > found[0]:
                found = (match.start(), period)
    return found[1] if found else None


def _plausible(amount: Decimal, currency: str, period: str) -> bool:
    low, high = _PLAUSIBLE[period]
    factor = _UNITS_PER_USD.get(currency, 1)
    return low * factor <= amount <= high * factor


def plausible(amount: Any, currency: str, period: str) -> bool:
    """Whether `amount` in `currency` per `period` can be base pay (a rough check, for warnings)."""
    value = normalise.parse_amount(amount)
    return value is not None and period in _PLAUSIBLE and _plausible(value, currency, period)


def period_from_magnitude(amounts: Iterable[Any], currency: str) -> str | None:
    """ "year" or "hour" when the figures can only be one of them, else None (cannot tell)."""
    values = [normalise.parse_amount(amount) for amount in amounts]
    if not values or any(value is None for value in values):
        return None
    for period, others in (("year", ("month", "week", "day", "hour")), ("hour", ("year", "month", "week"))):
        if all(_plausible(v, currency, period) for v in values) and not any(
            _plausible(v, currency, other) for v in values for other in others
        ):
            return period
    return None


def _clause_start(folded: str, position: int, line_start: int) -> int:
    # A clause is looked for in the 200 characters before the figure: enough for any
    # sentence about pay, and a huge one-line text stays linear.
    start = max(line_start, position - 200)
    for match in _CLAUSE_END.finditer(folded, start, position):
        start = match.end()
    return start


def _figures(folded: str, original: str, countries: list[str]) -> list[_Figure]:
    figures: list[_Figure] = []
    line_start = 0
    previous_lines: list[str] = []
    for line in folded.split("\n"):
        line_end = line_start + len(line)
        if _DIGIT.search(line) and _has_currency(original[line_start:line_end], line):
            figures.extend(_line_figures(folded, original, line_start, line_end, previous_lines, countries))
        if line.strip():
            previous_lines = [*previous_lines[-1:], line]
        line_start = line_end + 1
    return figures


def _line_figures(
    folded: str, original: str, line_start: int, line_end: int, previous_lines: list[str], countries: list[str]
) -> Iterable[_Figure]:
    for match in _MONEY.finditer(folded, line_start, line_end):
        figure = _figure(match, folded, original, line_start, previous_lines, countries)
        if figure is not None:
            yield figure


def _figure(
    match: re.Match[str],
    folded: str,
    original: str,
    line_start: int,
    previous_lines: list[str],
    countries: list[str],
) -> _Figure | None:
    groups = match.groupdict()
    markers = [(name, groups[name]) for name in ("c4", "c3", "c2", "c1") if groups[name]]
    lakh = groups["l1"] or groups["l2"]
    if not markers and not lakh:
        return None
    if groups["a2"] is None and groups["sep"]:
        return None
    # A written ISO code ("$24–$28 CAD") names the currency better than a symbol.
    currency = None
    for name, marker in sorted(markers, key=lambda item: item[1] not in _CODES):
        span = match.span(name)
        currency = _currency(marker, original[span[0] : span[1]], countries)
        if currency:
            break
    if currency is not None and groups["c1"] in _SYMBOLS and _SYMBOLS[groups["c1"]] in ("$", "¥"):
        # "CAD $90,000": a code written just before the sign names the currency.
        before = _CODE_BEFORE.search(original, max(0, match.start() - 6), match.start())
        if before:
            currency = before.group(1)
    if currency is None and lakh:
        currency = "INR"  # "12-18 LPA"
    if currency is None:
        return None
    is_range = groups["a2"] is not None
    if any(groups[f"{kind}{i}"] for kind in ("m", "pc") for i in (1, 2)):
        return None  # millions (funding, revenue) or percentages (equity, raises)
    sep_text = original[match.start("sep") : match.end("sep")] if groups["sep"] else ""
    if (
        is_range
        and sep_text != "à"
        and groups["sep"] in ("y", "and", "und", "et", "do", "tot", "al")
        and not _range_word_ok(folded, match, line_start)
    ):
        return None
    multiplier = Decimal(1)
    annual_by_unit = False
    if currency == "TEUR":
        currency, multiplier = "EUR", Decimal(1000)
    if lakh:
        if currency != "INR":
            return None
        multiplier, annual_by_unit = Decimal(100000), True
    low = _number(groups["a1"]) * multiplier
    high = _number(groups["a2"]) * multiplier if is_range else None
    k1, k2 = groups["k1"], groups["k2"]
    if k1:
        low *= 1000
    if high is not None and k2:
        high *= 1000
        if not k1 and low < 1000:
            low *= 1000  # "$150-180k"
    if high is not None and k1 and not k2 and high < 1000:
        high *= 1000  # "150k-180"
    has_k = bool(k1 or k2)

    start, end = match.span()
    clause_start = _clause_start(folded, start, line_start)
    prefix = folded[clause_start:start]
    # Only the words just before the figure refuse it ("OTE:", "raised"), not the whole sentence.
    if _REFUSE_BEFORE.search(prefix[-60:]) or _PERK_STIPEND.search(folded[clause_start : end + 40]):
        return None
    period = _period_after(folded, end)
    after_period_end = end
    if period:
        after = _AFTER_PERIOD.match(folded, end)
        after_period_end = after.end() if after else end
    if _REFUSE_AFTER.match(folded, after_period_end):
        return None
    period = period or _period_before(prefix)
    amounts = [amount for amount in (low, high) if amount is not None]
    if period is None:
        # No period word in the sentence: annual when the figure reads as a salary,
        # else the period named in the lines just before (a heading such as "Hourly pay").
        context = " ".join(previous_lines)
        pay_word_after = _PAY_WORDS.search(folded, after_period_end, after_period_end + 30)
        candidates = [
            "year" if (has_k or annual_by_unit or _PAY_WORDS.search(prefix) or pay_word_after) else None,
            _period_before(context),
            # A heading about pay makes a range annual; a lone figure needs its own sentence to say so.
            "year" if high is not None and _PAY_WORDS.search(context) else None,
            # A range too large to be paid by the month is annual ("$212,000—$265,000 USD").
            "year" if high is not None and not any(_plausible(a, currency, "month") for a in amounts) else None,
        ]
        period = next(
            (
                option
                for option in candidates
                if option and all(_plausible(amount, currency, option) for amount in amounts)
            ),
            None,
        )
        if period is None:
            return None
    elif not all(_plausible(amount, currency, period) for amount in amounts):
        return None
    if high is not None and low > high:
        return None
    if high is None:
        if _OPEN_MAX.search(prefix):
            return _Figure(None, low, currency, period, start)
        if _OPEN_MIN.search(prefix) or _OPEN_MIN_AFTER.match(folded, after_period_end):
            return _Figure(low, None, currency, period, start)
        return _Figure(low, low, currency, period, start)
    return _Figure(low, high, currency, period, start)


def _range_word_ok(folded: str, match: re.Match[str], line_start: int) -> bool:
    """Word separators ("and", "a", "do") join a range only after "between"/"from"/"de"/"od"."""
    before = folded[max(line_start, match.start() - 12) : match.start()]
    sep = match.group("sep")
    if sep in ("and", "und", "et", "y"):
        return bool(_BETWEEN.search(before))
    return bool(re.search(r"(?:\bde|\bfrom|\bod|\bvan|\bvon)\s*$", before))


def salary_from_text(text: str | None, *, countries: Iterable[str] = (), listing: str = "") -> dict | None:
    """The pay a careful reader takes from `text`, as the salary dict of the interface, or None.

    The dict is `normalise.make_salary`'s with `"source": "description"`; an
    open bound ("up to", "from") stays None in `min`/`max` and its annual figure.
    """
    if not text or not _DIGIT.search(text):
        return None
    folded = _fold_same_length(text)
    if not _has_currency(text, folded):
        return None
    codes = [str(code).upper() for code in countries]
    figures = _figures(folded, text, codes)
    if not figures:
        return None
    first = figures[0]
    same = [f for f in figures if (f.currency, f.period) == (first.currency, first.period)]
    lows = [f.low for f in same if f.low is not None]
    highs = [f.high for f in same if f.high is not None]
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    if low is not None and high is not None and low > high:
        return None
    salary = normalise.make_salary(
        minimum=low if low is not None else high,
        maximum=high if high is not None else low,
        currency=first.currency,
        period=first.period,
        listing=listing,
        warnings=[],
        source=SOURCE,
    )
    if salary is None:
        return None
    if low is None:
        salary["min"] = salary["annual_min"] = None
    if high is None:
        salary["max"] = salary["annual_max"] = None
    return salary
