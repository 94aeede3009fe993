"""The imperative shell around one cycle: the pipeline (fetch, decide, commit, move, deliver), the outbox and courier, the parse workers, the web queue."""
