"""The cleaner: pinyin glosses and lost-character question marks out, real parentheticals and questions kept."""

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from rag.ingest.clean import HAN, clean_text, is_reading

HAN_RE = re.compile(f"[{HAN}]")


def cleaned(s: str) -> str:
    return clean_text(s).text


def test_seed_has_no_gloss_left(raw_article):
    text = cleaned(raw_article)
    assert re.search(rf"[{HAN}][(（][a-z]{{1,6}}[)）]", text) is None
    for gloss in ("(de)", "(yun)", "(shu)", "(cheng)", "(zhei)"):
        assert gloss not in text


def test_seed_has_no_stray_question_mark_before_digits_or_after_commas(raw_article):
    text = cleaned(raw_article)
    assert re.search(r"\?\d|\d\?[\u4e00-\u9fff]|[,，]\?", text) is None
    assert "OpenAI在2025年上半年" in text
    assert "来说,百度智能云" in text


def test_seed_keeps_real_question_marks_and_parentheticals(raw_article):
    text = cleaned(raw_article)
    assert "为何“只有全栈才是真正的AI云”?" in text
    assert "为什么企业迫切需要全栈AI云?" in text
    for keep in ("(GW)", "(Apple Intelligence)", "(公有云)"):
        assert keep in text
    assert "成本" in text and "成(cheng)" not in text


def test_seed_reports_what_it_removed(raw_article):
    report = clean_text(raw_article).report
    assert report.counts["glosses"] > 800
    assert report.counts["stray_question_marks"] == 3
    assert "glosses: " in report.summary()


def test_heteronym_glosses():
    assert cleaned("这(zhei)个重(chong)新行(hang)业") == "这个重新行业"
    assert cleaned("成(cheng)(cheng)本") == "成本"
    assert cleaned("(公有(you)云(yun)(yun))") == "(公有云)"
    assert cleaned("战略(lüè)") == "战略" and cleaned("战略(lve4)") == "战略"


def test_genuine_parentheticals_survive():
    for s in ("数千兆瓦(GW)", "苹果AI(Apple Intelligence)", "距离(km)", "例如(e.g.)", "混元(hunyuan)",
              "GPT(gpt)", "2025(nian)", "腾讯(Tencent)", "元(yuan yuan)"):
        assert cleaned(s) == s
    assert cleaned("云(yun1)(abc)") == "云(abc)"  # the reading goes, what follows it stays


def test_question_marks():
    assert cleaned("为什么?因为成本") == "为什么?因为成本"
    assert cleaned("他说,?百度") == "他说,百度"
    assert cleaned("在?2025?年") == "在2025年"
    assert cleaned("这是真的吗?") == "这是真的吗?"
    assert cleaned("Is it 2025? Yes.") == "Is it 2025? Yes."
    assert cleaned("see example.com/s?q=1") == "see example.com/s?q=1"
    assert cleaned("公司\ufffd名称") == "公司名称"


def test_whitespace_and_headings():
    r = clean_text("  标题一行  \r\n\r\n\r\n正文第一段。\u3000有空格\u00a0这里。\n# Markdown 标题\n正文第二段。")
    assert r.text == "标题一行\n\n正文第一段。 有空格 这里。\n# Markdown 标题\n正文第二段。"
    assert [line.is_heading for line in r.lines] == [True, False, True, False]
    assert r.lines[3].heading == "Markdown 标题"


def test_is_reading():
    assert is_reading("重", "chong") and is_reading("重", "zhòng") and not is_reading("重", "hunyuan")


# ---- properties ---------------------------------------------------------------------------

HANS = "的成本云行重这了数据中国百度阿里"
SYLLABLES = ["de", "cheng", "ben", "yun", "xing", "hang", "zhong", "zhe", "le", "shu", "ju", "abc", "gw", "hunyuan", "km"]
pieces = st.one_of(
    st.sampled_from(list(HANS)),
    st.sampled_from(SYLLABLES).map(lambda s: f"({s})"),
    st.sampled_from(["?", "。", ",", "\n", " ", "2025", "AI", "(GW)", "为什么", "吗", "“", "”", "\n\n"]),
)
texts = st.lists(pieces, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_idempotent(s):
    once = cleaned(s)
    assert cleaned(once) == once


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, st.text(max_size=200)))
def test_never_removes_a_han_character(s):
    assert Counter(HAN_RE.findall(cleaned(s))) == Counter(HAN_RE.findall(s))


def _protected(s: str) -> Counter:
    """Parentheticals that are not a (chain of) reading(s) of the Han character before them."""
    out = Counter()
    for m in re.finditer(r"\(([^()]*)\)", s):
        i, chain = m.start(), [m.group(1)]
        while i > 0 and s[i - 1] == ")":
            j = s.rfind("(", 0, i - 1)
            if j < 0:
                break
            chain.append(s[j + 1 : i - 1])
            i = j
        anchor = s[i - 1] if i > 0 else ""
        if not (HAN_RE.match(anchor) and all(re.fullmatch(r"[a-z]+", c) and is_reading(anchor, c) for c in chain)):
            out[m.group(0)] += 1
    return out


@settings(max_examples=300, deadline=None)
@given(texts)
def test_never_removes_a_parenthetical_that_is_not_a_reading(s):
    after = Counter(m.group(0) for m in re.finditer(r"\([^()]*\)", cleaned(s)))
    for paren, n in _protected(s).items():
        assert after[paren] >= n, paren


def test_a_question_mark_beside_a_replacement_character_is_judged_by_its_real_neighbours():
    assert cleaned("在\ufffd?2025?年") == "在2025年"
    assert cleaned("\ufffd?百度") == "百度" == cleaned(cleaned("\ufffd?百度"))
    assert cleaned("为什么\ufffd?因为") == "为什么?因为"


def test_han_characters_newer_than_this_python_are_kept():
    # Han extension H (Unicode 15.0) and I (15.1) are unassigned in Python 3.11's tables
    for ch in ("\U00031350", "\U0002EBF0", "\U000323AF"):
        assert cleaned(f"百{ch}度") == f"百{ch}度"
    assert cleaned("a\ufdd0b\uffffc\U0001fffe") == "abc"  # noncharacters go


def test_hard_wrapped_latin_prose_is_joined_back_into_its_sentences():
    from collections import Counter

    from rag.ingest.clean import unwrap_lines

    raw = ("Solar Power in Spain\n"
           "The largest plant, Nunez de Balboa in Extremadura, covers 1,000 hectares and was built by the utility\n"
           "Iberdrola for 290 million euros. It opened in April 2020 and is the biggest in Europe by far.\n"
           "A short line\n"
           "百度近十年累计投入的研发资金超过1800亿元，研发占比常年在20%以上，这一段中文不会被拼接到下一行的英文\n"
           "Baidu says so.")
    counts = Counter()
    text = unwrap_lines(raw, counts)
    assert len(text) == len(raw)  # a break becomes a space: offsets do not move
    assert "built by the utility Iberdrola for 290 million euros." in text  # the wrapped sentence is whole
    assert text.startswith("Solar Power in Spain\n")  # a heading stays on its own line
    assert "Europe by far.\nA short line\n" in text  # a line ending a sentence, and a short line, stay
    assert "下一行的英文\nBaidu says so." in text  # a line with Chinese in it stays a line
    assert counts["lines_unwrapped"] == 1
