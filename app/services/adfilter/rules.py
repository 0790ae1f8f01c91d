"""Explainable rules for strong ad signals, applied to normalised text (see `text.normalise`:
lower case, digits as ``x``, no white space).

Each rule returns a reason key (see `REASON_KEYS`); the package turns it into a sentence in the
user's language. The rules are written for a shop's buyer chat: shop words (淘宝, 客服, 本店,
到货, 优惠, 包邮, 退款, 发货), links to the shop platforms, order numbers and a phone number given
for delivery never match by themselves.
"""

from __future__ import annotations

import re

CONTACT, JOB, LOAN, GAMBLING = "contact", "job", "loan", "gambling"
FAKE_STATION, LINK, BULK, PROMO = "fake_station", "link", "bulk", "promo"
REMITTANCE = "remittance"
REASON_KEYS = (CONTACT, JOB, LOAN, GAMBLING, FAKE_STATION, LINK, BULK, PROMO, REMITTANCE)

def _words(text: str) -> list[str]:
    return text.split()


# --- links -------------------------------------------------------------------------------
_TLDS = (
    "com|cn|net|org|cc|top|xyz|vip|tk|ml|ga|cf|gq|win|bid|loan|club|ren|pw|site|online|wang|"
    "icu|ltd|fun|work|live|ink|kim|red|mobi|asia|info|biz|me|io|co|hk|tw|mo|app|shop|store|"
    "link|click|cyou|buzz|today|life|tv|ws|la|so|gg|ly|gl|im|to|us|in|ru|jp|uk|de|pro|one|"
    "space|website|tech|cloud|email|ink|men|pub|run|plus|team|xin|beer|fit|games|vin"
)
URL_RE = re.compile(
    r"(?:(?:https?|hxxps?)[:：]//|www\.)[a-z0-9\-._~%/?#=&+:@!$,;*]+"
    r"|(?<![a-z0-9@.\-])(?:[a-z0-9](?:[a-z0-9\-]{0,40}[a-z0-9])?\.){1,4}(?:" + _TLDS + r")"
    r"(?![a-z])(?::x+)?(?:/[a-z0-9\-._~%/?#=&+:@!$,;*]*)?"
)
_HOST_RE = re.compile(r"^(?:(?:https?|hxxps?)[:：]//)?([^/?#:]+)")

# Platforms a buyer legitimately links to in a shop chat (item, order and parcel pages).
SAFE_DOMAINS = (
    "taobao.com", "tmall.com", "tmall.hk", "tb.cn", "alicdn.com", "alipay.com", "alibaba.com",
    "1688.com", "aliexpress.com", "fliggy.com", "cainiao.com", "taobao.hk", "tmall.ru",
    "jd.com", "jd.hk", "x.cn",  # x.cn = 3.cn (JD's short links) after digit masking
    "sf-express.com", "kuaidixxx.com", "ems.com.cn", "yto.net.cn", "zto.com", "sto.cn",
    "yundaex.com", "deppon.com", "jtexpress.cn", "weixin.qq.com", "qq.com",
)
_SHORTENERS = (
    "t.cn", "dwz.cn", "url.cn", "w.url.cn", "suo.im", "suo.nz", "bit.ly", "tinyurl.com",
    "goo.gl", "is.gd", "ow.ly", "t.co", "sina.lt", "c.tb.cn.com", "u.nu", "xxx.so", "mrw.so",
    "xx.cx", "rrd.me", "tb.cn.com", "v.gd", "cutt.ly", "rebrand.ly", "s.id",
    "dwz.mk", "mxz.cn", "j.mp", "lnkd.in", "reurl.cc", "ppt.cc", "xrz.tw", "jd.cn.com",
)
_RISKY_TLDS = frozenset(
    _words(
        "cc top xyz vip tk ml ga cf gq win bid loan club ren pw site online wang icu ltd fun "
        "work live ink kim red mobi asia info biz pub run men click link cyou buzz today xin "
        "ws la fit games vin beer space website tech email plus team one pro"
    )
)
# Brand tokens that phishing domains imitate; only the real domains are safe.
_BRAND_RE = re.compile(
    r"xxxxx|icbc|ccb|boc|abchina|bankcomm|cmb|psbc|spdb|cib|cmbc|cebbank|pingan|citic|cgb|"
    r"alipay|taobao|tmall|jd|etc|gov|chinamobile|unicom|chinatelecom|bank|yinhang|jifen|"
    r"duihuan|yibao|shebao"
)
_OFFICIAL_DOMAINS = (
    "xxxxx.cn", "xxxxx.com", "icbc.com.cn", "ccb.com", "boc.cn", "abchina.com",
    "bankcomm.com", "cmbchina.com", "psbc.com", "spdb.com.cn", "cib.com.cn", "cmbc.com.cn",
    "cebbank.com", "pingan.com", "citicbank.com", "cgbchina.com.cn", "gov.cn", "chinamobile.com",
    "chinaunicom.com", "chinatelecom.com.cn", "xxxxxx.cn", "xxxxxx.com", "xxxxxxx.com",
    "xxxxx.com.cn",
)


