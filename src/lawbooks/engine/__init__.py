"""The engine: plan (pure) what must change in the target, then execute it exactly once.

Depends on the domain and on the ports it defines here; adapters implement the ports.
"""
