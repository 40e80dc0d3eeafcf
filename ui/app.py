"""The chat page, `rag chat`: a Gradio Blocks app over one loaded pipeline.

    rag chat [--host 127.0.0.1] [--port 7860] [--share] [--feedback FILE] [pipeline flags]

The pipeline is loaded (its index built on first start); once the server listens, the warm-up
questions (index.load.warm_up) go through its own API, so the first user's question is as fast as any
other. `/ask` is the API endpoint.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import gradio as gr

from rag.config import Config, ConfigError
from rag.flags import add_pipeline_flags, config_from_args
from ui.labels import DEFAULT_LANGUAGE, EXAMPLES, pick_language
from ui.labels import text as label
from ui.style import CITE_JS, CSS
from ui.uploads import limits as upload_limits

CONCURRENCY = 4  # questions answered at once; more wait in the queue
QUEUE_SIZE = 64  # beyond this the page says the app is busy
UPLOAD_LIMITS = upload_limits()


def build_app(handlers, lang: str = DEFAULT_LANGUAGE):
    """The page's layout and events; labels start in `lang` and follow the browser on load."""
    from ui import render
    from ui.handlers import Session

    L = lambda key, **kw: label(lang, key, **kw)  # noqa: E731
    cfg: Config = handlers.cfg
    corpus_key = "collection_corpus" if cfg.corpus else "collection_article"
    with gr.Blocks(title="fullstack-rag", analytics_enabled=False) as demo:
        session = gr.State(Session(lang=lang))
        title = gr.Markdown(f"## {L('title')}\n{L('intro')}", elem_id="title")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label=L("chat"), elem_id="chat", height=520, latex_delimiters=[],
                                     sanitize_html=True, feedback_options=("Like", "Dislike"), buttons=["copy"])
                with gr.Row():
                    question = gr.Textbox(label=L("question"), placeholder=L("placeholder"), elem_id="question",
                                          lines=1, max_lines=6, scale=5, autofocus=True)
                    send = gr.Button(L("send"), variant="primary", scale=1, min_width=80, elem_id="send")
                examples = gr.Dataset(components=["textbox"], samples=[[q] for q in EXAMPLES], label=L("examples"),
                                      elem_id="examples")
                clear = gr.Button(L("clear"), size="sm", elem_id="clear")
                with gr.Accordion(L("feedback"), open=False, elem_id="feedback") as feedback_box:
                    reasons = gr.CheckboxGroup(_reason_choices(lang), label=L("feedback_reasons"))
                    comment = gr.Textbox(label=L("feedback_comment"), lines=2, max_lines=6)
                    feedback_send = gr.Button(L("feedback_send"), size="sm")
                feedback_status = gr.Markdown("", elem_id="feedback-status")
                with gr.Accordion(L("settings"), open=False, elem_id="settings") as settings_box:
                    top_k = gr.Slider(1, 20, value=cfg.top_k, step=1, label=L("top_k"))
                    answerer = gr.Radio(_answerer_choices(lang, handlers), value="llm" if handlers.llm else "extractive",
                                        label=L("answerer"), interactive=handlers.llm is not None,
                                        info=None if handlers.llm else L("answerer_info"))
                    collection = gr.Radio(_collection_choices(lang, corpus_key), value="article", label=L("collection"))
                    files = gr.File(label=L("upload", **UPLOAD_LIMITS), file_count="multiple", type="filepath",
                                    elem_id="upload")
                    upload_status = gr.Markdown("", elem_id="upload-status")
            with gr.Column(scale=2):
                sources_title = gr.Markdown(f"#### {L('sources')}")
                sources = gr.HTML(render.sources_html(None, 0, str, lang), elem_id="sources")
                document_title = gr.Markdown(f"#### {L('document')}")
                document = gr.HTML(render.document_empty_html(lang), js_on_load=CITE_JS, elem_id="docview")

        ask_inputs = [question, top_k, answerer, collection, session]
        ask_outputs = [question, chatbot, sources, session]
        gr.on([question.submit, send.click], handlers.chat, ask_inputs, ask_outputs, api_name="chat",
              concurrency_id="answer")
        examples.click(lambda sample: sample[0], examples, question, queue=False, api_visibility="private").then(
            handlers.chat, ask_inputs, ask_outputs, api_visibility="private", concurrency_id="answer")
        document.click(handlers.open_citation, [session], [sources, document], api_visibility="private",
                       concurrency_id="citation", concurrency_limit=None, show_progress="hidden")
        gr.on([clear.click, chatbot.clear], handlers.clear, [session],
              [chatbot, sources, document, feedback_status, session], api_visibility="private")
        chatbot.like(handlers.like, [session], [feedback_status, feedback_box, session], api_visibility="private")
        feedback_send.click(handlers.send_feedback, [reasons, comment, session],
                            [feedback_status, reasons, comment, session], api_visibility="private")
        files.upload(handlers.upload, [files, session], [upload_status, collection, session], api_name="upload",
                     concurrency_id="upload", concurrency_limit=1)
        gr.api(handlers.ask, api_name="ask", concurrency_id="answer")
        gr.api(handlers.rate, api_name="feedback", concurrency_id="feedback", concurrency_limit=None)

        def on_load(request: gr.Request):
            lang = pick_language(request.headers.get("accept-language") if request else None)
            T = lambda key, **kw: label(lang, key, **kw)  # noqa: E731
            return {
                session: Session(lang=lang),
                title: f"## {T('title')}\n{T('intro')}",
                chatbot: gr.update(label=T("chat")),
                question: gr.update(label=T("question"), placeholder=T("placeholder")),
                send: gr.update(value=T("send")),
                examples: gr.update(label=T("examples")),
                clear: gr.update(value=T("clear")),
                feedback_box: gr.update(label=T("feedback")),
                reasons: gr.update(choices=_reason_choices(lang), label=T("feedback_reasons")),
                comment: gr.update(label=T("feedback_comment")),
                feedback_send: gr.update(value=T("feedback_send")),
                settings_box: gr.update(label=T("settings")),
                top_k: gr.update(label=T("top_k")),
                answerer: gr.update(choices=_answerer_choices(lang, handlers), label=T("answerer"),
                                    info=None if handlers.llm else T("answerer_info")),
                collection: gr.update(choices=_collection_choices(lang, corpus_key), label=T("collection")),
                files: gr.update(label=T("upload", **UPLOAD_LIMITS)),
                sources_title: f"#### {T('sources')}",
                sources: render.sources_html(None, 0, str, lang),
                document_title: f"#### {T('document')}",
                document: render.document_empty_html(lang),
            }

        demo.load(on_load, None, [session, title, chatbot, question, send, examples, clear, feedback_box, reasons,
                                  comment, feedback_send, settings_box, top_k, answerer, collection, files,
                                  sources_title, sources, document_title, document], api_visibility="private")
    return demo


