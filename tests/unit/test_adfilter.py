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

ROOT = Path(__file__).resolve().parents[2]


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


# Fake base station (伪基站) notices as they arrive: with and without a link, digits masked as x,
# full-width forms, traditional characters, the sender's bracket at the start or the end.
FAKE_STATION_NOTICES = [
    "【中国移动】尊敬的客户，您的话费积分6800即将清零，可兑换价值368元现金礼包，请用手机登录 jf10086.cc 领取",
    "尊敬的用户：您的积分xxxx分将于今日清零，请登录 xxx.vip 兑换现金礼包【中国联通】",
    "【招商银行】尊敬的持卡人，您的信用卡已符合提额条件，最高可提至50000元，请点击 cmb-te.top 申请",
    "【中国银行】您的信用卡临时额度已调整为3万元，请回复Y激活",
    "【建设银行】尊敬的客户：您的账户因异常已被冻结，请登录 ccb-jd.cc 解除，以免影响使用",
    "尊敬的ETC用户，您的ETC卡因未实名已被停用，请点击链接 http://47.96.10.2/etc 重新激活",
    "【社保局】您的社保卡将于近日停用，请登录 shebao-gov.cc 办理年审",
    "【人社局】您的社保补贴xxxx元已到账，请在24小时内登录 rsj.cc 领取",
    "【中通快递】您好，您的快递在运输途中丢失，我司将为您办理双倍理赔，请添加客服微信办理",
    "您好，我是圆通快递客服，您购买的商品在运输中破损，我们将为您做三倍理赔，请扫码添加理赔专员",
    "【北京市朝阳区人民法院】您有一张法院传票未领取，详情请按9查询",
    "您好，这里是公安局，您的身份信息涉嫌一起洗钱案件，请立即拨打01065234567配合调查",
    "尊敬的客户，您的工行电子密码器已过期，请登录我行网站进行升级",
    "【中國工商銀行】您的帳戶積分即將過期，請點擊 ｗｗｗ．ｉｃｂｃ－ｊｆ．ｃｃ 兌換現金禮包",
    "【ＥＴＣ】您的ＥＴＣ認證已失效，請立即登錄 ｅｔｃ－ｘｘ．ｔｏｐ 重新認證",
    "【中國建設銀行】您的賬戶存在風險，已被凍結，請點擊 ccb-ｓａｆｅ.ｃｃ 解凍",
    "【建设银行】您尾号8876的储蓄卡于11月25日消费支出5000.00元，如非本人操作请致电 4008-123-456 咨询",
    "【顺丰速运】您的快递因地址不详无法派送，请点击 sf-express-cn.com/u 更新地址",
    "【中国联通】恭喜您被抽中为幸运用户，获得iPhone15一部，请登录 10010-vip.com 领取",
    "尊敬的用户，您的手机号已连续使用满3年，获得话费补贴200元，请登录 wap-10086.net 领取",
    "积★分兑☆换：您的积分即将清零，请登录 jf10086.net 兑换现金礼包",
    "【中国移动】尊敬的客户，您的积分可兑换现金，回复Y领取",
]


@pytest.mark.parametrize("text", FAKE_STATION_NOTICES)
def test_fake_base_station_notices_are_flagged(flt: AdFilter, text: str) -> None:
    v = flt.classify(text)
    assert v.is_ad, text
    assert v.reason == "广告：伪基站短信"


def test_a_bare_bank_account_to_pay_into_is_flagged(flt: AdFilter) -> None:
    for text in ("农行 6228 4800 1234 5678 901 王艳春", "6217000012345678901 建行 刘琦"):
        v = flt.classify(text)
        assert v.is_ad and v.reason == "广告：索要汇款的银行账号", text
    # the rule leaves refund accounts and order numbers alone (the model judges those on its own)
    from app.services.adfilter import rules
    from app.services.adfilter.text import normalise

    assert rules.match(normalise("退款退到农行卡6228480012345678901 张三")) is None
    assert not flt.classify("订单号 352781642938475612 帮我看看到哪了").is_ad


# Buyers talk about the same things as the scams: a lost parcel, a court, a credit limit …
BUYER_MESSAGES_NEAR_SCAMS = [
    "快递丢了，你们能理赔吗",
    "快递破损了，你们赔偿吗？我已经点击了申请退款",
    "包裹丢失了，理赔要多久，请尽快处理",
    "我要去法院告你们，等着收传票吧",
    "你们涉嫌虚假宣传，我已经向工商局投诉了，请尽快退款",
    "花呗额度不够，提高不了，点击付款失败",
    "信用卡额度不够，能分两次付吗",
    "积分怎么兑换 积分能抵扣吗",
    "我的积分过期了吗",
    "话费充值没到账，点击了好几次",
    "流量卡怎么激活，登录不了",
    "【天猫】这个链接的东西还有吗",
    "我家正在装修，这个灯什么时候能发货",
    "装修用的灯有优惠吗",
    "送到公寓，电话13812345678",
    "我在别墅区，快递能送上门吗",
    "考证用的书有货吗",
    "你们店招代理吗，待遇怎么样",
    "這件衣服有M碼嗎？什麼時候發貨",
    "我的信用卡被扣款了两次，你们查一下",
    "快递地址有误，帮我改一下，新地址发你了",
    "宝贝★★★★★好评",
    "这个价格·能便宜点吗",
]


@pytest.mark.parametrize("text", BUYER_MESSAGES_NEAR_SCAMS)
def test_buyer_messages_near_scam_topics_are_not_flagged(flt: AdFilter, text: str) -> None:
    v = flt.classify(text)
    assert not v.is_ad, (text, v)


def test_traditional_characters_are_folded_for_rules_and_model() -> None:
    from app.services.adfilter.text import normalise

    assert normalise("【中國銀行】您的帳戶積分") == normalise("【中国银行】您的账户积分")
    assert normalise("ＥＴＣ認證 ２０２４") == "etc认证xxxx"


def test_long_texts_have_a_lower_bar_short_ones_a_higher(flt: AdFilter) -> None:
    # a toy model: every n-gram of "促销" weighs the same; the length decides
    toy = AdFilter({"促销": 1.0}, bias=-1.5, threshold=0.5, min_chars=6, short_chars=12, short_margin=2.0,
                   long_chars=30, long_margin=-1.0)
    assert not toy.classify("促销促销促销").is_ad  # z = -0.5, short: needs > 2
    assert not toy.classify("促销" + "的" * 20).is_ad  # z = -0.5, medium: needs > 0
    assert toy.classify("促销" + "的" * 40).is_ad  # z = -0.5, long (≥ 30 Chinese characters): > -1
    assert not toy.classify("促销 https://item.taobao.com/item.htm?id=654321987654").is_ad  # a link is not "long"


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
