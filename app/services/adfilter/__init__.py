"""Ad filter (广告过滤): flags buyer chat messages that are ads or spam.

    from app.services.adfilter import AdFilter, Verdict
    verdict = AdFilter.default().classify("加微信xx领红包")
    verdict.is_ad, verdict.score, verdict.reason

Two stages, both pure Python (no Qt, no numpy):
1. explainable rules for strong signals (`rules.py`): contact-me-on-WeChat/QQ with an id,
   刷单/兼职, loans, gambling, fake base station (伪基站) notices, suspicious links, bulk
   marketing SMS;
2. a logistic regression over character bigrams of the normalised text, shipped as
   `resources/adfilter/model.json.gz` and trained by `tools/train_adfilter.py`.
A rule hit is an ad whatever the model says; otherwise the model decides against its tuned
threshold. Every ad verdict carries a reason in the user's language.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import sys
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.adfilter import rules
from app.services.adfilter.text import bigrams, content_length, ngrams, normalise, wide_length

__all__ = ["AdFilter", "Verdict", "default_model_path"]


@dataclass(frozen=True, slots=True)
class Verdict:
    is_ad: bool
    score: float  # the model's probability that the message is an ad (1.0 for a rule hit)
    reason: str | None  # why it is an ad, in the user's language; None when it is not


def default_model_path() -> Path:
    from app.paths import resources_dir

    return resources_dir() / "adfilter" / "model.json.gz"


def _reason(key: str) -> str:
    # Literal strings so that tools/i18n.py finds them.
    if key == rules.CONTACT:
        return _("广告：引导添加微信/QQ")
    if key == rules.JOB:
        return _("广告：刷单/兼职")
    if key == rules.LOAN:
        return _("广告：贷款/金融")
    if key == rules.GAMBLING:
        return _("广告：赌博")
    if key == rules.LINK:
        return _("广告：可疑链接")
    if key == rules.FAKE_STATION:
        return _("广告：伪基站短信")
    if key == rules.BULK:
        return _("广告：群发营销短信")
    if key == rules.PROMO:
        return _("广告：推广其他商家")
    if key == rules.REMITTANCE:
        return _("广告：索要汇款的银行账号")
    raise KeyError(key)


_NOT_AD = Verdict(False, 0.0, None)


def _sigmoid(z: float) -> float:
    if z < -700:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


class AdFilter:
    """A loaded model plus the rules. Thread-safe: classification only reads."""

    _default: AdFilter | None = None
    _lock = threading.Lock()

    def __init__(
        self,
        weights: dict[str, float],
        bias: float,
        threshold: float,
        orders: tuple[int, ...] = (2,),
        min_chars: int = 0,
        short_chars: int = 0,
        short_margin: float = 0.0,
        long_chars: int = 0,
        long_margin: float = 0.0,
    ) -> None:
        # The model alone never flags a text shorter than `min_chars` (normalised characters,
        # long numbers not counted: "你好!" or "电话 13812345678" carry no evidence), and one
        # shorter than `short_chars` only with a logit `short_margin` above the threshold.
        # One of at least `long_chars` non-ASCII characters (SMS length) needs a logit `long_margin` (≤ 0) above the
        # threshold: buyer turns that long are rare and read like questions. Rules apply
        # whatever the length.
        self._min_chars = min_chars
        self._long_chars = long_chars if long_chars > 0 else 1 << 30
        self._long_margin = min(0.0, long_margin)
        self._short_chars = short_chars
        self._short_margin = short_margin
        self._weights = weights
        self._get = weights.get
        self._bias = bias
        if 2 not in orders or not set(orders) <= {1, 2, 3}:
            raise ValueError(f"unsupported n-gram orders {orders}")
        self._orders = tuple(orders)
        self._extra = tuple(o for o in orders if o != 2)  # bigrams are always computed
        self.threshold = threshold
        # the model says "ad" when the logit exceeds this
        self._logit_threshold = math.log(threshold / (1.0 - threshold))
        # the lowest logit that may be an ad at some length
        self._logit_floor = self._logit_threshold + self._long_margin

    # -- loading ------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> AdFilter:
        with gzip.open(path, "rb") as fh:
            doc = json.loads(fh.read())
        if doc.get("format") != "zhanggui-adfilter/1":
            raise ValueError(f"unknown ad filter model format in {path}")
        grams = doc["grams"].split("\x00")
        q = array("h")
        q.frombytes(base64.b64decode(doc["weights"]))
        if sys.byteorder != "little":
            q.byteswap()
        if len(q) != len(grams):
            raise ValueError(f"corrupt ad filter model {path}")
        scale = float(doc["scale"])
        weights = dict(zip(grams, [v / scale for v in q], strict=True))
        orders = tuple(doc.get("orders", (2,)))
        return cls(
            weights,
            float(doc["bias"]),
            float(doc["threshold"]),
            orders=orders,
            min_chars=int(doc.get("min_chars", 0)),
            short_chars=int(doc.get("short_chars", 0)),
            short_margin=float(doc.get("short_margin", 0.0)),
            long_chars=int(doc.get("long_chars", 0)),
            long_margin=float(doc.get("long_margin", 0.0)),
        )

    @classmethod
    def default(cls) -> AdFilter:
        """The shipped model, loaded once per process."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls.load(default_model_path())
        return cls._default

    # -- scoring --------------------------------------------------------------------------
    def logit(self, norm: str) -> float:
        """The model's log-odds for a normalised text."""
        grams = ngrams(norm, self._orders)
        return self._bias + sum(filter(None, map(self._get, grams)))

    def score(self, text: str) -> float:
        """The model's probability that `text` is an ad (rules not applied)."""
        return _sigmoid(self.logit(normalise(text)))

    def classify(self, text: str) -> Verdict:
        norm = normalise(text)
        if not norm:
            return _NOT_AD
        grams = bigrams(norm)
        if rules.may_match(norm, grams):
            key = rules.match(norm, checked=True)
            if key is not None:
                return Verdict(True, 1.0, _reason(key))
        if self._extra:
            grams |= ngrams(norm, self._extra)
        z = self._bias + sum(filter(None, map(self._get, grams)))
        if z > self._logit_floor and self.model_may_flag(z, content_length(norm), wide_length(norm)):
            p = _sigmoid(z)
            return Verdict(True, p, _("广告：模型判定（置信度 {score:.2f}）").format(score=p))
        return Verdict(False, _sigmoid(z), None)

    def model_may_flag(self, z: float, n_chars: int, n_wide: int = 0) -> bool:
        """Whether logit `z` of a text of `n_chars` (`text.content_length`) and `n_wide`
        (`text.wide_length`: Chinese characters, roughly) clears the bar."""
        if n_chars < self._min_chars:
            return False
        if n_chars < self._short_chars:
            return z > self._logit_threshold + self._short_margin
        if n_wide >= self._long_chars:
            return z > self._logit_threshold + self._long_margin
        return z > self._logit_threshold

    def classify_many(self, texts: Iterable[str]) -> list[Verdict]:
        classify = self.classify
        return [classify(t) for t in texts]
