"""Scale-out: Celery workers on Redis run each firm's sync, one at a time per firm, under
QBO's per-realm limits shared through Redis (`lawbooks worker`, `lawbooks beat`)."""
