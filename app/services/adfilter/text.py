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
# Traditional → simplified for the characters that matter to the filter (not a full converter).
_TRADITIONAL = (
    "積兌換銀帳賬戶凍結認證過點擊錄陸醫補貼領遞賠償丟遺話費現禮驗異註銷級電碼網額貸號務請訪問會員獎幣兩萬"
    "億紅優專業資訊聯繫係絡詢撥熱線營團購價贈樂賭場運動體輸贏開儲匯轉傳檢決罰違規車輛駕駛關閉歸還稅險風實"
    "訂單發貨達態賣買錢幫圖書獲選這個們來時對麼說為與區門際國華東園樓盤裝飾學習課師報讀職軟載頁鏈權狀況處"
    "紀總隊廣聽視頻愛約夥賺絕鬆經濟續憑簡審薦漲馬莊戲餘給讓應該將準則鐘鐵機龍娛鍵壞舊衛輕題節慶臨館籌齊計"
    "劃辦觀參顧飯濱灣緊鎖護療擁詳細徵屆張聖誕監測統維隨鑽農設郵後臺裡簽遊蘋緣製據導擇試鑒傷雙歐滬刪歷雲彈"
    "類燈燒檔響頭陽暫啟備輪親夠觸貴賓產廠層勞謝讚慮噸噹當盡紙鉅鑰齡標籤樣極儀範聞藥圍壓瀏覽頂雜誠懷論識稱"
    "衝賽術屬"
)
_SIMPLIFIED = (
    "积兑换银账账户冻结认证过点击录陆医补贴领递赔偿丢遗话费现礼验异注销级电码网额贷号务请访问会员奖币两万"
    "亿红优专业资讯联系系络询拨热线营团购价赠乐赌场运动体输赢开储汇转传检决罚违规车辆驾驶关闭归还税险风实"
    "订单发货达态卖买钱帮图书获选这个们来时对么说为与区门际国华东园楼盘装饰学习课师报读职软载页链权状况处"
    "纪总队广听视频爱约伙赚绝松经济续凭简审荐涨马庄戏余给让应该将准则钟铁机龙娱键坏旧卫轻题节庆临馆筹齐计"
    "划办观参顾饭滨湾紧锁护疗拥详细征届张圣诞监测统维随钻农设邮后台里签游苹缘制据导择试鉴伤双欧沪删历云弹"
    "类灯烧档响头阳暂启备轮亲够触贵宾产厂层劳谢赞虑吨当当尽纸巨钥龄标签样极仪范闻药围压浏览顶杂诚怀论识称"
    "冲赛术属"
)
_TABLE: dict[int, str | None] = {ord(d): "x" for d in "0123456789"}
_TABLE.update({ord(c): None for c in _SPACES})
_TABLE.update({ord(t): s for t, s in zip(_TRADITIONAL, _SIMPLIFIED, strict=True)})
_NEEDS_TABLE = re.compile("[0-9" + re.escape(_SPACES) + _TRADITIONAL + "]")

# Start/end markers for the model's boundary n-grams (never occur in normalised text).
BOS, EOS = "\x02", "\x03"

_JOIN = "".join  # bigrams: "".join over zip(t, t[1:]) is faster than a look-ahead findall
_FIND3 = re.compile(r"(?=(...))", re.S).findall


def normalise(text: str) -> str:
    """NFKC, lower case, digits → ``x``, no white space, traditional → simplified (see above)."""
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


def wide_length(norm: str) -> int:
    """Non-ASCII characters of a normalised text (Chinese text and its punctuation): links,
    numbers and Latin words do not make a buyer's message "long"."""
    return len(norm.encode("utf-8")) - len(norm) >> 1 if not norm.isascii() else 0


def bigrams(norm: str) -> set[str]:
    """Distinct character bigrams of a normalised text, with boundary markers."""
    t = BOS + norm + EOS
    return set(map(_JOIN, zip(t, t[1:], strict=False)))


def ngrams(norm: str, orders: tuple[int, ...] = (2,)) -> set[str]:
    """Distinct character n-grams of the given orders (1, 2 and/or 3), with boundary markers."""
    t = BOS + norm + EOS
    grams: set[str] = set()
    if 3 in orders:
        grams.update(_FIND3(t))
    if 2 in orders:
        grams.update(map(_JOIN, zip(t, t[1:], strict=False)))
    if 1 in orders:
        grams.update(norm)
    return grams
