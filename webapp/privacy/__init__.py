"""What the server keeps of what residents send, and for how long: the
retention rules (``retention``, run by ``flask purge``) and the mixing of
their rows on PostgreSQL (``mixing``). docs/privacy.md says what each
adversary can learn from what is kept."""
