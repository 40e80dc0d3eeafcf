"""The PostgreSQL + pgvector store: schema and migrations, building and publishing a version in one
transaction, the store behind the ChunkStore protocol (BM25 computed in SQL), read replicas with
failover, feedback and uploaded collections shared by every chat server, and a local cluster for
tests and trying it out."""
