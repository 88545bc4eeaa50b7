"""Web Push for centre notices, for phones that ask for it: what the server
keeps of a subscription, and sending a notice encrypted (pywebpush)."""
