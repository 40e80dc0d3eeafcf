"""The chat page's words in English and Chinese, and the choice between them from Accept-Language.

Plain tables, so a missing or extra key is caught by a test rather than by a user.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"

EXAMPLES = (
    "百度近十年研发投入多少？",
    "千帆大模型平台集成了多少个模型？",
    "How much will Alibaba Cloud invest in AI infrastructure over the next three years?",
    "腾讯云的市场份额是多少？",
)

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Ask the article",
        "intro": "Answers quote their sources. Click a citation such as [1] to open the exact passage in the cleaned text.",
        "chat": "Conversation",
        "placeholder": "Ask in Chinese or English, e.g. 百度近十年研发投入多少？",
        "question": "Question",
        "send": "Ask",
        "clear": "Clear conversation",
        "examples": "Example questions",
        "settings": "Settings",
        "top_k": "Passages per answer (top_k)",
        "answerer": "Answerer",
        "answerer_extractive": "Extractive (quotes the text)",
        "answerer_llm": "Language model: {model}",
        "answerer_info": "Start with --answerer openai --llm-model NAME to add a language model.",
        "collection": "Ask about",
        "collection_article": "The bundled article",
        "collection_corpus": "The configured corpus",
        "collection_uploads": "My documents",
        "upload": ("My documents: PDF, Word (.docx), web pages (.html), .txt or .md; up to {max_doc_mb} MB and "
                   "{max_pages} pages each (text files {max_mb} MB), {max_files} files"),
        "upload_building": "Indexing your documents…",
        "upload_done": "Indexed {files} file(s) into {chunks} passage(s). Questions now go to your documents.",
        "upload_none": "No usable file was uploaded.",
        "upload_first": "Upload your documents first (Settings → My documents).",
        "upload_expired": "Your documents are no longer on the server; please upload them again.",
        "problem_wrong_type": "{name}: only PDF, .docx, .html, .txt and .md files are accepted",
        "problem_too_large": "{name}: larger than allowed ({max_doc_mb} MB for a document, {max_mb} MB for a text file)",
        "problem_mismatch": "{name}: the content is not what the file name says; not read",
        "problem_old_doc": "{name}: an old Word .doc file; save it as .docx or PDF",
        "problem_encrypted": "{name}: the PDF is password-protected; remove the password and upload it again",
        "problem_truncated": "{name}: the file is cut short (an incomplete download?)",
        "problem_damaged": "{name}: the file is damaged and cannot be read",
        "problem_too_many_pages": "{name}: more than {max_pages} pages; split it",
        "problem_page_too_large": "{name}: a page is larger than a PDF page may be; not read",
        "problem_no_text_layer": "{name}: a scan without a text layer; run OCR on it first",
        "problem_zip_bomb": "{name}: unpacks to far more than its size (a zip bomb?); not read",
        "problem_too_much_text": "{name}: too much text for one upload; split it",
        "problem_too_many": "{name}: more than {max_files} files; this one was left out",
        "problem_total": "{name}: the files together exceed {max_total_mb} MB; this one was left out",
        "problem_binary": "{name}: a binary file, not plain text",
        "problem_undecodable": "{name}: not readable as UTF-8 or GBK text",
        "problem_empty": "{name}: contains no text",
        "problem_unreadable": "{name}: could not be read",
        "sources": "Sources",
        "sources_empty": "The passages an answer cites appear here.",
        "other_passages": "Other retrieved passages ({count})",
        "document": "Source text",
        "document_empty": "Click a citation [n] to see the passage highlighted in the cleaned text.",
        "document_window": "Showing characters {a}–{b} of {n}.",
        "citation_missing": "That citation is no longer available (the conversation was cleared).",
        "chars": "characters {start}–{end}",
        "page": "page {page}",
        "page_of": "Page {page} of {pages} · {name}",
        "page_unavailable": "The page image is not available ({reason}).",
        "score": "Retrieval score {score}",
        "score_detail": "rank {rank} · fused score {score} · dense {dense} · BM25 {lexical} · chunk {chunk}",
        "refused": "No answer in the source",
        "qualified": "Not exactly what was asked",
        "quoted": "(quoted from the source, in Chinese)",
        "notice": "Note",
        "error": "Error",
        "error_text": "Something went wrong ({error}). The app is still running; please try again.",
        "empty_question": "Please type a question first.",
        "thinking": "Searching…",
        "understood_as": "Understood as: {question}",
        "feedback": "Feedback on the last answer",
        "feedback_reasons": "What was wrong? (optional)",
        "reason_answer_wrong": "Answer wrong",
        "reason_citation_wrong": "Citation wrong",
        "feedback_comment": "Comment (optional)",
        "feedback_send": "Send feedback",
        "feedback_thanks": "Thanks, your feedback on “{question}” was saved.",
        "feedback_nothing": "Ask a question first; feedback is about an answer.",
        "feedback_error": "Feedback could not be saved ({error}).",
    },
    "zh": {
        "title": "向文章提问",
        "intro": "答案均注明出处。点击 [1] 这样的引用，即可在清洗后的原文中查看对应段落。",
        "chat": "对话",
        "placeholder": "用中文或英文提问，例如：百度近十年研发投入多少？",
        "question": "问题",
        "send": "提问",
        "clear": "清空对话",
        "examples": "示例问题",
        "settings": "设置",
        "top_k": "每个答案的段落数（top_k）",
        "answerer": "回答方式",
        "answerer_extractive": "抽取式（直接引用原文）",
        "answerer_llm": "大模型：{model}",
        "answerer_info": "启动时加 --answerer openai --llm-model 模型名 即可使用大模型。",
        "collection": "提问范围",
        "collection_article": "内置文章",
        "collection_corpus": "配置的语料",
        "collection_uploads": "我的文档",
        "upload": ("我的文档：PDF、Word（.docx）、网页（.html）、.txt 或 .md；每个不超过 {max_doc_mb} MB、{max_pages} 页"
                   "（文本文件 {max_mb} MB），最多 {max_files} 个"),
        "upload_building": "正在为您的文档建立索引…",
        "upload_done": "已将 {files} 个文件索引为 {chunks} 个段落。现在的问题将针对您的文档回答。",
        "upload_none": "没有可用的文件。",
        "upload_first": "请先上传您的文档（设置 → 我的文档）。",
        "upload_expired": "服务器上已没有您的文档，请重新上传。",
        "problem_wrong_type": "{name}：只接受 PDF、.docx、.html、.txt 和 .md 文件",
        "problem_too_large": "{name}：超过大小限制（文档 {max_doc_mb} MB，文本文件 {max_mb} MB）",
        "problem_mismatch": "{name}：文件内容与扩展名不符，未读取",
        "problem_old_doc": "{name}：是旧版 Word .doc 文件，请另存为 .docx 或 PDF",
        "problem_encrypted": "{name}：PDF 有密码保护，请去掉密码后重新上传",
        "problem_truncated": "{name}：文件不完整（可能没有下载完）",
        "problem_damaged": "{name}：文件已损坏，无法读取",
        "problem_too_many_pages": "{name}：超过 {max_pages} 页，请拆分后上传",
        "problem_page_too_large": "{name}：页面尺寸超出 PDF 允许的范围，未读取",
        "problem_no_text_layer": "{name}：是没有文字层的扫描件，请先做 OCR 文字识别",
        "problem_zip_bomb": "{name}：解压后远大于文件本身（疑似压缩炸弹），未读取",
        "problem_too_much_text": "{name}：文字过多，请拆分后上传",
        "problem_too_many": "{name}：超过 {max_files} 个文件，此文件未收录",
        "problem_total": "{name}：文件总大小超过 {max_total_mb} MB，此文件未收录",
        "problem_binary": "{name}：是二进制文件，不是纯文本",
        "problem_undecodable": "{name}：无法按 UTF-8 或 GBK 文本读取",
        "problem_empty": "{name}：没有文字内容",
        "problem_unreadable": "{name}：无法读取",
        "sources": "来源",
        "sources_empty": "答案引用的段落会显示在这里。",
        "other_passages": "其他检索到的段落（{count}）",
        "document": "原文",
        "document_empty": "点击引用 [n]，即可在清洗后的原文中看到高亮的段落。",
        "document_window": "显示第 {a}–{b} 个字符，共 {n} 个。",
        "citation_missing": "该引用已不可用（对话已清空）。",
        "chars": "第 {start}–{end} 个字符",
        "page": "第 {page} 页",
        "page_of": "第 {page} 页，共 {pages} 页 · {name}",
        "page_unavailable": "无法显示该页图像（{reason}）。",
        "score": "检索得分 {score}",
        "score_detail": "排名 {rank} · 融合得分 {score} · 向量 {dense} · BM25 {lexical} · 段落 {chunk}",
        "refused": "原文中没有答案",
        "qualified": "原文答的是相近的问题",
        "quoted": "（原文引文）",
        "notice": "提示",
        "error": "错误",
        "error_text": "出错了（{error}）。应用仍在运行，请重试。",
        "empty_question": "请先输入问题。",
        "thinking": "正在检索…",
        "understood_as": "理解为：{question}",
        "feedback": "对上一条回答的反馈",
        "feedback_reasons": "哪里有问题？（可选）",
        "reason_answer_wrong": "答案错误",
        "reason_citation_wrong": "引用错误",
        "feedback_comment": "意见（可选）",
        "feedback_send": "提交反馈",
        "feedback_thanks": "谢谢，您对“{question}”的反馈已保存。",
        "feedback_nothing": "请先提问；反馈针对的是某个回答。",
        "feedback_error": "反馈未能保存（{error}）。",
    },
}


def pick_language(accept_language: str | None) -> str:
    """"zh" or "en" from an Accept-Language header, by quality; anything else gets the default."""
    choices = []
    for pos, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in LANGUAGES and q > 0:
            choices.append((-q, pos, base))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS[DEFAULT_LANGUAGE])


def text(lang: str, key: str, **values) -> str:
    """The label `key` in `lang`, with `{placeholders}` filled from `values`."""
    template = labels(lang)[key]
    return template.format(**values) if values else template
