"""Publishing: what residents read is rendered when content changes, not when
it is asked for.

An edit notes what it changed (``models.content_version``); the publisher
re-renders only the URLs that change affects, once, into a snapshot on disk
shared by every worker and process (``snapshot``): nginx serves its pages
without asking the app, and phones install and update a language from its
packs (``packs``): one download of every page, then one download of what
changed since the version the phone holds."""
