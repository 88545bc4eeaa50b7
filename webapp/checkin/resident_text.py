"""Words of check-in that residents read on the host's screen, kept in the
residents' catalog (this file's name puts it there, see i18n/babel.cfg) and
shown in the centre's main languages."""


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


DISPLAY_INSTRUCTION = N_(
    "Scan the code with your phone camera to check in. It is voluntary and you do not give your name."
)
