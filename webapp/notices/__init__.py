"""Centre notices: short, dated texts staff write for one centre or all,
in the residents' languages, kept offline and shown until they expire
(docs/notices-and-questions.md)."""
