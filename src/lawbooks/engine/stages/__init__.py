"""One sync run as a pipeline, a module a stage: `pull` -> `select` -> `plan` -> `execute`
-> `record`, each handing the next its output (`engine/sync.py` reads as the pipeline)."""
