"""The chat page's event handlers: each calls the pipeline and formats its Answer with `ui.render`.

A `Session` (kept in `gr.State`, one per browser tab) holds the conversation: the chat messages,
one `Turn` per answered question (its Answer, for citations and feedback) and the user's upload set.
No handler lets an exception escape: a failure becomes a message in the chat.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import gradio as gr

from index import collections
from rag.config import Config
from rag.factory import make_embedder, with_fallback
from rag.feedback import FeedbackLog, feedback_record, new_answer_id
from rag.ingest.pdf_page import page_view
from rag.pipeline import Pipeline, QuestionError
from rag.types import Answer
from ui import render, uploads
from ui.labels import labels
from ui.labels import text as label

log = logging.getLogger("rag.chat")


class UserMessage(Exception):
    """A condition the user can fix, named by a label key."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass
class Turn:
    id: str
    answer: Answer
    history: tuple[str, ...]
    collection: str  # "article" or the upload set's key
    settings: dict[str, Any]
    message: int  # index of the answer in the chat messages
    rating: str | None = None


@dataclass
class Session:
    lang: str = "en"
    messages: list[dict] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    upload: str = ""  # key of this session's upload set
    rated: int | None = None  # the turn rated last


def _say(session: Session, html: str, replace_last: bool = False) -> None:
    if replace_last:
        session.messages[-1] = {"role": "assistant", "content": html}
    else:
        session.messages.append({"role": "assistant", "content": html})


