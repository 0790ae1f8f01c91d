"""Ad filter (广告过滤): what a shop owner notices — ads flagged with a reason they understand,
ordinary buyer questions left alone — and the `ads classify` CLI contract (METRICS.md §6).
Uses the shipped model only (no training data needed)."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.i18n import set_language
from app.services.adfilter import AdFilter, Verdict

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def flt() -> AdFilter:
    return AdFilter.default()


RULE_ADS = [
    ("加我微信abc12345，领取内部优惠券", "广告：引导添加微信/QQ"),
    ("VX：wxid_shop8888 拉你进群领红包", "广告：引导添加微信/QQ"),
    ("私聊扣扣 3345678901 有惊喜", "广告：引导添加微信/QQ"),
    ("招聘刷单兼职，日结300，手机就能做", "广告：刷单/兼职"),
    ("在家兼职打字员，时间自由，日赚200+", "广告：刷单/兼职"),
    ("无抵押贷款，当天放款，额度最高50万，电话13812345678", "广告：贷款/金融"),
    ("急用钱？不看征信，凭身份证秒下款", "广告：贷款/金融"),
    ("澳门葡京线上娱乐城，注册送88元彩金", "广告：赌博"),
    ("六合彩特码必中，稳赚不赔", "广告：赌博"),
    ("【工商银行】尊敬的客户：您的电子密码器已过期，请登录 www.icbc-yz.cc 进行升级", "广告：伪基站短信"),
    ("【中国移动】您的积分已满3000分，可兑换268元现金礼包，请登录 wap.10086jf.com 领取", "广告：伪基站短信"),
    ("【ETC】您的ETC认证已失效，请立即登录 etc-renzheng.top 重新认证", "广告：伪基站短信"),
    ("点这里抢购 http://t.cn/A6xYz9k 手慢无", "广告：可疑链接"),
    ("秋装新品全场五折，退订回T", "广告：群发营销短信"),
]


@pytest.mark.parametrize(("text", "reason"), RULE_ADS)
def test_obvious_ads_are_flagged_with_the_right_reason(flt: AdFilter, text: str, reason: str) -> None:
    v = flt.classify(text)
    assert v.is_ad, text
    assert v.reason == reason
    assert 0.0 <= v.score <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "新年钜惠！XX家居全场家具3折起，买一送一，地址：建设路88号，电话0571-88886666",
        "亲爱的会员，本周末商场店庆，服装全场满300减100，期待您的光临！",
        "旗舰店开业大酬宾，进店即送精美礼品，活动仅限三天，详询400-800-1234",
        "楼盘开盘在即，首付20万起，地铁口现房，VIP热线88886666",
    ],
)
def test_promotions_for_other_businesses_are_ads(flt: AdFilter, text: str) -> None:
    v = flt.classify(text)
    assert v.is_ad, text
    assert v.reason and v.reason.startswith("广告：")


def test_a_model_verdict_names_its_confidence(flt: AdFilter) -> None:
    v = flt.classify("楼盘开盘在即，首付20万起，地铁口现房，VIP热线88886666")
    assert v.is_ad
    if v.reason.startswith("广告：模型判定"):
        assert f"{v.score:.2f}" in v.reason


BUYER_MESSAGES = [
    "客服在吗",
    "你好，这件衣服有M码吗？",
    "我身高165体重110斤，穿什么码合适",
    "淘宝上买的鞋子，什么时候发货呀",
    "请问今天能发货吗？急用",
    "包邮吗？发什么快递",
    "能发顺丰吗，我加运费",
    "我要退款，东西买错了",
    "退款申请了三天了怎么还没到账",
    "收到的杯子是碎的，可以换货吗",
    "退货地址发我一下，我已经寄回了，快递单号SF1234567890123",
    "物流三天没更新了，帮我查一下",
    "订单号 3527816429384756123 帮我看看到哪了",
    "收货电话改成13812345678，到了打这个电话",
    "亲，联系电话15729795128",
    "电话 186 1234 5678",
    "收件人王先生 13912345678 杭州市西湖区文三路100号",
    "地址写错了，改成上海市浦东新区张江路88号，电话15900001111",
    "https://item.taobao.com/item.htm?id=654321987654 这个还有黑色的吗",
    "【淘宝】https://m.tb.cn/h.5ABcdEf?tk=xYz123 「羽绒服」点击链接直接打开 这个有货吗",
    "本店的优惠券怎么领？领了用不了",
    "双十一有活动吗，会不会更便宜",
    "什么时候到货？到货了通知我一下",
    "有运费险吗？不合适能退吗",
    "可以开发票吗，抬头写公司名",
    "可以用微信支付吗",
    "能花呗分期吗",
    "我在天猫买的，显示已签收但是没收到",
    "东西收到了，质量不错，已经好评了",
    "亲，能便宜点吗，买两件",
    "我是你们的老客户了，有没有优惠",
    "积分怎么兑换",
    "这个和图片颜色一样吗，会不会有色差",
    "快递员态度太差，放驿站也不说一声",
    "好的谢谢",
    "发票的税号是91330100MA2XXXXX1K",
    "你们家客服电话多少",
    "这个是正品吗？有防伪码吗",
    "说明书在哪里下载，APP叫什么",
]


@pytest.mark.parametrize("text", BUYER_MESSAGES)
def test_ordinary_buyer_messages_are_not_flagged(flt: AdFilter, text: str) -> None:
    v = flt.classify(text)
    assert not v.is_ad, (text, v)
    assert v.reason is None


def test_empty_and_blank_messages_are_not_ads(flt: AdFilter) -> None:
    for text in ("", "   ", "\u3000", "\n"):
        assert flt.classify(text) == Verdict(False, 0.0, None)


def test_classify_many_keeps_order(flt: AdFilter) -> None:
    texts = ["这件衣服有M码吗", "加微信abc12345领红包", "", "谢谢"]
    assert [v.is_ad for v in flt.classify_many(texts)] == [False, True, False, False]
    assert flt.classify_many([]) == []
    assert flt.classify_many(iter(texts)) == [flt.classify(t) for t in texts]


def test_verdict_is_frozen(flt: AdFilter) -> None:
    v = flt.classify("加微信abc12345领红包")
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.is_ad = False  # type: ignore[misc]


def test_full_width_and_spaced_out_tricks_are_seen_through(flt: AdFilter) -> None:
    assert flt.classify("加 微 信 ａｂｃ１２３４５ 领 红 包").is_ad
    assert flt.classify("兼 职 刷 单 ， 日 结 佣 金").is_ad


def test_reasons_follow_the_user_language(flt: AdFilter) -> None:
    set_language("en")
    try:
        v = flt.classify("加我微信abc12345，领取内部优惠券")
        assert v.is_ad and v.reason is not None
        assert "WeChat" in v.reason and "广告" not in v.reason
    finally:
        set_language("zh_CN")


def test_default_is_a_cached_singleton() -> None:
    assert AdFilter.default() is AdFilter.default()


def test_services_package_does_not_import_qt() -> None:
    code = "import sys, app.services.adfilter as a; a.AdFilter.default(); print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- CLI ----------------------
@pytest.fixture
def cli(monkeypatch, tmp_path):
    from app.cli import main

    monkeypatch.setenv("ZHANGGUI_DB", f"sqlite:///{tmp_path / 'unused.sqlite3'}")

    def run(argv: list[str], stdin: bytes = b"") -> int:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        return main(argv)

    return run


def test_cli_reads_stdin_and_prints_one_verdict_per_line(cli, capsys) -> None:
    data = "加微信abc12345领红包\n这件衣服有M码吗\n\n招聘刷单兼职，日结300\n谢谢".encode()
    assert cli(["ads", "classify"], data) == 0
    assert capsys.readouterr().out == "1\n0\n0\n1\n0\n"


def test_cli_reads_a_file_with_bom_and_crlf(cli, capsys, tmp_path) -> None:
    f = tmp_path / "messages.txt"
    f.write_bytes("\ufeff退款什么时候到账\r\n无抵押贷款，当天放款，电话13812345678\r\n\r\n".encode())
    assert cli(["ads", "classify", str(f)]) == 0
    assert capsys.readouterr().out == "0\n1\n0\n"


def test_cli_empty_input_prints_nothing(cli, capsys) -> None:
    assert cli(["ads", "classify"], b"") == 0
    assert capsys.readouterr().out == ""


def test_cli_missing_file_exits_2_with_a_message(cli, capsys, tmp_path) -> None:
    missing = tmp_path / "nope.txt"
    assert cli(["ads", "classify", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nope.txt" in captured.err and "找不到文件" in captured.err


def test_cli_undecodable_file_exits_2(cli, capsys, tmp_path) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes("加微信领红包".encode("gbk"))
    assert cli(["ads", "classify", str(f)]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_cli_as_a_process(tmp_path) -> None:
    env = dict(os.environ, ZHANGGUI_DB=f"sqlite:///{tmp_path / 'unused.sqlite3'}", LANG="zh_CN.UTF-8")
    out = subprocess.run(
        [sys.executable, "-m", "app", "ads", "classify"],
        input="加微信xx12345领红包\n这件衣服有M码吗\n".encode(),
        capture_output=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout.decode().splitlines() == ["1", "0"]
    assert not (tmp_path / "unused.sqlite3").exists()  # the database is never opened
