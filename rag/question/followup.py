"""Resolve a follow-up question (`那阿里云呢？`, `它的现金消耗呢？`, `What about Alibaba Cloud?`).

With an LLM configured, the LLM rewrites it from the history. Otherwise, deterministically:
- "X呢 / what about X" swaps X for the subject of the previous question (its first name-like term);
- a pronoun (它/其/该公司/it/its/they) is replaced by that subject;
- the previous question's ask (多少, how much...) is carried over when the new one has none, and so is
  its time scope (2025年上半年, in the first half of 2025) when the new one names no time of its own;
- "那和X呢" swaps X for the partner named after 和/与/跟 in the previous question;
- "增速呢" (X is an attribute, not a name) swaps X for what the previous question asked about.
Questions that stand on their own are returned unchanged.

`context_of` gives retrieval the earlier question a follow-up goes on from (when it names no new
subject of its own), so that `那比去年同期涨了多少？` is searched together with what it goes on from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.evidence.periods import compared_against
from rag.question.analyse import focus_terms, has_named_subject, measure_compound_zh, subject_of
from rag.text.bridge import Bridge
from rag.text.tokenize import has_han

_ABOUT_ZH = re.compile(r"^(?:那么?|还有|另外|而)?\s*(?P<x>.{1,20}?)\s*(?:呢|怎么样|如何|又如何|的情况呢|情况如何)\s*[？?]?$")
_ABOUT_EN = re.compile(r"^(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)\s*\??$", re.I)
# "X呢" / "what about X" followed by the question asked of X (那阿里云呢？它准备砸多少钱？ What about Alibaba Cloud?
# How much does it plan to spend?): X is the subject of the rest, and a pronoun in it is X
_ABOUT_THEN_ZH = re.compile(r"^(?:那么?|还有|另外|而)?\s*(?P<x>[^，,。？?！!]{1,20}?)\s*(?:呢|怎么样|如何)\s*[？?，,！!]\s*(?P<rest>\S.*)$")
_ABOUT_THEN_EN = re.compile(r"^(?:and\s+)?(?:what|how)\s+about\s+(?P<x>[^?]+?)\s*\?\s*(?P<rest>\S.*)$", re.I)
_LEAD_EN = re.compile(r"^(?:and|also|so|then)\s*,?\s+", re.I)
# (它家/他家: "its", "that company's", spoken: 招行用的是它家哪一款？ -> …百度的哪一款？)
_PRONOUN_ZH = re.compile(r"它们|他们|它家的?|他家的?|它的|他的|其|它|该公司|这家公司|这家|该企业|对方")
_PRONOUN_EN = re.compile(r"\b(?:it|its|they|their|them|this company|the company)\b", re.I)
_INTERROGATIVE_ZH = re.compile(r"什么|哪|谁|怎|为什么|为何|吗|多少|几|如何|是否")
_ASK_EN = {"how much": "How much is {x}?", "how many": "How many {x}?", "when": "When {x}?", "why": "Why {x}?"}
_TIME_SCOPE_ZH = re.compile(r"(?:\d{4}\s*年\s*(?:\d{1,2}\s*[-—至到~]\s*\d{1,2}\s*月|[上下]半年|前?[一二三四五六七八九十\d]+个?月|第?[一二三四1-4]季度|全年|\d{1,2}\s*月)?"
                      r"|近[一二三四五六七八九十两\d]+年|过去[一二三四五六七八九十两\d]+年"
                      r"|(?:去年|今年|前年)(?:[上下]半年|前?[一二三四五六七八九十\d]+个?月|第?[一二三四1-4]季度|全年)?)")
_TIME_SCOPE_EN = re.compile(r"\b(?:in|during|over|for)\s+(?:the\s+)?(?:(?:first|second)\s+half\s+of\s+|(?:q[1-4]|h[12]|[a-z]+)\s+(?:of\s+)?)?"
                      r"(?:19|20)\d{2}\b|\b(?:over|in|during|for)\s+the\s+(?:past|last|previous|preceding|next|coming|following)"
                      r"\s+(?:\w+\s+)?(?:years?|months?|quarters?|decades?)\b|\b(?:last|this|next)\s+(?:year|quarter|month)\b", re.I)
_A_TIME_EN = re.compile(r"(?:(?:in|during|for)\s+)?(?:(?:19|20)\d{2}|(?:last|this|next)\s+(?:year|quarter|month))", re.I)
_PARTNER_ZH = re.compile(r"^(?:和|与|跟|同)")
_AGAINST_ZH = re.compile(r"^(?:比|较|相比|跟|和|与)[^，,。？?]{0,8}?(?:同期|去年|上年|前年|上季|上半年|年初|以前|之前|原来)")  # the base
_THEN_ZH = re.compile(r"^(?:那么?|那)(?![个些家位款种])")  # "then ..." opens a question that goes on from the last one
# a demonstrative with its classifier opens a noun phrase naming something the earlier answer told:
# 这笔钱, 这个计划, 这些数据中心, 该项目, 这套组合
_DEMONSTRATIVE_ZH = re.compile(r"^(?:那么?|那)?\s*(?P<det>(?:这|那|该|此)(?:笔|个|项|些|套|款|次|种|家|批|一)?)(?P<noun>(?![它他她其])[\u4e00-\u9fff]{1,4}?)"
                               r"(?=计划|打算|要|会|能|是|有|在|从|靠|主要|一共|到底|大概|为什么|怎么|什么|哪|多少|几|[，,？?的])")
# the number an earlier answer gave, compared with something (这个数比去年涨了多少): its measure is the earlier question's
_THIS_NUMBER_ZH = re.compile(r"^(?:那么?|那)?\s*(?P<det>(?:这|那|该|此)个?)(?P<noun>数字?|数量|数目)(?=比|较|跟|和|与|相比)")
_GENERIC_NOUN = re.compile(r"^(?:钱|资金|数|数字|数量|数目|金额|事|事情|东西)$")  # says nothing of its own
# the other party an earlier question joins with 和/与/跟/同 (OpenAI跟英伟达那笔合作, OpenAI和AMD达成了什么协议)
_PARTNER_NAMED_ZH = re.compile(r"(?:和|与|跟|同)([^\s，,。？?的]{2,12}?)(?=那笔|这笔|那项|这项|达成|合作|签|的|之间|在|相比|比|[，,？?]|$)")
# "among them" opening a follow-up (其中百度智能云一家占多少？ after 阿里云和百度智能云合计占多少份额？): the member it names
# takes the place of the group the earlier question joined it in
_AMONG_ZH = re.compile(r"^(?:那么?|那)?\s*(?:其中|这其中|这当中|这里面|两者中|两家中)的?\s*")
_JOINED_ZH = "和与跟及、"
_TOGETHER_ZH = re.compile(r"^(?:合计|共同|一共|加起来|合起来|总共|一起|总计)")
_ASK_ZH = re.compile(r"(是多少|有多少|多少|几[个年倍家]?|哪一年|什么时候|为什么|是什么|有哪些|是谁)[？?]?$")


def is_followup(question: str, bridge: Bridge | None = None) -> bool:
    """A question that leans on an earlier one: "X呢", a pronoun, or a short one with no subject (in
    English, one that opens with "and", "so" or "then"). A name the dictionary knows is a subject too
    (`百度近十年研发投入多少？` stands alone: jieba tags 百度 a common noun)."""
    q = question.strip()
    if has_han(q):
        named = has_named_subject(q) or bool(bridge is not None and bridge.names_in(q))
        return (bool(_ABOUT_ZH.match(q) or _ABOUT_THEN_ZH.match(q)) or (bool(_PRONOUN_ZH.search(q)) and len(q) <= 30)
                or bool(_DEMONSTRATIVE_ZH.match(q) or _THIS_NUMBER_ZH.match(q))
                or ((len(q) <= 12 or (_THEN_ZH.match(q) and len(q) <= 30)) and not named))
    rest = _LEAD_EN.sub("", q)
    return (bool(_ABOUT_EN.match(rest) or _ABOUT_THEN_EN.match(rest)) or (bool(_PRONOUN_EN.search(rest)) and len(rest.split()) <= 14)
            or (rest != q and len(rest.split()) <= 10 and not has_named_subject(rest)))  # "And how many ...?"


def resolve(question: str, history: Sequence[str], rewrite: Callable[[str, Sequence[str]], str] | None = None,
            bridge: Bridge | None = None) -> str:
    """A standalone version of `question` given the earlier user questions (oldest first). `bridge`
    (the pipeline's dictionary, when on) tells a name (那百度呢) from an attribute (那增速呢)."""
    q = question.strip()
    if not history or not is_followup(q, bridge):
        return q
    if rewrite is not None:
        try:
            out = rewrite(q, list(history)).strip()
            if out:
                return out
        except Exception:  # noqa: BLE001 - an LLM failure falls back to the rules below
            pass
    previous = resolve(history[-1], history[:-1], bridge=bridge)
    return _resolve_zh(q, previous, bridge) if has_han(q) else _resolve_en(q, previous)


def context_of(question: str, history: Sequence[str], bridge: Bridge | None = None) -> str:
    """The earlier question (resolved) that a follow-up goes on from, for retrieval to search with it;
    "" when the question stands alone or turns to a new subject (那阿里云呢？, What about Alibaba Cloud?),
    whose passages the earlier question would only pull away from."""
    q = question.strip()
    if not history or not is_followup(q, bridge):
        return ""
    if has_han(q):
        about = _ABOUT_ZH.match(q)
        if (about and not _PRONOUN_ZH.search(about.group("x"))) or has_named_subject(_PRONOUN_ZH.sub("", q)):
            return ""
    elif _ABOUT_EN.match(_LEAD_EN.sub("", q)) or has_named_subject(_PRONOUN_EN.sub("", _LEAD_EN.sub("", q))):
        return ""
    return resolve(history[-1], history[:-1], bridge=bridge)


def _resolve_zh(q: str, previous: str, bridge: Bridge | None) -> str:
    member = _member_of_group(q, previous)
    if member:
        return member
    then = _ABOUT_THEN_ZH.match(q)
    if then and not _PRONOUN_ZH.search(then.group("x")) and not _is_attribute(then.group("x"), bridge):
        x, rest = then.group("x"), then.group("rest")  # 那阿里云呢？它准备砸多少钱？ -> 阿里云准备砸多少钱？
        if _PRONOUN_ZH.search(rest):
            out = _pronoun_as_zh(rest, x)
        else:
            out = rest if has_named_subject(rest) else x + rest
        return _with_time_zh(out, previous, x)
    subject = subject_of(previous)
    about = _ABOUT_ZH.match(q)
    thing = named_thing(previous)
    if thing and not about and _PRONOUN_ZH.search(q) and not _DEMONSTRATIVE_ZH.match(q):
        subject = thing  # 它 after 百度的大模型平台叫什么？ is the platform
    if about and not _PRONOUN_ZH.search(about.group("x")):
        x = about.group("x")
        if _PARTNER_ZH.match(x):  # 那和英伟达呢？ after OpenAI和AMD达成了什么协议？
            partner = _PARTNER_NAMED_ZH.search(previous)
            if partner:
                return previous[: partner.start(1)] + _PARTNER_ZH.sub("", x) + previous[partner.end(1):]
        if _is_attribute(x, bridge):  # 增速呢？ asks for another attribute of the same subject
            focus = [t for t in focus_terms(previous) if t in previous]
            if focus:
                at = previous.rfind(focus[-1])
                return previous[:at] + x + previous[at + len(focus[-1]):]
        if subject and subject in previous:
            return previous.replace(subject, x, 1)
        return f"{x} {previous}"
    if not subject:
        return f"{previous} {q}"
    number = _THIS_NUMBER_ZH.match(q)
    this = _DEMONSTRATIVE_ZH.match(q) or number
    if this:  # 这笔钱计划几年内投完？ after 阿里云未来三年计划投入多少？ -> 阿里云的投入计划几年内投完？
        noun = this.group("noun")
        if number:  # (the number of 中标项目 asked before: 中标项目, held whole)
            noun = _measure_zh(previous, subject) or noun
        elif _GENERIC_NOUN.match(noun):
            focus = [t for t in focus_terms(previous) if t in previous and t not in subject]
            noun = focus[-1] if focus else noun
        partner = _partner_zh(previous, subject)
        joined = f"跟{partner}" if partner and partner not in q else ""  # (那这个合作… after OpenAI跟英伟达那笔合作…)
        return _with_time_zh(subject + joined + "的" + noun + q[this.end():], previous, subject)
    if not _PRONOUN_ZH.search(q) and not about:
        q = _THEN_ZH.sub("", q)
        measure = _measure_zh(previous, subject) if _AGAINST_ZH.match(q) else ""
        if measure:  # 比去年同期多了多少？ after 阿里云上半年营收多少？ -> 阿里云上半年的营收比去年同期多了多少？
            return _with_time_zh(subject + "的" + measure + q, previous, subject)
        return _with_time_zh(subject + q, previous, subject)  # 同比增长了多少？ -> 百度AI2025年上半年同比增长了多少？
    out = _pronoun_as_zh(q, subject)
    out = re.sub(r"呢\s*([？?]?)$", r"\1", out)
    if not _INTERROGATIVE_ZH.search(out):
        ask = _ASK_ZH.search(previous.strip())
        if ask:
            out = out.rstrip("？?") + ask.group(1).rstrip("？?") + "？"
    return _with_time_zh(out, previous, subject)


def _member_of_group(q: str, previous: str) -> str:
    """For 其中X… after a question about X joined with another (阿里云和百度智能云合计…): the earlier question
    asked of X alone (…百度智能云占…), or, when it asks a thing of its own, that of X; "" when `q` does not open
    so or X is not named in the earlier question."""
    among = _AMONG_ZH.match(q)
    if not among:
        return ""
    rest = q[among.end():]
    member = next((rest[:n] for n in range(min(len(rest), 12), 1, -1) if rest[:n] in previous), "")
    if not member:
        return ""
    own = re.sub(r"一家|单独|自己|自身|独自|占了?|是|有|多少|几|呢|[？?。，,\s]", "", rest[len(member):])
    if own and own not in previous:
        return _with_time_zh(rest, previous, member)  # it asks a thing of its own (其中百度智能云的收入是多少？)
    at = previous.find(member)
    end = at + len(member)
    if at > 0 and previous[at - 1] in _JOINED_ZH:  # the other one before it: 阿里云和|百度智能云
        start = at - 1
        while start > 0 and previous[start - 1] not in "，,。；;：: " + _JOINED_ZH:
            start -= 1
        if start == at - 1:
            return ""
    elif end < len(previous) and previous[end] in _JOINED_ZH:  # the other one after it: 百度智能云和|阿里云
        start, end = at, end + 1
        while end < len(previous) and previous[end] not in "，,。；;：:？? 的" and not _TOGETHER_ZH.match(previous[end:]):
            end += 1
        if end == at + len(member) + 1:
            return ""
    else:
        return ""
    together = _TOGETHER_ZH.match(previous[end:])
    end += together.end() if together else 0
    return previous[:start] + member + previous[end:]


def _partner_zh(previous: str, subject: str) -> str:
    """The other party an earlier question joins to its subject (OpenAI跟英伟达那笔合作: 英伟达), or ""."""
    if not subject or subject not in previous:
        return ""
    m = _PARTNER_NAMED_ZH.match(previous[previous.find(subject) + len(subject):].lstrip())
    return m.group(1) if m and not _INTERROGATIVE_ZH.search(m.group(1)) else ""  # (not 跟哪家银行)


def _measure_zh(previous: str, subject: str) -> str:
    """The thing an earlier question measured (营收 of 阿里云上半年营收多少钱？), for a follow-up that compares it
    (比去年同期多了多少？): a compound measure whole (中标项目), else the last noun next to its question word, not
    a time, not the subject, not 钱."""
    from rag.text.tokenize import pos_tags

    compound = measure_compound_zh(previous)  # held whole: 中标项目, 研发投入
    if compound and not any(w in subject for w in compound):
        return "".join(compound)
    tags = pos_tags(previous)
    nouns = [t for t in focus_terms(previous) if t in previous and t not in subject and not _GENERIC_NOUN.match(t)
             and tags.get(t, "x").startswith(("n", "vn")) and not tags.get(t, "").startswith("nr")]
    return nouns[-1] if nouns else ""


def _is_attribute(x: str, bridge: Bridge | None) -> bool:
    """增速, 利润, 市场份额, 烧掉的现金: everyday words, not a name (百度, 阿里云, 中国钢研, OpenAI)."""
    from rag.text.tokenize import general_frequency, tokens

    if re.search(r"[A-Za-z]", x) or has_named_subject(x) or (bridge is not None and bridge.names_in(x)):
        return False
    words = [w for w in tokens(x) if len(w) >= 2]
    return bool(general_frequency(x)) or (bool(words) and all(general_frequency(w) for w in words))


# the same period as the earlier question's (同一段时间烧掉多少现金): that period, put in by _with_time_zh (not the
# base of a comparison: 比去年同一时间)
_SAME_PERIOD_ZH = re.compile(r"(?<!去年)(?<!上年)(?<!前年)(?<!往年)(?:在)?(?:同一段?时间|同一时期|同一时段|同一期间|这段时间|那段时间|这期间|那期间)(?:里|内|中)?")


def _with_time_zh(q: str, previous: str, subject: str) -> str:
    """The previous question's time scope, placed after the subject, when `q` names no time (a phrase for the
    same period is that time)."""
    time = _TIME_SCOPE_ZH.search(previous)
    if not time or any(not compared_against(q, m.start()) for m in _TIME_SCOPE_ZH.finditer(q)):
        return q  # a time of its own (the base of a comparison, 比去年同期, is not one)
    q = _SAME_PERIOD_ZH.sub("", q, count=1)
    at = q.find(subject) + len(subject) if subject and subject in q else 0
    sep = " " if at and re.match(r"[A-Za-z0-9]", q[at - 1]) else ""
    return q[:at] + sep + time.group(0) + q[at:]


# a question asking what something of a party is called: the thing (百度的大模型平台, Baidu's large-model
# platform), not the party, is what a pronoun of the next question points back to
_NAMED_THING_ZH = re.compile(r"^(?P<x>[^，,。？?]{1,12}?的[^，,。？?的]{1,12}?)(?:叫什么|叫啥|的?名字是什么|名叫什么|是什么名字)")
_NAMED_THING_EN = re.compile(r"^what\s+(?:is|was|are)\s+(?:(?P<x>[\w&.-]+(?:\s+[\w&.-]+){0,3}['’]s\s+[\w -]{2,40}?)\s+(?:called|named)"
                             r"|the\s+name\s+of\s+(?P<y>[\w&.-]+(?:\s+[\w&.-]+){0,3}['’]s\s+[\w -]{2,40}?))\s*\??$", re.I)


def named_thing(previous: str) -> str:
    """What an earlier question asked the name of, when it is something of a party: `百度的大模型平台叫什么？`
    -> 百度的大模型平台, `What is Baidu's large-model platform called?` -> Baidu's large-model platform."""
    m = (_NAMED_THING_ZH if has_han(previous) else _NAMED_THING_EN).match(previous.strip())
    return next((g.strip() for g in m.groupdict().values() if g), "") if m else ""


def _resolve_en(q: str, previous: str) -> str:
    q = _LEAD_EN.sub("", q)
    q = q[:1].upper() + q[1:]
    then = _ABOUT_THEN_EN.match(q)
    if then and not _PRONOUN_EN.search(then.group("x")):
        x, rest = then.group("x"), then.group("rest")  # What about Alibaba Cloud? How much does it plan to spend?
        if _PRONOUN_EN.search(rest):
            return _with_time_en(_pronoun_as_en(rest, x, count=1), previous)
        return _with_time_en(rest if has_named_subject(rest) else f"{x}: {rest}", previous)
    # "it" after "What is Baidu's platform called?" is the platform; a name asked about (What about X?) keeps the party
    subject = (named_thing(previous) if not _ABOUT_EN.match(q) else "") or subject_of(previous)
    about = _ABOUT_EN.match(q)
    if about:
        x = about.group("x")
        when, scope = _A_TIME_EN.fullmatch(x), _TIME_SCOPE_EN.search(previous)
        if when and scope:  # another time asked of the same thing: What about 2024? What about last year?
            told = when.group(0) if not when.group(0)[0].isdigit() else f"in {when.group(0)}"
            return previous[: scope.start()] + told + previous[scope.end():]
        if _PRONOUN_EN.search(x) and subject:
            x = _pronoun_as_en(x, subject)
            if scope and not _TIME_SCOPE_EN.search(x):  # its cash burn, asked after its revenue in H1 2025
                x = f"{x} {scope.group(0)}"
            lead = previous.strip().lower()
            for ask, form in _ASK_EN.items():
                if lead.startswith(ask):
                    return form.format(x=x)
            return f"What about {x}?"
        if subject and subject in previous:
            return previous.replace(subject, x, 1)
        return f"{previous} {x}"
    if not subject:
        return f"{previous} {q}"
    return _with_time_en(_pronoun_as_en(q, subject), previous)


def _pronoun_as_zh(text: str, subject: str) -> str:
    """`text` with its first pronoun read as `subject` (它的 -> 阿里云的, 它 -> 阿里云)."""
    return _PRONOUN_ZH.sub(lambda m: subject + ("的" if m.group(0).endswith(("的", "家")) else ""), text, count=1)


def _pronoun_as_en(text: str, subject: str, count: int = 0) -> str:
    """`text` with its pronouns (the first `count`; 0: all) read as `subject` (its -> Alibaba Cloud's)."""
    return _PRONOUN_EN.sub(lambda m: subject + ("'s" if m.group(0).lower() in ("its", "their") else ""), text, count=count)


def _with_time_en(q: str, previous: str) -> str:
    """The previous question's time scope added at the end when `q` names none (… in the first half of 2025?)."""
    time = _TIME_SCOPE_EN.search(previous)
    if time and not _TIME_SCOPE_EN.search(q):
        return q.rstrip(" ?") + " " + time.group(0) + "?"
    return q


