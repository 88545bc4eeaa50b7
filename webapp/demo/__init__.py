"""Demo data: one centre and real welfare pages, loaded by ``flask seed-demo``."""
