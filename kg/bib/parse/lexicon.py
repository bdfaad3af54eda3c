"""The words and marks references are written with: letters, name particles, initials,
abbreviations that do not end a sentence, organisations' words, page ranges."""

from __future__ import annotations

import re

__all__ = [
    "ABBREVIATIONS",
    "CAP",
    "CORPORATE",
    "DASHES",
    "EDITORS_WORD",
    "LABEL",
    "LOW",
    "MONTHS",
    "MONTH_NAMES",
    "PAGES",
    "PARTICLES",
    "PLACES",
    "PREFIXES",
    "QUOTES",
    "SUFFIXES",
    "is_initial",
    "is_word",
    "words",
]


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CAP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"  # Latin and Cyrillic capitals
LOW = "a-zß-öø-ÿā-žа-яё"
PARTICLES = words(
    "da das de del della der des di do dos du la las le les lo van von den ter ten"
    " vom zu zur y af av d' l' vd v. v"
)
# Capitalised prefixes that belong to the surname in natural order ("Darach Mac Donncha").
PREFIXES = words("Mac Mc Ó Ní Nic Ua Uí St St. De Del Della Di Da Van Von Le La Du")
SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
CORPORATE = re.compile(
    r"\b(?:Agency|Association|Authority|Bank|Board|Bureau|Centre|Center|Commission|Committee"
    r"|Company|Corporation|Council|Department|Foundation|Forum|Government|Group|Inc|Institute"
    r"|Ltd|Ministry|Nations|Office|Organi[sz]ation|Partnership|Programme|Program|Service|Society"
    r"|Survey|Trust|Union|University|Database|Network|Parliament|Assembly|Statistics)\b"
    r"|\w(?:[Ii]nstitut|[Aa]mt|[Ss]tiftung|[Mm]inisterium|[Kk]ommission|[Zz]entrum|[Vv]erband)\b"
    r"|\b(?:Bundes|Statisti|Minist|Organiza)\w*"
)
ABBREVIATIONS = words(
    "vs St Dr Mr Mrs Ms No Vol vol ed eds Ed Eds edn rev Rev al Inc Ltd Co Jr Sr pp p"
    " trans Trans Univ Dept Pt pt e.g i.e cf etc Hg Hrsg Aufl Bd Jg Nr S Bras Esc J u a a.M"
    " no nr Proc Conf Symp Intl Natl Assoc Soc"  # proceedings' names: "Proc. Conf. on X"
    " überarb erw bearb aktual vollst durchges verb"  # German editions: "9. überarb. Aufl."
)
#: a month's name, in full or abbreviated (``Jan``, ``Sept``)
MONTH_NAMES = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
#: a month or a season, as a journal's issue or a date names it (``Fall 2011``)
MONTHS = rf"(?:{MONTH_NAMES}|Spring|Summer|Fall|Autumn|Winter)(?![a-z])"
PAGES = r"[A-Za-z]?\d+(?:\s*[-–—‒]+\s*[A-Za-z]?\d+)?"
QUOTES = {"'": "'’", "‘": "’'", '"': '"”', "“": '”"', "«": "»", "„": '“”"', "»": "«"}
# Places where books are often published, and the states and countries written after
# them ("Cambridge, Mass."): a title's last words listed with commas are a place only if
# they are one of these; in German every noun is capitalised, so the form cannot tell
PLACES = words(
    "Amsterdam Ann Arbor Athens Baltimore Bamberg Barcelona Basel Basingstoke Beijing Berkeley"
    " Berlin Bern Beverly Bielefeld Bloomington Bochum Bologna Bonn Boston Boulder Bremen"
    " Bristol Brussels Brüssel Bruxelles Budapest Cambridge Cheltenham Chicago Chichester"
    " Copenhagen Darmstadt Delhi Den Dordrecht Dresden Dublin Durham Düsseldorf Edinburgh"
    " Essen Florence Frankfurt Freiburg Geneva Genf Gießen Glasgow Göttingen Graz Hamburg"
    " Hannover Harmondsworth Heidelberg Helsinki Hoboken Houndmills Innsbruck Ithaca Jena Karlsruhe"
    " Kassel Kiel Köln Cologne Konstanz Leiden Leipzig Lisbon Lisboa London Los Madrid Mainz"
    " Malden Manchester Mannheim Marburg Melbourne Mexico Milan Milano Minneapolis Montreal"
    " Moscow Munich München Münster Nairobi New Newbury Nürnberg Opladen Oslo Ottawa Oxford"
    " Paris Philadelphia Pittsburgh Potsdam Prague Prag Princeton Reinbek Rio Rome Roma"
    " Rotterdam Salzburg San Santiago Sao São Seattle Singapore Stanford Stockholm Stuttgart"
    " Sydney Thousand Tokyo Toronto Trier Tübingen Utrecht Vancouver Vienna Warsaw Washington"
    " Weinheim Wien Wiesbaden Würzburg Zürich Zurich"
    " Mass Mass. MA NY NJ N.J. CA Calif. Ill. IL Conn. CT Md. MD Pa. PA Va. VA"
    " Massachusetts California Illinois Connecticut Maryland Pennsylvania Virginia"
    " USA UK England Germany France Canada Australia Switzerland Austria Netherlands"
)
#: an entry's label as BibTeX's alpha style and German lists print it: "[BAUD93]",
#: "[Kit14a]", "[KD11]"
LABEL = r"[A-Z][A-Za-z+\-]{0,7}\d{2,4}[a-z]?"
#: the dashes that open a reference's next part (ISBD's ". – ") or stand for a repeated name
DASHES = ("-", "–", "—")
EDITORS_WORD = r"(?:eds?|Eds?|editors?|Editors?|Hg|Hrsg|hg|hrsg|coord|dir|orgs?)"


_INITIAL = re.compile(rf"[{CAP}](?:[hlrt]?\.|\.?-[{CAP}]\.?)|(?:[{CAP}]\.-?){{2,3}}|[{CAP}]")
_WORD = re.compile(rf"[{CAP}][\w'’-]*")


def is_initial(token: str) -> bool:
    """``R.``, ``Ch.``, ``J.-P.``, ``R.K.``, ``R``: an initial, or a few run together."""
    return _INITIAL.fullmatch(token) is not None


def is_word(token: str) -> bool:
    """A capitalised name word: ``Kitchin``, ``O'Neil``, ``Jenkins-Smith``, ``SMITH``."""
    return _WORD.fullmatch(token) is not None and not is_initial(token)
