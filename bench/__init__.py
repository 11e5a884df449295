"""lawbooks' benchmarks (issues #8 and #20): `make bench` runs them and writes
docs/benchmarks.md (from docs/benchmarks.json) and docs/bench-cost-vs-size.svg.

Not production code and not tests: each module measures one thing against the sandboxes
(run in a separate process, so that the lawbooks side is measured alone) and returns
`Figure`s; `report` writes them with the machine and the command that produced them.
"""