def _host(url: str) -> str:
    m = _HOST_RE.match(url)
    return (m.group(1) if m else url).strip(".")


def _under(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def links(norm: str) -> list[str]:
    """Hosts of the links in `norm` that are not on the shop platforms' safe list."""
    out = []
    for m in URL_RE.finditer(norm):
        host = _host(m.group(0))
        if host.startswith("www."):
            host = host[4:]
        if not host or _under(host, SAFE_DOMAINS):
            continue
        out.append(host)
    return out


def suspicious_link(hosts: list[str]) -> bool:
    for host in hosts:
        if _under(host, _SHORTENERS):
            return True
        if re.fullmatch(r"[x.]+", host):  # a bare IP address (digits masked)
            return True
        tld = host.rsplit(".", 1)[-1]
        if tld in _RISKY_TLDS:
            return True
        if _BRAND_RE.search(host) and not _under(host, _OFFICIAL_DOMAINS):
            return True
    return False


# --- contact: add me on WeChat / QQ -------------------------------------------------------
_CW = (
    r"(?:微信|薇信|威信|徽信|维信|违心|v信|微x|wei信|vx|wx|weixin|wechat|qq|扣扣|抠抠|企鹅|"
    r"q群|qq群|微信群|薇|v|q|💚|🐧)"
)
_ID = r"[a-z_\-x][a-z0-9_\-]{4,19}"
CONTACT_RES = (
    # 加我微信 abc123 / 添加vx：xxxxxxxx / 私聊qq xxxxxx
    re.compile(
        r"(?:加|➕|\+|添加|联系|找|私聊|私信|私|咨询|关注|搜索?|认准|扫码加)(?:我|本人|一下|下|个|好友)*"
        r"(?:的)?" + _CW + r"(?:号码?|群|号码是|号是|是)?[:：]?" + _ID
    ),
    # 微信：abc123 / vx号 xxxxxxx / qq：xxxxxxxx (an explicit contact id)
    re.compile(r"(?<![a-z])" + _CW + r"(?:号码?|群|号)?[:：=]" + _ID),
    re.compile(r"(?:微信|vx|wx|v信|薇信|qq|扣扣)号?(?:码)?(?:是|为)?" + r"(?:[a-z][a-z0-9_\-]{5,19}|x{6,12})(?![a-z0-9])"),
    # 加微信领红包 / 加qq群送福利 (no id, but a lure)
    re.compile(
        r"(?:加|➕|添加)(?:我|好友)?" + _CW + r"(?:号|群)?.{0,12}?"
        r"(?:领|送|红包|返现|赚|免费|福利|进群|拉你|兼职|优惠券|内部券|秒杀|折扣|货源|代理|看片|约)"
    ),
    re.compile(r"(?:进群|入群|拉你进群|加群).{0,10}(?:领|送|红包|福利|赚|免费|返)"),
)

# --- 刷单 / 兼职 ----------------------------------------------------------------------------
JOB_RES = (
    re.compile(
        r"(?:刷单|刷信誉|刷销量|刷钻|刷好评|代刷|刷手|补单员|做单员|点赞员|打字员|抢单员|跑分)"
        r".{0,30}?(?:兼职|佣金|日结|招|赚|工资|垫付|返|平台|任务|结算|收入|一单|提成|月入|日入|加|联系|名额)"
    ),
    re.compile(
        r"(?:兼职|招聘|招募|诚招|急招|招人|招工|招收).{0,20}?"
        r"(?:日结|日赚|日入|月入|佣金|在家|手机|打字|刷单|宝妈|学生|工资|一天|每天|轻松|兼职|时间自由|足不出户|提成|"
        r"底薪|包吃住|五险一金|月薪|年薪|普工|男女不限|长期|高薪|薪资|待遇优)"
    ),
    re.compile(r"(?:大量|长期|高薪)招(?:聘|收|募)|底薪x+.{0,20}(?:提成|加班|包吃住)|包吃住.{0,20}(?:月薪|底薪|工资|招)"),
    re.compile(r"(?:日结|日赚|日入)(?:x|几|[一二三四五六七八九十百千万])+|月入(?:过万|x+|[一二三四五六七八九十百千万]+)|躺赚|足不出户.{0,6}赚|在家(?:就能|即可|轻松)?赚|手机(?:就能|即可|在家|上)?(?:赚钱|做任务)|动动手指.{0,6}赚"),
    re.compile(r"(?:垫付|先垫).{0,12}(?:返|佣金|本金)|佣金(?:日结|当天|秒结|秒返|立返)"),
)

# --- 贷款 / 金融 ----------------------------------------------------------------------------
LOAN_RES = (
    re.compile(
        r"(?:贷款|借款|借钱|网贷|放款|下款|套现|代还|提额|信用贷|小额贷|车贷|房贷|口子|白户|黑户)"
        r".{0,30}?(?:无抵押|免抵押|无担保|免担保|低息|免息|秒批|秒到|秒下|当天|快速|急用钱|额度|"
        r"征信|审批|到账|身份证|利息|月息|日息|咨询|联系|电话|办理|微信|qq|找我|放款|下款|x{7,})"
    ),
    re.compile(
        r"(?:无抵押|免抵押|无担保|免担保|不看征信|黑户|征信不好|急用钱|缺钱|资金周转).{0,30}?"
        r"(?:贷|借|放款|下款|额度|周转|资金|到账|x{7,})"
    ),
    re.compile(r"(?:荐股|牛股|涨停|内幕消息|股票群|炒股群|带单|操盘|配资|理财群|虚拟币|usdt|币圈).{0,30}?(?:加|群|老师|免费|收益|翻倍|稳赚|咨询|领取)"),
    re.compile(r"代开.{0,12}发票|出售(?:各类|各种|正规)?.{0,6}发票.{0,10}(?:联系|电话|微信|qq|x{7,})"),
)

# --- 赌博 -----------------------------------------------------------------------------------
GAMBLING_RES = (
    re.compile(
        r"博彩|赌场|赌博(?:网|平台|网站|app)|百家乐|六合彩|时时彩|北京赛车|pkxx|幸运飞艇|老虎机|真人荷官|荷官|娱乐城|"
        r"彩金|首存|首充.{0,4}送|棋牌(?:游戏|平台|app)|网投|特码|胆码|心水|葡京|威尼斯人|金沙(?:娱乐|城|国际)|"
        r"bet[x]{3}|体育(?:投注|下注|竞猜平台)|投注|下注|开户(?:即|就)?送|注册(?:即|就)?送x+|"
        r"(?:六|x)合(?:彩|特|码|资料|开奖)|彩票(?:网|平台|app|计划)|必中|包中|码报|平特|澳门.{0,6}(?:赌|娱乐|线上|首家|官方|平台|开户)|"
        r"(?:百|千|万)倍.{0,4}返|(?:上|下)分(?:客服|微信|秒到)"
    ),
)

# --- 伪基站: fake bank / carrier / ETC / points notices -------------------------------------
_IMPERSONATED = (
    r"(?:中国移动|移动|联通|电信|工商银行|工行|建设银行|建行|农业银行|农行|中国银行|中行|"
    r"交通银行|交行|招商银行|招行|邮政储蓄|邮储|浦发|兴业|民生|光大|平安|中信|广发|华夏|银行|银联|信用卡中心|"
    r"etc|高速|交管|社保|医保|公积金|税务|法院|公安|检察院|派出所|网警|积分商城|客服中心|运营商|人社|车险|保险|"
    r"快递|顺丰|圆通|中通|申通|韵达|菜鸟|京东物流|"
    r"尊敬的(?:用户|客户|会员|车主|持卡人|机主|ETC用户)|您的(?:账户|帐户|手机号|银行卡|信用卡|积分|话费))"
)
FAKE_STATION_RES = (
    # points redemption
    re.compile(r"积分.{0,12}?(?:兑换|清零|到期|过期|即将|可换|换取|已满|已达).{0,40}?(?:现金|礼包|话费|礼品|登录|登陆|点击|访问|领取|下载|激活|逾期)"),
    re.compile(r"(?:兑换|领取).{0,10}(?:现金礼包|现金红包|话费礼包|xxx%)|(?:兑换|领取)(?:您的)?x{3,}积分"),
    # e-token / password device expiry
    re.compile(r"(?:电子密码器|密码器|电子令牌|动态令牌|u盾|k宝|网银盾|安全证书).{0,20}?(?:过期|失效|到期|升级|更新|登录|登陆|停用|异常)"),
    # ETC
    re.compile(r"etc.{0,20}?(?:认证|失效|过期|到期|停用|注销|异常|年检|更新|验证|激活|暂停|扣费失败|禁用)"),
    re.compile(r"(?:账户|帐户|银行卡|信用卡|社保卡|医保卡|手机号|号码|实名).{0,12}?(?:冻结|停用|注销|暂停|异常|涉嫌|风险|过期|失效|作废).{0,40}?(?:登录|登陆|点击|访问|办理|验证|认证|解除|核实|激活)"),
    re.compile(r"(?:违章|罚单|交通违法).{0,20}?(?:登录|登陆|点击|访问|查看|处理)"),
    re.compile(r"(?:医保|社保|公积金|个税|补贴|退税|补助).{0,20}?(?:领取|申领|发放|到账|补贴|退还).{0,30}?(?:登录|登陆|点击|访问|填写|申请)"),
    re.compile(r"(?:社保|医保|公积金).{0,16}?(?:停用|暂停|失效|冻结|异常|年审|过期|作废|注销|停保).{0,40}?(?:请|点击|登录|登陆|访问|链接|办理)"),
    # credit card limit raise / carrier's phone-bill offers, with a call to action
    re.compile(r"(?:信用卡|额度).{0,20}?(?:提额|临时额度|提升至|提高至|最高可提|可提升|调整为|可提至).{0,40}?"
               r"(?:请(?:点击|登录|登陆|访问|回复|激活|办理)|点击|登录|登陆|回复[a-zx])"),
    re.compile(r"(?:话费|流量|套餐).{0,20}?(?:返还|赠送|清零|补偿|升级|翻倍|免费领|补贴|奖励|红包|礼包).{0,40}?(?:请(?:点击|登录|登陆|访问|下载|激活)|点击链接|登录|登陆)"),
    # a fake debit alert: money left "your" card, call this number if it was not you
    re.compile(r"(?:银行卡|信用卡|储蓄卡|账户|帐户|尾号x+).{0,30}?(?:消费|支出|扣款|转出|扣除|被盗刷).{0,40}?(?:如非本人|若非本人|如有疑问|如不是本人)"
               r".{0,20}?(?:致电|拨打|联系|点击|登录|登陆|咨询|回电|x{7,})"),
    # parcel "compensation" (快递理赔) lures: the courier's apology plus a stranger's procedure
    re.compile(r"(?:快递|包裹|快件|物流|订单).{0,30}?(?:丢失|丢件|遗失|破损|损坏|滞留|质量问题).{0,40}?(?:理赔|赔付|赔偿|补偿).{0,40}?"
               r"(?:我司|本公司|将为您|为您办理|双倍|x倍|请(?:点击|登录|登陆|访问|添加|扫码|加)|添加.{0,6}(?:客服|微信|qq)|点击链接|扫码|二维码|下载)"),
    re.compile(r"(?:我司|本公司|我们)将?(?:为您|给您)?(?:办理|进行|做)?(?:双倍|x倍|全额)?(?:理赔|赔付|赔偿).{0,40}?"
               r"(?:请(?:点击|登录|登陆|访问|添加|扫码|加)|添加.{0,6}(?:客服|微信|qq)|点击链接|扫码|二维码)"),
    # police / court impersonation: an authority, "you" are accused, and a procedure
    re.compile(r"(?:法院|公安|检察院|派出所|警官|刑侦|网警|通缉).{0,30}?(?:您|你)(?:的|名下|已|涉嫌|有一|在|被).{0,30}?"
               r"(?:传票|通缉|逮捕|拘捕|洗钱|安全账户|资金清查|资金核查|涉嫌.{0,8}(?:洗钱|诈骗|犯罪|案)).{0,40}?"
               r"(?:请|点击|登录|登陆|访问|按x|拨打|致电|回电|转账|转入|x{7,})"),
    re.compile(r"(?:您|你)(?:有一张|有一份|的)?(?:法院|刑事|民事)?传票.{0,30}?(?:按x|请|查询|点击|登录|详询|回电|拨打)"),
    # a bracketed sender that impersonates a bank, carrier, ETC, social insurance … with a
    # "your account/points/card" notice and a call to action, link or not
    re.compile(r"【[^】]{0,10}(?:银行|移动|联通|电信|etc|社保|医保|公积金|税务|交管|xxxxx|邮政|法院|公安|信用卡)[^】]{0,6}】"
               r".{0,80}?(?:积分|兑换|过期|失效|到期|冻结|停用|注销|暂停|清零|作废|升级|认证|激活|解绑|核实|异常|逾期|提额|补贴|中奖|"
               r"理赔|无法派送|派送失败|被抽中|获得.{0,10}(?:大奖|奖品|礼品|奖金))"
               r".{0,60}?(?:登录|登陆|点击|访问|回复|办理|下载|激活|领取)"),
)
_FAKE_ACTION = re.compile(
    r"积分|兑换|过期|失效|到期|冻结|停用|注销|暂停|清零|作废|升级|认证|激活|解绑|核实|复核|异常|逾期|中奖|"
    r"奖励|补贴|退还|领取.{0,6}(?:现金|礼包|奖|红包|补贴)|无法派送|派送失败|地址不详|地址有误|更新地址|重新派送|理赔|"
    r"获得.{0,10}(?:大奖|奖品|礼品|奖金)|被抽中|幸运用户"
)
_IMPERSONATED_RE = re.compile(_IMPERSONATED)

# --- 汇款: a bare bank card number with a bank and a name ("pay to this account") -----------
_BANK = (
    r"农行|工行|建行|中行|招行|交行|邮政|邮储|农业银行|工商|建设银行|中国银行|招商银行|交通银行|信用社|农信|"
    r"农商|兴业|浦发|民生|光大|中信|平安|广发|华夏|银行|储蓄|邮局"
)
_BANK_RE = re.compile(_BANK)
_CARD_RE = re.compile(r"x{15,19}(?!x)")
_NOT_REMITTANCE = re.compile(r"退|订单|单号|快递|物流|发票|税号")
REMITTANCE_BIGRAMS = frozenset(_words(
    "农行 工行 建行 中行 招行 交行 邮政 邮储 农业 工商 建设 中国 招商 交通 信用 农信 农商 兴业 浦发 民生 光大 中信 平安 "
    "广发 华夏 银行 储蓄 邮局"
))


def remittance(norm: str) -> bool:
    """A bank card number (15–19 digits), a bank and little else (a name): the "transfer the
    money to this account" scam. Refund and order talk is excluded."""
    m = _CARD_RE.search(norm)
    if m is None or _BANK_RE.search(norm) is None or _NOT_REMITTANCE.search(norm):
        return False
    rest = _CARD_RE.sub("", norm)
    return len(rest) <= 16


# --- bulk marketing SMS (another business's promotion) ---------------------------------------
BULK_RES = (
    re.compile(r"(?:回复?|回|发送?)(?:t|td|n|tdx?|退订|x)退订|退订回(?:复)?[tnx]|拒收请?回(?:复)?[a-z]|回[tn]退|退订请?回"),
)
PROMO_RES = (
    # 详询 4006169700 / 热线：65516878 / 咨询电话 4001119191 (never 联系电话: buyers give theirs)
    re.compile(
        r"(?:详询|垂询|详情咨询|咨询热线|订购热线|全国热线|招商热线|预约热线|服务热线|热线电话|热线|"
        r"咨询电话|订购电话|预约电话|报名电话|招生电话|招商电话|订房电话|订餐电话|团购电话|"
        r"欢迎来电|来电咨询|敬请来电|敬请致电|欢迎致电|速电|速拨|订购请拨)"
        r"[:：]?.{0,8}?(?:x{3,4}-?)?x{3,4}-?x{4}"
    ),
    # 大量收购 / 高价回收 … (a trader buying stock, with a contact)
    re.compile(r"(?:大量|高价|长期|常年)(?:收购|回收|求购).{0,30}?(?:联系|电话|热线|微信|qq|x{7,})"),
    # schooling, property and home decoration promotions
    re.compile(r"(?:学历|成人高考|成考|自考|专升本|函授|网络教育|在职研究生|考证|资格证|职称).{0,30}?"
               r"(?:报名|招生|包过|国家承认|教育部|电子注册|学信网|免试|热线|详询|咨询电话)"),
    re.compile(r"(?:楼盘|开盘|样板间|现房|期房|学区房|认筹|认购|洋房|别墅|商铺|首付|均价).{0,30}?"
               r"(?:楼盘|开盘|样板间|现房|期房|学区房|认筹|认购|洋房|别墅|商铺|首付|均价|热线|详询|莅临|致电|来电|售楼)"),
    re.compile(r"装修.{0,20}?(?:免费设计|免费量房|全包|半包|报价|整装|家装节|工地|设计费|钜惠|特惠)|(?:免费设计|免费量房).{0,20}?装修"),
    re.compile(r"(?:感谢|欢迎)(?:您的?)?致电|感谢您(?:刚才)?的来电|欢迎(?:新老)?(?:顾客|客户|朋友)?(?:莅临|光临|惠顾|选购|前来)|莅临(?:本店|我店|门店|专柜|现场|参观|品鉴)"),
)

# Every rule needs at least one of these words; a message without any skips the rules. The
# check is done on the n-gram set the model builds anyway (first two characters of each word,
# or the single character), so most messages cost no regular expression at all.
TRIGGER_WORDS = _words(
    "微信 薇 威信 徽信 维信 违心 v信 v vx wx weixin wechat wei信 微x qq 扣扣 抠抠 企鹅 群 💚 🐧 ➕ + "
    "刷 兼职 招 日结 日赚 日入 月入 赚 垫付 先垫 佣金 补单 做单 点赞 打字员 抢单 跑分 做任务 "
    "贷 借 放款 下款 套现 代还 提额 口子 白户 黑户 抵押 担保 征信 急用钱 缺钱 周转 荐股 牛股 涨停 内幕 "
    "股票 炒股 带单 操盘 配资 理财群 虚拟币 币圈 usdt 代开 出售 "
    "博彩 赌 百家乐 六合 x合 时时彩 彩金 彩票 赛车 pkxx 飞艇 老虎机 荷官 娱乐 首存 首充 棋牌 网投 特码 胆码 "
    "码报 平特 心水 葡京 威尼斯 金沙 bet 投注 下注 开户 注册 必中 包中 澳门 百倍 千倍 万倍 上分 下分 "
    "积分 兑换 领取 密码器 令牌 u盾 k宝 网银盾 证书 etc 冻结 停用 注销 暂停 异常 涉嫌 风险 过期 失效 作废 "
    "违章 罚单 违法 医保 社保 公积金 个税 补贴 退税 补助 "
    "退订 拒收 回t 回n 致电 来电 莅临 光临 惠顾 选购 前来 . / q "
    "底薪 包吃住 信用卡 额度 话费 流量 套餐 理赔 赔付 赔偿 补偿 法院 公安 检察院 派出所 警官 刑侦 网警 通缉 传票 【 "
    "学历 成人高考 成考 自考 专升本 函授 网络教育 在职研究生 考证 资格证 职称 楼盘 开盘 样板间 现房 期房 学区房 "
    "认筹 认购 洋房 别墅 商铺 首付 均价 装修 收购 回收 求购 消费 支出 扣款 转出 扣除 盗刷"
)
TRIGGER_CHARS = frozenset(w for w in TRIGGER_WORDS if len(w) == 1)
_TRIGGER_CHAR_SEARCH = re.compile("[" + "".join(re.escape(c) for c in sorted(TRIGGER_CHARS)) + "]").search
TRIGGER_BIGRAMS = frozenset(w[:2] for w in TRIGGER_WORDS if len(w) > 1)
# The "详询 400-616-9700" rule (PROMO_RES[0]) needs a number and one of these bigrams.
PHONE_PROMO_BIGRAMS = frozenset(
    _words("详询 垂询 详情 咨询 订购 全国 招商 预约 服务 热线 报名 招生 订房 订餐 团购 欢迎 来电 敬请 速电 速拨")
)
TRIGGER_RE = re.compile("|".join(re.escape(w) for w in sorted(TRIGGER_WORDS, key=len, reverse=True)))


# Symbols that spammers put between the characters of a keyword (积★分兑☆换, 加·微·信); the
# rules read the text without them (the model keeps them: they are evidence of their own).
_DODGE_CHARS = "★☆♥❤◆◇■□●○•·※✦✧◎▲△▼▽♦♢❀✿☞☛→←*^`|"
_DODGE_SEARCH = re.compile("[" + re.escape(_DODGE_CHARS) + "]").search
_DODGE_TABLE = {ord(c): None for c in _DODGE_CHARS}


def may_match(norm: str, bigrams: set[str] | frozenset[str]) -> bool:
    """False when no rule can fire (`bigrams` ⊇ the character bigrams of `norm`)."""
    return (
        _TRIGGER_CHAR_SEARCH(norm) is not None
        or _DODGE_SEARCH(norm) is not None
        or not TRIGGER_BIGRAMS.isdisjoint(bigrams)
        or ("xxx" in norm and not PHONE_PROMO_BIGRAMS.isdisjoint(bigrams))
        or ("x" * 15 in norm and not REMITTANCE_BIGRAMS.isdisjoint(bigrams))
    )


def match(norm: str, checked: bool = False) -> str | None:
    """The reason key of the first rule that fires on normalised text, or None.
    `checked`: the caller already knows `may_match` is true."""
    if _DODGE_SEARCH(norm) is not None:
        norm = norm.translate(_DODGE_TABLE)
        checked = False
    if (
        not checked
        and TRIGGER_RE.search(norm) is None
        and not _phone_promo_trigger(norm)
        and not ("x" * 15 in norm and _BANK_RE.search(norm))
    ):
        return None
    return _match(norm)


def _phone_promo_trigger(norm: str) -> bool:
    return "xxx" in norm and any(b in norm for b in PHONE_PROMO_BIGRAMS)


def _match(norm: str) -> str | None:
    hosts = links(norm) if "." in norm else []
    for rx in FAKE_STATION_RES:
        if rx.search(norm):
            return FAKE_STATION
    if hosts and _IMPERSONATED_RE.search(norm) and _FAKE_ACTION.search(norm):
        return FAKE_STATION
    for rx in GAMBLING_RES:
        if rx.search(norm):
            return GAMBLING
    for rx in JOB_RES:
        if rx.search(norm):
            return JOB
    for rx in LOAN_RES:
        if rx.search(norm):
            return LOAN
    for rx in CONTACT_RES:
        if rx.search(norm):
            return CONTACT
    if hosts and suspicious_link(hosts):
        return LINK
    for rx in BULK_RES:
        if rx.search(norm):
            return BULK
    if "x" * 15 in norm and remittance(norm):
        return REMITTANCE
    for rx in PROMO_RES:
        if rx.search(norm):
            return PROMO
    return None
