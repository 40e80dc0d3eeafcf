"""Typed spans found by pattern in a sentence: quantities, dates and periods, titles, quoted terms, names, lists.

Each pattern marks where an answer of one type may stand, with its qualifiers kept (超过1800亿元,
约43亿美元, 50%以上, 2025年上半年, 1972年1月到1989年7月); jieba's words alone cut these apart or glue
them to their neighbours (万个, 20岁时). The patterns are shared by candidate generation and the
English renderings (rag.answer.english), which parse the same shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

HAN_DIGITS = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
NUMBER = rf"(?:\d+(?:[.,]\d+)*|[{HAN_DIGITS}]{{2,}}|[一二三四五六七八九十两数几](?=[十百千万亿个位名次倍年岁人种项条家]))"
MAGNITUDE = r"(?:[十百千万亿]|百万|千万|万亿)"
QUALIFIER_BEFORE = r"(?:超过|超|逾|约|大约|近|将近|接近|多达|高达|达到|达|至少|不到|不足|仅|约为)"
QUALIFIER_AFTER = r"(?:多|余|以上|以下|左右|上下|之多|有余)"
CURRENCY = r"(?:美元|美金|港元|港币|欧元|英镑|日元|韩元|新台币|台币|卢布|人民币|元|块钱?)"
PERCENT = r"(?:[%％]|个百分点|百分点)"
# measure words and units a count or a size is written with (the shared ones: not every classifier)
UNIT = (r"(?:平方公里|平方千米|平方米|公里|千米|公尺|厘米|毫米|纳米|英里|英尺|海里|米|公顷|亩|公斤|千克|克|吨|磅|升|毫升|"
        r"千瓦|兆瓦|吉瓦|瓦|伏|赫兹|摄氏度|度|小时|分钟|秒钟?|个月|周|天|日|年|岁|世纪|"
        r"个|位|名|人次|人|户|家|所|座|栋|间|层|条|项|种|类|件|部|本|册|卷|集|章|篇|首|张|幅|枚|颗|粒|只|头|匹|"
        r"辆|架|艘|台|块|支|次|场|届|期|号|倍|票|分|股|份)")
_QUANTITY = re.compile(
    rf"(?:{QUALIFIER_BEFORE})?(?:第)?{NUMBER}\s*(?:{MAGNITUDE}{{0,2}})\s*(?:{QUALIFIER_AFTER})?\s*"
    rf"(?:{PERCENT}|{CURRENCY}|{UNIT})?(?:{QUALIFIER_AFTER})?")
_PERCENT_WORDS = re.compile(rf"(?:{QUALIFIER_BEFORE})?百分之[{HAN_DIGITS}\d.点]+(?:{QUALIFIER_AFTER})?")
_MONEY_SIGN = re.compile(r"(?:US)?[$¥￥€£]\s?\d+(?:[.,]\d+)*(?:\s?(?:[mb]illion|bn|[kmb]))?", re.I)

_YEAR = r"(?:公元前?|前)?\d{1,4}\s*年(?:代)?"
_HAN_YEAR = r"[〇零一二三四五六七八九]{4}年"  # 一九八四年
_PART = r"(?:初|末|底|中|中期|初期|末期|后期|前期|上半年|下半年|上半叶|下半叶|春|夏|秋|冬|春季|夏季|秋季|冬季|前后|左右|间|以来|起|至今|第[一二三四1-4]季度|[一二三四1-4]季度)"
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3}|正|冬|腊)\s*月(?:份)?"
_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]"
_MONTH_RANGE = r"\d{1,2}\s*[-－—~～至到]\s*\d{1,2}\s*月"
_ONE_DATE = rf"(?:(?:{_YEAR}|{_HAN_YEAR})(?:{_PART})?(?:{_MONTH_RANGE}|{_MONTH}(?:{_DAY})?(?:{_PART})?)?|{_MONTH_RANGE}|{_MONTH}(?:{_DAY})?|\d{{4}}[-/.]\d{{1,2}}(?:[-/.]\d{{1,2}})?)"
_DATE = re.compile(rf"{_ONE_DATE}(?:\s*(?:[-－—~～]|至|到|和|与)\s*{_ONE_DATE})?")
_CENTURY = re.compile(r"(?:公元前?)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})世纪(?:\d{1,2}0年代)?(?:初|末|中叶|中期|上半叶|下半叶)?")

_TITLE = re.compile(r"《[^《》\n]{1,40}》(?:[、和与及]《[^《》\n]{1,40}》)*")
_QUOTE = re.compile(r"“[^“”\n]{1,30}”|「[^「」\n]{1,30}」|『[^『』\n]{1,30}』|\"[^\"\n]{1,30}\"|‘[^‘’\n]{1,30}’")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.&'’\-]*(?:\s+(?:[A-Z0-9][A-Za-z0-9.&'’\-]*|of|and|de|van|von|the))*")
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・‧][\u4e00-\u9fff]{1,10})+")  # 山姆·奥特曼: where it starts is left to the words
_LIST_ITEM = r"[^，,。；;：:、\s（）()“”《》]{1,16}"
_LIST = re.compile(rf"{_LIST_ITEM}(?:、{_LIST_ITEM})+(?:(?:和|及|与|或|以及|或者|、){_LIST_ITEM})?"
                   rf"|{_LIST_ITEM}(?:和|及|与|或|以及|或者){_LIST_ITEM}")

QUANTITY, DATE, TITLE, QUOTE, NAME, LIST = "quantity", "date", "title", "quote", "name", "list"


def _has_number(text: str) -> bool:
    return bool(re.search(rf"\d|[{HAN_DIGITS}]", text))


def typed_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of every typed span in `text`; kinds are QUANTITY, DATE, TITLE, QUOTE, NAME, LIST."""
    for m in _DATE.finditer(text):
        if re.search(r"\d|[一二三四五六七八九十元正冬腊]", m.group()):
            yield m.start(), m.end(), DATE
    for m in _CENTURY.finditer(text):
        yield m.start(), m.end(), DATE
    for pattern in (_QUANTITY, _PERCENT_WORDS, _MONEY_SIGN):
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s and _has_number(text[s:e]):
                yield s, e, QUANTITY
    for pattern, kind in ((_TITLE, TITLE), (_QUOTE, QUOTE), (_DOT_NAME, NAME)):
        for m in pattern.finditer(text):
            yield m.start(), m.end(), kind
    for m in _LATIN_NAME.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in ".-'’ ":
            e -= 1
        if e - s >= 2:
            yield s, e, NAME
    for m in _LIST.finditer(text):
        yield m.start(), m.end(), LIST
