"""How long each text a person types may be, in characters. The columns that
store a text and every form, API schema and import that accepts it use the
same number from here, so a limit is changed in one place."""

NAME = 200  # a person's, a series' or a place's name
EMAIL = 254  # RFC 5321
SLUG = 100  # a page's address
URL = 500
TOPIC_TITLE = 200
TITLE = 300  # a page's or a meeting's title
BODY = 50_000  # a page's Markdown (a Text column: the limit is ours, not the database's)
DESCRIPTION = 5_000  # a meeting's
ALT_TEXT = 500  # what a picture shows, for screen readers
FEEDBACK_COMMENT = 2_000
FEEDBACK_WISH = 300  # "what should the next meeting be about?"
YOU_SAID_TEXT = 1_000  # each half of a "You said, we did" answer
CHANGE_NOTE = 200  # "what changed" in one line, shown on outdated translations

# The largest row id an INTEGER column holds (PostgreSQL's is 32 bits): an id
# sent from outside beyond it names nothing, and must not reach a query.
MAX_ID = 2**31 - 1
QUESTION_TEXT = 1_000  # a resident's question to the nurse
ANSWER_TEXT = 2_000  # the nurse's answer
NOTICE_TEXT = 300  # a centre notice: short, it is shown as a one-line banner