class ChatHandlers:
    """Everything the page does, around one loaded pipeline (and the upload sets built from the page)."""

    def __init__(self, cfg: Config, pipeline: Pipeline, feedback: FeedbackLog, cached_collections: int = 8):
        self.cfg = cfg
        self.pipeline = pipeline
        self.feedback = feedback
        self.llm = pipeline.answerer if pipeline.answerer is not pipeline.extractive else None
        self.embedder = getattr(pipeline.retriever, "embedder", None) or make_embedder(cfg)  # reused for uploads
        self.uploads_root = Path(cfg.index_dir) / "uploads"
        self._collections: OrderedDict[str, Pipeline] = OrderedDict()
        self._cache_size = cached_collections
        self._lock = threading.Lock()

    def use_pipeline(self, pipeline: Pipeline) -> None:
        """Serve `pipeline` from now on (a newly published index version); questions already being
        answered finish on the one they started with."""
        self.llm = pipeline.answerer if pipeline.answerer is not pipeline.extractive else None
        self.pipeline = pipeline

    # ---- pipelines -------------------------------------------------------------------------
    def variant(self, base: Pipeline, top_k: int, answerer: str) -> Pipeline:
        """`base` with this question's settings: passages and the answerer chosen on the page."""
        k = max(1, int(top_k or self.cfg.top_k))
        cfg = base.cfg.with_overrides(top_k=k, answer_passages=min(base.cfg.answer_passages, k))
        if answerer == "llm" and self.llm is not None:
            chosen = self.llm if base is self.pipeline else with_fallback(self.llm.primary, base.extractive)
            return replace(base, cfg=cfg, answerer=chosen, rewrite=self.pipeline.rewrite)
        return replace(base, cfg=cfg, answerer=base.extractive, rewrite=None)

    def collection(self, key: str) -> Pipeline:
        if key == "article":
            return self.pipeline
        if not key:
            raise UserMessage("upload_first")
        with self._lock:
            pipeline = self._collections.get(key)
            if pipeline is not None:
                self._collections.move_to_end(key)
                return pipeline
        pipeline = collections.open_collection(key, self.uploads_root, self.cfg, self.embedder)
        if pipeline is None:
            raise UserMessage("upload_expired")
        self._remember(key, pipeline)
        return pipeline

    def _remember(self, key: str, pipeline: Pipeline) -> None:
        with self._lock:  # handlers run in several worker threads
            self._collections[key] = pipeline
            self._collections.move_to_end(key)
            while len(self._collections) > self._cache_size:
                self._collections.popitem(last=False)

    def settings(self, top_k: int, answerer: str, collection: str) -> dict[str, Any]:
        return {"top_k": int(top_k or self.cfg.top_k), "answerer": answerer, "collection": collection,
                "retrieval": self.cfg.retrieval, "embedder": self.cfg.embedder,
                "llm_model": self.cfg.llm_model if answerer == "llm" else ""}

    # ---- chat ------------------------------------------------------------------------------
    def chat(self, question: str, top_k: int, answerer: str, collection: str, session: Session):
        """Stream one answer into the chat; outputs: question box, chat, sources panel, session."""
        lang = session.lang
        question = question if isinstance(question, str) else ""
        if not question.strip():
            _say(session, render.message_html(label(lang, "empty_question"), lang, "info"))
            yield "", session.messages, gr.skip(), session
            return
        session.messages.append({"role": "user", "content": render.question_html(question)})
        _say(session, render.pending_html(lang))
        yield "", session.messages, gr.skip(), session
        try:
            key = session.upload if collection == "uploads" else "article"
            pipeline = self.variant(self.collection(key), top_k, answerer)
            history = tuple(t.answer.question for t in session.turns)
            turn = len(session.turns)
            # each piece is shown once the next has come: the complete answer, whose citations can be clicked, is
            # shown only with the session that holds its turn (a click on [1] as soon as it appears finds it)
            answer = None
            for piece in pipeline.ask_stream(question, history):
                if answer is not None:
                    _say(session, render.answer_html(answer, turn, lang), replace_last=True)
                    yield "", session.messages, gr.skip(), session
                answer = piece
            session.turns.append(Turn(new_answer_id(), answer, history, key, self.settings(top_k, answerer, collection),
                                      len(session.messages) - 1))
            _say(session, render.answer_html(answer, turn, lang), replace_last=True)
            sources = render.sources_html(answer, turn, pipeline.documents, lang)
            yield "", session.messages, sources, session
        except QuestionError as e:
            _say(session, render.message_html(label(lang, "empty_question") if "empty" in str(e) else str(e), lang, "info"),
                 replace_last=True)
            yield "", session.messages, gr.skip(), session
        except UserMessage as e:
            _say(session, render.message_html(label(lang, e.key), lang, "info"), replace_last=True)
            yield "", session.messages, gr.skip(), session
        except Exception as e:  # any failure becomes a message; the app stays up
            log.exception("answering %r failed", question)
            _say(session, render.message_html(label(lang, "error_text", error=f"{type(e).__name__}: {e}"), lang),
                 replace_last=True)
            yield "", session.messages, gr.skip(), session

    def open_citation(self, session: Session, evt: gr.EventData):
        """A click on `[n]`: the sources of its answer and the document scrolled to its range."""
        lang = session.lang
        try:
            turn_s, _, n_s = str(getattr(evt, "cite", "") or "").partition("-")
            turn, n = int(turn_s), int(n_s)
            t = session.turns[turn]
            c = next(c for c in t.answer.citations if c.n == n)
        except (ValueError, IndexError, StopIteration):
            return gr.skip(), render.message_html(label(lang, "citation_missing"), lang, "info")
        try:
            pipeline = self.collection(t.collection)
            documents = pipeline.documents
            heading = render.headings(t.answer.hits).get(c.chunk_id, "")
            page = self.page(pipeline, c, turn, lang)
            return (render.sources_html(t.answer, turn, documents, lang, selected=n),
                    page + render.document_html(documents(c.doc_id), c, turn, lang, heading))
        except UserMessage as e:
            return gr.skip(), render.message_html(label(lang, e.key), lang, "info")
        except Exception as e:
            log.exception("opening citation %s failed", getattr(evt, "cite", ""))
            return gr.skip(), render.message_html(label(lang, "error_text", error=f"{type(e).__name__}: {e}"), lang)

    def page(self, pipeline: Pipeline, c, turn: int, lang: str) -> str:
        """A PDF citation's page with the quoted sentence marked on it; "" for other sources."""
        store = getattr(pipeline.extractive, "store", None)
        doc = getattr(store, "documents", {}).get(c.doc_id)
        if doc is None or doc.format != "pdf" or not c.page:
            return ""
        span = next((p for p in doc.pages if p.number == c.page), None)
        if span is None:
            return ""
        qs, qe = max(c.quote_start, span.start), min(c.quote_end, span.end)
        at = (qs - span.start) / max(1, span.end - span.start)
        try:
            view = page_view(doc.source, c.page, doc.text[qs:qe], at)
        except Exception as e:  # the file was moved or removed since it was indexed: the text still shows
            log.warning("page %s of %s cannot be shown: %s", c.page, doc.source, e)
            return render.page_unavailable_html(f"{type(e).__name__}: {e}", lang)
        return render.page_html(view, turn, c.n, lang, Path(doc.source).name)

    def clear(self, session: Session):
        fresh = Session(lang=session.lang, upload=session.upload)
        return [], render.sources_html(None, 0, str, fresh.lang), render.document_empty_html(fresh.lang), "", fresh

    # ---- API -------------------------------------------------------------------------------
    def ask(self, question: str, history: list[str] | None = None, top_k: int = 0, answerer: str = "") -> Iterator[dict]:
        """Partial answers, then the complete one with citations (the `rag ask --json` object)."""
        try:  # API callers send anything: a wrong setting is a message, never an error without one
            k = max(1, int(float(top_k or self.cfg.top_k)))
        except (TypeError, ValueError, OverflowError):
            raise gr.Error(f"top_k must be a whole number, not {top_k!r}") from None
        if answerer not in ("", None, "extractive", "llm"):
            raise gr.Error(f"answerer must be 'extractive' or 'llm', not {answerer!r}")
        history = [history] if isinstance(history, str) else list(history) if isinstance(history, (list, tuple)) else []
        pipeline = self.variant(self.pipeline, k, answerer or ("llm" if self.llm else "extractive"))
        try:
            for answer in pipeline.ask_stream(question, history):
                yield answer.to_json(k)
        except QuestionError as e:
            raise gr.Error(str(e)) from e

    def rate(self, answer: dict, rating: str | None = None, reasons: list[str] | None = None, comment: str = "",
             history: list[str] | None = None) -> dict:
        """Feedback through the API on an answer `/ask` returned (its JSON object): any server may take it,
        wherever the question was asked. Returns {"answer_id"}."""
        if not isinstance(answer, dict) or not isinstance(answer.get("answer"), str):
            raise gr.Error("answer must be the object /ask returned")
        history = [history] if isinstance(history, str) else [h for h in (history or []) if isinstance(h, str)]
        try:
            record = feedback_record(answer, answer_id=str(answer.get("answer_id") or new_answer_id()), rating=rating or None,
                                     reasons=reasons or (), comment=comment if isinstance(comment, str) else "",
                                     history=history, settings={"answerer": answer.get("answerer", "")},
                                     document_text=self.pipeline.documents)
        except (ValueError, KeyError, TypeError) as e:
            raise gr.Error(f"feedback not recorded: {e}") from None
        self.feedback.append(record)
        return {"answer_id": record["answer_id"]}

    # ---- feedback --------------------------------------------------------------------------
    def _record(self, t: Turn, rating: str | None, reasons=(), comment: str = "") -> None:
        documents = self.collection(t.collection).documents
        self.feedback.append(feedback_record(
            t.answer.to_json(t.settings.get("top_k", self.cfg.top_k)), answer_id=t.id, rating=rating, reasons=reasons,
            comment=comment, history=t.history,
            collection=t.collection if t.collection == "article" else f"uploads/{t.collection}",
            settings=t.settings, document_text=documents))

    def like(self, session: Session, evt: gr.LikeData):
        """Thumbs up/down on an answer: one record now; a thumbs down opens the comment box."""
        lang = session.lang
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        found = [(i, t) for i, t in enumerate(session.turns) if t.message == index]
        if not found:
            return label(lang, "feedback_nothing"), gr.skip(), session
        i, t = found[0]
        t.rating = "up" if evt.liked is True else "down" if evt.liked is False else None
        session.rated = i
        try:
            self._record(t, t.rating)
        except Exception as e:
            log.exception("saving feedback failed")
            return label(lang, "feedback_error", error=str(e)), gr.skip(), session
        return label(lang, "feedback_thanks", question=t.answer.question), gr.update(open=t.rating == "down"), session

    def send_feedback(self, reasons: list[str], comment: str, session: Session):
        """The comment box: reasons and text about the answer rated last (or the latest answer)."""
        lang = session.lang
        if not session.turns:
            return label(lang, "feedback_nothing"), gr.skip(), gr.skip(), session
        t = session.turns[session.rated if session.rated is not None else -1]
        try:
            self._record(t, t.rating, reasons or (), comment or "")
        except Exception as e:
            log.exception("saving feedback failed")
            return label(lang, "feedback_error", error=str(e)), gr.skip(), gr.skip(), session
        return label(lang, "feedback_thanks", question=t.answer.question), [], "", session

    # ---- uploads ---------------------------------------------------------------------------
    def upload(self, files: list[str] | None, session: Session,
               progress=gr.Progress(track_tqdm=True)):  # noqa: B008 - how Gradio injects its progress bar
        """Check, decode and index the uploaded files; on success questions go to them."""
        lang = session.lang
        limits = {**uploads.limits(), "max_total_mb": uploads.MAX_TOTAL_BYTES // 2**20}
        accepted, problems = uploads.read_uploads(list(files or []))
        known = labels(lang)
        lines = [label(lang, f"problem_{p.code}" if f"problem_{p.code}" in known else "problem_damaged",
                       name=render.markdown_literal(p.name), **limits) for p in problems]
        notes = [render.markdown_literal(note) for f in accepted for note in f.notes]
        if not accepted:
            return "\n".join(["⚠ " + label(lang, "upload_none"), *("- " + ln for ln in lines)]), gr.skip(), session
        try:
            progress(0, desc=label(lang, "upload_building"))
            key, pipeline, store = collections.build_collection(accepted, self.uploads_root, self.cfg, self.embedder,
                                                            progress=True)
        except Exception as e:
            log.exception("indexing uploads failed")
            return label(lang, "error_text", error=f"{type(e).__name__}: {e}"), gr.skip(), session
        self._remember(key, pipeline)
        session.upload = key
        done = label(lang, "upload_done", files=len(accepted), chunks=len(store.chunks))
        return "\n".join([done, *("- ⚠ " + ln for ln in lines), *("- ℹ " + n for n in notes)]), "uploads", session
