"""Text normalisation and n-grams shared by the ad filter at run time and by its training script.

Both training sets must look alike: one of them masks every digit as ``x``, so every digit
becomes ``x`` here too. Full-width forms are folded (NFKC), letters lower-cased, and white space
and zero-width characters removed (spammers space out words to dodge keyword filters).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = (
    " \t\r\n\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\x1c\x1d\x1e\x1f\x85"
)
_TABLE: dict[int, str | None] = {ord(d): "x" for d in "0123456789"}
_TABLE.update({ord(c): None for c in _SPACES})
_NEEDS_TABLE = re.compile("[0-9" + re.escape(_SPACES) + "]")

# Start/end markers for the model's boundary n-grams (never occur in normalised text).
BOS, EOS = "\x02", "\x03"

_FIND2 = re.compile(r"(?=(..))", re.S).findall
_FIND3 = re.compile(r"(?=(...))", re.S).findall


def normalise(text: str) -> str:
    """NFKC, lower case, digits → ``x``, no white space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    if _NEEDS_TABLE.search(text) is not None:
        text = text.translate(_TABLE)
    return text


_NUMBER_RUN = re.compile(r"x{5,}")


def content_length(norm: str) -> int:
    """Characters of a normalised text other than long numbers (phone, order, parcel numbers):
    a buyer's "电话 138…" is short for the model's purposes, however long the number."""
    if "xxxxx" not in norm:
        return len(norm)
    return len(_NUMBER_RUN.sub("", norm))


def bigrams(norm: str) -> set[str]:
    """Distinct character bigrams of a normalised text, with boundary markers."""
    return set(_FIND2(BOS + norm + EOS))


def ngrams(norm: str, orders: tuple[int, ...] = (2,)) -> set[str]:
    """Distinct character n-grams of the given orders (1, 2 and/or 3), with boundary markers."""
    t = BOS + norm + EOS
    grams: set[str] = set()
    if 3 in orders:
        grams.update(_FIND3(t))
    if 2 in orders:
        grams.update(_FIND2(t))
    if 1 in orders:
        grams.update(norm)
    return grams
