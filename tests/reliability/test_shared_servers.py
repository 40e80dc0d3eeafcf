"""Two `rag chat` servers over one PostgreSQL primary and its streaming replica, as behind a load balancer.

Users' turns are spread over both servers (a follow-up lands on the other server than its question),
through the JSON API, and each answer must equal what one user alone gets from one server. Feedback
goes to the other server again and must all land in the one table. Then the replica is stopped in
the middle of a run (no request may fail: reads move to the primary) and the primary is stopped in
the middle of a run (questions still answered from the replica; feedback spooled and written when it
returns: none lost). CI runs 4 users x 4 questions; RAG_LOAD_FULL=1 runs 20 x 10.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.reliability.test_load import CONVERSATIONS, check, script

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def servers(pg_cluster, article_index, e5, tmp_path_factory):
    """(cluster, [server A, server B], count of feedback rows) over the article in the database."""
    from index.build import build_index
    from index.pg.local import LocalCluster
    from tests.chat_server import launch_chat

    cluster = LocalCluster.start(replicas=1)  # its own: this module stops and starts its servers
    cfg, _ = article_index
    pg = cfg.with_overrides(store="postgres", db_url=cluster.primary.url, db_index="article")
    build_index(pg, e5, progress=False)
    args = ("--store", "postgres", "--db-index", "article", "--db-read-url", cluster.replicas[0].url)
    env = {"RAG_DB_URL": cluster.primary.url}
    launched = [launch_chat(cfg.index_dir, tmp_path_factory.mktemp(f"server{i}"), args, env) for i in range(2)]
    try:
        yield cluster, [next(g) for g in launched]
    finally:
        for g in launched:
            g.close()
        cluster.stop()


def feedback_rows(cluster) -> int:
    from index.pg.connect import Database

    db = Database(cluster.primary.url)
    try:
        return db.write(lambda conn: conn.execute("SELECT count(*) FROM rag.feedback").fetchone()[0])
    finally:
        db.close()


def conversation_runs(urls: list[str], client_no: int, questions: int, rate: bool, errors: list, lock) -> dict:
    """One user's turns through /ask, turn i on server (client_no + i) % 2; each answer rated on the other
    server. What was seen, per (history, question)."""
    from gradio_client import Client

    clients = [Client(u, verbose=False) for u in urls]
    seen_all, n = {}, client_no
    for conversation in script(client_no, questions):
        history: list[str] = []
        for turn in conversation:
            n += 1
            try:
                out = clients[n % 2].predict(turn.question, history=history, api_name="/ask")
                seen = {k: out[k] for k in ("resolved_question", "answer", "refused")}
                seen["citations"] = [(c["chunk_id"], c["start"], c["end"], c["quote_start"], c["quote_end"])
                                     for c in out["citations"]]
                problem = check(turn, out["answer"], out["refused"], out["resolved_question"] != out["question"])
                if rate:
                    clients[(n + 1) % 2].predict(out, rating="up", history=history, api_name="/feedback")
            except Exception as e:  # noqa: BLE001 - every failure is counted
                seen, problem = None, f"{turn.question!r}: {type(e).__name__}: {e}"
            if problem:
                with lock:
                    errors.append(problem)
            seen_all[(tuple(history), turn.question)] = seen
            history.append(turn.question)
    return seen_all


def run(urls, clients: int, questions: int, rate: bool = True, during=None) -> tuple[list[dict], list[str]]:
    errors, lock = [], threading.Lock()
    with ThreadPoolExecutor(clients + 1) as pool:
        futures = [pool.submit(conversation_runs, urls, c, questions, rate, errors, lock) for c in range(clients)]
        if during is not None:
            during()
        return [f.result() for f in futures], errors


def sizes() -> tuple[int, int]:
    return (20, 10) if os.environ.get("RAG_LOAD_FULL") == "1" else (4, 4)


def test_answers_on_two_servers_equal_one_user_alone_and_feedback_lands_in_one_table(servers):
    cluster, (a, b) = servers
    every_turn = sum(len(x) for x in CONVERSATIONS)
    errors, lock = [], threading.Lock()
    alone = conversation_runs([a.url, a.url], 0, every_turn, False, errors, lock)  # one user, one server
    assert not errors, errors
    before = feedback_rows(cluster)
    clients, questions = sizes()
    started = time.perf_counter()
    results, errors = run([a.url, b.url], clients, questions)
    seconds = time.perf_counter() - started
    assert not errors, errors[:5]
    differing = [k for r in results for k, seen in r.items() if seen != alone[k]]
    assert not differing, differing[:5]
    assert feedback_rows(cluster) - before == clients * questions
    password = cluster.primary.password
    assert all(password not in server.log.read_text(errors="replace") for server in (a, b))  # never logged
    print(f"\ntwo servers: {clients} users x {questions} questions in {seconds:.1f} s, 0 errors, "
          f"answers identical to one user alone, {clients * questions} feedback records in one table")


def test_a_replica_stopped_mid_run_fails_no_request(servers):
    cluster, (a, b) = servers
    replica = cluster.replicas[0]
    clients, questions = sizes()

    def stop_replica():
        time.sleep(1.0)
        replica.stop(mode="immediate")

    try:
        _, errors = run([a.url, b.url], clients, questions, rate=False, during=stop_replica)
    finally:
        replica.start()
    assert not errors, errors[:5]


def test_the_primary_stopped_mid_run_loses_no_feedback(servers):
    cluster, (a, b) = servers
    clients, questions = sizes()
    before = feedback_rows(cluster)

    def stop_primary():
        time.sleep(1.0)
        cluster.primary.stop(mode="immediate")

    try:
        _, errors = run([a.url, b.url], clients, questions, during=stop_primary)
    finally:
        cluster.primary.start()
    assert not errors, errors[:5]  # questions answered from the replica, feedback spooled
    deadline = time.monotonic() + 60
    while feedback_rows(cluster) - before < clients * questions and time.monotonic() < deadline:
        time.sleep(0.5)
    assert feedback_rows(cluster) - before == clients * questions
    print(f"\nprimary stopped mid-run: {clients * questions} feedback records, all in the table after it returned")