def _reason_choices(lang: str) -> list[tuple[str, str]]:
    return [(label(lang, "reason_answer_wrong"), "answer_wrong"), (label(lang, "reason_citation_wrong"), "citation_wrong")]


def _answerer_choices(lang: str, handlers) -> list[tuple[str, str]]:
    choices = [(label(lang, "answerer_extractive"), "extractive")]
    if handlers.llm is not None:
        choices.append((label(lang, "answerer_llm", model=handlers.cfg.llm_model), "llm"))
    return choices


def _collection_choices(lang: str, corpus_key: str) -> list[tuple[str, str]]:
    return [(label(lang, corpus_key), "article"), (label(lang, "collection_uploads"), "uploads")]


def default_feedback_path(cfg: Config) -> Path:
    """feedback.jsonl next to the index folder (its sibling, so rebuilding the index keeps it)."""
    return Path(cfg.index_dir).resolve().parent / "feedback.jsonl"


def server_ask(url: str, auth: tuple[str, str] | None = None):
    """Ask the running chat server through its own HTTP API (extractive: a warm-up never calls an LLM)."""
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False, auth=auth)
    return lambda question: client.predict(question, answerer="extractive", api_name="/ask")


def launch(demo, host: str, port: int, share: bool = False, concurrency: int = CONCURRENCY, queue_size: int = QUEUE_SIZE,
           auth=None):
    """Start the server without blocking; returns (local url, share url or None). `auth`: ui.auth.Authenticator."""
    demo.queue(default_concurrency_limit=concurrency, max_size=queue_size)
    _, url, share_url = demo.launch(server_name=host, server_port=port, share=share, prevent_thread_lock=True, auth=auth,
                                    quiet=True, css=CSS, footer_links=["api"], run_history=False, enable_monitoring=False,
                                    max_file_size="20mb")
    return url, share_url


