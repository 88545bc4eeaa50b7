"""The JSON API for phones, under ``/api/v1``.

Phones have no account and no session, so there is no cookie to protect: the
blueprint is exempt from CSRF and answers JSON only, errors included (see
webapp.errors). Item types (check-ins, feedback) plug in through
``webapp.api.registry``; their features register them.
"""
