"""Ask the nurse: a resident's question through the outbox, answered by the
nurse, collected by the phone with a claim code only it keeps
(docs/notices-and-questions.md)."""