def check_port(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will; old TIME_WAIT sockets are fine
        try:
            s.bind((host, port))
        except OSError as e:
            raise OSError(f"cannot listen on {host}:{port} ({e.strerror or e}); choose another with --port") from e


def follow_live_version(cfg: Config, pipeline, handlers) -> None:
    """With the postgres store, serve each newly published version of the index within seconds."""
    store = getattr(pipeline.extractive, "store", None)
    if cfg.store != "postgres" or not hasattr(store, "version"):
        return
    from index.load import load_pipeline
    from index.pg.follow import LiveFollower

    LiveFollower(cfg, store.version, lambda: load_pipeline(cfg, rebuild=False), handlers.use_pipeline).start()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rag chat", description="The chat page: answers whose citations open the exact passage.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    p.add_argument("--share", action="store_true", help="also create a public gradio.live link (off unless asked for)")
    p.add_argument("--feedback", help="JSONL file for feedback (default: feedback.jsonl next to the index folder; "
                                      "with --store postgres the database, this file's -spool.jsonl while it is down)")
    p.add_argument("--auth-file", help="user:password lines (passwords plain or from `python -m ui.auth hash`); "
                                       "also RAG_AUTH. The page and the API then need a login")
    p.add_argument("--no-auth", action="store_true", help="listen on the network without a login (refused otherwise)")
    add_pipeline_flags(p)
    return p


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    args = build_parser().parse_args(argv)
    try:
        from index.feedback import open_feedback
        from index.load import load_pipeline, pretag, warm_up
        from ui.auth import Authenticator, AuthError, is_loopback, load_users
        from ui.handlers import ChatHandlers

        cfg = config_from_args(args)
        try:
            users = load_users(args.auth_file, os.environ)
        except AuthError as e:
            raise ConfigError(str(e)) from e
        if not users and not args.no_auth and (args.share or not is_loopback(args.host)):
            raise ConfigError(f"listening on {args.host}{' with --share' if args.share else ''} without a login: "
                              "give --auth-file FILE or RAG_AUTH (user:password), or --no-auth to allow anyone")
        auth = Authenticator(users) if users else None
        check_port(args.host, args.port)  # before the (possibly long) index build
        pipeline = load_pipeline(cfg, progress=True, warm=False)  # warmed below, through the server itself
        feedback = Path(args.feedback) if args.feedback else default_feedback_path(cfg)
        log = open_feedback(cfg, feedback)
        handlers = ChatHandlers(cfg, pipeline, log)
        demo = build_app(handlers)
        follow_live_version(cfg, pipeline, handlers)
        url, share_url = launch(demo, args.host, args.port, args.share, auth=auth)
        internal = auth.grant() if auth else None  # the warm-up logs in with a pass taken back at once
        try:
            seconds = warm_up(server_ask(url, internal))
            pretag(pipeline)
            print(f"rag chat: ready (warm-up questions answered in {seconds * 1000:.0f} ms)", file=sys.stderr)
        except Exception as e:  # noqa: BLE001 - the page works anyway; the first question is just slower
            print(f"rag chat: warm-up request failed ({type(e).__name__}: {e})", file=sys.stderr)
        finally:
            if internal:
                auth.revoke(internal[0])
        feedback = getattr(log, "path", feedback)
    except KeyboardInterrupt:
        return 130
    except (ConfigError, OSError, ValueError, RuntimeError) as e:
        print(f"rag chat: error: {e}", file=sys.stderr)
        return 2
    print(f"rag chat: open {url}  (feedback -> {feedback})", flush=True)
    if share_url:
        print(f"rag chat: public link {share_url}", flush=True)
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
