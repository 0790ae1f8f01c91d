"""Text normalisation shared by the ad filter at run time and by its training script.

Both training sets must look alike: one of them masks every digit as ``x``, so every digit
becomes ``x`` here too. Full-width forms are folded (NFKC), letters lower-cased, and white space
and zero-width characters removed (spammers space out words to dodge keyword filters).
"""

from __future__ import annotations

import unicodedata

_TABLE: dict[int, str | None] = {ord(d): "x" for d in "0123456789"}
for _ch in " \t\r\n\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff":
    _TABLE[ord(_ch)] = None

# Start/end markers for the model's boundary n-grams (never occur in normalised text).
BOS, EOS = "\x02", "\x03"


def normalise(text: str) -> str:
    """NFKC, lower case, digits → ``x``, no white space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.lower().translate(_TABLE)


def ngrams(norm: str, max_n: int = 3) -> set[str]:
    """Distinct character 1..max_n-grams of a normalised text, with boundary markers."""
    t = BOS + norm + EOS
    n = len(t)
    grams = {t[i : i + 3] for i in range(n - 2)} if max_n >= 3 else set()
    grams.update(t[i : i + 2] for i in range(n - 1))
    grams.update(norm)
    return grams
