"""The chaos suite (issue #17): the real `lawbooks sync`, killed, faulted and raced by edits.

`harness.run_chaos(config, workdir)` is the whole run; `test_chaos.py` is its short version
(part of `make test`), `python -m chaos` its long one (`make chaos`, which writes the figures
into docs/reliability.md). See docs/reliability.md, "The chaos suite".
"""
