"""The number scanner's word lists: units, qualifier words, and the words that make a number a name.

Everything the scanner knows about Chinese words lives here (or, for names that contain
numerals, in ``data/numbered_names.yml``, read by :func:`numbered_names`); the scanner in
:mod:`reportbook.text.scanner` holds only the reading rules.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportbook.errors import ReportbookError
from reportbook.yamlfile import load_yaml

#: written unit -> base unit of the scanner (longest written form wins when matching).  These are
#: the units a figure can be WRITTEN in; the catalog's `UNITS` are the base units an indicator is kept in.
WRITTEN_UNITS: dict[str, str] = {
    "个百分点": "百分点", "百分点": "百分点", "个千分点": "千分点", "千分点": "千分点",
    "平方公里": "平方公里", "平方千米": "平方公里", "平方米": "平方米", "立方米": "立方米",
    "公里": "公里", "千米": "公里", "米": "米", "厘米": "厘米", "毫米": "毫米", "公顷": "公顷", "亩": "亩",
    "千克": "千克", "公斤": "千克", "吨": "吨", "斤": "斤", "千瓦时": "千瓦时", "度电": "千瓦时", "千瓦": "千瓦",
    "元": "元", "美元": "美元",
    "人次": "人次", "户次": "户次", "车次": "车次", "架次": "架次", "场次": "场次", "批次": "批次",
    "人": "人", "名": "人", "位": "人", "户": "户", "家": "家", "件": "件", "次": "次",
    "个工作日": "工作日", "工作日": "工作日", "个小时": "小时", "个月": "个月", "个": "个",
    "条": "条", "项": "项", "套": "套", "场": "场", "支": "支", "处": "处", "块": "块",
    "小时": "小时", "分钟": "分钟", "天": "天", "周": "周", "年": "年",
    "类": "类", "级": "级", "批": "批", "轮": "轮", "所": "所", "座": "座", "辆": "辆",
    "台": "台", "张": "张", "本": "本", "栋": "栋", "间": "间", "种": "种", "只": "只",
    "头": "头", "株": "株", "棵": "棵", "部": "部", "份": "份", "篇": "篇", "期": "期",
    "宗": "宗", "笔": "笔", "倍": "倍", "岁": "岁", "段": "段", "组": "组", "队": "队",
    "度": "度", "分": "分", "方": "立方米", "起": "起", "层": "层", "幢": "栋", "根": "根",
    "盏": "盏", "处次": "处次", "床": "床", "张床": "床", "所次": "所次", "册": "册", "门": "门",
    "届": "届", "节": "节", "堂": "堂", "课时": "课时", "学时": "学时", "例": "例", "单": "单",
    "微克/立方米": "微克/立方米", "微克每立方米": "微克/立方米", "毫克/升": "毫克/升", "毫克每升": "毫克/升",
    "毫克/立方米": "毫克/立方米", "通": "通", "枚": "枚", "面": "面", "架": "架", "艘": "艘", "口": "口", "片": "片", "路": "路", "条次": "条次",
}
#: units read after Arabic numbers only (after a Chinese numeral they make words: 一年来, 十分)
ARABIC_ONLY_UNITS = frozenset({"年", "度", "分", "方", "起", "门", "面", "口", "片", "路", "节", "单", "届", "册",
                               "通"})
#: unit + next character pairs that are words, not measures, after a Chinese numeral
CN_NOT_MEASURE = ("通过", "通知", "通报", "通道", "通讯", "次性", "部分", "元化", "元素", "级别", "体化", "层面", "批评", "张扬", "处理", "项目",
                  "套路", "场所", "队伍", "间隔", "位置", "种类", "头脑", "本领", "份额", "期间")
#: units that may follow 大 in the "N大" form (10大类)
DA_UNITS = ("板块", "类", "项", "块")
#: measure words after a bare 一 that mean "a / each / one by one" (一个个, 每一件, 一名领导):
#: 一 + one of these is a word, not the figure 1; metric units (一公里, 一个百分点) stay figures
ARTICLE_MEASURES = frozenset(
    "个件张名位户家项次套场支处块条天周类级批轮所座辆台本栋间种只头株棵部份篇期宗笔段组队样幢根盏门届节堂例单枚面架艘口片路起层"
)
#: written percent-like marks after a number: mark -> base unit
PERCENT_MARKS = {"%": "%", "％": "%", "‰": "‰"}

# ---------------------------------------------------------------- qualifiers
#: (written, qualifier) before a number, longest first
LEADING = (
    ("不少于", "at_least"), ("不低于", "at_least"), ("超过", "at_least"), ("突破", "at_least"),
    ("大约", "approx"), ("将近", "approx"), ("接近", "approx"), ("约", "approx"), ("近", "approx"),
    ("逾", "at_least"), ("超", "at_least"),
)
#: a leading qualifier is not one when preceded by these (最近, 预约, 赶超, ...)
LEADING_EXCLUDED_BEFORE = {
    "近": set("最附邻靠亲就贴临"),
    "约": set("预制签合节公邀相履违特简契条婚誓"),
    "超": set("赶高"),
    # 完成十人, 达成十项, 建成百座: 成 ends a verb there, it is not the 成 of 成百上千
    "成": set("完达形建促组构造变养生落合赞集竣转换分化制装收办练酿铸谱写"),
}
#: (written, qualifier) after a number and its unit
TRAILING = (("以上", "at_least"), ("左右", "approx"), ("上下", "approx"), ("有余", "at_least"))
#: words before a bare multiplier (上千, 数十家, 近万人, 超千万元) that make it a vague amount:
#: written -> qualifier; the value is the multiplier itself (数十 -> 10, 上千 -> 1000)
VAGUE_BEFORE = {"数": "approx", "上": "approx", "几": "approx", "成": "approx", "近": "approx",
                "超": "at_least", "逾": "at_least", "过": "at_least", "突破": "at_least"}
#: 一成不变, 三成立 ...: 成 after a numeral is a tenth (三成 = 30%) only when not followed by one of these
CHENG_WORDS = frozenset("立为功果效绩本员熟型片年就交品套长真全不了事")
#: before 上 in 上千/上万 these make 上 a word of its own (以上, 网上, 线上)
SHANG_EXCLUDED_BEFORE = frozenset("以之马向线网晚早路身会台市街楼上北南")
#: range marks between two numbers (200—300件, 80至100件)
RANGE_MARKS = ("——", "—", "–", "－", "-", "~", "～", "〜", "至", "到")

# ---------------------------------------------------------------- numbers that are names or codes
#: hotline and emergency numbers: a bare number (no unit) equal to one of these is a code
HOTLINES = frozenset({"110", "119", "120", "122", "12345", "12315", "12319", "12328", "12333", "12348",
                      "12350", "12355", "12356", "12358", "12365", "12366", "12369", "12381", "12388",
                      "12390", "12393", "12395", "12320", "96110", "96345"})
#: words right after a bare Arabic number that make it a name (1551体系, 世界500强, 3C, 9+N模式)
CODE_AFTER = ("病区", "诊室", "体系", "模式", "机制", "工作法", "工作机制", "品牌", "服务法", "战略", "强", "热线", "专线",
              "平台", "计划", "行动", "工程", "格局", "思路", "目标")
#: words right before an Arabic number that make it a code (省道102, 编号1023, 拨打12345)
CODE_BEFORE = ("省道", "国道", "县道", "乡道", "高速", "编号", "代码", "邮编", "电话", "拨打", "热线", "专线",
               "号码", "G", "S", "No.", "NO.", "№")
#: words right before a Chinese "N期" that make it a count of sessions (举办培训班三期, 开展两期); after
#: any other word it is the phase of a project (胡山小流域治理二期, 安置区三期)
PHASE_COUNT_BEFORE = ("举办", "开办", "开展", "组织", "培训", "累计", "共计", "共", "办", "了", "班", "第", "满", "每")
#: words after "N期" that make it the phase of a project (二期工程), not a count (培训班三期)
PHASE_AFTER = ("工程", "项目", "建设", "改造", "扩建", "厂房", "地块", "用地", "安置", "主体")
#: characters that end the name of a place or project before "N期" (安置区二期, 3号线二期): a phase, not a count
PHASE_BEFORE = frozenset("区线园城苑府庄村居厂站桥馆楼院湾岸港路街目程校镇厦寓坊房舍宅地")
#: words after "N大" (a numeral of ten or more) that make it a party congress (二十二大召开, 二十大精神)
CONGRESS_AFTER = ("召开", "精神", "报告", "代表", "以来", "胜利", "开幕", "闭幕", "提出", "部署", "之年", "期间")
#: words right before "N时"/"N点" that make it a time of day (上午10时), not a count
TIME_OF_DAY_BEFORE = ("上午", "下午", "中午", "晚上", "凌晨", "早上", "傍晚", "夜间", "夜里", "深夜", "当晚", "当日",
                      "每天", "每日", "次日", "日", "号", "晚", "早")
#: words right after "N时"/"N点" that make it a time of day (10点以后, 8点半)
TIME_OF_DAY_AFTER = ("以后", "以前", "之后", "之前", "钟", "整", "半")
#: words after "N级" that make it a grade (四级手术, 二级医院, 一级响应), not a number of levels (五级组织架构)
GRADE_AFTER = ("手术", "医院", "响应", "预警", "风险", "甲等", "乙等", "资质", "职称", "公路", "应急")
#: characters before "N层" that make it a floor of an address (B座7层), not a number of storeys
FLOOR_BEFORE = frozenset("座楼栋幢号")
#: after 24小时, these keep it a duration (24小时内, 24小时以上, 24小时后); any other word makes it an
#: attribute, round the clock (24小时驻勤, 24小时运行)
DURATION_24_AFTER = frozenset("内以之后前左的")
#: units of time after which 多 means "more than" (4年多, 3个多月 is read elsewhere), not the start of a word
TIME_UNITS_MORE = frozenset({"年", "个月", "月", "天", "小时", "周", "分钟"})
#: words right before a 3-digit N年 that make it a year (始建于556年, 公元556年), not a duration
YEAR_BEFORE = ("公元", "于", "在", "自", "从", "始于")
#: words after N年 that make it a duration even after one of YEAR_BEFORE (树龄在800年以上)
DURATION_AFTER = ("以上", "以下", "左右", "多", "余", "之久", "历史", "来", "间")
#: words after N岁 that make it an age group, not a figure (60岁以上老年人, 65岁及以上)
AGE_GROUP_AFTER = ("及以上", "及以下", "以上", "以下", "以内", "至")


def _repo_names_file() -> Path:
    """data/numbered_names.yml of the project this package is installed from (an editable checkout)."""
    return Path(__file__).resolve().parents[3] / "data" / "numbered_names.yml"


@lru_cache(maxsize=8)
def numbered_names(path: Path | None = None) -> dict[str, str]:
    """Names that contain numerals and are not figures (name -> reason, in Chinese: the book shows it), from
    data/numbered_names.yml."""
    path = path or _repo_names_file()
    where = str(path)
    doc = load_yaml(path, where)
    if not isinstance(doc, dict) or not doc:
        raise ReportbookError("must be a mapping of `name: reason` lines", where,
                              "write one `十四五: \"“十四五”规划时期（2021—2025年）的名称，不是数量\"` per line, "
                              "the reason in Chinese")
    names: dict[str, str] = {}
    for name, reason in doc.items():
        if not isinstance(reason, str) or not reason.strip() or not str(name).strip():
            raise ReportbookError(f"entry {name!r} needs a name and a one-line reason", where,
                                  "write `name: \"why it is not a figure, in Chinese\"` "
                                  "(e.g. `一把手: \"单位主要负责人（词语，“一”不是数量）\"`)")
        names[str(name)] = reason
    return names
